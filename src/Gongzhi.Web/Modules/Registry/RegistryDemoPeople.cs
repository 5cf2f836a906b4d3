using Gongzhi.Web.Data;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry;

// The people who hold the demo community's posts: staff of the subdistrict, communities, grids and
// the property company, and residents as building, entrance and neighbour leaders, each with a
// demo account where a role needs one to be tried.
public sealed class RegistryDemoPeople(GongzhiDb db, TimeProvider clock)
{
    private static readonly string[] StaffSurnames = ["李", "王", "张", "陈", "刘", "周", "吴", "孙", "胡", "朱", "高", "林", "何", "郭", "马"];
    private static readonly string[] StaffGiven = ["晓梅", "海波", "丽娜", "志远", "春燕", "文华", "建军", "秀梅", "立伟", "婷婷", "国平", "红霞", "俊", "玉洁", "明"];

    public async Task SeedAsync(DemoPlaces places, DemoAccounts accounts, CancellationToken ct)
    {
        var r = new Random(7);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var since = today.AddYears(-2);
        string StaffName() => StaffSurnames[r.Next(StaffSurnames.Length)] + StaffGiven[r.Next(StaffGiven.Length)];
        string StaffPhone() => "139" + r.Next(10000000, 99999999);
        var posts = new List<DutyPost>();
        Task<string> Account(string userName, string display, string role, string description, string? phone = null, long? residentId = null) =>
            accounts.CreateAsync(userName, display, role, description, phone, residentId);

        // People of the place: adults with a phone, by entrance, to hold the volunteer posts.
        var people = await (from res in db.Residents
                            join h in db.Households on res.HouseholdId equals h.Id
                            where res.Phone != null && res.Relation == "户主"
                            select new { res.Id, res.Name, res.Phone, h.BuildingId, h.EntranceId, h.EstateId, h.GridId, HouseholdId = h.Id })
            .ToListAsync(ct);
        var byEntrance = people.GroupBy(p => p.EntranceId).ToDictionary(g => g.Key, g => g.ToList());
        var byBuilding = people.GroupBy(p => p.BuildingId).ToDictionary(g => g.Key, g => g.ToList());

        var subName = "骆岗街道";
        var official = StaffName();
        var officialId = await Account("jiedao", official, Roles.SubdistrictOfficial, $"{subName}干部");
        posts.Add(new DutyPost(DutyPostKind.SubdistrictOfficial, PlaceKind.Subdistrict, places.SubdistrictId, official, "0551-63820000", since, userId: officialId));

        var communities = await db.Communities.OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var (community, i) in communities.Select((c, i) => (c, i)))
        {
            var staffLogin = i == 0 ? "tuanjie" : "jianshe";
            for (var s = 0; s < 3; s++)
            {
                var name = StaffName();
                var userId = s == 0 ? await Account(staffLogin, name, Roles.CommunityStaff, $"{community.Name}社区工作者") : null;
                posts.Add(new DutyPost(DutyPostKind.CommunityStaff, PlaceKind.Community, community.Id, name, StaffPhone(), since, userId: userId));
            }
        }

        var grids = await db.Grids.OrderBy(g => g.Id).ToListAsync(ct);
        foreach (var (grid, i) in grids.Select((g, i) => (g, i)))
        {
            var leader = StaffName();
            var leaderUser = i == 0 ? await Account("wangge.zhang", leader, Roles.GridLeader, "团结巷社区第一网格网格长") : null;
            posts.Add(new DutyPost(DutyPostKind.GridLeader, PlaceKind.Grid, grid.Id, leader, StaffPhone(), since, userId: leaderUser));
            for (var w = 0; w < 2; w++)
            {
                var worker = StaffName();
                var workerUser = i == 0 && w == 0 ? await Account("wangge.li", worker, Roles.GridWorker, "团结巷社区第一网格网格员")
                    : i == 1 && w == 0 ? await Account("wangge.chen", worker, Roles.GridWorker, "团结巷社区第二网格网格员") : null;
                posts.Add(new DutyPost(DutyPostKind.GridWorker, PlaceKind.Grid, grid.Id, worker, StaffPhone(), since.AddMonths(w * 7), userId: workerUser));
            }
            // A grid worker who moved on: history, not current.
            posts.Add(new DutyPostHistory(grid.Id, StaffName(), since.AddYears(-3), since.AddDays(-1)).Build());
        }

