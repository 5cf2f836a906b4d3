using Gongzhi.Web.Modules.Insight;
using Gongzhi.Web.Modules.Requests;
using Case = Gongzhi.Web.Modules.Requests.Case;
using static Gongzhi.Tests.Modules.Insight.InsightDriver;

namespace Gongzhi.Tests.Modules.Insight;

// Requests' figures are kept per grid and month and recomputed incrementally: after a first run, a run recomputes only
// the grid-months of cases changed since, and of open cases whose deadlines the clock passed; what it stores equals a
// count made here, case by case in C#, from the raw rows. A custom period's partial-month edges, read from the raw cases,
// equal the same count.
public abstract class IncrementalSweepTests(GongzhiApp app)
{
    private sealed record Raw(long GridId, long CommunityId, DateTime SubmittedAt, CaseStatus Status, DateTime RespondBy, DateTime ResolveBy,
        DateTime? FirstContactAt, DateTime? ResolvedAt, DateTime? ClosedAt, Rating? Rating, Channel Channel);

    private static bool Open(Raw c) => c.Status is CaseStatus.Submitted or CaseStatus.Accepted or CaseStatus.Referred or CaseStatus.Reopened;
    private static bool Counted(Raw c) => c.Status is not (CaseStatus.Cancelled or CaseStatus.Merged);

    // The figures of some cases as of now, counted one case at a time.
    private static Dictionary<InsightMetric, long> Count(IEnumerable<Raw> cases, DateTime now)
    {
        var list = cases.ToList();
        var counts = new Dictionary<InsightMetric, long>
        {
            [InsightMetric.CasesByChannel] = list.Count,
            [InsightMetric.CasesCounted] = list.Count(Counted),
            [InsightMetric.CasesOpen] = list.Count(Open),
            [InsightMetric.CasesOverdue] = list.Count(c => Open(c) && (c.ResolveBy < now || (c.Status == CaseStatus.Submitted && c.RespondBy < now))),
            [InsightMetric.Resolved] = list.Count(c => (c.Status == CaseStatus.Resolved && c.ResolvedAt != null) || (c.Status == CaseStatus.Closed && c.ClosedAt != null)),
            [InsightMetric.ResponseOnTime] = list.Count(c => Counted(c) && c.FirstContactAt != null && c.FirstContactAt <= c.RespondBy),
            [InsightMetric.ResponseKnown] = list.Count(c => Counted(c) && (c.FirstContactAt != null || c.RespondBy <= now)),
            [InsightMetric.Satisfied] = list.Count(c => Counted(c) && c.Rating is Rating.Satisfied or Rating.BasicallySatisfied),
            [InsightMetric.Rated] = list.Count(c => Counted(c) && c.Rating != null),
        };
        return counts;
    }

    private async Task<List<Raw>> CasesAsync(System.Linq.Expressions.Expression<Func<Case, bool>> where)
    {
        await using var db = app.NewDb();
        return await db.Cases.Where(where).Select(c => new Raw(c.GridId, c.CommunityId, c.SubmittedAt, c.Status, c.RespondBy, c.ResolveBy,
            c.FirstContactAt, c.ResolvedAt, c.ClosedAt, c.Rating, c.Channel)).ToListAsync();
    }

    // Cases a staff member can still move: resolved (to rate) or in hand (to resolve).
    private static readonly System.Linq.Expressions.Expression<Func<Case, bool>> Changeable = c =>
        c.Status == CaseStatus.Resolved || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened;

    private static DateOnly MonthOf(DateTime utc) => new(ChinaDay(utc).Year, ChinaDay(utc).Month, 1);

    // The stored month rows of one grid and month, summed per figure (keys together).
    private async Task<Dictionary<InsightMetric, long>> StoredAsync(long grid, DateOnly month)
    {
        await using var db = app.NewDb();
        return (await db.Set<InsightMonthFigure>().Where(f => f.GridId == grid && f.Month == month && f.Metric <= InsightMetric.CasesOverdue)
                .Select(f => new { f.Metric, f.Value }).ToListAsync())
            .GroupBy(f => f.Metric).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
    }

    private async Task MonthMatchesAsync(long grid, DateOnly month, DateTime now)
    {
        var raw = Count((await CasesAsync(c => c.GridId == grid)).Where(c => MonthOf(c.SubmittedAt) == month), now);
        var stored = await StoredAsync(grid, month);
        foreach (var (metric, value) in raw) stored.GetValueOrDefault(metric).ShouldBe(value, $"{metric} of grid {grid}, {month:yyyy-MM}");
    }

    private async Task<int> GridMonthsAsync()
    {
        await using var db = app.NewDb();
        return await db.Set<InsightMonthFigure>().Where(f => f.Metric == InsightMetric.CasesByChannel).Select(f => new { f.GridId, f.Month }).Distinct().CountAsync();
    }

    [Fact]
    public async Task An_incremental_run_recomputes_the_month_of_a_changed_old_case_and_a_second_writes_nothing()
    {
        var now = DateTime.UtcNow;
        await SweepAsync(app, now);
        long id;
        await using (var db = app.NewDb())
        {
            var old = await db.Cases.Where(Changeable).OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id).FirstAsync();
            MonthOf(old.SubmittedAt).ShouldBeLessThan(MonthOf(now));
            if (old.Status == CaseStatus.Resolved) old.Rate(Rating.Satisfied, "办得好", 3, now, now.AddDays(3));
            else old.Resolve("已修复", now);
            await db.SaveChangesAsync();
            id = old.Id;
        }
        var raw = (await CasesAsync(c => c.Id == id)).Single();

