using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Care;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Modules.Insight;

// 一年数说: the community's year in sentences. Each figure equals a count made here from the raw rows, each opens a
// list with as many rows, and the .docx (read back with the Open XML SDK) carries the same sentences. Audited;
// outside one's places: 404.
public abstract class YearInFiguresTests(GongzhiApp app)
{
    private sealed record Raw(long Cases, long Events, long Places, long Attendance, long Visits, long HomeVisits, long Meetings, long Funded, long GrantedFen);

    private async Task<Raw> CountAsync(long community, int year, DateTime now)
    {
        var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
        await using var db = app.NewDb();
        var cases = await db.Cases.CountAsync(c => c.CommunityId == community && c.SubmittedAt >= start && c.SubmittedAt < end);
        var events = await db.Events.Where(e => e.CommunityId == community && e.StartsAt >= start && e.StartsAt < end && e.Status != EventStatus.Cancelled)
            .Select(e => new { e.Id, e.Capacity }).ToListAsync();
        var eventIds = events.Select(e => e.Id).ToList();
        var registrations = await db.Registrations.Where(r => eventIds.Contains(r.EventId)).Select(r => r.Id).ToListAsync();
        var attendance = (await db.CheckIns.Select(c => c.RegistrationId).ToListAsync()).Count(registrations.Contains);
        var grids = await db.Grids.Where(g => g.CommunityId == community).Select(g => g.Id).ToListAsync();
        var visits = (await db.Set<Visit>().Where(v => v.At >= start && v.At < end).Select(v => new { v.GridId, v.Kind }).ToListAsync()).Where(v => grids.Contains(v.GridId)).ToList();
        var meetings = await db.Meetings.CountAsync(m => m.CommunityId == community && m.StartsAt >= start && m.StartsAt < end && m.StartsAt <= now);
        var orgs = await db.Set<Gongzhi.Web.Modules.Projects.Organisation>().Where(o => o.CommunityId == community).Select(o => o.Id).ToListAsync();
        var apps = await db.Set<Gongzhi.Web.Modules.Projects.ProjectApplication>().Where(a => orgs.Contains(a.OrganisationId)).Select(a => a.Id).ToListAsync();
        var grants = await db.Set<Gongzhi.Web.Modules.Projects.GrantEntry>()
            .Where(g => apps.Contains(g.ApplicationId) && g.Kind == Gongzhi.Web.Modules.Projects.GrantEntryKind.Granted && g.At >= start && g.At < end).Select(g => g.AmountFen).ToListAsync();
        return new Raw(cases, events.Count, events.Sum(e => (long)e.Capacity), attendance, visits.Count, visits.Count(v => v.Kind == VisitKind.Home), meetings, grants.Count, grants.Sum());
    }

