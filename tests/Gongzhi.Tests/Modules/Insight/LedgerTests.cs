using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Modules.Insight;

// The 诉求办理台账 read back cell by cell with the Open XML SDK: header block, one row per case of the period
// (counted here from the raw rows), totals that match, A4 landscape; each download audited; another grid's: 404.
public abstract class LedgerTests(GongzhiApp app)
{
    private static string CellText(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";

    [Fact]
    public async Task The_monthly_requests_ledger_has_a_row_per_case_and_its_totals_match()
    {
        var facts = await DemoFacts.ForAsync(app);
        var today = ChinaDay(DateTime.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1);
        int expected;
        string communityName;
        int audits;
        await using (var db = app.NewDb())
        {
            var (start, end) = (ChinaStart(month), ChinaStart(month.AddMonths(1)));
            expected = await db.Cases.CountAsync(c => c.CommunityId == facts.Community1 && c.SubmittedAt >= start && c.SubmittedAt < end);
            communityName = await db.Communities.Where(c => c.Id == facts.Community1).Select(c => c.Name).SingleAsync();
            audits = await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"community/{facts.Community1}");
        }
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var response = await staff.GetAsync($"/insight/community/{facts.Community1}/ledgers/cases.xlsx?p=month&on={month:yyyy-MM}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        sheet.Name!.Value.ShouldBe(communityName);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var rows = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        CellText(rows[0].Elements<Cell>().First()).ShouldBe("诉求办理台账");
        CellText(rows[1].Elements<Cell>().First()).ShouldContain(communityName);
        CellText(rows[2].Elements<Cell>().First()).ShouldContain($"{month:yyyy-MM-dd}");
        CellText(rows[3].Elements<Cell>().First()).ShouldContain("制表人");
        rows[4].Elements<Cell>().Select(CellText).ShouldBe(["序号", "受理时间", "渠道", "类别", "地点", "诉求内容", "办理状态", "办结时间", "居民评价", "承办人"]);
        var items = rows.Skip(5).SkipLast(1).ToList();
        items.Count.ShouldBe(expected);
        for (var i = 0; i < items.Count; i++) CellText(items[i].Elements<Cell>().First()).ShouldBe((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var totals = rows[^1].Elements<Cell>().ToList();
        CellText(totals[0]).ShouldBe("合计");
        CellText(totals[1]).ShouldBe(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var resolved = items.Count(r => CellText(r.Elements<Cell>().ElementAt(6)) is "已办结" or "已关闭");
        CellText(totals[5]).ShouldContain($"已办结 {resolved} 件");

        var setup = part.Worksheet.GetFirstChild<PageSetup>()!;
        setup.PaperSize!.Value.ShouldBe(9u);
        setup.Orientation!.Value.ShouldBe(OrientationValues.Landscape);
        part.Worksheet.GetFirstChild<Columns>()!.Elements<Column>().Count().ShouldBe(10);

        await using (var db = app.NewDb())
            (await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"community/{facts.Community1}")).ShouldBe(audits + 1);
    }

    [Fact]
    public async Task A_grid_worker_cannot_download_another_grids_ledger()
    {
        var facts = await DemoFacts.ForAsync(app);
        var worker = (await PageSession.LogInAsync(app, "wangge.li")).Client;
        (await worker.GetAsync($"/insight/grid/{facts.Grid2}/ledgers/cases.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/insight/community/{facts.Community1}/ledgers/cases.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/insight/grid/{facts.Grid1}/ledgers/cases.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteLedgerTests(SqliteApp app) : LedgerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerTests(PostgresApp app) : LedgerTests(app);
