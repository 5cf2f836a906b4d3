namespace Gongzhi.Web.Platform.Accounts;

public static class Roles
{
    public const string Resident = "Resident";
    public const string BuildingLeader = "BuildingLeader";
    public const string EntranceLeader = "EntranceLeader";
    public const string NeighbourLeader = "NeighbourLeader";
    public const string GridWorker = "GridWorker";
    public const string GridLeader = "GridLeader";
    public const string CommunityStaff = "CommunityStaff";
    public const string PropertyButler = "PropertyButler";
    public const string DepartmentOfficer = "DepartmentOfficer";
    public const string Merchant = "Merchant";
    public const string SubdistrictOfficial = "SubdistrictOfficial";
    public const string Administrator = "Administrator";

    public static readonly string[] All =
    [
        Resident, BuildingLeader, EntranceLeader, NeighbourLeader, GridWorker, GridLeader,
        CommunityStaff, PropertyButler, DepartmentOfficer, Merchant, SubdistrictOfficial, Administrator,
    ];

    public static readonly string[] Staff = All.Where(r => r != Resident).ToArray();
}

// What a role may do, whatever the place. Where it may do it is the data scope.
public enum Capability
{
    ViewRegistry,
    EditRegistry,
    MoveHousehold,
    ManageDutyPosts,
    SeeFullPhone,
    RevealIdNumber,
    SeeCareTags,
    ImportExport,
    ManageAccounts,
    ViewAudit,
}

public static class Capabilities
{
    private static readonly Dictionary<string, Capability[]> ByRole = new()
    {
        [Roles.Resident] = [],
        [Roles.BuildingLeader] = [Capability.ViewRegistry],
        [Roles.EntranceLeader] = [Capability.ViewRegistry],
        [Roles.NeighbourLeader] = [Capability.ViewRegistry],
        [Roles.PropertyButler] = [Capability.ViewRegistry],
        [Roles.GridWorker] = [Capability.ViewRegistry, Capability.EditRegistry, Capability.SeeFullPhone, Capability.RevealIdNumber, Capability.SeeCareTags],
        [Roles.GridLeader] = [Capability.ViewRegistry, Capability.EditRegistry, Capability.MoveHousehold, Capability.SeeFullPhone, Capability.RevealIdNumber, Capability.SeeCareTags],
        [Roles.CommunityStaff] =
        [
            Capability.ViewRegistry, Capability.EditRegistry, Capability.MoveHousehold, Capability.ManageDutyPosts,
            Capability.SeeFullPhone, Capability.RevealIdNumber, Capability.SeeCareTags, Capability.ImportExport,
        ],
        [Roles.SubdistrictOfficial] = [Capability.ViewRegistry, Capability.SeeFullPhone, Capability.SeeCareTags],
        [Roles.DepartmentOfficer] = [],
        [Roles.Merchant] = [],
        [Roles.Administrator] = Enum.GetValues<Capability>(),
    };

    public static bool RoleHas(string role, Capability capability) =>
        ByRole.TryGetValue(role, out var caps) && caps.Contains(capability);

    public static IEnumerable<Capability> ForRole(string role) => ByRole.GetValueOrDefault(role) ?? [];
}
