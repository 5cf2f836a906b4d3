namespace Gongzhi.Web.Modules.Projects;

public sealed record BudgetLineInput(string? Category, long? AmountFen, string? Note);
public sealed record MilestonePlanInput(string? Title, DateOnly? DueOn);

// An organisation's application to a call; once funded it is "the project" (项目) with its milestones.
public sealed class ProjectApplication
{
    public const int TitleMax = 60;
    public const int MaxLines = 12;
    public const int MaxMilestones = 8;

    public long Id { get; private set; }
    public long CallId { get; private set; }
    public long OrganisationId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Problem { get; private set; }
    public string? Beneficiaries { get; private set; }
    public int BeneficiaryCount { get; private set; }
    public string? Activities { get; private set; }
    public string? Team { get; private set; }
    public long RequestedFen { get; private set; }
    public ApplicationStatus Status { get; private set; }
    public FundingDecision? Decision { get; private set; }
    public long GrantedFen { get; private set; }
    public string? DecisionReason { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    // Moved only by conditional UPDATEs that keep ReleasedFen - ReturnedFen within GrantedFen.
    public long ReleasedFen { get; private set; }
    public long ReturnedFen { get; private set; }
    public string? FinalReport { get; private set; }
    public int? EvaluationScore { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }

    private ProjectApplication() { } // for EF

    public ProjectApplication(long callId, long organisationId, DateTime now)
    {
        CallId = callId;
        OrganisationId = organisationId;
        Status = ApplicationStatus.Draft;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public void CheckVersion(int version)
    {
        if (version != Version) throw new ConcurrencyConflict("Projects.Error.Changed");
    }

    // A draft may be incomplete; everything typed is still checked for length and sign.
    public void Edit(string? title, string? problem, string? beneficiaries, int? count, string? activities, string? team, DateTime now)
    {
        if (Status != ApplicationStatus.Draft) throw new DomainException("Projects.Error.NotDraft");
        Title = Guard.OptionalText(title, TitleMax, "Title") ?? "";
        Problem = Guard.OptionalText(problem, 1000, "Problem");
        Beneficiaries = Guard.OptionalText(beneficiaries, 200, "Beneficiaries");
        BeneficiaryCount = Guard.Range(count ?? 0, 0, 1_000_000, "BeneficiaryCount");
        Activities = Guard.OptionalText(activities, 2000, "Activities");
        Team = Guard.OptionalText(team, 500, "Team");
        UpdatedAt = now;
        Version++;
    }

    // Budget lines: each a positive whole number of fen; their sum is the amount asked for, which
    // must stay within the call's cap.
    public static List<BudgetLine> Lines(long applicationId, IReadOnlyList<BudgetLineInput> lines, long capFen)
    {
        if (lines.Count > MaxLines) throw new ValidationFailure("Lines", "Projects.Error.TooMany", MaxLines);
        var errors = new List<FieldError>();
        var result = new List<BudgetLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var category = l.Category?.Trim() ?? "";
            if (category.Length == 0) errors.Add(new FieldError($"Lines[{i}].category", "Validation.Required"));
            else if (category.Length > 20) errors.Add(new FieldError($"Lines[{i}].category", "Validation.TooLong", 20));
            if (l.AmountFen is not > 0) errors.Add(new FieldError($"Lines[{i}].amountFen", "Projects.Error.AmountPositive"));
            var note = l.Note?.Trim();
            if (note?.Length > 100) errors.Add(new FieldError($"Lines[{i}].note", "Validation.TooLong", 100));
            if (errors.Count == 0) result.Add(new BudgetLine(applicationId, i, category, l.AmountFen!.Value, string.IsNullOrEmpty(note) ? null : note));
        }
        if (errors.Count > 0) throw new ValidationFailure(errors);
        var sum = result.Sum(l => l.AmountFen);
        if (sum > capFen) throw new ValidationFailure("Lines", "Projects.Error.OverCap", ProjectsTime.Yuan(sum), ProjectsTime.Yuan(capFen));
        return result;
    }

    public void SetRequested(long fen) => RequestedFen = fen;

    public static List<ProjectMilestone> Plan(long applicationId, IReadOnlyList<MilestonePlanInput> plan)
    {
        if (plan.Count > MaxMilestones) throw new ValidationFailure("Milestones", "Projects.Error.TooMany", MaxMilestones);
        var errors = new List<FieldError>();
        DateOnly? previous = null;
        for (var i = 0; i < plan.Count; i++)
        {
            var title = plan[i].Title?.Trim() ?? "";
            if (title.Length == 0) errors.Add(new FieldError($"Milestones[{i}].title", "Validation.Required"));
            else if (title.Length > 60) errors.Add(new FieldError($"Milestones[{i}].title", "Validation.TooLong", 60));
            if (plan[i].DueOn is not { } due) errors.Add(new FieldError($"Milestones[{i}].dueOn", "Validation.Required"));
            else
            {
                if (previous is { } p && due < p) errors.Add(new FieldError($"Milestones[{i}].dueOn", "Projects.Error.MilestoneOrder"));
                previous = due;
            }
        }
        if (errors.Count > 0) throw new ValidationFailure(errors);
        return plan.Select((m, i) => new ProjectMilestone(applicationId, i + 1, m.Title!.Trim(), m.DueOn!.Value)).ToList();
    }

    // Submitting needs everything a reviewer reads; the deadline is checked by the caller against the call.
    public void Submit(int lines, int milestones, DateTime now)
    {
        if (Status != ApplicationStatus.Draft) throw new DomainException("Projects.Error.NotDraft");
        var errors = new List<FieldError>();
        if (Title.Length == 0) errors.Add(new FieldError("Title", "Validation.Required"));
        if (Problem is null) errors.Add(new FieldError("Problem", "Validation.Required"));
        if (Beneficiaries is null) errors.Add(new FieldError("Beneficiaries", "Validation.Required"));
        if (BeneficiaryCount <= 0) errors.Add(new FieldError("BeneficiaryCount", "Projects.Error.BeneficiariesNeeded"));
        if (Activities is null) errors.Add(new FieldError("Activities", "Validation.Required"));
        if (lines == 0) errors.Add(new FieldError("Lines", "Projects.Error.BudgetNeeded"));
        if (milestones == 0) errors.Add(new FieldError("Milestones", "Projects.Error.MilestonesNeeded"));
        if (errors.Count > 0) throw new ValidationFailure(errors);
        Status = ApplicationStatus.Submitted;
        SubmittedAt = now;
        UpdatedAt = now;
        Version++;
    }

    // The owner's decision: full, reduced (with the new amount) or not funded, with a reason the applicant sees.
    public long Decide(FundingDecision decision, long? reducedFen, string? reason, DateTime now)
    {
        if (Status != ApplicationStatus.Submitted) throw new ConcurrencyConflict("Projects.Error.AlreadyDecided");
        if (!Enum.IsDefined(decision)) throw new ValidationFailure("Decision", "Validation.Required");
        var granted = decision switch
        {
            FundingDecision.Full => RequestedFen,
            FundingDecision.Reduced => reducedFen is > 0 && reducedFen < RequestedFen ? reducedFen.Value
                : throw new ValidationFailure("GrantedFen", "Projects.Error.ReducedRange", ProjectsTime.Yuan(RequestedFen)),
            _ => 0,
        };
        var why = Guard.OptionalText(reason, 500, "Reason");
        if (decision != FundingDecision.Full && why is null) throw new ValidationFailure("Reason", "Projects.Error.ReasonNeeded");
        Decision = decision;
        GrantedFen = granted;
        DecisionReason = why;
        DecidedAt = now;
        Status = decision == FundingDecision.NotFunded ? ApplicationStatus.NotFunded : ApplicationStatus.Funded;
        UpdatedAt = now;
        Version++;
        return granted;
    }

    public void Complete(string? report, int? score, int openMilestones, DateTime now)
    {
        if (Status != ApplicationStatus.Funded) throw new DomainException("Projects.Error.NotFunded");
        if (openMilestones > 0) throw new DomainException("Projects.Error.MilestonesOpen", openMilestones);
        FinalReport = Guard.Text(report, 2000, "FinalReport");
        EvaluationScore = Guard.Range(score ?? -1, 0, 100, "EvaluationScore");
        Status = ApplicationStatus.Completed;
        UpdatedAt = now;
        Version++;
    }
}

public sealed class BudgetLine
{
    public long Id { get; private set; }
    public long ApplicationId { get; private set; }
    public int Order { get; private set; }
    public string Category { get; private set; } = "";
    public long AmountFen { get; private set; }
    public string? Note { get; private set; }

