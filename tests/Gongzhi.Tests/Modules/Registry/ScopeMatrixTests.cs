using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Registry;

// For every demo role: what it can see and change through the API. Outside the caller's scope a
// household does not exist (404); inside it but beyond the role, 403.
public abstract class ScopeMatrixTests(GongzhiApp app)
{
    public enum Move { Allowed, Forbidden, OutOfScope }

    public sealed record Rights(bool Registry, bool Edit, Move Move, bool CareTags, bool FullPhone, bool RevealId);

    private const string ResidentAccount = "resident";

    private static readonly Dictionary<string, Rights> Matrix = new()
    {
        ["admin"] = new(true, true, Move.Allowed, true, true, true),
        ["jiedao"] = new(true, false, Move.Forbidden, true, true, false),
        ["tuanjie"] = new(true, true, Move.Allowed, true, true, true),
        ["jianshe"] = new(true, true, Move.Allowed, true, true, true),
        ["wangge.zhang"] = new(true, true, Move.OutOfScope, true, true, true),
        ["wangge.li"] = new(true, true, Move.Forbidden, true, true, true),
        ["wangge.chen"] = new(true, true, Move.Forbidden, true, true, true),
        ["wuye"] = new(true, false, Move.Forbidden, false, false, false),
        ["loudong"] = new(true, false, Move.Forbidden, false, false, false),
        ["danyuan"] = new(true, false, Move.Forbidden, false, false, false),
        ["linzhang"] = new(true, false, Move.Forbidden, false, false, false),
        ["bumen"] = new(false, false, Move.Forbidden, false, false, false),
        ["shanghu"] = new(false, false, Move.Forbidden, false, false, false),
        [ResidentAccount] = new(false, false, Move.Forbidden, false, true, false),
    };

    public static TheoryData<string> Accounts => new(Matrix.Keys);

    private async Task<(string UserName, HttpClient Client, DemoFacts Facts)> LoginAsync(string account)
    {
        var facts = await DemoFacts.ForAsync(app);
        var userName = account == ResidentAccount ? facts.ResidentUserName : account;
        return (userName, await app.ClientForAsync(userName), facts);
    }

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Sees_its_own_scope_and_nothing_else(string account)
    {
        var rights = Matrix[account];
        var (userName, client, facts) = await LoginAsync(account);
        var all = await DemoFacts.HouseholdsAsync(app);
        var scope = rights.Registry || account == ResidentAccount ? await facts.HouseholdsInScopeOfAsync(app, userName) : [];
        var outside = all.Select(h => h.Id).Where(id => !scope.Contains(id)).ToList();

        if (!rights.Registry)
        {
            await (await client.GetAsync("/api/v1/households?q=1栋")).ProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync("/api/v1/places")).ProblemAsync(HttpStatusCode.Forbidden);
        }
        if (!rights.Registry && account != ResidentAccount)
        {
            await (await client.GetAsync($"/api/v1/households/{all[0].Id}")).ProblemAsync(HttpStatusCode.Forbidden);
            return;
        }

        scope.ShouldNotBeEmpty();
        var inside = scope.Order().ElementAt(scope.Count / 2);
        var detail = await (await client.GetAsync($"/api/v1/households/{inside}")).JsonAsync();
        detail["household"]!.Long("id").ShouldBe(inside);
        if (outside.Count > 0) await (await client.GetAsync($"/api/v1/households/{outside[outside.Count / 2]}")).ProblemAsync(HttpStatusCode.NotFound);
        if (!rights.Registry) return;

        // The place tree counts exactly the households in scope.
        var tree = (await (await client.GetAsync("/api/v1/places")).JsonAsync()).AsArray();
        tree.Sum(c => c!["grids"]!.AsArray().Sum(g => (int)g!["households"]!)).ShouldBe(scope.Count);

