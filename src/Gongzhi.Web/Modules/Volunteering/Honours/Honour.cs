namespace Gongzhi.Web.Modules.Volunteering.Honours;

// 评优 kinds: 社区好人, 最美母亲, 文明家庭 and whatever administrators add. Points come from the
// Honour earning rule with this code.
public sealed class HonourKind
{
    private HonourKind() { } // for EF

    public HonourKind(string code, string name, DateTime now)
    {
        Code = Guard.Text(code, 30, "Code");
        Name = Guard.Text(name, 30, "Name");
        Active = true;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool Active { get; private set; }
    public DateTime CreatedAt { get; private set; }
}

public enum NominationStatus { Pending = 0, Approved = 1, Rejected = 2, Announced = 3 }

public sealed class Nomination
{
    private Nomination() { } // for EF

    public Nomination(long honourKindId, long communityId, long? volunteerId, string nomineeName, string reason, string nominatedByUserId, DateTime now)
    {
        HonourKindId = honourKindId;
        CommunityId = communityId;
        VolunteerId = volunteerId;
        NomineeName = Guard.Text(nomineeName, 30, "NomineeName");
        Reason = Guard.Text(reason, 500, "Reason");
        NominatedByUserId = nominatedByUserId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long HonourKindId { get; private set; }
    public long CommunityId { get; private set; }
    public long? VolunteerId { get; private set; }
    public string NomineeName { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public string NominatedByUserId { get; private set; } = "";
    public NominationStatus Status { get; private set; }
    public string? ReviewedByUserId { get; private set; }
    public string? ReviewNote { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public DateTime? AnnouncedAt { get; private set; }
    public long? TransactionId { get; private set; }
    public int Version { get; private set; }

    public void Review(bool approve, string? note, string byUserId, DateTime now)
    {
        if (Status != NominationStatus.Pending) throw new ConcurrencyConflict("Volunteering.Error.AlreadyReviewed");
        Status = approve ? NominationStatus.Approved : NominationStatus.Rejected;
        ReviewNote = Guard.OptionalText(note, 300, "ReviewNote");
        ReviewedByUserId = byUserId;
        ReviewedAt = now;
        Version++;
    }

    public void Announce(DateTime now)
    {
        if (Status != NominationStatus.Approved) throw new ValidationFailure("Status", "Volunteering.Error.NotApproved");
        Status = NominationStatus.Announced;
        AnnouncedAt = now;
        Version++;
    }

    public void Posted(long transactionId) => TransactionId = transactionId;
}
