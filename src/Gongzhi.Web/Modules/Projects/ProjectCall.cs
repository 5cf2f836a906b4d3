namespace Gongzhi.Web.Modules.Projects;

// 创投大赛: opened by a community, or by the subdistrict for all its communities (CommunityId null).
public sealed class ProjectCall
{
    public const int TitleMax = 60;
    public const int DescriptionMax = 2000;

    public long Id { get; private set; }
    public long SubdistrictId { get; private set; }
    public long? CommunityId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public long TotalBudgetFen { get; private set; }
    public long MaxPerProjectFen { get; private set; }
    // The sum of grants decided so far; moved only by a conditional UPDATE that keeps it ≤ TotalBudgetFen.
    public long CommittedFen { get; private set; }
    public string Fields { get; private set; } = "";
    public OrgStage MinStage { get; private set; }
    public DateTime OpensAt { get; private set; }
    public DateTime ClosesAt { get; private set; }
    public CallStatus Status { get; private set; }
    public string? GuideStoredName { get; private set; }
    public string? GuideFileName { get; private set; }
    public string? GuideContentType { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private ProjectCall() { } // for EF

    public ProjectCall(long subdistrictId, long? communityId, string? title, string? description, long totalFen, long maxFen,
        IReadOnlyCollection<OrgField> fields, OrgStage minStage, DateTime opensAt, DateTime closesAt, string byUserId, DateTime now)
    {
        SubdistrictId = subdistrictId;
        CommunityId = communityId;
        Set(title, description, totalFen, maxFen, fields, minStage, opensAt, closesAt, now);
        Status = CallStatus.Draft;
        CreatedByUserId = byUserId;
        CreatedAt = now;
    }

    // Corrected by its owner until the deadline (a typo in the title, a later closing date, more
    // budget): once applications are closed, what applicants applied to stays as it was.
    public void Edit(string? title, string? description, long totalFen, long maxFen, IReadOnlyCollection<OrgField> fields, OrgStage minStage,
        DateTime opensAt, DateTime closesAt, int expectedVersion, DateTime now)
    {
        CheckVersion(expectedVersion);
        if (Status is not (CallStatus.Draft or CallStatus.Open) || now >= ClosesAt) throw new DomainException("Projects.Error.CallEditClosed");
        Set(title, description, totalFen, maxFen, fields, minStage, opensAt, closesAt, now);
        Version++;
    }

    private void Set(string? title, string? description, long totalFen, long maxFen, IReadOnlyCollection<OrgField> fields, OrgStage minStage,
        DateTime opensAt, DateTime closesAt, DateTime now)
    {
        Title = Guard.Text(title, TitleMax, "Title");
        Description = Guard.OptionalText(description, DescriptionMax, "Description");
        if (totalFen <= 0) throw new ValidationFailure("TotalBudgetFen", "Projects.Error.AmountPositive");
        if (maxFen <= 0) throw new ValidationFailure("MaxPerProjectFen", "Projects.Error.AmountPositive");
        if (maxFen > totalFen) throw new ValidationFailure("MaxPerProjectFen", "Projects.Error.MaxOverTotal");
        if (totalFen < CommittedFen) throw new ValidationFailure("TotalBudgetFen", "Projects.Error.BelowCommitted");
        TotalBudgetFen = totalFen;
        MaxPerProjectFen = maxFen;
        if (fields.Count == 0) throw new ValidationFailure("Fields", "Validation.Required");
        if (fields.Any(f => !Enum.IsDefined(f))) throw new ValidationFailure("Fields", "Validation.Invalid");
        Fields = string.Join(",", fields.Distinct().Order().Select(f => (int)f));
        if (!Enum.IsDefined(minStage)) throw new ValidationFailure("MinStage", "Validation.Invalid");
        MinStage = minStage;
        if (closesAt <= opensAt) throw new ValidationFailure("ClosesAt", "Projects.Error.ClosesBeforeOpens");
        if (closesAt <= now) throw new ValidationFailure("ClosesAt", "Projects.Error.InThePast");
        OpensAt = opensAt;
        ClosesAt = closesAt;
    }

    public IReadOnlyList<OrgField> FieldList => Fields.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(f => (OrgField)int.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public long RemainingFen => TotalBudgetFen - CommittedFen;

    public static readonly IReadOnlyDictionary<CallStatus, CallStatus[]> Moves = new Dictionary<CallStatus, CallStatus[]>
    {
        [CallStatus.Draft] = [CallStatus.Open],
        [CallStatus.Open] = [CallStatus.Reviewing],
        [CallStatus.Reviewing] = [CallStatus.Deciding],
        [CallStatus.Deciding] = [CallStatus.Finished],
        [CallStatus.Finished] = [],
    };

    public void CheckVersion(int version)
    {
        if (version != Version) throw new ConcurrencyConflict("Projects.Error.Changed");
    }

    private void MoveTo(CallStatus to)
    {
        if (!Moves[Status].Contains(to)) throw new DomainException("Projects.Error.CallMove", Status, to);
        Status = to;
        Version++;
    }

    public void Open(int criteria, int weightSum, int reviewers, DateTime now)
    {
        if (criteria == 0 || weightSum != 100) throw new DomainException("Projects.Error.WeightsNot100", weightSum);
        if (reviewers == 0) throw new DomainException("Projects.Error.NoReviewers");
        if (ClosesAt <= now) throw new DomainException("Projects.Error.InThePast");
        MoveTo(CallStatus.Open);
    }

    // Submissions close at the deadline, server time; review starts only after it.
    public bool AcceptsApplications(DateTime now) => Status == CallStatus.Open && now >= OpensAt && now < ClosesAt;

    public void StartReview(DateTime now)
    {
        if (Status == CallStatus.Open && now < ClosesAt) throw new DomainException("Projects.Error.DeadlineNotPassed", ProjectsTime.Format(ClosesAt));
        MoveTo(CallStatus.Reviewing);
    }

    public void CloseReview(int missingScores)
    {
        if (Status == CallStatus.Reviewing && missingScores > 0) throw new DomainException("Projects.Error.ScoresMissing", missingScores);
        MoveTo(CallStatus.Deciding);
    }

    public void Finish(int undecided)
    {
        if (Status == CallStatus.Deciding && undecided > 0) throw new DomainException("Projects.Error.Undecided", undecided);
        MoveTo(CallStatus.Finished);
    }

    public void AttachGuide(string storedName, string fileName, string contentType)
    {
        GuideStoredName = storedName;
        GuideFileName = fileName.Length > 100 ? fileName[..100] : fileName;
        GuideContentType = contentType;
    }
}

// One criterion of the scoring rubric: weights of a call add up to 100.
public sealed class CallCriterion
{
    public long Id { get; private set; }
    public long CallId { get; private set; }
    public int Order { get; private set; }
    public string Name { get; private set; } = "";
    public int Weight { get; private set; }

    private CallCriterion() { } // for EF

    public CallCriterion(long callId, int order, string? name, int weight)
    {
        CallId = callId;
        Order = order;
        Name = Guard.Text(name, 30, $"Criteria[{order}].name");
        Weight = Guard.Range(weight, 1, 100, $"Criteria[{order}].weight");
    }
}

// A member of the call's review panel (评审专家): staff or an outside expert with a reviewer-only account.
public sealed class CallReviewer
{
    public long CallId { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";

    private CallReviewer() { } // for EF

    public CallReviewer(long callId, string userId, string name)
    {
        CallId = callId;
        UserId = userId;
        Name = name.Length > 30 ? name[..30] : name;
    }
}
