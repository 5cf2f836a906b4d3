using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Gongzhi.Web.Modules.Insight;
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

    // Downloads a ledger as community staff and returns its one sheet's rows, with the audit line checked.
    private async Task<List<Row>> DownloadAsync(string kind, string query, long community, string title)
    {
        int audits;
        await using (var db = app.NewDb())
            audits = await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"community/{community}" && a.Detail!.Contains($"ledger={kind} "));
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var response = await staff.GetAsync($"/insight/community/{community}/ledgers/{kind}.xlsx?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var rows = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>().ToList();
        CellText(rows[0].Elements<Cell>().First()).ShouldBe(title);
        CellText(rows[3].Elements<Cell>().First()).ShouldContain("制表人");
        CellText(rows[^1].Elements<Cell>().First()).ShouldBe("合计");
        part.Worksheet.GetFirstChild<PageSetup>()!.Orientation!.Value.ShouldBe(OrientationValues.Landscape);
        await using (var db = app.NewDb())
            (await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"community/{community}" && a.Detail!.Contains($"ledger={kind} "))).ShouldBe(audits + 1);
        return rows;
    }

    private static string CellAt(Row row, int column) =>
        row.Elements<Cell>().FirstOrDefault(c => c.CellReference!.Value!.StartsWith(LedgerWriter.XlsxColumn(column), StringComparison.Ordinal)
            && char.IsDigit(c.CellReference!.Value![LedgerWriter.XlsxColumn(column).Length])) is { } c ? CellText(c) : "";

    [Fact]
    public async Task The_yearly_visits_ledger_has_a_row_per_visit_and_its_totals_match()
    {
        var facts = await DemoFacts.ForAsync(app);
        var year = ChinaDay(DateTime.UtcNow).Year;
        int expected, home;
        await using (var db = app.NewDb())
        {
            var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
            var grids = await db.Grids.Where(g => g.CommunityId == facts.Community1).Select(g => g.Id).ToListAsync();
            var visits = await db.Set<Gongzhi.Web.Modules.Care.Visit>().Where(v => v.At >= start && v.At < end).Select(v => new { v.GridId, v.Kind }).ToListAsync();
            expected = visits.Count(v => grids.Contains(v.GridId));
            home = visits.Count(v => grids.Contains(v.GridId) && v.Kind == Gongzhi.Web.Modules.Care.VisitKind.Home);
        }
        expected.ShouldBeGreaterThan(0);
        var rows = await DownloadAsync("visits", $"p=year&on={year}", facts.Community1, "走访台账");
        rows[4].Elements<Cell>().Select(CellText).ShouldBe(["序号", "走访时间", "网格", "走访对象", "走访方式", "对象状况", "走访人", "情况记录"]);
        var items = rows.Skip(5).SkipLast(1).ToList();
        items.Count.ShouldBe(expected);
        items.Count(r => CellAt(r, 4) == "上门").ShouldBe(home);
        CellAt(rows[^1], 1).ShouldBe(expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
        CellAt(rows[^1], 4).ShouldContain($"其中上门 {home} 次");
        // Names of the people visited are shortened.
        items.ShouldAllBe(r => CellAt(r, 3).Length <= 1 || CellAt(r, 3).Contains('*'));
    }

    [Fact]
    public async Task The_yearly_events_ledger_has_a_row_per_event_held_and_its_places_and_attendance_add_up()
    {
        var facts = await DemoFacts.ForAsync(app);
        var year = ChinaDay(DateTime.UtcNow).Year;
        int expected;
        long places, attendance;
        await using (var db = app.NewDb())
        {
            var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
            var events = await db.Events.Where(e => e.CommunityId == facts.Community1 && e.StartsAt >= start && e.StartsAt < end
                && e.Status != Gongzhi.Web.Modules.Activities.EventStatus.Cancelled).Select(e => new { e.Id, e.Capacity }).ToListAsync();
            var ids = events.Select(e => e.Id).ToList();
            var registrations = await db.Registrations.Where(r => ids.Contains(r.EventId)).Select(r => r.Id).ToListAsync();
            var checkIns = await db.CheckIns.Select(c => c.RegistrationId).ToListAsync();
            expected = events.Count;
            places = events.Sum(e => (long)e.Capacity);
            attendance = checkIns.Count(registrations.Contains);
        }
        expected.ShouldBeGreaterThan(0);
        var rows = await DownloadAsync("events", $"p=year&on={year}", facts.Community1, "活动台账");
        rows[4].Elements<Cell>().Select(CellText).ShouldBe(["序号", "活动时间", "活动名称", "活动类别", "活动地点", "主办方", "名额", "参与人次"]);
        var items = rows.Skip(5).SkipLast(1).ToList();
        items.Count.ShouldBe(expected);
        items.Sum(r => long.Parse(CellAt(r, 6), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(places);
        items.Sum(r => long.Parse(CellAt(r, 7), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(attendance);
        CellAt(rows[^1], 1).ShouldBe($"共开展 {expected} 场次");
        CellAt(rows[^1], 6).ShouldBe(places.ToString(System.Globalization.CultureInfo.InvariantCulture));
        CellAt(rows[^1], 7).ShouldBe(attendance.ToString(System.Globalization.CultureInfo.InvariantCulture));
        items.ShouldAllBe(r => CellAt(r, 4).Length > 0);
    }

    [Fact]
    public async Task The_yearly_service_ledger_has_a_row_per_volunteer_and_its_shifts_and_hours_add_up()
    {
        var facts = await DemoFacts.ForAsync(app);
        var year = ChinaDay(DateTime.UtcNow).Year;
        int volunteers, shifts;
        long minutes;
        await using (var db = app.NewDb())
        {
            var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
            var activities = await db.VolunteerActivities.Where(a => a.CommunityId == facts.Community1).Select(a => a.Id).ToListAsync();
            var inYear = await db.Shifts.Where(s => s.StartsAt >= start && s.StartsAt < end).Select(s => new { s.Id, s.ActivityId }).ToListAsync();
            var ours = inYear.Where(s => activities.Contains(s.ActivityId)).Select(s => s.Id).ToHashSet();
            var signups = (await db.ShiftSignups.Where(s => s.Status == Gongzhi.Web.Modules.Volunteering.Activities.SignupStatus.Confirmed && s.ConfirmedMinutes != null)
                .Select(s => new { s.ShiftId, s.VolunteerId, s.ConfirmedMinutes }).ToListAsync()).Where(s => ours.Contains(s.ShiftId)).ToList();
            volunteers = signups.Select(s => s.VolunteerId).Distinct().Count();
            shifts = signups.Count;
            minutes = signups.Sum(s => (long)s.ConfirmedMinutes!.Value);
        }
        volunteers.ShouldBeGreaterThan(0);
        var rows = await DownloadAsync("service", $"p=year&on={year}", facts.Community1, "志愿服务台账");
        rows[4].Elements<Cell>().Select(CellText).ShouldBe(["序号", "志愿者", "所属队伍", "参与项目数", "服务次数", "服务时长（小时）"]);
        var items = rows.Skip(5).SkipLast(1).ToList();
        items.Count.ShouldBe(volunteers);
        items.Sum(r => int.Parse(CellAt(r, 4), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(shifts);
        CellAt(rows[^1], 1).ShouldBe($"共 {volunteers} 名志愿者");
        CellAt(rows[^1], 4).ShouldBe(shifts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        decimal.Parse(CellAt(rows[^1], 5), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Math.Round(minutes / 60m, 1));
    }

    [Fact]
    public async Task The_yearly_points_ledger_has_a_row_per_entry_and_its_net_total_matches()
    {
        var facts = await DemoFacts.ForAsync(app);
        var year = ChinaDay(DateTime.UtcNow).Year;
        int expected;
        long net;
        await using (var db = app.NewDb())
        {
            var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
            var volunteers = await db.Volunteers.Where(v => v.CommunityId == facts.Community1).Select(v => (long?)v.Id).ToListAsync();
            var accounts = (await db.PointsAccounts.Where(a => a.Kind == Gongzhi.Web.Modules.Volunteering.Points.AccountKind.Volunteer)
                .Select(a => new { a.Id, a.VolunteerId }).ToListAsync()).Where(a => volunteers.Contains(a.VolunteerId)).Select(a => a.Id).ToHashSet();
            var entries = (await db.PointsEntries.Where(e => e.CreatedAt >= start && e.CreatedAt < end).Select(e => new { e.AccountId, e.Amount }).ToListAsync())
                .Where(e => accounts.Contains(e.AccountId)).ToList();
            expected = entries.Count;
            net = entries.Sum(e => e.Amount);
        }
        expected.ShouldBeGreaterThan(0);
        var rows = await DownloadAsync("points", $"p=year&on={year}", facts.Community1, "积分台账");
        rows[4].Elements<Cell>().Select(CellText).ShouldBe(["序号", "记账时间", "志愿者", "类别", "事由", "积分"]);
        var items = rows.Skip(5).SkipLast(1).ToList();
        items.Count.ShouldBe(expected);
        items.Sum(r => long.Parse(CellAt(r, 5), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(net);
        CellAt(rows[^1], 1).ShouldBe($"共 {expected} 笔");
        CellAt(rows[^1], 5).ShouldBe(net.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_grid_worker_cannot_download_another_grids_ledger()
    {
        var facts = await DemoFacts.ForAsync(app);
        var worker = (await PageSession.LogInAsync(app, "wangge.li")).Client;
        (await worker.GetAsync($"/insight/grid/{facts.Grid2}/ledgers/cases.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/insight/community/{facts.Community1}/ledgers/cases.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/insight/grid/{facts.Grid1}/ledgers/cases.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var kind in (string[])["visits", "events", "service", "points"])
        {
            (await worker.GetAsync($"/insight/grid/{facts.Grid2}/ledgers/{kind}.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await worker.GetAsync($"/insight/community/{facts.Community1}/ledgers/{kind}.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await worker.GetAsync($"/insight/grid/{facts.Grid1}/ledgers/{kind}.xlsx")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteLedgerTests(SqliteApp app) : LedgerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerTests(PostgresApp app) : LedgerTests(app);
