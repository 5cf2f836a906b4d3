using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Party;

public enum PartyOrgKind
{
    WorkingCommittee = 1,   // 街道党工委
    CommunityCommittee = 2, // 社区党委
    GeneralBranch = 3,      // 社区党总支
    Branch = 4,             // 网格/小区党支部, or a unit's branch
    Group = 5,              // 楼栋党小组
}

public enum PartyPostKind { Secretary = 1, DeputySecretary = 2, CommitteeMember = 3 } // 书记, 副书记, 委员

// 党组织: the tree 街道党工委 → 社区党委/总支 → 网格/小区党支部 → 楼栋党小组. It mirrors the place tree
// where a place exists (PlaceKind/PlaceId), and also holds organisations without one: a co-building
// unit's branch, the 红色物业 branch of the property company. Organisations are never deleted.
public sealed class PartyOrganisation
{
    public const int NameLength = 50;

    public long Id { get; private set; }
    public long SubdistrictId { get; private set; }
    public long? CommunityId { get; private set; }
    public long? ParentId { get; private set; }
    public PartyOrgKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public PlaceKind? PlaceKind { get; private set; }
    public long? PlaceId { get; private set; }
    public long? UnitId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    private PartyOrganisation() { } // for EF

    public PartyOrganisation(long subdistrictId, long? communityId, PartyOrganisation? parent, PartyOrgKind kind, string? name,
        PlaceKind? placeKind, long? placeId, long? unitId, DateTime now)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Invalid");
        if (kind == PartyOrgKind.WorkingCommittee)
        {
            if (parent is not null) throw new ValidationFailure("ParentId", "Party.Error.WorkingCommitteeIsTop");
            if (communityId is not null) throw new ValidationFailure("CommunityId", "Party.Error.WorkingCommitteeIsTop");
        }
        else
        {
            if (communityId is null) throw new ValidationFailure("CommunityId", "Validation.Required");
            // Only a unit's own branch may stand outside the community's tree (its members are registered with the unit).
            if (parent is null && unitId is null) throw new ValidationFailure("ParentId", "Validation.Required");
            if (parent is not null && Level(kind) <= Level(parent.Kind)) throw new ValidationFailure("Kind", "Party.Error.KindUnderParent");
            if (parent is not null && parent.CommunityId is not null && parent.CommunityId != communityId)
                throw new ValidationFailure("ParentId", "Party.Error.ParentElsewhere");
        }
        if ((placeKind is null) != (placeId is null)) throw new ValidationFailure("PlaceId", "Validation.Required");
        if (placeKind is { } pk && !PlacesFor(kind).Contains(pk)) throw new ValidationFailure("PlaceId", "Party.Error.PlaceKind");
        SubdistrictId = subdistrictId;
        CommunityId = communityId;
        ParentId = parent?.Id;
        Kind = kind;
        Name = Guard.Text(name, NameLength, "Name");
        PlaceKind = placeKind;
        PlaceId = placeId;
        UnitId = unitId;
        CreatedAt = now;
    }

    // 党委 and 总支 sit at the same level: a community has one or the other.
    public static int Level(PartyOrgKind kind) => kind switch
    {
        PartyOrgKind.WorkingCommittee => 1,
        PartyOrgKind.CommunityCommittee or PartyOrgKind.GeneralBranch => 2,
        PartyOrgKind.Branch => 3,
        _ => 4,
    };

    // Which places an organisation of each kind may mirror.
    public static IReadOnlyList<PlaceKind> PlacesFor(PartyOrgKind kind) => kind switch
    {
        PartyOrgKind.WorkingCommittee => [Registry.PlaceKind.Subdistrict],
        PartyOrgKind.CommunityCommittee or PartyOrgKind.GeneralBranch => [Registry.PlaceKind.Community],
        PartyOrgKind.Branch => [Registry.PlaceKind.Grid, Registry.PlaceKind.Estate],
        _ => [Registry.PlaceKind.Building],
    };
}

// A secretary, deputy or committee member of an organisation over a span of dates, like the
// registry's duty posts: ended, never deleted, so last year's secretary is still on record.
public sealed class PartyPost
{
    public const int HolderLength = 30;

    public long Id { get; private set; }
    public long OrganisationId { get; private set; }
    public PartyPostKind Kind { get; private set; }
    public string HolderName { get; private set; } = "";
    public long? MemberId { get; private set; }
    public string? UserId { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly? To { get; private set; }

    private PartyPost() { } // for EF

    public PartyPost(long organisationId, PartyPostKind kind, string? holderName, long? memberId, string? userId, DateOnly from)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Invalid");
        OrganisationId = organisationId;
        Kind = kind;
        HolderName = Guard.Text(holderName, HolderLength, "HolderName");
        MemberId = memberId;
        UserId = userId;
        From = from;
    }

    public bool IsActiveOn(DateOnly day) => From <= day && (To is null || To > day);

    public static System.Linq.Expressions.Expression<Func<PartyPost, bool>> ActiveOn(DateOnly day) =>
        p => p.From <= day && (p.To == null || p.To > day);

    public void End(DateOnly on)
    {
        if (To is not null) throw new DomainException("Party.Error.PostEnded");
        if (on < From) throw new ValidationFailure("To", "Party.Error.PostEndBeforeStart");
        To = on;
    }
}
