using System.Globalization;
using System.Net;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Requests;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Modules.Insight;

// What the dashboard shows, on the demo's data, equals a count made here from the raw rows; each figure opens the
// list behind it, and that list has as many rows as the figure says. Outside one's places: 404.
public abstract class DashboardTests(GongzhiApp app)
{
    [Fact]
    public async Task Community_figures_for_a_year_equal_counts_of_the_raw_rows_and_open_their_lists()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        await SweepAsync(app, now);
        var year = ChinaDay(now).Year;
        var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
        var community = facts.Community1;
        long cases, overdue, events, visits, attendance;
        await using (var db = app.NewDb())
        {
            var inYear = db.Cases.Where(c => c.CommunityId == community && c.SubmittedAt >= start && c.SubmittedAt < end);
            cases = await inYear.CountAsync();
            overdue = await inYear.CountAsync(c => (c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened)
                && (c.ResolveBy < now || (c.Status == CaseStatus.Submitted && c.RespondBy < now)));
            var held = db.Events.Where(e => e.CommunityId == community && e.StartsAt >= start && e.StartsAt < end && e.Status != EventStatus.Cancelled);
            events = await held.CountAsync();
            attendance = await (from c in db.CheckIns join r in db.Registrations on c.RegistrationId equals r.Id where held.Any(e => e.Id == r.EventId) select c).CountAsync();
            var grids = db.Grids.Where(g => g.CommunityId == community).Select(g => g.Id);
            visits = await db.Set<Visit>().CountAsync(v => grids.Contains(v.GridId) && v.At >= start && v.At < end);
        }
        events.ShouldBeGreaterThan(0);

        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var html = await staff.GetStringAsync($"/insight/community/{community}?p=year&on={year}");
        html.ShouldContain("惠民活动 场次");
        Figure(html, "fig-Cases").ShouldBe(cases);
        Figure(html, "fig-Overdue").ShouldBe(overdue);
        Figure(html, "fig-EventsHeld").ShouldBe(events);
        Figure(html, "fig-EventAttendance").ShouldBe(attendance);
        Figure(html, "fig-Visits").ShouldBe(visits);