        var later = now.AddMinutes(1);
        var run = await SweepAsync(app, later);
        run.Ran.ShouldBeTrue();
        run.Full.ShouldBeFalse();
        run.Changed.ShouldBeGreaterThan(0);
        run.GridMonths.ShouldBeGreaterThan(0);
        run.GridMonths.ShouldBeLessThan(await GridMonthsAsync());
        await MonthMatchesAsync(raw.GridId, MonthOf(raw.SubmittedAt), later);

        var again = await SweepAsync(app, later.AddMinutes(1));
        again.Full.ShouldBeFalse();
        again.Changed.ShouldBe(0);
    }

    [Fact]
    public async Task A_case_becoming_overdue_with_the_clock_is_picked_up_without_being_touched()
    {
        // An hour back (the run there is a full one: its clock is before the last run's), a resolved case rated 不满意
        // reopens with a new resolution deadline 25 minutes later. The run 20 minutes on recomputes it (it was written
        // since); the one 40 minutes on finds it only through its deadline, passed since that run.
        var t0 = DateTime.UtcNow.AddHours(-1);
        var deadline = t0.AddMinutes(25);
        long id;
        await using (var db = app.NewDb())
        {
            var c = await db.Cases.Where(Changeable).OrderByDescending(c => c.Id).FirstAsync();
            if (c.Status != CaseStatus.Resolved) c.Resolve("已修复", t0);
            c.Rate(Rating.Unsatisfied, "还是漏水", 9, t0, deadline);
            await db.SaveChangesAsync();
            id = c.Id;
        }
        var raw = (await CasesAsync(c => c.Id == id)).Single();
        var month = MonthOf(raw.SubmittedAt);
        (await SweepAsync(app, t0)).Ran.ShouldBeTrue();
        var t1 = t0.AddMinutes(20);
        (await SweepAsync(app, t1)).Full.ShouldBeFalse();
        await MonthMatchesAsync(raw.GridId, month, t1);
        var before = (await StoredAsync(raw.GridId, month)).GetValueOrDefault(InsightMetric.CasesOverdue);

        var t2 = t0.AddMinutes(40);
        var run = await SweepAsync(app, t2);
        run.Full.ShouldBeFalse();
        run.GridMonths.ShouldBeLessThan(await GridMonthsAsync());
        await MonthMatchesAsync(raw.GridId, month, t2);
        (await StoredAsync(raw.GridId, month)).GetValueOrDefault(InsightMetric.CasesOverdue).ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task Custom_period_edges_read_from_the_raw_cases_equal_a_count_of_them()
    {
        var facts = await DemoFacts.ForAsync(app);
        var now = DateTime.UtcNow;
        await SweepAsync(app, now);
        var today = ChinaDay(now);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var community = facts.Community1;
        var grid = facts.Grids.First(g => g.CommunityId == community).Id;
        long subdistrict;
        await using (var db = app.NewDb()) subdistrict = await db.Communities.Where(c => c.Id == community).Select(c => c.SubdistrictId).SingleAsync();
        var all = await CasesAsync(c => c.SubdistrictId == subdistrict);
        var seen = 0L;
        // Two edges around whole months, and one inside a month.
        foreach (var (from, to) in new[] { (thisMonth.AddMonths(-4).AddDays(10), thisMonth.AddMonths(-1).AddDays(12)), (thisMonth.AddMonths(-2).AddDays(3), thisMonth.AddMonths(-2).AddDays(20)) })
        {
            var (start, end) = (ChinaStart(from), ChinaStart(to.AddDays(1)));
            var period = new InsightPeriod(PeriodKind.Custom, from, to);
            await using var scope = app.Services.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<InsightQueries>();
            foreach (var (place, cases) in new (InsightPlace, IEnumerable<Raw>)[]
            {
                (new InsightPlace(InsightLevel.Subdistrict, subdistrict, "", subdistrict, 0, null), all),
                (new InsightPlace(InsightLevel.Community, community, "", subdistrict, community, null), all.Where(c => c.CommunityId == community)),
                (new InsightPlace(InsightLevel.Grid, grid, "", subdistrict, community, null), all.Where(c => c.GridId == grid)),
            })
            {
                var inPeriod = cases.Where(c => c.SubmittedAt >= start && c.SubmittedAt < end).ToList();
                seen += inPeriod.Count;
                var figures = await queries.SumAsync(place, period);
                foreach (var (metric, value) in Count(inPeriod, now)) figures[metric].ShouldBe(value, $"{metric} of {place.Level} {place.Id}, {from}..{to}");
                foreach (var channel in inPeriod.GroupBy(c => c.Channel)) figures[InsightMetric.CasesByChannel, (long)channel.Key].ShouldBe(channel.Count());
            }
        }
        seen.ShouldBeGreaterThan(0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIncrementalSweepTests(SqliteApp app) : IncrementalSweepTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIncrementalSweepTests(PostgresApp app) : IncrementalSweepTests(app);