    private BudgetLine() { } // for EF

    public BudgetLine(long applicationId, int order, string category, long amountFen, string? note)
    {
        ApplicationId = applicationId;
        Order = order;
        Category = category;
        AmountFen = amountFen;
        Note = note;
    }
}

// A milestone of the plan; once funded, the organisation reports on it and staff accept or return the report.
public sealed class ProjectMilestone
{
    public long Id { get; private set; }
    public long ApplicationId { get; private set; }
    public int Order { get; private set; }
    public string Title { get; private set; } = "";
    public DateOnly DueOn { get; private set; }
    public MilestoneStatus Status { get; private set; }
    public string? Report { get; private set; }
    public int Reached { get; private set; }
    public long SpentFen { get; private set; }
    public DateTime? ReportedAt { get; private set; }
    public string? ReviewNote { get; private set; }
    public int Version { get; private set; }

    private ProjectMilestone() { } // for EF

    public ProjectMilestone(long applicationId, int order, string title, DateOnly dueOn)
    {
        ApplicationId = applicationId;
        Order = order;
        Title = title;
        DueOn = dueOn;
    }

    public static readonly IReadOnlyDictionary<MilestoneStatus, MilestoneStatus[]> Moves = new Dictionary<MilestoneStatus, MilestoneStatus[]>
    {
        [MilestoneStatus.Planned] = [MilestoneStatus.Reported],
        [MilestoneStatus.Reported] = [MilestoneStatus.Accepted, MilestoneStatus.Returned],
        [MilestoneStatus.Returned] = [MilestoneStatus.Reported],
        [MilestoneStatus.Accepted] = [],
    };

