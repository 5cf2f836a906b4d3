using Gongzhi.Web.Platform;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Insight;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Points;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Modules.Insight;

// The stored figures (Requests' per month, the rest per day) equal what the raw rows say, counted here another way (grouped in the database per
// community, or per day from the rows), before and after a random run of changes; a second sweep with nothing
// changed writes nothing; several sweeps at once: one runs.
public abstract class RollupTests(GongzhiApp app)
{
    private static readonly InsightMetric[] Checked =
    [
        InsightMetric.CasesByChannel, InsightMetric.CasesCounted, InsightMetric.Resolved, InsightMetric.CasesOpen, InsightMetric.CasesOverdue,
        InsightMetric.Satisfied, InsightMetric.Rated, InsightMetric.Visits, InsightMetric.EventsHeld, InsightMetric.EventsCancelled,
        InsightMetric.EventAttendance, InsightMetric.VolunteerMinutes, InsightMetric.PointsEarned,
        InsightMetric.VotesHeld, InsightMetric.VoteElectors, InsightMetric.VoteBallots,
        InsightMetric.ProjectsFunded, InsightMetric.ProjectGrantedFen, InsightMetric.ProjectReleasedFen,
    ];

    private async Task<Dictionary<(long, InsightMetric), long>> StoredAsync()
    {
        await using var db = app.NewDb();
        // Requests' figures are kept per month only; the others per day.
        var rows = await db.Set<InsightFigure>().Where(f => Checked.Contains(f.Metric))
            .GroupBy(f => new { f.CommunityId, f.Metric }).Select(g => new { g.Key.CommunityId, g.Key.Metric, V = g.Sum(f => f.Value) }).ToListAsync();
        rows.ShouldNotContain(r => CaseFigures.Holds(r.Metric));
        var months = await db.Set<InsightMonthFigure>().Where(f => Checked.Contains(f.Metric) && f.Metric <= InsightMetric.CasesOverdue)
            .GroupBy(f => new { f.CommunityId, f.Metric }).Select(g => new { g.Key.CommunityId, g.Key.Metric, V = g.Sum(f => f.Value) }).ToListAsync();
        return rows.Concat(months).Where(r => r.V != 0).ToDictionary(r => (r.CommunityId, r.Metric), r => r.V);
    }

