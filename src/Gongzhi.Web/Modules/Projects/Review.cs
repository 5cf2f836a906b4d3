namespace Gongzhi.Web.Modules.Projects;

// One reviewer's word on one application: either a declared conflict of interest (回避), after which
// the application is hidden from them, or scores on every criterion of the rubric.
public sealed class Review
{
    public long Id { get; private set; }
    public long ApplicationId { get; private set; }
    public string ReviewerUserId { get; private set; } = "";
    public bool Conflict { get; private set; }
    public string? Comment { get; private set; }
    // Σ score × weight (0–10 000): the weighted score × 100, kept as an integer.
    public int WeightedHundredths { get; private set; }
    public DateTime At { get; private set; }

    private Review() { } // for EF

    public static Review Declined(long applicationId, string userId, string? reason, DateTime now) => new()
    {
        ApplicationId = applicationId, ReviewerUserId = userId, Conflict = true, Comment = Guard.Text(reason, 200, "Comment"), At = now,
    };

    public static Review Scored(long applicationId, string userId, int weighted, string? comment, DateTime now) => new()
    {
        ApplicationId = applicationId, ReviewerUserId = userId, WeightedHundredths = weighted, Comment = Guard.OptionalText(comment, 500, "Comment"), At = now,
    };
}

public sealed class ReviewScore
{
    public long ReviewId { get; private set; }
    public long CriterionId { get; private set; }
    public int Score { get; private set; }

    private ReviewScore() { } // for EF

    public ReviewScore(long reviewId, long criterionId, int score)
    {
        ReviewId = reviewId;
        CriterionId = criterionId;
        Score = score;
    }
}

// The grants ledger (资金台账): append-only, amounts in fen.
public sealed class GrantEntry
{
    public long Id { get; private set; }
    public long CallId { get; private set; }
    public long ApplicationId { get; private set; }
    public GrantEntryKind Kind { get; private set; }
    public long AmountFen { get; private set; }
    public long? MilestoneId { get; private set; }
    public string? Note { get; private set; }
    public string ByUserId { get; private set; } = "";
    public DateTime At { get; private set; }

    private GrantEntry() { } // for EF

    public GrantEntry(long callId, long applicationId, GrantEntryKind kind, long amountFen, long? milestoneId, string? note, string byUserId, DateTime now)
    {
        CallId = callId;
        ApplicationId = applicationId;
        Kind = kind;
        AmountFen = amountFen;
        MilestoneId = milestoneId;
        Note = Guard.OptionalText(note, 200, "Note");
        ByUserId = byUserId;
        At = now;
    }
}

// A resident following a project gets its updates in their inbox.
public sealed class ProjectFollower
{
    public long ApplicationId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    private ProjectFollower() { } // for EF

    public ProjectFollower(long applicationId, string userId, DateTime now)
    {
        ApplicationId = applicationId;
        UserId = userId;
        CreatedAt = now;
    }
}
