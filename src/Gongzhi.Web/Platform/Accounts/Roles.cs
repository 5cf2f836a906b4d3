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
    HandleCases,     // accept, work and resolve requests in one's grids
    EnterCases,      // take a hotline call or record a door-to-door visit
    RelayCases,      // pass on a neighbour's request (楼栋长转报)
    ReplyReferrals,  // answer a case referred to one's property company or department
    ViewCaseMetrics, // the three rates
    ManageRequests,  // categories, deadlines, the working calendar, Open311 keys
    ManageVolunteering, // teams, activities and shifts, hours, the points supermarket, honours review
    ApprovePoints,      // approve discretionary awards, reverse postings, set the earning rules
    VerifyMerchantCodes, // an alliance merchant checks a volunteer's code at the counter
    ManageActivities, // events, check-in, venues and their bookings, service slots, appointments for residents (代办)
    ManageDeliberation, // topics, consultations, meetings, votes, notices and milestones of one's communities
    RecordBallots,      // enter paper ballots and tick delegates in at a meeting
}

public static class Capabilities
{
    private static readonly Dictionary<string, Capability[]> ByRole = new()
    {
        [Roles.Resident] = [],
        [Roles.BuildingLeader] = [Capability.ViewRegistry, Capability.RelayCases],
        [Roles.EntranceLeader] = [Capability.ViewRegistry, Capability.RelayCases],
        [Roles.NeighbourLeader] = [Capability.ViewRegistry, Capability.RelayCases],
        [Roles.PropertyButler] = [Capability.ViewRegistry, Capability.ReplyReferrals],
        [Roles.GridWorker] =
        [
            Capability.ViewRegistry, Capability.EditRegistry, Capability.SeeFullPhone, Capability.RevealIdNumber, Capability.SeeCareTags,
            Capability.HandleCases, Capability.EnterCases, Capability.ViewCaseMetrics, Capability.ManageActivities, Capability.RecordBallots,
        ],
        [Roles.GridLeader] =
        [
            Capability.ViewRegistry, Capability.EditRegistry, Capability.MoveHousehold, Capability.SeeFullPhone, Capability.RevealIdNumber, Capability.SeeCareTags,
            Capability.HandleCases, Capability.EnterCases, Capability.ViewCaseMetrics, Capability.ManageActivities, Capability.RecordBallots,
        ],
        [Roles.CommunityStaff] =
        [
            Capability.ViewRegistry, Capability.EditRegistry, Capability.MoveHousehold, Capability.ManageDutyPosts,
            Capability.SeeFullPhone, Capability.RevealIdNumber, Capability.SeeCareTags, Capability.ImportExport,
            Capability.HandleCases, Capability.EnterCases, Capability.ViewCaseMetrics, Capability.ManageActivities,
            Capability.ManageVolunteering, Capability.ApprovePoints, Capability.ManageDeliberation, Capability.RecordBallots,
        ],
        [Roles.SubdistrictOfficial] =
        [
            Capability.ViewRegistry, Capability.SeeFullPhone, Capability.SeeCareTags, Capability.HandleCases, Capability.ViewCaseMetrics,
            Capability.ManageVolunteering, Capability.ApprovePoints, Capability.ManageDeliberation,
        ],
        [Roles.DepartmentOfficer] = [Capability.ReplyReferrals],
        [Roles.Merchant] = [Capability.VerifyMerchantCodes],
        [Roles.Administrator] = Enum.GetValues<Capability>(),
    };

    public static bool RoleHas(string role, Capability capability) =>
        ByRole.TryGetValue(role, out var caps) && caps.Contains(capability);

    public static IEnumerable<Capability> ForRole(string role) => ByRole.GetValueOrDefault(role) ?? [];
}