    private async Task<Dictionary<(long, InsightMetric), long>> RawAsync(DateTime now)
    {
        await using var db = app.NewDb();
        var raw = new Dictionary<(long, InsightMetric), long>();
        void Put(long community, InsightMetric m, long v) { if (v != 0) raw[(community, m)] = raw.GetValueOrDefault((community, m)) + v; }
        foreach (var g in await db.Cases.GroupBy(c => c.CommunityId).Select(g => new
        {
            g.Key,
            Total = g.Count(),
            Counted = g.Count(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged),
            Resolved = g.Count(c => (c.Status == CaseStatus.Resolved && c.ResolvedAt != null) || (c.Status == CaseStatus.Closed && c.ClosedAt != null)),
            Open = g.Count(c => c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened),
            Overdue = g.Count(c => (c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened)
                && (c.ResolveBy < now || (c.Status == CaseStatus.Submitted && c.RespondBy < now))),
            Satisfied = g.Count(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && (c.Rating == Rating.Satisfied || c.Rating == Rating.BasicallySatisfied)),
            Rated = g.Count(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && c.Rating != null),
        }).ToListAsync())
        {
            Put(g.Key, InsightMetric.CasesByChannel, g.Total);
            Put(g.Key, InsightMetric.CasesCounted, g.Counted);
            Put(g.Key, InsightMetric.Resolved, g.Resolved);
            Put(g.Key, InsightMetric.CasesOpen, g.Open);
            Put(g.Key, InsightMetric.CasesOverdue, g.Overdue);
            Put(g.Key, InsightMetric.Satisfied, g.Satisfied);
            Put(g.Key, InsightMetric.Rated, g.Rated);
        }
        var gridCommunity = await db.Grids.ToDictionaryAsync(g => g.Id, g => g.CommunityId);
        foreach (var v in await db.Set<Visit>().GroupBy(v => v.GridId).Select(g => new { g.Key, N = g.Count() }).ToListAsync())
            Put(gridCommunity[v.Key], InsightMetric.Visits, v.N);
        foreach (var e in await db.Events.GroupBy(e => new { e.CommunityId, e.Status }).Select(g => new { g.Key.CommunityId, g.Key.Status, N = g.Count() }).ToListAsync())
            Put(e.CommunityId, e.Status == EventStatus.Cancelled ? InsightMetric.EventsCancelled : InsightMetric.EventsHeld, e.N);
        var attendance = from c in db.CheckIns
                         join r in db.Registrations on c.RegistrationId equals r.Id
                         join e in db.Events on r.EventId equals e.Id
                         where e.Status != EventStatus.Cancelled
                         group c by e.CommunityId into g
                         select new { g.Key, N = g.Count() };
        foreach (var a in await attendance.ToListAsync()) Put(a.Key, InsightMetric.EventAttendance, a.N);
        var minutes = from s in db.ShiftSignups
                      where s.Status == SignupStatus.Confirmed
                      join sh in db.Shifts on s.ShiftId equals sh.Id
                      join a in db.VolunteerActivities on sh.ActivityId equals a.Id
                      group s by a.CommunityId into g
                      select new { g.Key, N = g.Sum(s => (long)(s.ConfirmedMinutes ?? 0)) };
        foreach (var m in await minutes.ToListAsync()) Put(m.Key, InsightMetric.VolunteerMinutes, m.N);
        // Points earned: what awards put into volunteers' accounts, less what reversals of awards took back.
        TransactionKind[] awards = [TransactionKind.HoursAward, TransactionKind.ActivityAward, TransactionKind.HonourAward, TransactionKind.Discretionary];
        var awardIds = db.PointsTransactions.Where(t => awards.Contains(t.Kind)).Select(t => t.Id);
        var earned = from e in db.PointsEntries
                     join t in db.PointsTransactions on e.TransactionId equals t.Id
                     where awards.Contains(t.Kind) || (t.Kind == TransactionKind.Reversal && awardIds.Contains(t.ReversesId!.Value))
                     join acc in db.PointsAccounts on e.AccountId equals acc.Id
                     where acc.Kind == AccountKind.Volunteer
                     join v in db.Volunteers on acc.VolunteerId equals v.Id
                     group e by v.CommunityId into g
                     select new { g.Key, N = g.Sum(e => e.Amount) };
        foreach (var p in await earned.ToListAsync()) Put(p.Key, InsightMetric.PointsEarned, p.N);
        // Votes by their topic's community; ballots counted per vote.
        var ballots = (await db.Ballots.Select(b => b.VoteId).ToListAsync()).GroupBy(v => v).ToDictionary(g => g.Key, g => (long)g.Count());
        var topicCommunity = await db.Topics.ToDictionaryAsync(t => t.Id, t => t.CommunityId);
        foreach (var v in await db.Votes.Select(v => new { v.Id, v.TopicId, v.Electors }).ToListAsync())
        {
            Put(topicCommunity[v.TopicId], InsightMetric.VotesHeld, 1);
            Put(topicCommunity[v.TopicId], InsightMetric.VoteElectors, v.Electors);
            Put(topicCommunity[v.TopicId], InsightMetric.VoteBallots, ballots.GetValueOrDefault(v.Id));
        }
        // Grants by the community of the organisation that applied.
        var orgCommunity = await db.Set<Gongzhi.Web.Modules.Projects.Organisation>().ToDictionaryAsync(o => o.Id, o => o.CommunityId);
        var appOrg = await db.Set<Gongzhi.Web.Modules.Projects.ProjectApplication>().ToDictionaryAsync(a => a.Id, a => a.OrganisationId);
        foreach (var g in await db.Set<Gongzhi.Web.Modules.Projects.GrantEntry>().Select(g => new { g.ApplicationId, g.Kind, g.AmountFen }).ToListAsync())
        {
            var community = orgCommunity[appOrg[g.ApplicationId]];
            switch (g.Kind)
            {
                case Gongzhi.Web.Modules.Projects.GrantEntryKind.Granted:
                    Put(community, InsightMetric.ProjectsFunded, 1);
                    Put(community, InsightMetric.ProjectGrantedFen, g.AmountFen);
                    break;
                case Gongzhi.Web.Modules.Projects.GrantEntryKind.Released:
                    Put(community, InsightMetric.ProjectReleasedFen, g.AmountFen);
                    break;
                default:
                    Put(community, InsightMetric.ProjectReleasedFen, -g.AmountFen);
                    break;
            }
        }
        return raw;
    }

    // Cases per grid, China month of intake and channel, and per grid, month and category, from the rows one by one,
    // against the stored monthly figures (Requests' figures have no day rows: per grid and day they are as many as the cases).
    private async Task MonthlyCasesMatchAsync()
    {
        await using var db = app.NewDb();
        var cases = await db.Cases.Select(c => new { c.GridId, c.SubmittedAt, c.Channel, c.CategoryId }).ToListAsync();
        DateOnly Month(DateTime at) => new(ChinaDay(at).Year, ChinaDay(at).Month, 1);
        async Task Check(InsightMetric metric, Func<(long GridId, DateTime SubmittedAt, long Channel, long CategoryId), long> key)
        {
            var raw = cases.Select(c => (c.GridId, c.SubmittedAt, (long)c.Channel, c.CategoryId))
                .GroupBy(c => (c.GridId, Month(c.SubmittedAt), key(c))).ToDictionary(g => g.Key, g => (long)g.Count());
            var stored = (await db.Set<InsightMonthFigure>().Where(f => f.Metric == metric).Select(f => new { f.GridId, f.Month, f.Key, f.Value }).ToListAsync())
                .ToDictionary(s => (s.GridId, s.Month, s.Key), s => s.Value);
            stored.ShouldBe(raw, ignoreOrder: true);
        }
        await Check(InsightMetric.CasesByChannel, c => c.Channel);
        await Check(InsightMetric.CasesByCategory, c => c.CategoryId);
        (await db.Set<InsightFigure>().CountAsync(f => f.Metric <= InsightMetric.CasesOverdue)).ShouldBe(0);
    }