        // Searches never reach outside the scope.
        foreach (var q in new[] { "1栋", "王", "李" })
        {
            var hits = (await (await client.GetAsync($"/api/v1/households?q={Uri.EscapeDataString(q)}")).JsonAsync()).AsArray();
            hits.Select(h => h!["household"]!.Long("id")).ShouldAllBe(id => scope.Contains(id), q);
            if (q == "1栋" && account is "admin" or "tuanjie" or "wangge.li") hits.ShouldNotBeEmpty();
        }
    }

    [Fact]
    public async Task A_grid_worker_sees_only_grid_one_and_community_staff_only_their_community()
    {
        var facts = await DemoFacts.ForAsync(app);
        var all = await DemoFacts.HouseholdsAsync(app);
        (await facts.HouseholdsInScopeOfAsync(app, "wangge.li")).ShouldBe(all.Where(h => h.GridId == facts.Grid1).Select(h => h.Id).ToHashSet(), ignoreOrder: true);
        (await facts.HouseholdsInScopeOfAsync(app, "tuanjie")).ShouldBe(all.Where(h => h.CommunityId == facts.Community1).Select(h => h.Id).ToHashSet(), ignoreOrder: true);
        (await facts.HouseholdsInScopeOfAsync(app, "jiedao")).Count.ShouldBe(all.Count);

        var worker = await app.ClientForAsync("wangge.li");
        var tree = (await (await worker.GetAsync("/api/v1/places")).JsonAsync()).AsArray();
        tree.Select(c => c!.Long("id")).ShouldBe([facts.Community1]);
        tree[0]!["grids"]!.AsArray().Select(g => g!.Long("id")).ShouldBe([facts.Grid1]);

        var staff = await app.ClientForAsync("jianshe");
        var staffTree = (await (await staff.GetAsync("/api/v1/places")).JsonAsync()).AsArray();
        staffTree.Select(c => c!.Long("id")).ShouldBe([facts.Community2]);
        staffTree[0]!["grids"]!.AsArray().Select(g => g!.Long("id"))
            .ShouldBe(facts.Grids.Where(g => g.CommunityId == facts.Community2).Select(g => g.Id), ignoreOrder: true);

        var official = await app.ClientForAsync("jiedao");
        (await (await official.GetAsync("/api/v1/places")).JsonAsync()).AsArray().Select(c => c!.Long("id"))
            .ShouldBe(facts.CommunityIds, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Changes_only_what_its_role_allows(string account)
    {
        var rights = Matrix[account];
        var (userName, client, facts) = await LoginAsync(account);
        var all = await DemoFacts.HouseholdsAsync(app);
        var scope = await facts.HouseholdsInScopeOfAsync(app, account is "bumen" or "shanghu" ? "admin" : userName);
        var household = scope.Order().First(id => all.Single(h => h.Id == id).CommunityId == (account == "jianshe" ? facts.Community2 : facts.Community1));
        var resident = await ActiveResidentAsync(household);

        var edit = await client.PutAsJsonAsync($"/api/v1/residents/{resident.Id}", SameValues(resident));
        if (rights.Edit) edit.StatusCode.ShouldBe(HttpStatusCode.NoContent, await edit.Content.ReadAsStringAsync());
        else await edit.ProblemAsync(HttpStatusCode.Forbidden);
        (await ActiveResidentAsync(household, resident.Id)).Version.ShouldBe(rights.Edit ? resident.Version + 1 : resident.Version);

        var outside = all.Where(h => !scope.Contains(h.Id)).Select(h => h.Id).FirstOrDefault();
        if (outside != 0)
        {
            var stranger = await ActiveResidentAsync(outside);
            var response = await client.PutAsJsonAsync($"/api/v1/residents/{stranger.Id}", SameValues(stranger));
            await response.ProblemAsync(rights.Registry ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden);
            (await ActiveResidentAsync(outside, stranger.Id)).Version.ShouldBe(stranger.Version);
        }

        var from = all.Single(h => h.Id == household);
        var target = facts.Grids.First(g => g.CommunityId == from.CommunityId && g.Id != from.GridId).Id;
        var version = await HouseholdVersionAsync(household);
        var move = await client.PostAsJsonAsync($"/api/v1/households/{household}/move", new { gridId = target, version });
        switch (rights.Move)
        {
            case Move.Allowed:
                move.StatusCode.ShouldBe(HttpStatusCode.NoContent, await move.Content.ReadAsStringAsync());
                (await DemoFacts.HouseholdsAsync(app)).Single(h => h.Id == household).GridId.ShouldBe(target);
                (await client.PostAsJsonAsync($"/api/v1/households/{household}/move", new { gridId = from.GridId, version = version + 1 }))
                    .StatusCode.ShouldBe(HttpStatusCode.NoContent);
                break;
            case Move.OutOfScope:
                (await move.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("gridId").ShouldNotBeEmpty();
                break;
            default:
                await move.ProblemAsync(HttpStatusCode.Forbidden);
                break;
        }
        (await DemoFacts.HouseholdsAsync(app)).Single(h => h.Id == household).GridId.ShouldBe(from.GridId);
    }

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Sees_care_tags_and_full_phones_only_where_the_role_needs_them(string account)
    {
        var rights = Matrix[account];
        if (!rights.Registry && account != ResidentAccount) return;
        var (userName, client, facts) = await LoginAsync(account);
        var scope = await facts.HouseholdsInScopeOfAsync(app, userName);
        await using var db = app.NewDb();
        var household = account == ResidentAccount ? facts.ResidentHouseholdId
            : await db.Residents.Where(r => scope.Contains(r.HouseholdId) && r.Phone != null && r.Status == ResidentStatus.Active)
                .OrderBy(r => r.HouseholdId).Select(r => r.HouseholdId).FirstAsync();
        var tagged = await db.Residents.Where(r => scope.Contains(r.HouseholdId) && r.CareTags.Any()).Select(r => r.HouseholdId).FirstOrDefaultAsync();

        var detail = await (await client.GetAsync($"/api/v1/households/{household}")).JsonAsync();
        var residents = detail["residents"]!.AsArray();
        var withPhone = residents.Where(r => r!["phone"] is not null).ToList();
        withPhone.ShouldNotBeEmpty();
        foreach (var r in withPhone)
        {
            var phone = r!["phone"]!.GetValue<string>();
            if (rights.FullPhone) phone.ShouldMatch(@"^\d{7,12}$");
            else phone.ShouldMatch(@"^\d{3}\*+\d{4}$");
        }
        foreach (var r in residents) (r!["careTags"] is JsonArray).ShouldBe(rights.CareTags);
        detail["showsCareTags"]!.GetValue<bool>().ShouldBe(rights.CareTags);
        detail["canRevealId"]!.GetValue<bool>().ShouldBe(rights.RevealId);
        detail["canEdit"]!.GetValue<bool>().ShouldBe(rights.Edit);

        if (tagged != 0 && account != ResidentAccount)
        {
            var withTags = await (await client.GetAsync($"/api/v1/households/{tagged}")).JsonAsync();
            var any = withTags["residents"]!.AsArray().Any(r => r!["careTags"] is JsonArray { Count: > 0 });
            any.ShouldBe(rights.CareTags);
        }
    }

    internal sealed record ResidentRow(long Id, string Name, Gender Gender, string Relation, string? Phone, int Version);

    private async Task<ResidentRow> ActiveResidentAsync(long householdId, long? residentId = null)
    {
        await using var db = app.NewDb();
        return await db.Residents.Where(r => r.HouseholdId == householdId && r.Status == ResidentStatus.Active && (residentId == null || r.Id == residentId))
            .OrderBy(r => r.Id).Select(r => new ResidentRow(r.Id, r.Name, r.Gender, r.Relation, r.Phone, r.Version)).FirstAsync();
    }

    private async Task<int> HouseholdVersionAsync(long householdId)
    {
        await using var db = app.NewDb();
        return await db.Households.Where(h => h.Id == householdId).Select(h => h.Version).SingleAsync();
    }

    private static object SameValues(ResidentRow r) => new { name = r.Name, gender = (int)r.Gender, relation = r.Relation, phone = r.Phone, version = r.Version };
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteScopeMatrixTests(SqliteApp app) : ScopeMatrixTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresScopeMatrixTests(PostgresApp app) : ScopeMatrixTests(app);