        // Every figure opens its rows, as many as it says.
        var list = await staff.GetStringAsync(FigureHref(html, "fig-EventsHeld"));
        ListTotal(list).ShouldBe((int)events);
        ListTotal(await staff.GetStringAsync(FigureHref(html, "fig-Cases"))).ShouldBe((int)cases);
        ListTotal(await staff.GetStringAsync(FigureHref(html, "fig-Overdue"))).ShouldBe((int)overdue);
    }

    // A period read as whole months from the monthly rows and its partial-month edges from the daily rows gives what
    // the raw rows say: mid-month to mid-month (two edges around whole months), 1st to month end (months only), and
    // inside one month (days only); for a community, its grids one level down, and the subdistrict.
    [Fact]
    public async Task Figures_for_periods_of_partial_months_equal_counts_of_the_raw_rows()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        await SweepAsync(app, now);
        var today = ChinaDay(now);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        (DateOnly From, DateOnly To)[] periods =
        [
            (thisMonth.AddMonths(-3).AddDays(14), thisMonth.AddMonths(-1).AddDays(19)),
            (thisMonth.AddMonths(-2).AddDays(9), today),
            (thisMonth.AddMonths(-3), thisMonth.AddDays(-1)),
            (thisMonth.AddMonths(-1).AddDays(2), thisMonth.AddMonths(-1).AddDays(19)),
        ];
        var community = facts.Community1;
        long subdistrict;
        await using (var db = app.NewDb()) subdistrict = await db.Communities.Where(c => c.Id == community).Select(c => c.SubdistrictId).SingleAsync();
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var official = (await PageSession.LogInAsync(app, "jiedao")).Client;
        var seen = 0L;
        foreach (var (from, to) in periods)
        {
            var (start, end) = (ChinaStart(from), ChinaStart(to.AddDays(1)));
            long cases, events, visits, subdistrictCases;
            Dictionary<long, int> gridCases;
            await using (var db = app.NewDb())
            {
                cases = await db.Cases.CountAsync(c => c.CommunityId == community && c.SubmittedAt >= start && c.SubmittedAt < end);
                subdistrictCases = await db.Cases.CountAsync(c => c.SubdistrictId == subdistrict && c.SubmittedAt >= start && c.SubmittedAt < end);
                gridCases = (await db.Cases.Where(c => c.CommunityId == community && c.SubmittedAt >= start && c.SubmittedAt < end).Select(c => c.GridId).ToListAsync())
                    .GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
                events = await db.Events.CountAsync(e => e.CommunityId == community && e.StartsAt >= start && e.StartsAt < end && e.Status != EventStatus.Cancelled);
                var grids = db.Grids.Where(g => g.CommunityId == community).Select(g => g.Id);
                visits = await db.Set<Visit>().CountAsync(v => grids.Contains(v.GridId) && v.At >= start && v.At < end);
            }
            seen += cases + events + visits;
            var query = FormattableString.Invariant($"p=custom&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
            var html = await staff.GetStringAsync($"/insight/community/{community}?{query}");
            Figure(html, "fig-Cases").ShouldBe(cases, query);
            Figure(html, "fig-EventsHeld").ShouldBe(events, query);
            Figure(html, "fig-Visits").ShouldBe(visits, query);
            foreach (var (grid, n) in gridCases) ChildCases(html, grid).ShouldBe(n, query);
            Figure(await official.GetStringAsync($"/insight/subdistrict/{subdistrict}?{query}"), "fig-Cases").ShouldBe(subdistrictCases, query);
        }
        seen.ShouldBeGreaterThan(0);
    }

    // The first number of a child's row (its cases) in the table one level down.
    private static long ChildCases(string html, long child)
    {
        var m = System.Text.RegularExpressions.Regex.Match(html, $"data-testid=\"child-{child}\">[^<]*</a></th>\\s*<td[^>]*>([0-9,]+)</td>");
        m.Success.ShouldBeTrue($"child {child} not on the page");
        return long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Vote_milestone_and_project_figures_for_a_year_equal_counts_of_the_raw_rows_and_open_their_lists()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        await SweepAsync(app, now);
        var today = ChinaDay(now);
        var year = today.Year;
        var (start, end) = (ChinaStart(new DateOnly(year, 1, 1)), ChinaStart(new DateOnly(year + 1, 1, 1)));
        var community = facts.Community1;
        long votes, electors, ballots, late, funded, grantedFen;
        await using (var db = app.NewDb())
        {
            var topics = await db.Topics.Where(t => t.CommunityId == community).Select(t => t.Id).ToListAsync();
            var inYear = await db.Votes.Where(v => topics.Contains(v.TopicId) && v.OpensAt >= start && v.OpensAt < end).Select(v => new { v.Id, v.Electors }).ToListAsync();
            votes = inYear.Count;
            electors = inYear.Sum(v => (long)v.Electors);
            var ids = inYear.Select(v => v.Id).ToList();
            ballots = await db.Ballots.CountAsync(b => ids.Contains(b.VoteId));
            late = (await db.Milestones.Where(m => topics.Contains(m.TopicId)).Select(m => new { m.DoneAt, m.DueOn }).ToListAsync()).Count(m => m.DoneAt == null && m.DueOn < today);
            var orgs = await db.Set<Gongzhi.Web.Modules.Projects.Organisation>().Where(o => o.CommunityId == community).Select(o => o.Id).ToListAsync();
            var apps = await db.Set<Gongzhi.Web.Modules.Projects.ProjectApplication>().Where(a => orgs.Contains(a.OrganisationId)).Select(a => a.Id).ToListAsync();
            var grants = await db.Set<Gongzhi.Web.Modules.Projects.GrantEntry>()
                .Where(g => apps.Contains(g.ApplicationId) && g.Kind == Gongzhi.Web.Modules.Projects.GrantEntryKind.Granted && g.At >= start && g.At < end)
                .Select(g => g.AmountFen).ToListAsync();
            funded = grants.Count;
            grantedFen = grants.Sum();
        }
        votes.ShouldBeGreaterThan(0);
        funded.ShouldBeGreaterThan(0);

        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var html = await staff.GetStringAsync($"/insight/community/{community}?p=year&on={year}");
        Figure(html, "fig-VotesHeld").ShouldBe(votes);
        Figure(html, "fig-MilestonesLate").ShouldBe(late);
        Figure(html, "fig-ProjectsFunded").ShouldBe(funded);
        var turnout = electors == 0 ? "—" : Math.Round(100.0 * ballots / electors, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        FigureText(html, "fig-VoteTurnout").ShouldBe(turnout);
        FigureText(html, "fig-ProjectGranted").ShouldBe((grantedFen / 100m).ToString("#,0.##", CultureInfo.InvariantCulture));

        ListTotal(await staff.GetStringAsync(FigureHref(html, "fig-VotesHeld"))).ShouldBe((int)votes);
        ListTotal(await staff.GetStringAsync(FigureHref(html, "fig-MilestonesLate"))).ShouldBe((int)late);
        ListTotal(await staff.GetStringAsync(FigureHref(html, "fig-ProjectsFunded"))).ShouldBe((int)funded);
    }

    [Fact]
    public async Task Each_lands_on_their_own_place_and_can_go_down_but_not_sideways()
    {
        var facts = await DemoFacts.ForAsync(app);
        await SweepAsync(app, DateTime.UtcNow);
        long subdistrict;
        await using (var db = app.NewDb()) subdistrict = await db.Communities.Where(c => c.Id == facts.Community1).Select(c => c.SubdistrictId).SingleAsync();

        var official = (await PageSession.LogInAsync(app, "jiedao")).Client;
        (await LandingAsync(official)).ShouldBe($"/insight/subdistrict/{subdistrict}");
        var page = await official.GetStringAsync($"/insight/subdistrict/{subdistrict}");
        page.ShouldContain($"data-testid=\"child-{facts.Community2}\"");
        (await official.GetAsync($"/insight/community/{facts.Community2}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await official.GetAsync($"/insight/grid/{facts.Grid2}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var worker = (await PageSession.LogInAsync(app, "wangge.li")).Client;
        (await LandingAsync(worker)).ShouldBe($"/insight/grid/{facts.Grid1}");
        (await worker.GetAsync($"/insight/grid/{facts.Grid2}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/insight/grid/{facts.Grid2}/list?m=CasesByChannel")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/insight/community/{facts.Community1}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await worker.GetAsync($"/insight/subdistrict/{subdistrict}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        (await staff.GetAsync($"/insight/community/{facts.Community2}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staff.GetAsync($"/insight/grid/{facts.Grid1}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var resident = (await PageSession.LogInAsync(app, facts.ResidentUserName)).Client;
        (await resident.GetAsync($"/insight/community/{facts.Community1}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<string> LandingAsync(HttpClient client)
    {
        var response = await client.GetAsync("/insight");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
    }

    [Theory]
    [InlineData("p=month&on=2026-13")]
    [InlineData("p=quarter&on=2026-Q5")]
    [InlineData("p=custom&from=2026-03-01&to=2026-02-01")]
    [InlineData("p=week")]
    public async Task A_bad_period_is_answered_in_words_not_a_5xx(string query)
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var response = await staff.GetAsync($"/insight/community/{facts.Community1}?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        (html.Contains("统计周期", StringComparison.Ordinal) || html.Contains("截止日期", StringComparison.Ordinal)).ShouldBeTrue();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteDashboardTests(SqliteApp app) : DashboardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDashboardTests(PostgresApp app) : DashboardTests(app);
