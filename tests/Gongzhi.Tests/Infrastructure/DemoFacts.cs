using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Infrastructure;

// What the deterministic demo holds, read from the database (not from the code under test):
// which households lie in which grid, community, estate, and who holds which post.
public sealed class DemoFacts
{
    public required IReadOnlyList<long> CommunityIds { get; init; }
    public required IReadOnlyList<(long Id, long CommunityId)> Grids { get; init; }
    public required IReadOnlyDictionary<string, string> UserIds { get; init; }
    public required string ResidentUserName { get; init; }
    public required long ResidentHouseholdId { get; init; }

    public long Grid1 => Grids[0].Id;
    public long Grid2 => Grids[1].Id;
    public long Community1 => CommunityIds[0];
    public long Community2 => CommunityIds[1];

    public sealed record HouseholdFact(long Id, long GridId, long CommunityId, long EstateId, long BuildingId, long EntranceId);

    private static readonly Dictionary<GongzhiApp, DemoFacts> Cache = [];

    public static async Task<DemoFacts> ForAsync(GongzhiApp app)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(app, out var cached)) return cached;
        }
        await using var db = app.NewDb();
        var grids = await db.Grids.OrderBy(g => g.Id).Select(g => new { g.Id, g.CommunityId }).ToListAsync();
        var users = await db.Users.Select(u => new { u.Id, u.UserName }).ToListAsync();
        var residentRole = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync();
        // The demo's own resident account is the first one; tests may register more later.
        var residentUser = await (from ur in db.UserRoles join u in db.Users on ur.UserId equals u.Id
                                  where ur.RoleId == residentRole && u.PhoneNumberConfirmed
                                  orderby u.CreatedAt select new { u.UserName, u.ResidentId }).FirstAsync();
        var residentHousehold = await db.Residents.Where(r => r.Id == residentUser.ResidentId).Select(r => r.HouseholdId).SingleAsync();
        var facts = new DemoFacts
        {
            CommunityIds = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(),
            Grids = grids.Select(g => (g.Id, g.CommunityId)).ToList(),
            UserIds = users.ToDictionary(u => u.UserName!, u => u.Id),
            ResidentUserName = residentUser.UserName!,
            ResidentHouseholdId = residentHousehold,
        };
        lock (Cache) Cache[app] = facts;
        return facts;
    }

    // Read fresh each time: other tests add households and move them between grids.
    public static async Task<List<HouseholdFact>> HouseholdsAsync(GongzhiApp app)
    {
        await using var db = app.NewDb();
        return await (from h in db.Households join e in db.Estates on h.EstateId equals e.Id
                      orderby h.Id
                      select new HouseholdFact(h.Id, h.GridId, e.CommunityId, h.EstateId, h.BuildingId, h.EntranceId)).ToListAsync();
    }

    // The places a demo account's current posts name, as the seeder wrote them.
    public async Task<HashSet<long>> HouseholdsInScopeOfAsync(GongzhiApp app, string userName)
    {
        var households = await HouseholdsAsync(app);
        if (userName == "admin") return households.Select(h => h.Id).ToHashSet();
        if (userName == ResidentUserName) return [ResidentHouseholdId];
        await using var db = app.NewDb();
        var userId = UserIds[userName];
        var posts = await db.DutyPosts.Where(p => p.UserId == userId && p.To == null).Select(p => new { p.PlaceKind, p.PlaceId }).ToListAsync();
        return households.Where(h => posts.Any(p => p.PlaceKind switch
        {
            PlaceKind.Subdistrict => true,
            PlaceKind.Community => h.CommunityId == p.PlaceId,
            PlaceKind.Grid => h.GridId == p.PlaceId,
            PlaceKind.Estate => h.EstateId == p.PlaceId,
            PlaceKind.Building => h.BuildingId == p.PlaceId,
            PlaceKind.Entrance => h.EntranceId == p.PlaceId,
            _ => false,
        })).Select(h => h.Id).ToHashSet();
    }
}
