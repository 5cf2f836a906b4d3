namespace Gongzhi.Web.Modules.Care;

// 结对帮扶: one helper (any account: staff, volunteer, party member, neighbour leader) paired with a
// recipient from a day to a day. A helper may hold several pairs (one-to-many); a recipient has one
// helper at a time, and an ended pair stays as history. Visits the helper records while the pair
// runs are the pair's, and earn the helper volunteer points once staff confirm them.
public sealed class CarePair
{
    public long Id { get; private set; }
    public long RecipientId { get; private set; }
    public string HelperUserId { get; private set; } = "";
    public string HelperName { get; private set; } = "";
    public DateOnly From { get; private set; }
    public DateOnly? To { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private CarePair() { } // for EF

    public CarePair(long recipientId, string helperUserId, string helperName, DateOnly from, string createdByUserId, DateTime now)
    {
        RecipientId = recipientId;
        HelperUserId = helperUserId;
        HelperName = helperName.Length > 30 ? helperName[..30] : helperName;
        From = from;
        CreatedByUserId = createdByUserId;
        CreatedAt = now;
    }

    public bool ActiveOn(DateOnly day) => From <= day && (To is null || To >= day);

    public void End(DateOnly on, int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
        if (To is not null) throw new DomainException("Care.Error.PairEnded");
        if (on < From) throw new ValidationFailure("To", "Care.Error.PairEndBeforeStart");
        To = on;
        Version++;
    }
}
