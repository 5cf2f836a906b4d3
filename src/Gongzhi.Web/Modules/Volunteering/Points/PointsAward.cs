namespace Gongzhi.Web.Modules.Volunteering.Points;

public enum AwardStatus { Pending = 0, Approved = 1, Rejected = 2 }

// A discretionary award for a good deed (好人好事): proposed by one member of staff with a reason,
// posted only when a second one approves it (专人核实); then it appears on the 公示 list.
public sealed class PointsAward
{
    private PointsAward() { } // for EF

    public PointsAward(long volunteerId, int points, int cap, string reason, string proposedByUserId, DateTime now)
    {
        VolunteerId = volunteerId;
        Points = Guard.Range(points, 1, cap, "Points");
        Reason = Guard.Text(reason, 200, "Reason");
        ProposedByUserId = proposedByUserId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long VolunteerId { get; private set; }
    public int Points { get; private set; }
    public string Reason { get; private set; } = "";
    public string ProposedByUserId { get; private set; } = "";
    public string? DecidedByUserId { get; private set; }
    public AwardStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public long? TransactionId { get; private set; }
    public int Version { get; private set; }

    public void Decide(bool approve, string byUserId, DateTime now)
    {
        if (Status != AwardStatus.Pending) throw new ConcurrencyConflict("Volunteering.Error.AlreadyDecided");
        if (byUserId == ProposedByUserId) throw new Forbidden("Volunteering.Error.SelfApproval");
        Status = approve ? AwardStatus.Approved : AwardStatus.Rejected;
        DecidedByUserId = byUserId;
        DecidedAt = now;
        Version++;
    }

    public void Posted(long transactionId) => TransactionId = transactionId;
}