    private static string Yuan(long fen) => (fen / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_page_says_the_year_in_figures_counted_from_the_raw_rows_and_each_figure_opens_its_list()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        await SweepAsync(app, now);
        var year = ChinaDay(now).Year;
        var raw = await CountAsync(facts.Community1, year, now);
        raw.Events.ShouldBeGreaterThan(0);
        raw.Visits.ShouldBeGreaterThan(0);

        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var html = await staff.GetStringAsync($"/insight/year?community={facts.Community1}&year={year}");
        var text = System.Net.WebUtility.HtmlDecode(Regex.Match(html, "<textarea[^>]*id=\"year-text\"[^>]*>([^<]*)</textarea>").Groups[1].Value);
        text.ShouldStartWith($"{year}年，");
        text.ShouldContain($"受理居民诉求 {raw.Cases} 件");
        text.ShouldContain($"开展惠民活动 {raw.Events} 场次，提供名额 {raw.Places} 个，服务 {raw.Attendance} 人次");
        text.ShouldContain($"走访 {raw.Visits} 次，其中上门走访 {raw.HomeVisits} 次");
        text.ShouldContain($"召开议事协商会议 {raw.Meetings} 次");
        text.ShouldContain($"资助公益创投项目 {raw.Funded} 个、资助金额 {Yuan(raw.GrantedFen)} 元");
        text.ShouldEndWith("。");

        // Every figure is a link; the counted ones open lists of as many rows.
        var links = Regex.Matches(html, "<a href=\"([^\"]*)\" data-testid=\"year-figure\">([^<]*)</a>")
            .Select(m => (Href: System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), Text: m.Groups[2].Value)).ToList();
        links.Count.ShouldBeGreaterThanOrEqualTo(25);
        var events = links.Single(l => l.Href.Contains("m=EventsHeld&", StringComparison.Ordinal));
        events.Text.ShouldBe(raw.Events.ToString(CultureInfo.InvariantCulture));
        ListTotal(await staff.GetStringAsync(events.Href)).ShouldBe((int)raw.Events);
        foreach (var metric in (string[])["CasesByChannel", "MeetingsHeld", "ProjectsFunded", "NoticesPublished", "VotesHeld"])
        {
            var link = links.Single(l => l.Href.Contains($"m={metric}&", StringComparison.Ordinal));
            ListTotal(await staff.GetStringAsync(link.Href)).ShouldBe(int.Parse(link.Text, CultureInfo.InvariantCulture), metric);
        }
    }

    [Fact]
    public async Task The_docx_carries_the_same_figures_and_its_download_is_audited()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        await SweepAsync(app, now);
        var year = ChinaDay(now).Year;
        var raw = await CountAsync(facts.Community1, year, now);
        string name;
        int audits;
        await using (var db = app.NewDb())
        {
            name = await db.Communities.Where(c => c.Id == facts.Community1).Select(c => c.Name).SingleAsync();
            audits = await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"community/{facts.Community1}" && a.Detail!.StartsWith("year-in-figures"));
        }

        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var response = await staff.GetAsync($"/insight/year.docx?community={facts.Community1}&year={year}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        using var document = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        // Valid WordprocessingML, as Word will open it.
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        var body = document.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        paragraphs[0].ShouldBe($"{name}{year}年工作数说");
        paragraphs.ShouldContain(p => p.StartsWith($"一、接诉即办：受理居民诉求 {raw.Cases} 件，", StringComparison.Ordinal));
        paragraphs.ShouldContain($"二、惠民活动：开展惠民活动 {raw.Events} 场次，提供名额 {raw.Places} 个，服务 {raw.Attendance} 人次。");
        paragraphs.ShouldContain(p => p.StartsWith("四、关爱走访：", StringComparison.Ordinal) && p.EndsWith($"走访 {raw.Visits} 次，其中上门走访 {raw.HomeVisits} 次。", StringComparison.Ordinal));
        paragraphs.ShouldContain(p => p.StartsWith($"五、议事协商：召开议事协商会议 {raw.Meetings} 次、", StringComparison.Ordinal));
        paragraphs.ShouldContain(p => p.StartsWith($"七、公益创投：资助公益创投项目 {raw.Funded} 个、资助金额 {Yuan(raw.GrantedFen)} 元", StringComparison.Ordinal));
        paragraphs[^1].ShouldStartWith($"{year}年，{name}受理居民诉求 {raw.Cases} 件");
        var page = body.GetFirstChild<SectionProperties>()!.GetFirstChild<PageSize>()!;
        ((uint)page.Width!, (uint)page.Height!).ShouldBe((11906u, 16838u));

        await using (var db = app.NewDb())
            (await db.AuditEntries.CountAsync(a => a.Action == "Export" && a.Subject == $"community/{facts.Community1}" && a.Detail!.StartsWith("year-in-figures"))).ShouldBe(audits + 1);
    }

    [Fact]
    public async Task Outside_ones_places_the_year_is_not_found_and_a_bad_year_is_answered_in_words()
    {
        var facts = await DemoFacts.ForAsync(app);
        var worker = (await PageSession.LogInAsync(app, "wangge.li")).Client;
        (await worker.GetAsync($"/insight/year?community={facts.Community1}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/insight/year.docx?community={facts.Community1}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        (await staff.GetAsync($"/insight/year?community={facts.Community2}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staff.GetAsync($"/insight/year.docx?community={facts.Community2}&year=2026")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var bad = await staff.GetAsync($"/insight/year?community={facts.Community1}&year=1850");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("统计周期");
        (await staff.GetAsync($"/insight/year.docx?community={facts.Community1}&year=abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var resident = (await PageSession.LogInAsync(app, facts.ResidentUserName)).Client;
        (await resident.GetAsync($"/insight/year?community={facts.Community1}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteYearInFiguresTests(SqliteApp app) : YearInFiguresTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresYearInFiguresTests(PostgresApp app) : YearInFiguresTests(app);
