using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Requests;

public sealed record Home(long Id, long GridId, long CommunityId, long SubdistrictId, long EstateId, long BuildingId, int Building, int Entrance, string Address);

public sealed record Person(long Id, string Name, string? Phone);

// What the generator needs from the demo data the app made: households with their addresses and
// people, each grid's owner as the app's routing picks it, the categories, who answers referrals.
public sealed class DemoRegistry
{
    public required List<Home> Homes { get; init; }
    public required Dictionary<long, List<Person>> People { get; init; }
    public required Dictionary<long, Owner> OwnerByGrid { get; init; }
    public required List<Category> Categories { get; init; }
    public required Dictionary<long, string> EstateNames { get; init; }
    public required Dictionary<long, string> ButlerByEstate { get; init; }
    public required Dictionary<long, (string Name, string? MemberUserId)> Departments { get; init; }
    public required (string UserId, long HouseholdId)? ResidentAccount { get; init; }

    public static async Task<DemoRegistry> LoadAsync(SqliteConnection db, DateTime now)
    {
        var homes = await SearchMix.ListAsync(db, """
            SELECT h.Id, h.GridId, e.CommunityId, c.SubdistrictId, h.EstateId, h.BuildingId, b.Number, en.Number, e.Name || b.Number || '栋' || en.Number || '单元' || h.Room
            FROM Households h JOIN Buildings b ON b.Id = h.BuildingId JOIN Entrances en ON en.Id = h.EntranceId
            JOIN Estates e ON e.Id = h.EstateId JOIN Communities c ON c.Id = e.CommunityId ORDER BY h.Id
            """, r => new Home(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt32(6), r.GetInt32(7), r.GetString(8)));
        var people = (await SearchMix.ListAsync(db, "SELECT HouseholdId, Id, Name, Phone FROM Residents WHERE Status = 0",
                r => (Household: r.GetInt64(0), Person: new Person(r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)))))
            .GroupBy(x => x.Household).ToDictionary(g => g.Key, g => g.Select(x => x.Person).ToList());

        // The app's routing (CaseRouting.OwnerForAsync): a grid worker with an account, else the grid
        // leader, else a community worker; the longest-serving first.
        var today = DateOnly.FromDateTime(now.AddHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var posts = await SearchMix.ListAsync(db, """
            SELECT Kind, PlaceKind, PlaceId, UserId, HolderName, "From", Id FROM DutyPosts
            WHERE UserId IS NOT NULL AND Kind IN (1, 2, 8) AND "From" <= $today AND ("To" IS NULL OR "To" > $today)
            """, r => (Kind: r.GetInt32(0), PlaceKind: r.GetInt32(1), PlaceId: r.GetInt64(2), UserId: r.GetString(3), Name: r.GetString(4), From: r.GetString(5), Id: r.GetInt64(6)),
            ("$today", today));
        var owners = new Dictionary<long, Owner>();
        foreach (var grid in homes.Select(h => (h.GridId, h.CommunityId)).Distinct())
        {
            var pick = posts.Where(p => (p.PlaceKind == 3 && p.PlaceId == grid.GridId) || (p.PlaceKind == 2 && p.PlaceId == grid.CommunityId))
                .OrderBy(p => p.Kind switch { 2 => 0, 1 => 1, _ => 2 }).ThenBy(p => p.From, StringComparer.Ordinal).ThenBy(p => p.Id)
                .FirstOrDefault();
            if (pick.UserId is not null) owners[grid.GridId] = new Owner(pick.UserId, pick.Name);
        }

        var categories = await SearchMix.ListAsync(db, "SELECT Id, Code, ContactMinutes, ResolveDays, RouteFirst, DepartmentId, AllowAnonymous FROM CaseCategories WHERE Active = 1 ORDER BY Id",
            r => new Category(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.IsDBNull(5) ? null : r.GetInt64(5), r.GetBoolean(6)));
        var estates = (await SearchMix.ListAsync(db, "SELECT Id, Name FROM Estates", r => (r.GetInt64(0), r.GetString(1)))).ToDictionary(x => x.Item1, x => x.Item2);
        var butlers = (await SearchMix.ListAsync(db, "SELECT PlaceId, UserId FROM DutyPosts WHERE Kind = 7 AND UserId IS NOT NULL", r => (r.GetInt64(0), r.GetString(1))))
            .ToDictionary(x => x.Item1, x => x.Item2);
        var departments = (await SearchMix.ListAsync(db, "SELECT d.Id, d.Name, (SELECT m.UserId FROM DepartmentMembers m WHERE m.DepartmentId = d.Id LIMIT 1) FROM Departments d ORDER BY d.Id",
            r => (r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)))).ToDictionary(x => x.Item1, x => (x.Item2, x.Item3));
        var resident = await SearchMix.ListAsync(db, """
            SELECT u.Id, r.HouseholdId FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles ro ON ro.Id = ur.RoleId
            JOIN Residents r ON r.Id = u.ResidentId WHERE ro.Name = 'Resident' LIMIT 1
            """, r => (r.GetString(0), r.GetInt64(1)));
        if (departments.Count == 0) throw new InvalidOperationException("the demo data has no departments: is demo data on?");
        return new DemoRegistry
        {
            Homes = homes, People = people, OwnerByGrid = owners, Categories = categories, EstateNames = estates, ButlerByEstate = butlers,
            Departments = departments, ResidentAccount = resident.Count > 0 ? resident[0] : null,
        };
    }
}