    // Each monthly row of the figures kept per day equals the sum of its month's daily rows, and no month of days is without its row.
    private async Task MonthsMatchDaysAsync()
    {
        await using var db = app.NewDb();
        var days = (await db.Set<InsightFigure>().Where(f => f.Day != InsightFigure.Now).ToListAsync())
            .GroupBy(f => (new DateOnly(f.Day.Year, f.Day.Month, 1), f.SubdistrictId, f.CommunityId, f.GridId, f.Metric, f.Key))
            .Select(g => (g.Key, V: g.Sum(f => f.Value))).Where(g => g.V != 0).ToDictionary(g => g.Key, g => g.V);
        var months = (await db.Set<InsightMonthFigure>().Where(f => f.Metric > InsightMetric.CasesOverdue).ToListAsync())
            .ToDictionary(f => (f.Month, f.SubdistrictId, f.CommunityId, f.GridId, f.Metric, f.Key), f => f.Value);
        months.Count.ShouldBeGreaterThan(0);
        months.Keys.ShouldAllBe(k => k.Item1.Day == 1);
        months.ShouldBe(days, ignoreOrder: true);
    }

    [Fact]
    public async Task Figures_equal_the_raw_rows_after_a_random_run_of_changes()
    {
        var now = DateTime.UtcNow;
        (await SweepAsync(app, now)).Ran.ShouldBeTrue();
        (await StoredAsync()).ShouldBe(await RawAsync(now), ignoreOrder: true);
        await MonthlyCasesMatchAsync();
        await MonthsMatchDaysAsync();
        // Nothing changed: nothing written.
        (await SweepAsync(app, now)).Changed.ShouldBe(0);

        var random = new Random(18);
        var facts = await DemoFacts.ForAsync(app);
        await using (var db = app.NewDb())
        {
            // Cases reopened after 不满意, one rated 满意, one new case in a grid of the second community.
            var resolved = await db.Cases.Where(c => c.Status == CaseStatus.Resolved).OrderBy(c => c.Id).ToListAsync();
            foreach (var c in resolved.OrderBy(_ => random.Next()).Take(3))
                c.Rate(random.Next(2) == 0 ? Rating.Unsatisfied : Rating.Satisfied, "测试评价", 3, now, now.AddDays(-1));
            // Events cancelled.
            var events = await db.Events.Where(e => e.Status == EventStatus.Open).OrderBy(e => e.Id).ToListAsync();
            foreach (var e in events.OrderBy(_ => random.Next()).Take(2)) e.Cancel(e.Version);
            await db.SaveChangesAsync();
        }
        // Points reversed, through the one way points move.
        long[] awardsToReverse;
        await using (var db = app.NewDb())
            awardsToReverse = (await db.PointsTransactions.Where(t => t.Kind == TransactionKind.HoursAward || t.Kind == TransactionKind.Discretionary)
                .Where(t => !db.PointsTransactions.Any(r => r.ReversesId == t.Id)).Select(t => t.Id).ToListAsync()).OrderBy(_ => random.Next()).Take(6).ToArray();
        var reversed = 0;
        foreach (var id in awardsToReverse)
        {
            using var scope = app.Services.CreateScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<Gongzhi.Web.Modules.Volunteering.Points.PointsLedger>().ReverseAsync(id, "统计测试冲正", facts.UserIds["admin"]);
                reversed++;
            }
            catch (DomainException)
            {
                // The volunteer has spent those points already: a reversal may not take a balance below zero.
            }
        }
        reversed.ShouldBeGreaterThan(0);

        var later = now.AddMinutes(1);
        var second = await SweepAsync(app, later);
        second.Changed.ShouldBeGreaterThan(0);
        (await StoredAsync()).ShouldBe(await RawAsync(later), ignoreOrder: true);
        await MonthlyCasesMatchAsync();
        await MonthsMatchDaysAsync();
    }

    [Fact]
    public async Task Several_sweeps_at_once_run_one_at_a_time_and_agree()
    {
        var now = DateTime.UtcNow;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SweepAsync(app, now))));
        outcomes.Count(o => o.Ran).ShouldBeGreaterThanOrEqualTo(1);
        (await SweepAsync(app, now)).Changed.ShouldBe(0);
        (await StoredAsync()).ShouldBe(await RawAsync(now), ignoreOrder: true);
        await MonthsMatchDaysAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRollupTests(SqliteApp app) : RollupTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRollupTests(PostgresApp app) : RollupTests(app);
