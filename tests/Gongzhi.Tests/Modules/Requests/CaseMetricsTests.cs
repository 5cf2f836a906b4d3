using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Gongzhi.Web.Modules.Requests;
using Case = Gongzhi.Web.Modules.Requests.Case;

namespace Gongzhi.Tests.Modules.Requests;

// The three rates on cases whose every timestamp the test chose, in a category of their own (so the
// shared database's other cases never count), checked as exact fractions per grid, owner, month,
// community and category; then who may see what, and bad input.
public abstract partial class CaseMetricsTests(GongzhiApp app)
{
    private sealed record Seeded(long CategoryId, long Grid1, long Grid2, long Community1, long Community2, string OwnerA, string OwnerB, string OwnerC, string PendingMonth);

    private static DateTime China(int year, int month, int day, int hour, int minute) =>
        new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);

    private static string Today => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Nine cases; what each should count for (resp = response numerator/denominator, resolved of counted, rated/satisfied):
    //  1 grid1 A  Mar  contacted on time, resolved, 满意 → closed           resp 1/1  resolved  sat 1/1
    //  2 grid1 A  Mar  contacted late, resolved, 基本满意 → closed           resp 0/1  resolved  sat 1/1
    //  3 grid1 A  Mar  on time, resolved, 不满意 → reopened and escalated    resp 1/1  open, overdue, escalated, sat 0/1
    //  4 grid2 B  Mar 31 23:30 (China) never contacted, resolve deadline ahead: overdue only by its contact deadline   resp 0/1  open
    //  5 grid2 B  Apr 1 00:30 (China; still Mar 31 in UTC) withdrawn → counts in total only
    //  6 grid2 C  Apr  accepted on time by C, resolved, not rated            resp 1/1  resolved
    //  7 grid2 B  Apr  accepted on time, past its resolve deadline           resp 1/1  open, overdue
    //  8 grid1 A  Apr  contacted, then merged into 3 → counts in total only
    //  9 grid1 A  now  not contacted, contact deadline ahead: pending          resp -/-  open
    private async Task<Seeded> SeedAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var category = new CaseCategory("metrics-" + Guid.NewGuid().ToString("N")[..12], "三率测试", "测试", 120, 5);
        db.CaseCategories.Add(category);
        await db.SaveChangesAsync();

        var (grid1, grid2) = (facts.Grids[0], facts.Grids[1]);
        var subdistrictOf = await db.Communities.ToDictionaryAsync(c => c.Id, c => c.SubdistrictId);
        CasePlace Place((long Id, long CommunityId) g) => new(subdistrictOf[g.CommunityId], g.CommunityId, g.Id, null, null, null, "三率测试地址");
        var a = (Id: facts.UserIds["wangge.li"], Name: "李网格");
        var b = (Id: facts.UserIds["wangge.chen"], Name: "陈网格");
        var c = (Id: facts.UserIds["wangge.zhang"], Name: "张网格");
        var resident = facts.UserIds[facts.ResidentUserName];
        Case New((long, long) grid, (string Id, string Name) owner, DateTime at, DateTime? respondBy = null, DateTime? resolveBy = null, string? reporter = null) =>
            new(category, Channel.Hotline, "三率测试诉求内容", Place(grid), new CaseReporter(reporter, null, "测试居民", null, false), owner,
                at, respondBy ?? at.AddHours(2), resolveBy ?? at.AddDays(5));
        var now = DateTime.UtcNow;

        var c1 = New(grid1, a, China(2025, 3, 3, 9, 0));
        c1.Accept(a.Id, a.Name, c1.SubmittedAt.AddHours(1));
        c1.Resolve("已处理完毕", c1.SubmittedAt.AddDays(2));
        c1.Rate(Rating.Satisfied, null, 1, c1.SubmittedAt.AddDays(3), c1.SubmittedAt.AddDays(10));

        var c2 = New(grid1, a, China(2025, 3, 10, 9, 0));
        c2.Accept(a.Id, a.Name, c2.SubmittedAt.AddHours(3));
        c2.Resolve("已处理完毕", c2.SubmittedAt.AddDays(1));
        c2.Rate(Rating.BasicallySatisfied, null, 1, c2.SubmittedAt.AddDays(2), c2.SubmittedAt.AddDays(10));

        var c3 = New(grid1, a, China(2025, 3, 12, 9, 0));
        c3.Accept(a.Id, a.Name, c3.SubmittedAt.AddHours(1));
        c3.Resolve("已处理完毕", c3.SubmittedAt.AddDays(1));
        c3.Rate(Rating.Unsatisfied, "没有修好", 0, c3.SubmittedAt.AddDays(2), c3.SubmittedAt.AddDays(12)).ShouldBe(Case.RateOutcome.Escalated);

        var c4 = New(grid2, b, new DateTime(2025, 3, 31, 15, 30, 0, DateTimeKind.Utc), resolveBy: now.AddDays(30));

        var c5 = New(grid2, b, new DateTime(2025, 3, 31, 16, 30, 0, DateTimeKind.Utc), reporter: resident);
        c5.Cancel(resident, c5.SubmittedAt.AddMinutes(10));

        var c6 = New(grid2, b, China(2025, 4, 7, 9, 0));
        c6.Accept(c.Id, c.Name, c6.SubmittedAt.AddHours(1));
        c6.Resolve("已处理完毕", c6.SubmittedAt.AddDays(1));

        var c7 = New(grid2, b, China(2025, 4, 8, 9, 0));
        c7.Accept(b.Id, b.Name, c7.SubmittedAt.AddHours(1));

        var c9 = New(grid1, a, now.AddMinutes(-30), now.AddDays(1), now.AddDays(5));
        db.Cases.AddRange(c1, c2, c3, c4, c5, c6, c7, c9);
        await db.SaveChangesAsync();

        var c8 = New(grid1, a, China(2025, 4, 9, 9, 0));
        c8.Contacted(c8.SubmittedAt.AddMinutes(30));
        c8.MergeInto(c3, c8.SubmittedAt.AddHours(1));
        db.Cases.Add(c8);
        await db.SaveChangesAsync();

        return new Seeded(category.Id, grid1.Id, grid2.Id, grid1.CommunityId, grid2.CommunityId, a.Id, b.Id, c.Id,
            c9.SubmittedAt.AddHours(8).ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    private async Task<JsonNode> MetricsAsync(string account, string query)
    {
        var client = await app.ClientForAsync(account);
        return await (await client.GetAsync("/api/v1/case-metrics?" + query)).JsonAsync();
    }

    private static JsonNode Row(JsonNode report, string key) =>
        report["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == key)!;

    private static void Counts(JsonNode row, int total, int open, int overdue, int escalated)
    {
        var label = row["key"]!.GetValue<string>();
        row["total"]!.GetValue<int>().ShouldBe(total, label);
        row["open"]!.GetValue<int>().ShouldBe(open, label);
        row["overdue"]!.GetValue<int>().ShouldBe(overdue, label);
        row["escalated"]!.GetValue<int>().ShouldBe(escalated, label);
    }

    private static void Rate(JsonNode row, string rate, int numerator, int denominator, double? percent)
    {
        var label = row["key"]!.GetValue<string>() + " " + rate;
        var r = row[rate]!;
        r["numerator"]!.GetValue<int>().ShouldBe(numerator, label);
        r["denominator"]!.GetValue<int>().ShouldBe(denominator, label);
        if (percent is { } p) r["percent"]!.GetValue<double>().ShouldBe(p, label);
        else r["percent"].ShouldBeNull(label);
    }

    private static void Rates(JsonNode row, (int N, int D, double? P) response, (int N, int D, double? P) resolution, (int N, int D, double? P) satisfaction)
    {
        Rate(row, "response", response.N, response.D, response.P);
        Rate(row, "resolution", resolution.N, resolution.D, resolution.P);
        Rate(row, "satisfaction", satisfaction.N, satisfaction.D, satisfaction.P);
    }

    [Fact]
    public async Task Rates_per_grid_owner_and_category_are_exact_fractions()
    {
        var s = await SeedAsync();
        var range = $"from=2025-03-01&to={Today}&categoryId={s.CategoryId}";

        var byGrid = await MetricsAsync("admin", "by=grid&" + range);
        byGrid["by"]!.GetValue<string>().ShouldBe("grid");
        byGrid["rows"]!.AsArray().Count.ShouldBe(2);
        var g1 = Row(byGrid, s.Grid1.ToString(CultureInfo.InvariantCulture));
        Counts(g1, total: 5, open: 2, overdue: 1, escalated: 1);
        Rates(g1, (2, 3, 66.7), (2, 4, 50.0), (2, 3, 66.7));
        var g2 = Row(byGrid, s.Grid2.ToString(CultureInfo.InvariantCulture));
        Counts(g2, total: 4, open: 2, overdue: 2, escalated: 0);
        Rates(g2, (2, 3, 66.7), (1, 3, 33.3), (0, 0, null));
        Counts(byGrid["overall"]!, total: 9, open: 4, overdue: 3, escalated: 1);
        Rates(byGrid["overall"]!, (4, 6, 66.7), (3, 7, 42.9), (2, 3, 66.7));

        var byOwner = await MetricsAsync("admin", "by=owner&" + range);
        byOwner["rows"]!.AsArray().Count.ShouldBe(3);
        Counts(Row(byOwner, s.OwnerA), 5, 2, 1, 1);
        Rates(Row(byOwner, s.OwnerA), (2, 3, 66.7), (2, 4, 50.0), (2, 3, 66.7));
        Counts(Row(byOwner, s.OwnerB), 3, 2, 2, 0);
        Rates(Row(byOwner, s.OwnerB), (1, 2, 50.0), (0, 2, 0.0), (0, 0, null));
        Counts(Row(byOwner, s.OwnerC), 1, 0, 0, 0);
        Rates(Row(byOwner, s.OwnerC), (1, 1, 100.0), (1, 1, 100.0), (0, 0, null));
        Row(byOwner, s.OwnerC)["label"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();

        var byCategory = await MetricsAsync("admin", "by=CATEGORY&" + range);
        var category = byCategory["rows"]!.AsArray().Single()!;
        category["key"]!.GetValue<string>().ShouldBe(s.CategoryId.ToString(CultureInfo.InvariantCulture));
        category["label"]!.GetValue<string>().ShouldBe("三率测试");
        Counts(category, 9, 4, 3, 1);
        Rates(category, (4, 6, 66.7), (3, 7, 42.9), (2, 3, 66.7));

        // Both grids may lie in one community; either way the communities add up to the whole.
        var byCommunity = await MetricsAsync("admin", "by=community&" + range);
        if (s.Community1 == s.Community2)
        {
            Counts(byCommunity["rows"]!.AsArray().Single()!, 9, 4, 3, 1);
        }
        else
        {
            Counts(Row(byCommunity, s.Community1.ToString(CultureInfo.InvariantCulture)), 5, 2, 1, 1);
            Counts(Row(byCommunity, s.Community2.ToString(CultureInfo.InvariantCulture)), 4, 2, 2, 0);
        }
        var bySubdistrict = await MetricsAsync("admin", "by=subdistrict&" + range);
        Rates(bySubdistrict["rows"]!.AsArray().Single()!, (4, 6, 66.7), (3, 7, 42.9), (2, 3, 66.7));
    }

    [Fact]
    public async Task Months_follow_China_time_and_every_month_of_the_range_has_a_row()
    {
        var s = await SeedAsync();
        var report = await MetricsAsync("admin", $"by=month&from=2025-03-01&to={Today}&categoryId={s.CategoryId}");
        var rows = report["rows"]!.AsArray();
        rows[0]!["key"]!.GetValue<string>().ShouldBe("2025-03");
        rows[1]!["key"]!.GetValue<string>().ShouldBe("2025-04");
        rows[^1]!["key"]!.GetValue<string>().ShouldBe(s.PendingMonth);
        var today = DateTime.UtcNow.AddHours(8);
        rows.Count.ShouldBe((today.Year - 2025) * 12 + today.Month - 3 + 1);

        // Case 4 (23:30 on 31 March, China time) is March; case 5 (00:30 on 1 April) is April though UTC still says March.
        var march = Row(report, "2025-03");
        Counts(march, 4, 2, 2, 1);
        Rates(march, (2, 4, 50.0), (2, 4, 50.0), (2, 3, 66.7));
        var april = Row(report, "2025-04");
        Counts(april, 4, 1, 1, 0);
        Rates(april, (2, 2, 100.0), (1, 2, 50.0), (0, 0, null));
        var pending = Row(report, s.PendingMonth);
        Counts(pending, 1, 1, 0, 0);
        Rates(pending, (0, 0, null), (0, 1, 0.0), (0, 0, null));
        var may = Row(report, "2025-05");
        Counts(may, 0, 0, 0, 0);
        Rates(may, (0, 0, null), (0, 0, null), (0, 0, null));

        // The range is whole China days: 1 April takes case 5 and leaves case 4 out.
        var justApril = await MetricsAsync("admin", $"by=month&from=2025-04-01&to=2025-04-30&categoryId={s.CategoryId}");
        justApril["rows"]!.AsArray().Count.ShouldBe(1);
        Counts(justApril["overall"]!, 4, 1, 1, 0);
        var lastOfMarch = await MetricsAsync("admin", $"by=grid&from=2025-03-31&to=2025-03-31&categoryId={s.CategoryId}");
        Counts(lastOfMarch["overall"]!, 1, 1, 1, 0);
        Rates(lastOfMarch["overall"]!, (0, 1, 0.0), (0, 1, 0.0), (0, 0, null));
    }

    [Fact]
    public async Task A_grid_worker_sees_only_their_grid_and_a_resident_is_refused()
    {
        var s = await SeedAsync();
        var range = $"from=2025-03-01&to={Today}&categoryId={s.CategoryId}";

        var li = await MetricsAsync("wangge.li", "by=grid&" + range);
        Counts(li["rows"]!.AsArray().Single()!, 5, 2, 1, 1);
        li["rows"]![0]!["key"]!.GetValue<string>().ShouldBe(s.Grid1.ToString(CultureInfo.InvariantCulture));
        var chen = await MetricsAsync("wangge.chen", "by=owner&" + range);
        Counts(chen["overall"]!, 4, 2, 2, 0);
        chen["rows"]!.AsArray().Select(r => r!["key"]!.GetValue<string>()).Order().ShouldBe(new[] { s.OwnerB, s.OwnerC }.Order());

        // A grid filter outside one's scope finds nothing rather than someone else's numbers.
        var other = await MetricsAsync("wangge.li", $"by=grid&{range}&gridId={s.Grid2}");
        other["rows"]!.AsArray().ShouldBeEmpty();
        Counts(other["overall"]!, 0, 0, 0, 0);

        var facts = await DemoFacts.ForAsync(app);
        foreach (var account in new[] { facts.ResidentUserName, "wuye", "bumen" })
        {
            var client = await app.ClientForAsync(account, "en");
            var problem = await (await client.GetAsync("/api/v1/case-metrics?by=grid")).ProblemAsync(HttpStatusCode.Forbidden);
            problem["title"]!.GetValue<string>().ShouldBe("Forbidden");
        }
        (await app.Anonymous().GetAsync("/api/v1/case-metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("by=street", "by", "Group by one of: grid, community, subdistrict, category, owner, month")]
    [InlineData("by=1", "by", "Group by one of: grid, community, subdistrict, category, owner, month")]
    [InlineData("by=grid,month", "by", "Group by one of: grid, community, subdistrict, category, owner, month")]
    [InlineData("by=grid&from=2025-05-01&to=2025-04-01", "to", "The end date cannot be before the start date")]
    [InlineData("by=month&from=2025-13-01", "from", "Give the date as yyyy-MM-dd, e.g. 2026-03-31")]
    [InlineData("by=month&to=yesterday", "to", "Give the date as yyyy-MM-dd, e.g. 2026-03-31")]
    [InlineData("by=month&from=2000-01-01&to=2025-01-01", "to", "The range can span at most 10 years")]
    public async Task Bad_input_is_a_localized_400_naming_the_field(string query, string field, string message)
    {
        var client = await app.ClientForAsync("admin", "en");
        var problem = await (await client.GetAsync("/api/v1/case-metrics?" + query)).ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor(field).ShouldBe([message]);
        problem["title"]!.GetValue<string>().ShouldBe("Invalid input");

        var chinese = await app.ClientForAsync("admin", "zh-CN");
        var zh = await (await chinese.GetAsync("/api/v1/case-metrics?" + query)).ProblemAsync(HttpStatusCode.BadRequest);
        zh.ErrorsFor(field).Single().ShouldNotBe(message);
        zh["title"]!.GetValue<string>().ShouldBe("输入有误");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<script type=\"application/json\" id=\"metrics-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ChartData();

    // A browser's session: the login form, then pages with the cookie.
    private async Task<HttpClient> PagesAsAsync(string userName)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var token = AntiforgeryField().Match(await client.GetStringAsync("/login")).Groups[1].Value;
        var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = userName, ["Input.Password"] = GongzhiApp.Password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    [Fact]
    public async Task The_page_shows_the_same_numbers_in_a_table_and_hands_the_charts_their_data()
    {
        var s = await SeedAsync();
        var client = await PagesAsAsync("wangge.li");
        var response = await client.GetAsync($"/cases/metrics?by=grid&from=2025-03-01&to={Today}&categoryId={s.CategoryId}");
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("<table class=\"table table-sm gz-metrics-table\" data-testid=\"rates\">");
        html.ShouldContain($"<tr data-key=\"{s.Grid1}\">");
        html.ShouldNotContain($"<tr data-key=\"{s.Grid2}\">");
        html.ShouldContain("<strong>66.7%</strong>");
        html.ShouldContain("2/<wbr>3");

        var data = JsonNode.Parse(ChartData().Match(html).Groups[1].Value)!;
        var bars = data["charts"]![0]!;
        bars["kind"]!.GetValue<string>().ShouldBe("bar");
        bars["labels"]!.AsArray().Count.ShouldBe(1);
        bars["series"]![0]!["name"]!.GetValue<string>().ShouldBe("Response rate");
        bars["series"]![0]!["values"]![0]!.GetValue<double>().ShouldBe(66.7);
        bars["series"]![2]!["values"]![0]!.GetValue<double>().ShouldBe(66.7);
        var trend = data["charts"]![1]!;
        trend["kind"]!.GetValue<string>().ShouldBe("line");
        trend["labels"]![0]!.GetValue<string>().ShouldBe("2025-03");

        var bad = await client.GetAsync("/cases/metrics?by=street");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Group by one of: grid, community, subdistrict, category, owner, month");

        var facts = await DemoFacts.ForAsync(app);
        var resident = await PagesAsAsync(facts.ResidentUserName);
        (await resident.GetAsync("/cases/metrics")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCaseMetricsTests(SqliteApp app) : CaseMetricsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCaseMetricsTests(PostgresApp app) : CaseMetricsTests(app);
