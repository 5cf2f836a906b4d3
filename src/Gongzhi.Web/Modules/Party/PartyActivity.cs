namespace Gongzhi.Web.Modules.Party;

public enum PartyActivityKind
{
    ThemeDay = 1,         // 主题党日
    Lecture = 2,          // 党课
    OrganisationLife = 3, // 组织生活会
}

// A party activity: an event of the Activities module (its registrations and check-ins are the
// attendance) held by one party organisation. The event stays Activities' own; this row only says
// which organisation holds it and what kind of party activity it is.
public sealed class PartyActivity
{
    public long Id { get; private set; }
    public long OrganisationId { get; private set; }
    public long EventId { get; private set; }
    public PartyActivityKind Kind { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    private PartyActivity() { } // for EF

    public PartyActivity(long organisationId, long eventId, PartyActivityKind kind, string createdByUserId, DateTime now)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Invalid");
        OrganisationId = organisationId;
        EventId = eventId;
        Kind = kind;
        CreatedByUserId = createdByUserId;
        CreatedAt = now;
    }
}
