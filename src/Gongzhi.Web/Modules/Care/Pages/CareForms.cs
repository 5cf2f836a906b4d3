namespace Gongzhi.Web.Modules.Care.Pages;

// The forms of the care pages, bound from plain posted fields.
public sealed class VisitForm
{
    public VisitCondition? Condition { get; set; }
    public VisitKind Kind { get; set; } = VisitKind.Home;
    public List<VisitActions>? Actions { get; set; }
    public string? Note { get; set; }
    public bool Need { get; set; }
    public long? CategoryId { get; set; }
    // Made when the form is drawn: sending it again after a failed answer records the visit once.
    public string? Key { get; set; }
}

public sealed class NewRecipientForm
{
    public long ResidentId { get; set; }
    public List<Registry.CareTagKind>? Reasons { get; set; }
    public CareRisk Risk { get; set; } = CareRisk.Medium;
    public string? HealthNote { get; set; }
    public string? LivingNote { get; set; }
    public string? ContactName { get; set; }
    public string? ContactRelation { get; set; }
    public string? ContactPhone { get; set; }
}

public sealed class StatusForm { public int Version { get; set; } public CareEndReason? EndReason { get; set; } }
public sealed class PlanForm { public PlanUnit Unit { get; set; } = PlanUnit.Days; public int Every { get; set; } = 7; public VisitorKind VisitorKind { get; set; } = VisitorKind.GridWorker; public int Version { get; set; } }
public sealed class WishForm { public string? Title { get; set; } public string? Description { get; set; } }
public sealed class WishActionForm { public long Id { get; set; } public int Version { get; set; } public string? Note { get; set; } }

public sealed class DetailsForm
{
    public List<Registry.CareTagKind>? Reasons { get; set; }
    public CareRisk Risk { get; set; } = CareRisk.Medium;
    public string? HealthNote { get; set; }
    public string? LivingNote { get; set; }
    public int Version { get; set; }
}

public sealed class PairForm { public string? Helper { get; set; } public DateOnly? From { get; set; } }
public sealed class PairEndForm { public long Id { get; set; } public int Version { get; set; } }
public sealed class VisitCreditForm { public long Id { get; set; } }
