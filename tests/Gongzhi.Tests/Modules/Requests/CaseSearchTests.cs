using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Deadlines;

namespace Gongzhi.Tests.Modules.Requests;

// Chinese search: a two-character word must find every case holding it — in the description, the
// address, a reply, a comment or a resolution. The answer is checked against a plain substring
// match (LIKE) over the same texts in the database, for cases this test made (a marker word ties
// them together, so other tests' data cannot disturb the comparison).
public abstract class CaseSearchTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    // What is searchable: description, address, and the texts of comments, internal notes, partner replies and resolutions.
    private static readonly CaseEventKind[] TextKinds = [CaseEventKind.Comment, CaseEventKind.InternalNote, CaseEventKind.ReferralReply, CaseEventKind.Resolved];

    [Fact]
    public async Task Two_character_words_find_every_case_holding_them_wherever_the_text_was_added()
    {
        var m = CaseDriver.Marker();
        var facts = await DemoFacts.ForAsync(app);
        var li = await app.ClientForAsync("wangge.li");
        var home = await _cases.HouseholdAsync(facts.Grid1, await _cases.FirstEstateAsync());
        var ids = new Dictionary<string, long>
        {
            ["desc"] = await _cases.SubmitAsResidentAsync("street-light", $"小区东门路灯不亮已经一周了 {m}"),
            ["comment"] = await _cases.SubmitAsResidentAsync("street-light", $"楼道灯坏了老人看不见 {m}"),
            ["leak"] = await _cases.SubmitAsResidentAsync("water-leak", $"卫生间顶上漏水 {m}"),
            ["resolution"] = await _cases.SubmitAsResidentAsync("other", $"墙面发霉脱落 {m}"),
            ["reply"] = await _cases.EnterAsync("wangge.li", "water-leak", $"天花板有水渍 {m}", home, "冯女士"),
            ["noise"] = await _cases.SubmitAsResidentAsync("noise", $"广场舞噪音太大 {m}"),
            ["apart"] = await _cases.SubmitAsResidentAsync("other", $"路 灯 坏 了 {m}"),
            ["note"] = await _cases.SubmitAsResidentAsync("noise", $"晚上很吵睡不着 {m}"),
            ["grid2"] = await _cases.EnterAsync("tuanjie", "street-light", $"二网格路灯不亮 {m}", await _cases.HouseholdAsync(facts.Grid2), "陈先生"),
            ["address"] = await _cases.EnterAsync("wangge.li", "other", $"门口有积水 {m}", home, "褚先生", address: "团结巷路灯口3号"),
            ["tail"] = await _cases.SubmitAsResidentAsync("street-light", $"希望尽快修路灯 {m}"),
            ["inside"] = await _cases.SubmitAsResidentAsync("street-light", $"马路灯光太暗 {m}"),
        };
        (await li.PostAsJsonAsync($"/api/v1/cases/{ids["comment"]}/comments", new { text = "已报修路灯和楼道灯" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await _cases.AcceptAsync(ids["resolution"]);
        await _cases.ResolveAsync(ids["resolution"], "查明是楼上管道漏水，已修复");
        long referral;
        await using (var db = app.NewDb()) referral = await db.Referrals.Where(r => r.CaseId == ids["reply"]).Select(r => r.Id).SingleAsync();
        (await (await app.ClientForAsync("wuye")).PostAsJsonAsync($"/api/v1/cases/{ids["reply"]}/referrals/{referral}/reply", new { text = "楼上装修噪音大且有漏水，已协调" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await li.PostAsJsonAsync($"/api/v1/cases/{ids["note"]}/comments", new { text = "噪音来自沿街烧烤店", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var admin = await app.ClientForAsync("admin");
        var byName = ids.ToDictionary(p => p.Value, p => p.Key);
        var expected = new Dictionary<string, string[]>();
        foreach (var word in new[] { "路灯", "漏水", "噪音", "灯" })
        {
            expected[word] = (await LikeAsync(m, word)).Select(id => byName[id]).ToArray();
            var found = await CaseDriver.ListIdsAsync(admin, $"/api/v1/cases?q={Uri.EscapeDataString(word + " " + m)}");
            found.Select(id => byName[id]).ShouldBe(expected[word], ignoreOrder: true, customMessage: word);
            // The word alone finds them too, among everyone else's.
            var everywhere = await CaseDriver.ListIdsAsync(admin, $"/api/v1/cases?q={Uri.EscapeDataString(word)}");
            everywhere.Intersect(ids.Values).Select(id => byName[id]).ShouldBe(expected[word], ignoreOrder: true, customMessage: word);
        }
        // What LIKE found, stated by hand, so the comparison above is not vacuous.
        expected["路灯"].ShouldBe(["desc", "comment", "grid2", "address", "tail", "inside"], ignoreOrder: true);
        expected["漏水"].ShouldBe(["leak", "resolution", "reply"], ignoreOrder: true);
        expected["噪音"].ShouldBe(["reply", "noise", "note"], ignoreOrder: true);
        expected["灯"].ShouldBe(["desc", "comment", "apart", "grid2", "address", "tail", "inside"], ignoreOrder: true);
    }

    [Fact]
    public async Task Filters_narrow_by_status_category_grid_and_dates()
    {
        var m = CaseDriver.Marker();
        var facts = await DemoFacts.ForAsync(app);
        var accepted = await _cases.SubmitAsResidentAsync("street-light", $"停车场路灯一闪一闪 {m}");
        await _cases.AcceptAsync(accepted);
        var noise = await _cases.SubmitAsResidentAsync("noise", $"楼上装修噪音很早就开始 {m}");
        var grid2 = await _cases.EnterAsync("tuanjie", "other", $"二网格希望增加路灯 {m}", await _cases.HouseholdAsync(facts.Grid2), "卫女士");
        var admin = await app.ClientForAsync("admin", "zh-Hans");
        Task<List<long>> Search(string query) => CaseDriver.ListIdsAsync(admin, $"/api/v1/cases?q={m}&{query}");

        (await Search($"status={(int)CaseStatus.Accepted}")).ShouldBe([accepted]);
        (await Search($"status={(int)CaseStatus.Submitted}")).ShouldBe([grid2, noise]);
        (await Search($"categoryId={await _cases.CategoryAsync("noise")}")).ShouldBe([noise]);
        (await Search($"gridId={facts.Grid2}")).ShouldBe([grid2]);
        (await Search($"gridId={facts.Grid1}&status={(int)CaseStatus.Submitted}")).ShouldBe([noise]);
        (await CaseDriver.ListIdsAsync(admin, $"/api/v1/cases?q={Uri.EscapeDataString("路灯 " + m)}&status={(int)CaseStatus.Accepted}")).ShouldBe([accepted]);

        // Dates are days in China, inclusive at both ends.
        var days = new List<DateOnly>();
        foreach (var id in new[] { accepted, noise, grid2 })
            days.Add(DateOnly.FromDateTime(WorkingTime.ToChina((await _cases.LoadAsync(id)).SubmittedAt)));
        var (first, last) = (days.Min(), days.Max());
        (await Search($"from={first:yyyy-MM-dd}&to={last:yyyy-MM-dd}")).ShouldBe([grid2, noise, accepted]);
        (await Search($"to={first.AddDays(-1):yyyy-MM-dd}")).ShouldBeEmpty();
        (await Search($"from={last.AddDays(1):yyyy-MM-dd}")).ShouldBeEmpty();
        var backwards = await admin.GetAsync($"/api/v1/cases?q={m}&from={last:yyyy-MM-dd}&to={first.AddDays(-1):yyyy-MM-dd}");
        (await backwards.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("to").ShouldBe(["结束日期不能早于开始日期"]);
        await (await admin.GetAsync($"/api/v1/cases?q={new string('灯', 101)}")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Search_stays_within_the_callers_scope()
    {
        var m = CaseDriver.Marker();
        var facts = await DemoFacts.ForAsync(app);
        var mine = await _cases.SubmitAsResidentAsync("street-light", $"一网格路灯不亮 {m}");
        var theirs = await _cases.EnterAsync("tuanjie", "street-light", $"二网格路灯不亮 {m}", await _cases.HouseholdAsync(facts.Grid2), "蒋先生");
        var query = $"/api/v1/cases?q={Uri.EscapeDataString("路灯 " + m)}";

        foreach (var (user, expected) in new (string, long[])[]
        {
            ("wangge.li", [mine]), ("wangge.zhang", [mine]), ("wangge.chen", [theirs]), ("tuanjie", [theirs, mine]), ("jiedao", [theirs, mine]),
            ("admin", [theirs, mine]), ("jianshe", []), ("wuye", []), ("bumen", []),
        })
            (await CaseDriver.ListIdsAsync(await app.ClientForAsync(user), query)).ShouldBe(expected, ignoreOrder: false, customMessage: user);
        (await CaseDriver.ListIdsAsync(await app.ClientForAsync("wangge.li"), $"{query}&gridId={facts.Grid2}")).ShouldBeEmpty();
        await (await (await _cases.ResidentAsync()).GetAsync(query)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    // On PostgreSQL each search row carries its case's grid (the index answers "these words in these grids"):
    // when a case moves to another grid — here an administrator's correction in the database, the one way a case
    // changes grid today — its search row moves with it, and whoever entered it still finds it wherever it went.
    [Fact]
    public async Task A_case_moved_to_another_grid_is_found_by_that_grids_staff()
    {
        var m = CaseDriver.Marker();
        var facts = await DemoFacts.ForAsync(app);
        var home = await _cases.HouseholdAsync(facts.Grid1, await _cases.FirstEstateAsync());
        var moved = await _cases.EnterAsync("wangge.li", "street-light", $"门口路灯不亮 {m}", home, "韩先生");
        var query = $"/api/v1/cases?q={Uri.EscapeDataString("路灯 " + m)}";
        (await CaseDriver.ListIdsAsync(await app.ClientForAsync("wangge.chen"), query)).ShouldBeEmpty();

        await using (var db = app.NewDb())
            (await db.Cases.Where(c => c.Id == moved).ExecuteUpdateAsync(u => u.SetProperty(c => c.GridId, facts.Grid2))).ShouldBe(1);

        foreach (var (user, expected) in new (string, long[])[]
        {
            ("wangge.chen", [moved]), ("wangge.zhang", []), ("wangge.li", [moved]), ("tuanjie", [moved]),
        })
            (await CaseDriver.ListIdsAsync(await app.ClientForAsync(user), query)).ShouldBe(expected, ignoreOrder: false, customMessage: user);
        var admin = await app.ClientForAsync("admin");
        (await CaseDriver.ListIdsAsync(admin, $"{query}&gridId={facts.Grid2}")).ShouldBe([moved]);
        (await CaseDriver.ListIdsAsync(admin, $"{query}&gridId={facts.Grid1}")).ShouldBeEmpty();
    }

    // The marked cases whose searchable text holds the word, by a plain LIKE in the database.
    private async Task<List<long>> LikeAsync(string marker, string word)
    {
        var pattern = "%" + word + "%";
        await using var db = app.NewDb();
        return await db.Cases.Where(c => EF.Functions.Like(c.Description, "%" + marker + "%"))
            .Where(c => EF.Functions.Like(c.Description, pattern) || EF.Functions.Like(c.Address, pattern)
                || (c.Resolution != null && EF.Functions.Like(c.Resolution, pattern))
                || db.CaseEvents.Any(e => e.CaseId == c.Id && TextKinds.Contains(e.Kind) && e.Text != null && EF.Functions.Like(e.Text, pattern)))
            .Select(c => c.Id).ToListAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCaseSearchTests(SqliteApp app) : CaseSearchTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCaseSearchTests(PostgresApp app) : CaseSearchTests(app);
