namespace Gongzhi.Web.Modules.Volunteering.Points;

public enum RuleKind
{
    PerHour = 0,        // points per confirmed service hour
    ActivityKind = 1,   // a bonus per shift served, by activity kind (Key: the kind's code)
    Honour = 2,         // points for an announced honour (Key: the honour's code)
    AwardCap = 3,       // the largest discretionary award staff may propose
    ExpiryQuarters = 4, // points expire after this many whole quarters; 0: never
}

// An earning rule or a ledger setting. Each community sets its own (CommunityId); a row without a
// community is the installation's default for communities that have not. Only future postings use
// the new value.
public sealed class PointsRule
{
    private PointsRule() { } // for EF

    public PointsRule(RuleKind kind, string key, int points, DateTime now, long? communityId = null)
    {
        CommunityId = communityId;
        Kind = kind;
        Key = key;
        Set(points, now);
    }

    public long Id { get; private set; }
    public long? CommunityId { get; private set; }
    public RuleKind Kind { get; private set; }
    public string Key { get; private set; } = "";
    public int Points { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public const int MaxPoints = 10_000;

    public void Set(int points, DateTime now)
    {
        Points = Guard.Range(points, 0, Kind == RuleKind.ExpiryQuarters ? 40 : MaxPoints, "Points");
        UpdatedAt = now;
    }
}
