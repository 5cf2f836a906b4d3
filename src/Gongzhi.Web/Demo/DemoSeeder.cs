using System.Diagnostics;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Demo;

public sealed record DemoAccount(string UserName, string Role, string Description);

public static class DemoModule
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<RegistryDemo>();
        services.AddScoped<DemoSeeder>();
        return services;
    }

    public static async Task SeedAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().RunAsync();
    }
}

// The place tree, duty posts and demo accounts are every module's ground, so the seeder makes them
// itself; then each module's ModuleDemo adds its own data, in order, in the same transaction.
public sealed class DemoSeeder(
    GongzhiDb db, RegistryDemo registry, IEnumerable<ModuleDemo> modules, IEnumerable<ModuleDefaults> defaults, IServiceProvider services,
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IConfiguration config, TimeProvider clock, ILogger<DemoSeeder> log)
{
    private static readonly string[] StaffSurnames = ["李", "王", "张", "陈", "刘", "周", "吴", "孙", "胡", "朱", "高", "林", "何", "郭", "马"];
    private static readonly string[] StaffGiven = ["晓梅", "海波", "丽娜", "志远", "春燕", "文华", "建军", "秀梅", "立伟", "婷婷", "国平", "红霞", "俊", "玉洁", "明"];

    public async Task RunAsync(CancellationToken ct = default)
    {
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(ct);
        foreach (var role in Roles.All.Except(existing))
            await roles.CreateAsync(new IdentityRole(role!));
        foreach (var d in defaults) await d.EnsureAsync(services, ct);
        if (await db.Subdistricts.AnyAsync(ct)) return;

        if (!config.GetValue("Demo:Enabled", true))
        {
            await EnsureAdministratorAsync(ct);
            return;
        }
        var watch = Stopwatch.StartNew();
        var households = config.GetValue("Demo:Households", 3000);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var places = await registry.GenerateAsync(households, ct: ct);
        var accounts = await PostsAndAccountsAsync(places, ct);
        var context = new DemoContext(households, clock.GetUtcNow().UtcDateTime, config);
        foreach (var module in modules.OrderBy(m => m.Order)) await module.SeedAsync(services, context, ct);
        await tx.CommitAsync(ct);
        await DataModule.RefreshStatisticsAsync(db, ct);
        watch.Stop();
        Print(accounts, watch.Elapsed);
    }

    private async Task<List<DemoAccount>> PostsAndAccountsAsync(DemoPlaces places, CancellationToken ct)
    {
        var r = new Random(7);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var since = today.AddYears(-2);
        string StaffName() => StaffSurnames[r.Next(StaffSurnames.Length)] + StaffGiven[r.Next(StaffGiven.Length)];
        string StaffPhone() => "139" + r.Next(10000000, 99999999);
        var password = config["Demo:Password"] ?? "Gongzhi@2026";
        var accounts = new List<DemoAccount>();
        var posts = new List<DutyPost>();

        async Task<string> Account(string userName, string display, string role, string description, string? phone = null, long? residentId = null)
        {
            var user = new AppUser { UserName = userName, DisplayName = display, PhoneNumber = phone, PhoneNumberConfirmed = true, ResidentId = residentId, CreatedAt = clock.GetUtcNow().UtcDateTime };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            accounts.Add(new DemoAccount(userName, role, description));
            return user.Id;
        }

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
        return accounts;
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

    private async Task EnsureAdministratorAsync(CancellationToken ct)
    {
        if ((await users.GetUsersInRoleAsync(Roles.Administrator)).Count > 0) return;
        var password = config["Admin:InitialPassword"] ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) + "1a";
        var admin = new AppUser { UserName = "admin", DisplayName = "系统管理员", PhoneNumberConfirmed = true, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Administrator);
        log.LogWarning("Created administrator 'admin' with password {Password}. Change it after the first login.", password);
        _ = ct;
    }

    private void Print(List<DemoAccount> accounts, TimeSpan elapsed)
    {
        var password = config["Demo:Password"] ?? "Gongzhi@2026";
        var lines = new List<string>
        {
            "",
            $"  共治 Gongzhi demo community generated in {elapsed.TotalSeconds:0.0} s. Demo accounts (password: {password}):",
        };
        lines.AddRange(accounts.Select(a => $"    {a.UserName,-14} {a.Role,-20} {a.Description}"));
        lines.Add("");
        // Straight to the console as well as the log, so the accounts are there on a plain `dotnet run`.
        Console.WriteLine(string.Join(Environment.NewLine, lines));
        log.LogInformation("Demo data generated in {Seconds:0.0} s with {Count} accounts", elapsed.TotalSeconds, accounts.Count);
    }
}