    private void MoveTo(MilestoneStatus to)
    {
        if (!Moves[Status].Contains(to)) throw new DomainException("Projects.Error.MilestoneMove", Status, to);
        Status = to;
        Version++;
    }

    public void CheckVersion(int version)
    {
        if (version != Version) throw new ConcurrencyConflict("Projects.Error.Changed");
    }

    public void ReportDone(string? text, int? reached, long spentFen, DateTime now)
    {
        var report = Guard.Text(text, 1000, "Report");
        var people = Guard.Range(reached ?? -1, 0, 1_000_000, "Reached");
        MoveTo(MilestoneStatus.Reported);
        Report = report;
        Reached = people;
        SpentFen = spentFen;
        ReportedAt = now;
        ReviewNote = null;
    }

    public void Accept(string? note)
    {
        var n = Guard.OptionalText(note, 200, "Note");
        MoveTo(MilestoneStatus.Accepted);
        ReviewNote = n;
    }

    public void Return(string? note)
    {
        var n = Guard.Text(note, 200, "Note");
        MoveTo(MilestoneStatus.Returned);
        ReviewNote = n;
    }
}

// Spending of one milestone report against one budget line.
public sealed class MilestoneSpend
{
    public long MilestoneId { get; private set; }
    public long BudgetLineId { get; private set; }
    public long AmountFen { get; private set; }

    private MilestoneSpend() { } // for EF

    public MilestoneSpend(long milestoneId, long budgetLineId, long amountFen)
    {
        MilestoneId = milestoneId;
        BudgetLineId = budgetLineId;
        AmountFen = amountFen;
    }
}

// A photo of the work done or a receipt (photo or PDF) attached to a milestone report.
public sealed class ProjectFile
{
    public long Id { get; private set; }
    public long MilestoneId { get; private set; }
    public ProjectFileKind Kind { get; private set; }
    public string StoredName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }

    private ProjectFile() { } // for EF

    public ProjectFile(long milestoneId, ProjectFileKind kind, string storedName, string contentType, long length)
    {
        MilestoneId = milestoneId;
        Kind = kind;
        StoredName = storedName;
        ContentType = contentType;
        Length = length;
    }
}
