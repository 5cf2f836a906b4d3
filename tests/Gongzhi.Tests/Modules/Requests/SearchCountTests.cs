using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Search;
using Case = Gongzhi.Web.Modules.Requests.Case;

namespace Gongzhi.Tests.Modules.Requests;

// A search counts its matches up to SearchCases.CountUpTo and then says "more": an exact count of
// a common word among a million cases costs far more than the page (see docs/benchmarks.md).
public abstract class SearchCountTests(GongzhiApp app)
{
    // A two-character word no other test writes: two rare characters, new for each test.
    private static string RareWord()
    {
        var r = Random.Shared;
        return new string([(char)(0x9F00 + r.Next(166)), (char)(0x9F00 + r.Next(166))]);
    }

    private async Task AddCasesAsync(string word, int count)
    {
        var facts = await DemoFacts.ForAsync(app);
        var home = (await DemoFacts.HouseholdsAsync(app)).First(h => h.GridId == facts.Grid1);
        await using var db = app.NewDb();
        var category = await db.CaseCategories.FirstAsync(c => c.Code == "street-light");
        var community = await db.Communities.FirstAsync(c => c.Id == home.CommunityId);
        var place = new CasePlace(community.SubdistrictId, home.CommunityId, home.GridId, home.EstateId, home.BuildingId, home.Id, "测试地址");
        var now = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync();
        var cases = Enumerable.Range(0, count).Select(i => new Case(category, Channel.Hotline, $"东门{word}不亮第{i}次", place,
            new CaseReporter(null, null, "测试", null, false), (null, ""), now, now.AddHours(2), now.AddDays(3))).ToList();
        db.Cases.AddRange(cases);
        await db.SaveChangesAsync();
        foreach (var c in cases) await CaseSearchIndex.AddTextAsync(db, c.Id, c.Description);
        await tx.CommitAsync();
    }

    private async Task<JsonNode> SearchAsync(string word, int page = 1, string user = "admin")
    {
        var client = await app.ClientForAsync(user);
        return await (await client.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString(word)}&page={page}")).JsonAsync();
    }

    [Fact]
    public async Task Past_the_limit_the_total_is_the_limit_and_says_there_are_more()
    {
        var word = RareWord();
        await AddCasesAsync(word, SearchCases.CountUpTo + 5);

        var first = await SearchAsync(word);
        ((int)first["total"]!).ShouldBe(SearchCases.CountUpTo);
        ((bool)first["totalCapped"]!).ShouldBeTrue();
        first["rows"]!.AsArray().Count.ShouldBe(50);
        // Paging goes on past the counted ones.
        var last = await SearchAsync(word, page: SearchCases.CountUpTo / 50 + 1);
        last["rows"]!.AsArray().Count.ShouldBe(5);
    }

    // Staff with a reach of grids take another road on PostgreSQL (the ids from the index give count and page);
    // what they see must not differ.
    [Fact]
    public async Task Community_staff_page_newest_first_through_a_capped_count()
    {
        var word = RareWord();
        await AddCasesAsync(word, SearchCases.CountUpTo + 5);

        var first = await SearchAsync(word, user: "tuanjie");
        ((int)first["total"]!).ShouldBe(SearchCases.CountUpTo);
        ((bool)first["totalCapped"]!).ShouldBeTrue();
        var second = await SearchAsync(word, page: 2, user: "tuanjie");
        var ids = first["rows"]!.AsArray().Concat(second["rows"]!.AsArray()).Select(r => r!.Long("id")).ToList();
        ids.Count.ShouldBe(100);
        ids.ShouldBe(ids.Distinct().OrderByDescending(i => i).ToList());
        await using var db = app.NewDb();
        ids[0].ShouldBe(await db.Cases.Where(c => c.Description.Contains(word)).MaxAsync(c => c.Id));
        (await SearchAsync(word, page: SearchCases.CountUpTo / 50 + 1, user: "tuanjie"))["rows"]!.AsArray().Count.ShouldBe(5);
        // The grid worker of another grid finds none of them.
        ((int)(await SearchAsync(word, user: "wangge.chen"))["total"]!).ShouldBe(0);
    }

    [Fact]
    public async Task Below_the_limit_the_total_is_exact()
    {
        var word = RareWord();
        await AddCasesAsync(word, 3);

        var list = await SearchAsync(word);
        ((int)list["total"]!).ShouldBe(3);
        ((bool)list["totalCapped"]!).ShouldBeFalse();
        var ids = list["rows"]!.AsArray().Select(r => r!.Long("id")).ToList();
        ids.Count.ShouldBe(3);
        ids.ShouldBe(ids.OrderByDescending(i => i).ToList()); // newest first

        // Filters still apply to the matches.
        var client = await app.ClientForAsync("admin");
        var closed = await (await client.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString(word)}&status={(int)CaseStatus.Closed}")).JsonAsync();
        ((int)closed["total"]!).ShouldBe(0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSearchCountTests(SqliteApp app) : SearchCountTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSearchCountTests(PostgresApp app) : SearchCountTests(app);