        var firstGrid = grids[0].Id;
        var estates = await db.Estates.OrderBy(e => e.Id).ToListAsync(ct);
        foreach (var (estate, i) in estates.Select((e, i) => (e, i)))
        {
            var butler = StaffName();
            var butlerUser = i == 0 ? await Account("wuye", butler, Roles.PropertyButler, $"{estate.Name}物业管家") : null;
            posts.Add(new DutyPost(DutyPostKind.PropertyButler, PlaceKind.Estate, estate.Id, butler, "0551-6" + r.Next(1000000, 9999999), since, userId: butlerUser));
        }

        var buildingDone = false;
        foreach (var (buildingId, list) in byBuilding.OrderBy(p => p.Key))
        {
            var pick = list[r.Next(list.Count)];
            string? userId = null;
            if (!buildingDone && pick.GridId == firstGrid)
            {
                userId = await Account("loudong", pick.Name, Roles.BuildingLeader, "第一网格楼栋长", pick.Phone, pick.Id);
                buildingDone = true;
            }
            posts.Add(new DutyPost(DutyPostKind.BuildingLeader, PlaceKind.Building, buildingId, pick.Name, pick.Phone, since, pick.Id, userId));
        }
        var entranceDone = false;
        foreach (var (entranceId, list) in byEntrance.OrderBy(p => p.Key))
        {
            var leader = list[r.Next(list.Count)];
            // Two different neighbours where the entrance has them: one person rarely holds both posts.
            var others = list.Where(p => p.Id != leader.Id).ToList();
            var neighbour = others.Count > 0 ? others[r.Next(others.Count)] : leader;
            string? leaderUser = null, neighbourUser = null;
            if (!entranceDone && leader.GridId == firstGrid && leader.Id != neighbour.Id)
            {
                leaderUser = await Account("danyuan", leader.Name, Roles.EntranceLeader, "第一网格单元长", leader.Phone, leader.Id);
                neighbourUser = await Account("linzhang", neighbour.Name, Roles.NeighbourLeader, "第一网格邻长", neighbour.Phone, neighbour.Id);
                entranceDone = true;
            }
            posts.Add(new DutyPost(DutyPostKind.EntranceLeader, PlaceKind.Entrance, entranceId, leader.Name, leader.Phone, since, leader.Id, leaderUser));
            posts.Add(new DutyPost(DutyPostKind.NeighbourLeader, PlaceKind.Entrance, entranceId, neighbour.Name, neighbour.Phone, since, neighbour.Id, neighbourUser));
            if (r.NextDouble() < 0.1)
                posts.Add(new DutyPost(DutyPostKind.PartyLiaisonHousehold, PlaceKind.Household, leader.HouseholdId, leader.Name, leader.Phone, since, leader.Id));
        }

        await Account("bumen", StaffName(), Roles.DepartmentOfficer, "区城管局联络员");
        await Account("shanghu", "李记便民超市", Roles.Merchant, "爱心商户");
        await Account("admin", "系统管理员", Roles.Administrator, "系统管理员");

        // A resident with an account, linked to their registry entry in the first grid.
        var resident = people.Where(p => p.GridId == firstGrid).OrderBy(p => p.Id).Skip(5).First();
        await Account(resident.Phone!, resident.Name, Roles.Resident, $"居民（{resident.Name}）", resident.Phone, resident.Id);

        db.DutyPosts.AddRange(posts);
        await db.SaveChangesAsync(ct);
    }

    private sealed record DutyPostHistory(long GridId, string Name, DateOnly From, DateOnly To)
    {
        public DutyPost Build()
        {
            var post = new DutyPost(DutyPostKind.GridWorker, PlaceKind.Grid, GridId, Name, null, From);
            post.End(To);
            return post;
        }
    }
}
