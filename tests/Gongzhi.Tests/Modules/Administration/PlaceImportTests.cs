using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Gongzhi.Tests.Modules.Registry;

namespace Gongzhi.Tests.Modules.Administration;

// 导入地址库: a file of households (one row each) previewed, then committed whole; a file with any bad
// row is refused with each row's reason in Chinese and nothing is written. Only those who set up
// places may import, and only into their own community.
public abstract partial class PlaceImportTests(GongzhiApp app)
{
    private static int _n;
    private string Tag => (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "s" : "p") + Interlocked.Increment(ref _n);

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]+)\"")]
    private static partial Regex TokenField();

    private static readonly object?[] Header = ["社区", "网格", "小区", "楼栋", "单元", "房号"];

    private static Task<HttpResponseMessage> PreviewAsync(PageSession session, long communityId, byte[] file, string name = "places.xlsx") =>
        session.PostMultipartAsync("/administration/import", "place-preview", new() { ["communityId"] = $"{communityId}" },
            [("file", name, file, name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]);

    private static async Task<HttpResponseMessage> CommitAsync(PageSession session, string token) =>
        await session.PostFormAsync("/administration/import", "place-commit", new() { ["token"] = token });

    private async Task<(int, int, int, int, int)> CountsAsync()
    {
        await using var db = app.NewDb();
        return (await db.Grids.CountAsync(), await db.Estates.CountAsync(), await db.Buildings.CountAsync(), await db.Entrances.CountAsync(), await db.Households.CountAsync());
    }

    [Fact]
    public async Task A_previewed_file_is_committed_whole_and_a_second_import_adds_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var community = await db.Communities.SingleAsync(c => c.Id == facts.Community1);
        var tag = Tag;
        var estate = "新苑" + tag;
        // An existing grid: a new one with households would change the demo's grid count other tests read.
        var grid = await db.Grids.Where(g => g.CommunityId == community.Id).OrderBy(g => g.Id).Select(g => g.Name).FirstAsync();
        var rows = new List<object?[]> { Header };
        foreach (var building in new[] { "1栋", "2号楼" })
            foreach (var entrance in new[] { "1单元", "2" })
                foreach (var room in new[] { "101", "102", "1501" })
                    rows.Add([community.Name, grid, estate, building, entrance, room]);
        var file = XlsxBuilder.Build(rows);
        var admin = await PageSession.LogInAsync(app, "admin");
        var before = await CountsAsync();

        var preview = await PreviewAsync(admin, community.Id, file);
        var html = await preview.Content.ReadAsStringAsync();
        preview.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("新增网格 0 个、小区 1 个、楼栋 2 栋、单元 4 个、住户 12 户");
        (await CountsAsync()).ShouldBe(before);

        var commit = await CommitAsync(admin, WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value));
        (await commit.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"import-applied\"");
        (await CountsAsync()).ShouldBe((before.Item1, before.Item2 + 1, before.Item3 + 2, before.Item4 + 4, before.Item5 + 12));
        var made = await db.Buildings.Where(b => db.Estates.Any(e => e.Id == b.EstateId && e.Name == estate)).OrderBy(b => b.Number).ToListAsync();
        made.Select(b => (b.Number, b.Floors)).ShouldBe([(1, 15), (2, 15)]);
        var gridId = await db.Grids.Where(g => g.CommunityId == community.Id && g.Name == grid).Select(g => g.Id).SingleAsync();
        var madeIds = made.Select(b => b.Id).ToList();
        (await db.Households.CountAsync(h => h.GridId == gridId && madeIds.Contains(h.BuildingId))).ShouldBe(12);

        // The same file again, and a CSV as Excel saves it on a Chinese Windows (GB18030): only the new row is added.
        var again = await PreviewAsync(admin, community.Id, file);
        (await again.Content.ReadAsStringAsync()).ShouldContain("已有 12 户");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding("GB18030").GetBytes($"网格,小区,楼栋,房号\r\n{grid},{estate},1栋,\"201\"\r\n");
        var csvPreview = await PreviewAsync(admin, community.Id, csv, "places.csv");
        var csvHtml = await csvPreview.Content.ReadAsStringAsync();
        csvHtml.ShouldContain("住户 1 户");
        await CommitAsync(admin, TokenField().Match(csvHtml).Groups[1].Value);
        (await CountsAsync()).Item5.ShouldBe(before.Item5 + 13);
        // A token is spent once committed.
        var spent = await CommitAsync(admin, TokenField().Match(csvHtml).Groups[1].Value);
        spent.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await spent.Content.ReadAsStringAsync()).ShouldContain("预览已过期");
    }

    // The preview waits in the database (any instance behind the balancer can commit it), and two commits
    // of one preview — a double tap, two tabs — apply the file once; the other is told it was done.
    [Fact]
    public async Task A_preview_is_kept_in_the_database_and_two_commits_of_it_apply_it_once()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var grid = await db.Grids.Where(g => g.CommunityId == facts.Community1).OrderBy(g => g.Id).Select(g => g.Name).FirstAsync();
        var estate = "双击苑" + Tag;
        var file = XlsxBuilder.Build([Header, [null, grid, estate, "1栋", "1单元", "101"], [null, grid, estate, "1栋", "1单元", "102"]]);
        var admin = await PageSession.LogInAsync(app, "admin");
        var html = await (await PreviewAsync(admin, facts.Community1, file)).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);
        var adminId = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
        (await db.Set<Gongzhi.Web.Modules.Administration.Import.PlaceImportUpload>().CountAsync(u => u.Token == token && u.UserId == adminId && u.CommunityId == facts.Community1))
            .ShouldBe(1);
        var before = await CountsAsync();

        var answers = await Task.WhenAll(CommitAsync(admin, token), CommitAsync(admin, token));
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        bodies.Count(b => b.Contains("data-testid=\"import-applied\"", StringComparison.Ordinal)).ShouldBe(1);
        bodies.Count(b => b.Contains("预览已过期或已经导入", StringComparison.Ordinal)).ShouldBe(1);
        (await CountsAsync()).ShouldBe((before.Item1, before.Item2 + 1, before.Item3 + 1, before.Item4 + 1, before.Item5 + 2));
        (await db.Set<Gongzhi.Web.Modules.Administration.Import.PlaceImportUpload>().CountAsync(u => u.Token == token)).ShouldBe(0);
    }

    [Fact]
    public async Task A_file_with_bad_rows_is_refused_row_by_row_in_chinese_and_writes_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var community = await db.Communities.SingleAsync(c => c.Id == facts.Community1);
        var other = await db.Communities.Where(c => c.Id == facts.Community2).Select(c => c.Name).SingleAsync();
        var existing = await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id join g in db.Grids on b.GridId equals g.Id
                              where e.CommunityId == community.Id orderby b.Id select new { Estate = e.Name, b.Number, Grid = g.Name }).FirstAsync();
        var tag = Tag;
        var file = XlsxBuilder.Build([
            Header,
            [community.Name, "第一网格" + tag, "好苑" + tag, "1栋", "1单元", "101"],
            [community.Name, "第一网格" + tag, "好苑" + tag, "十栋", "1单元", "102"],
            [community.Name, "第一网格" + tag, "好苑" + tag, "1栋", "1单元", ""],
            [community.Name, "第一网格" + tag, "好苑" + tag, "1栋", "1单元", "101室"],
            [community.Name, "第二网格" + tag, "好苑" + tag, "1栋", "2单元", "101"],
            [other, "第一网格" + tag, "好苑" + tag, "3栋", "1单元", "101"],
            [community.Name, "别的网格" + tag, existing.Estate, $"{existing.Number}栋", "1单元", "9901"],
        ]);
        var admin = await PageSession.LogInAsync(app, "admin");
        var before = await CountsAsync();

        var response = await PreviewAsync(admin, community.Id, file);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        TokenField().IsMatch(html).ShouldBeFalse();
        html.ShouldContain("<td>3</td><td>楼栋</td><td>楼栋应为数字");
        html.ShouldContain("<td>4</td><td>房号</td><td>此项必填");
        html.ShouldContain("<td>5</td><td>房号</td><td>与第 2 行是同一户");
        html.ShouldContain("<td>6</td><td>网格</td><td>同一楼栋在第 2 行属于“第一网格" + tag + "”");
        html.ShouldContain($"<td>7</td><td>社区</td><td>“{other}”不是本次导入的社区（{community.Name}）");
        html.ShouldContain($"<td>8</td><td>网格</td><td>{existing.Number}栋已属于“{existing.Grid}”");
        (await CountsAsync()).ShouldBe(before);

        var header = await PreviewAsync(admin, community.Id, XlsxBuilder.Build([["小区", "房号"], ["好苑", "101"]]));
        header.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await header.Content.ReadAsStringAsync()).ShouldMatch("data-field-error=\"File\"[^<]*>\\s*<div>[^<]*网格、楼栋");
        var junk = await PreviewAsync(admin, community.Id, [0x50, 0x4B, 1, 2, 3]);
        junk.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CountsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Only_place_managers_import_and_only_into_their_own_community()
    {
        var facts = await DemoFacts.ForAsync(app);
        var file = XlsxBuilder.Build([Header, [null, "第一网格", "越权苑" + Tag, "1栋", "1单元", "101"]]);
        var before = await CountsAsync();
        foreach (var name in new[] { "wangge.li", "wuye", "bumen" })
        {
            var session = await PageSession.LogInAsync(app, name);
            (await session.Client.GetAsync("/administration/import")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        (await PreviewAsync(staff, facts.Community2, file)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CountsAsync()).ShouldBe(before);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePlaceImportTests(SqliteApp app) : PlaceImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPlaceImportTests(PostgresApp app) : PlaceImportTests(app);
