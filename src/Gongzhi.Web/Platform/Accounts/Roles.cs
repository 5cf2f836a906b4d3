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
