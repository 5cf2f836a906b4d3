using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gongzhi.Web.Platform.Export;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Platform.Export;

// The shared export (Platform/Export) through the host: a list's CSV read back with a parser written here and
// compared with the raw rows, the .xlsx read back with the Open XML SDK, scope refusals, masking kept, audit lines.
public abstract class ExportTests(GongzhiApp app)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private sealed record RawCase(long Id, string Description, string Address);

    private async Task<List<RawCase>> GridCasesAsync(long grid)
    {
        await using var db = app.NewDb();
        return (await db.Cases.Where(c => c.GridId == grid).Select(c => new { c.Id, c.Description, c.Address }).ToListAsync())
            .OrderByDescending(c => c.Id).Select(c => new RawCase(c.Id, c.Description, c.Address)).ToList();
    }

    private async Task<List<long>> ExportAuditIdsAsync(string list)
    {
        await using var db = app.NewDb();
        return await db.AuditEntries.Where(a => a.Action == "Export" && a.Subject == $"list/{list}").Select(a => a.Id).ToListAsync();
    }

    private async Task<string> NewAuditDetailAsync(string list, IReadOnlyCollection<long> before)
    {
        await using var db = app.NewDb();
        var fresh = await db.AuditEntries.Where(a => a.Action == "Export" && a.Subject == $"list/{list}" && !before.Contains(a.Id)).ToListAsync();
        fresh.Count.ShouldBe(1);
        fresh[0].UserName.ShouldNotBeNullOrEmpty();
        return fresh[0].Detail!;
    }

    [Fact]
    public async Task A_grid_workers_case_search_as_csv_round_trips_chinese_text_and_is_audited()
    {
        var facts = await DemoFacts.ForAsync(app);
        var raw = await GridCasesAsync(facts.Grid1);
        raw.Count.ShouldBeGreaterThan(0);
        var before = await ExportAuditIdsAsync("cases");
        var worker = (await PageSession.LogInAsync(app, "wangge.li")).Client;

        var response = await worker.GetAsync($"/export/cases.csv?gridId={facts.Grid1}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));

        rows[0].ShouldBe(["编号", "提交时间", "类别", "渠道", "状态", "地址", "内容", "负责人", "办结期限"]);
        var items = rows.Skip(1).ToList();
        items.Count.ShouldBe(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            items[i][0].ShouldBe(raw[i].Id.ToString(CultureInfo.InvariantCulture));
            items[i][5].ShouldBe(Guarded(raw[i].Address));
            items[i][6].ShouldBe(Guarded(raw[i].Description));
        }
        (await NewAuditDetailAsync("cases", before)).ShouldBe($"csv; rows={raw.Count}; gridId={facts.Grid1}");
    }

    [Fact]
    public async Task The_api_answers_accept_xlsx_with_the_same_list_read_back_cell_by_cell()
    {
        var facts = await DemoFacts.ForAsync(app);
        var raw = await GridCasesAsync(facts.Grid1);
        var before = await ExportAuditIdsAsync("cases");
        var api = await app.ClientForAsync("wangge.li");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases?gridId={facts.Grid1}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Xlsx));
        var response = await api.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(Xlsx);

        var sheet = ReadXlsx(await response.Content.ReadAsByteArrayAsync()).Single();
        sheet.Rows[0][0].ShouldBe("编号");
        var items = sheet.Rows.Skip(1).ToList();
        items.Count.ShouldBe(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            items[i].At(0).ShouldBe(raw[i].Id.ToString(CultureInfo.InvariantCulture));
            items[i].At(5).ShouldBe(raw[i].Address);
            items[i].At(6).ShouldBe(raw[i].Description);
        }
        (await NewAuditDetailAsync("cases", before)).ShouldBe($"xlsx; rows={raw.Count}; gridId={facts.Grid1}");

        // Without the header the API answers JSON as before.
        var json = await api.GetAsync($"/api/v1/cases?gridId={facts.Grid1}");
        json.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
    }

    [Fact]
    public async Task A_grid_worker_cannot_export_another_grid_and_a_resident_cannot_export_at_all()
    {
        var facts = await DemoFacts.ForAsync(app);
        var before = await ExportAuditIdsAsync("cases");
        var worker = (await PageSession.LogInAsync(app, "wangge.li")).Client;
        foreach (var list in (string[])["cases", "worklist", "residents", "care-visits"])
        {
            (await worker.GetAsync($"/export/{list}.csv?gridId={facts.Grid2}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, list);
            (await worker.GetAsync($"/export/{list}.xlsx?gridId={facts.Grid2}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, list);
        }
        var api = await app.ClientForAsync("wangge.li");
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/cases?gridId={facts.Grid2}"))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            (await api.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        var resident = (await PageSession.LogInAsync(app, facts.ResidentUserName)).Client;
        foreach (var list in (string[])["cases", "residents", "care-recipients", "audit", "volunteer-hours"])
            (await resident.GetAsync($"/export/{list}.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, list);
        (await worker.GetAsync("/export/no-such-list.csv")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Refusals write no export line.
        (await ExportAuditIdsAsync("cases")).Count.ShouldBe(before.Count);
    }

    [Fact]
    public async Task Residents_export_keeps_phones_masked_and_counts_as_the_registry_does()
    {
        var facts = await DemoFacts.ForAsync(app);
        List<(string Name, string? Phone, string? Tail)> raw;
        await using (var db = app.NewDb())
            raw = (await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id
                          where h.GridId == facts.Grid1 && r.Status == Gongzhi.Web.Modules.Registry.ResidentStatus.Active
                          select new { r.Name, r.Phone, r.PhoneTail }).ToListAsync()).Select(r => (r.Name, (string?)r.Phone, (string?)r.PhoneTail)).ToList();
        var before = await ExportAuditIdsAsync("residents");
        var worker = (await PageSession.LogInAsync(app, "wangge.li")).Client;
        var bytes = await worker.GetByteArrayAsync($"/export/residents.xlsx?gridId={facts.Grid1}");
        var sheet = ReadXlsx(bytes).Single();
        sheet.Rows[0].ShouldBe(["姓名", "性别", "年龄", "电话", "户", "地址", "网格"]);
        var items = sheet.Rows.Skip(1).ToList();
        items.Count.ShouldBe(raw.Count);
        items.Select(r => r.At(0)).Order(StringComparer.Ordinal).ShouldBe(raw.Select(r => r.Name).Order(StringComparer.Ordinal));
        var phones = raw.Where(r => r.Phone is not null).Select(r => r.Phone!).ToHashSet();
        phones.Count.ShouldBeGreaterThan(0);
        foreach (var row in items)
        {
            phones.ShouldNotContain(row.At(3));
            if (row.At(3).Length > 0) row.At(3).ShouldStartWith("*******");
        }
        items.Count(r => r.At(3).Length > 0).ShouldBe(raw.Count(r => r.Tail is not null));
        (await NewAuditDetailAsync("residents", before)).ShouldBe($"xlsx; rows={raw.Count}; gridId={facts.Grid1}");
    }

    [Fact]
    public async Task Community_lists_export_for_staff_with_their_rows()
    {
        var facts = await DemoFacts.ForAsync(app);
        int notices, events;
        await using (var db = app.NewDb())
        {
            notices = await db.Set<Gongzhi.Web.Modules.Notices.Notice>().CountAsync(n => n.CommunityId == facts.Community1 || n.CommunityId == null);
            events = await db.Events.CountAsync(e => e.CommunityId == facts.Community1 && e.EndsAt >= DateTime.UtcNow);
        }
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        foreach (var list in (string[])["events", "notices", "topics", "organisations", "volunteers", "volunteer-hours", "points-ledger", "worklist", "care-recipients"])
        {
            var response = await staff.GetAsync($"/export/{list}.csv");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, list);
            var rows = ParseCsv(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'));
            rows[0].All(h => h.Length > 0 && !h.Any(char.IsAsciiLetterLower)).ShouldBeTrue(list);
        }
        var eventRows = ParseCsv(Encoding.UTF8.GetString(await staff.GetByteArrayAsync("/export/events.csv")).TrimStart('\uFEFF'));
        (eventRows.Count - 1).ShouldBeLessThanOrEqualTo(events);
        var noticeRows = ParseCsv(Encoding.UTF8.GetString(await staff.GetByteArrayAsync("/export/notices.csv")).TrimStart('\uFEFF'));
        (noticeRows.Count - 1).ShouldBeLessThanOrEqualTo(notices);
        (await staff.GetAsync($"/export/party-members.csv?communityId={facts.Community2}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    // RFC 4180 read back: quoted fields, doubled quotes, CRLF inside quotes.
    public static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString()); cell.Clear(); rows.Add(row.ToArray()); row.Clear(); i++;
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row.ToArray()); }
        return rows;
    }

    private static string Guarded(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteExportTests(SqliteApp app) : ExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresExportTests(PostgresApp app) : ExportTests(app);

// The CSV line itself, without a host: quoting and the formula guard.
public sealed class CsvLineTests
{
    [Fact]
    public void Cells_are_quoted_as_rfc_4180_says_and_formulas_are_defused()
    {
        ExportColumn[] columns = [new("a"), new("b"), new("n", Number: true), new("c"), new("d")];
        var line = ExportResult.Line(["=HYPERLINK(\"x\")", "王建国,\"老王\"", "-5", "+86 138", "第一行\n第二行"], columns);
        line.ShouldBe("\"'=HYPERLINK(\"\"x\"\")\",\"王建国,\"\"老王\"\"\",-5,'+86 138,\"第一行\n第二行\"\r\n");
        ExportTests.ParseCsv(line).Single().ShouldBe(["'=HYPERLINK(\"x\")", "王建国,\"老王\"", "-5", "'+86 138", "第一行\n第二行"]);
        ExportResult.Line(["@SUM(A1)", "-x", null], [new("a"), new("b", Number: true), new("c")]).ShouldBe("'@SUM(A1),'-x,\r\n");
    }
}
