using System.Net;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Registry;

// The one search box: addresses as people say them, names in part, phone tails; and never a
// household outside the caller's scope.
public abstract class SearchTests(GongzhiApp app)
{
    private sealed record Target(long HouseholdId, string Estate, int Building, int Entrance, string Room, string Name, string Phone);

    private async Task<Target> TargetAsync(long gridId)
    {
        await using var db = app.NewDb();
        // A three-character name with a phone, so that the given name alone is a two-character query.
        return await (from r in db.Residents
                      join h in db.Households on r.HouseholdId equals h.Id
                      join e in db.Estates on h.EstateId equals e.Id
                      join b in db.Buildings on h.BuildingId equals b.Id
                      join en in db.Entrances on h.EntranceId equals en.Id
                      where h.GridId == gridId && r.Status == ResidentStatus.Active && r.Phone != null && r.Name.Length == 3
                      orderby h.Id descending, r.Id
                      select new Target(h.Id, e.Name, b.Number, en.Number, h.Room, r.Name, r.Phone!)).FirstAsync();
    }

    private static async Task<List<(long Id, string Address, string[] Names)>> SearchAsync(HttpClient client, string q)
    {
        var hits = (await (await client.GetAsync($"/api/v1/households?q={Uri.EscapeDataString(q)}")).JsonAsync()).AsArray();
        return hits.Select(h => (h!["household"]!.Long("id"), h["household"]!["address"]!.GetValue<string>(),
            h["matchedNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray())).ToList();
    }

    [Fact]
    public async Task Finds_a_household_by_address_name_and_phone()
    {
        var facts = await DemoFacts.ForAsync(app);
        var t = await TargetAsync(facts.Grid1);
        var client = await app.ClientForAsync("wangge.li");

        var full = await SearchAsync(client, $"{t.Estate}{t.Building}栋{t.Entrance}单元{t.Room}");
        full.ShouldHaveSingleItem().Id.ShouldBe(t.HouseholdId);
        full[0].Address.ShouldBe($"{t.Estate}{t.Building}栋{t.Entrance}单元{t.Room}");

        (await SearchAsync(client, $"{t.Building}栋{t.Entrance}单元{t.Room}")).Select(h => h.Id).ShouldContain(t.HouseholdId);
        (await SearchAsync(client, $"{t.Building}-{t.Entrance}-{t.Room}")).Select(h => h.Id).ShouldContain(t.HouseholdId);
        (await SearchAsync(client, $"{t.Estate}{t.Building}-{t.Entrance}-{t.Room}")).ShouldHaveSingleItem().Id.ShouldBe(t.HouseholdId);
        (await SearchAsync(client, $"{t.Estate}{t.Building}号楼{t.Entrance}单元{t.Room}室")).ShouldHaveSingleItem().Id.ShouldBe(t.HouseholdId);

        var byName = await SearchAsync(client, t.Name);
        byName.Select(h => h.Id).ShouldContain(t.HouseholdId);
        byName.ShouldAllBe(h => h.Names.Contains(t.Name));

        var given = t.Name[1..];
        var byGiven = await SearchAsync(client, given);
        byGiven.Select(h => h.Id).ShouldContain(t.HouseholdId);
        byGiven.ShouldAllBe(h => h.Names.Any(n => n.Contains(given)));

        var surname = t.Name[..1];
        var bySurname = await SearchAsync(client, surname);
        bySurname.ShouldNotBeEmpty();
        bySurname.ShouldAllBe(h => h.Names.Length > 0 && h.Names.All(n => n.StartsWith(surname)));

        (await SearchAsync(client, t.Phone[^4..])).Select(h => h.Id).ShouldContain(t.HouseholdId);
        (await SearchAsync(client, t.Phone)).ShouldHaveSingleItem().Id.ShouldBe(t.HouseholdId);
        (await SearchAsync(client, $"{t.Phone[..3]} {t.Phone[3..7]} {t.Phone[7..]}")).ShouldHaveSingleItem().Id.ShouldBe(t.HouseholdId);

        (await SearchAsync(client, "")).ShouldBeEmpty();
        (await SearchAsync(client, "查无此人")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Never_finds_a_household_outside_the_scope()
    {
        var facts = await DemoFacts.ForAsync(app);
        var t = await TargetAsync(facts.Grid1);
        var other = await app.ClientForAsync("wangge.chen");
        var otherCommunity = await app.ClientForAsync("jianshe");
        foreach (var client in new[] { other, otherCommunity })
        {
            foreach (var q in new[] { $"{t.Estate}{t.Building}栋{t.Entrance}单元{t.Room}", $"{t.Estate}{t.Building}-{t.Entrance}-{t.Room}", t.Name, t.Phone, t.Phone[^4..], t.Name[1..] })
                (await SearchAsync(client, q)).Select(h => h.Id).ShouldNotContain(t.HouseholdId, q);
        }
    }

    [Fact]
    public async Task The_place_tree_holds_the_demo_subdistrict()
    {
        var client = await app.ClientForAsync("admin");
        var tree = (await (await client.GetAsync("/api/v1/places")).JsonAsync()).AsArray();
        tree.Select(c => c!["name"]!.GetValue<string>()).ShouldBe(["团结巷社区", "建设社区"]);
        tree.ShouldAllBe(c => c!["subdistrictName"]!.GetValue<string>() == "骆岗街道");
        tree.Sum(c => c!["grids"]!.AsArray().Count).ShouldBe(7);
        tree[0]!["estates"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ShouldContain("团结新村");
        var households = tree.Sum(c => c!["grids"]!.AsArray().Sum(g => (int)g!["households"]!));
        households.ShouldBe((await DemoFacts.HouseholdsAsync(app)).Count);
        var buildings = tree.SelectMany(c => c!["estates"]!.AsArray()).SelectMany(e => e!["buildings"]!.AsArray()).ToList();
        buildings.Sum(b => (int)b!["households"]!).ShouldBe(households);
        buildings.ShouldAllBe(b => (int)b!["entrances"]! >= 1);
    }

    [Fact]
    public async Task An_overlong_query_is_a_localized_400()
    {
        var client = await app.ClientForAsync("admin", "en");
        var problem = await (await client.GetAsync($"/api/v1/households?q={new string('王', 51)}")).ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("q").ShouldBe(["Must be at most 50 characters"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSearchTests(SqliteApp app) : SearchTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchTests(PostgresApp app) : SearchTests(app);
