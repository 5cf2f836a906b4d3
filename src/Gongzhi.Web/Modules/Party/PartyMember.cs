namespace Gongzhi.Web.Modules.Party;

// 回龙's three kinds: 在籍 (registered with one of the community's organisations), 在地 (lives here,
// registered elsewhere), 在职 (in post at a unit, reporting to the community where they live).
public enum MemberKind { Registered = 1, Local = 2, Employed = 3 }

// 党员. Sensitive personal data (political status): read through PartyPrivacy only, which masks
// it for those who do not need it and audits every unmasked view.
public sealed class PartyMember
{
    public const int NameLength = 30;
    // The founding of the party: no one joined earlier, so an earlier date is a typing error.
    public static readonly DateOnly Earliest = new(1921, 7, 1);

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public MemberKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public long? ResidentId { get; private set; }
    public string? UserId { get; private set; }
    // Where the member lives, for the grid lists; copied from the household when linked to a resident.
    public long? GridId { get; private set; }
    public long? HouseholdId { get; private set; }
    public long? OrganisationId { get; private set; }
    public long? UnitId { get; private set; }
    public DateOnly JoinedOn { get; private set; }
    public DateOnly? ReportedOn { get; private set; }
    // 亮身份: the member's own choice, off until they turn it on.
    public bool ShowBadge { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public int Version { get; private set; }

    private PartyMember() { } // for EF

    public PartyMember(long communityId, MemberKind kind, string? name, long? residentId, string? userId, long? householdId, long? gridId,
        long? organisationId, long? unitId, DateOnly? joinedOn, DateOnly today, DateTime now)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Invalid");
        var joined = joinedOn ?? throw new ValidationFailure("JoinedOn", "Validation.Required");
        if (joined < Earliest || joined > today) throw new ValidationFailure("JoinedOn", "Party.Error.JoinedOn");
        switch (kind)
        {
            case MemberKind.Registered when organisationId is null:
                throw new ValidationFailure("OrganisationId", "Party.Error.RegisteredNeedsOrganisation");
            case MemberKind.Employed when unitId is null:
                throw new ValidationFailure("UnitId", "Party.Error.EmployedNeedsUnit");
            case MemberKind.Local or MemberKind.Employed when organisationId is not null:
                throw new ValidationFailure("OrganisationId", "Party.Error.RegisteredElsewhere");
        }
        CommunityId = communityId;
        Kind = kind;
        Name = Guard.Text(name, NameLength, "Name");
        ResidentId = residentId;
        UserId = userId;
        HouseholdId = householdId;
        GridId = gridId;
        OrganisationId = organisationId;
        UnitId = kind == MemberKind.Employed ? unitId : null;
        JoinedOn = joined;
        // An in-post member's report (双报到) is the day the community took them on.
        ReportedOn = kind == MemberKind.Employed ? today : null;
        CreatedAt = now;
    }

    public void SetBadge(bool show, int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict("Party.Error.Changed");
        ShowBadge = show;
        Version++;
    }

    // 张*明 for those who may know a member exists but not who.
    public static string Masked(string name) => name.Length switch
    {
        <= 1 => "*",
        2 => name[0] + "*",
        _ => name[0] + new string('*', name.Length - 2) + name[^1],
    };
}
