namespace Gongzhi.Web.Modules.Registry;

public enum DutyPostKind
{
    GridLeader = 1,            // 网格长
    GridWorker = 2,            // 网格员
    BuildingLeader = 3,        // 楼栋长
    EntranceLeader = 4,        // 单元长
    NeighbourLeader = 5,       // 邻长
    PartyLiaisonHousehold = 6, // 党员中心户
    PropertyButler = 7,        // 物业管家
    CommunityStaff = 8,        // 社区工作者
    SubdistrictOfficial = 9,   // 街道干部
}

public enum PlaceKind { Subdistrict = 1, Community = 2, Grid = 3, Estate = 4, Building = 5, Entrance = 6, Household = 7 }

// A person holding a post for a place over a span of dates. Posts are ended, never deleted,
// so "who was the grid worker last March" always has an answer.
public sealed class DutyPost
{
    public long Id { get; private set; }
    public DutyPostKind Kind { get; private set; }
    public PlaceKind PlaceKind { get; private set; }
    public long PlaceId { get; private set; }
    public string HolderName { get; private set; } = "";
    public string? HolderPhone { get; private set; }
    public long? ResidentId { get; private set; }
    public string? UserId { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly? To { get; private set; }

    private DutyPost() { } // for EF

    public DutyPost(DutyPostKind kind, PlaceKind placeKind, long placeId, string holderName, string? holderPhone, DateOnly from, long? residentId = null, string? userId = null)
    {
        if (placeKind != PlaceFor(kind)) throw new ValidationFailure("PlaceKind", "Registry.Error.PostPlace");
        Kind = kind;
        PlaceKind = placeKind;
        PlaceId = placeId;
        HolderName = Guard.Text(holderName, 30, "HolderName");
        HolderPhone = string.IsNullOrWhiteSpace(holderPhone) ? null : PhoneNumber.Normalize(holderPhone);
        From = from;
        ResidentId = residentId;
        UserId = userId;
    }

    // A post is held from its first day up to, not including, the day it ends: ending a post
    // "today" takes effect at once, so a removed grid worker loses access immediately.
    public bool IsActiveOn(DateOnly day) => From <= day && (To is null || To > day);

    public static System.Linq.Expressions.Expression<Func<DutyPost, bool>> ActiveOn(DateOnly day) =>
        p => p.From <= day && (p.To == null || p.To > day);

    public void End(DateOnly on)
    {
        if (To is not null) throw new DomainException("Registry.Error.PostEnded");
        if (on < From) throw new ValidationFailure("To", "Registry.Error.PostEndBeforeStart");
        To = on;
    }

    public void LinkUser(string userId) => UserId = userId;

    public static PlaceKind PlaceFor(DutyPostKind kind) => kind switch
    {
        DutyPostKind.GridLeader or DutyPostKind.GridWorker => PlaceKind.Grid,
        DutyPostKind.BuildingLeader => PlaceKind.Building,
        DutyPostKind.EntranceLeader or DutyPostKind.NeighbourLeader => PlaceKind.Entrance,
        DutyPostKind.PartyLiaisonHousehold => PlaceKind.Household,
        DutyPostKind.PropertyButler => PlaceKind.Estate,
        DutyPostKind.CommunityStaff => PlaceKind.Community,
        DutyPostKind.SubdistrictOfficial => PlaceKind.Subdistrict,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
