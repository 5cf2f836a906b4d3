using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Deadlines;

namespace Gongzhi.Web.Modules.Insight;

// The figures of one place over a period: sums of the rollup (whole months from the monthly rows, the partial-month
// edges from the daily ones), never the raw tables.
public sealed class InsightFigures(IReadOnlyDictionary<(InsightMetric, long), long> sums)
{
    public long this[InsightMetric metric] => sums.Where(s => s.Key.Item1 == metric).Sum(s => s.Value);
    public long this[InsightMetric metric, long key] => sums.GetValueOrDefault((metric, key));

    public IEnumerable<(long Key, long Value)> By(InsightMetric metric) =>
        sums.Where(s => s.Key.Item1 == metric && s.Value != 0).Select(s => (s.Key.Item2, s.Value)).OrderByDescending(s => s.Value).ThenBy(s => s.Item1);
}

public sealed record ChildFigures(InsightPlace Place, long Cases, long Overdue, long Events, long VolunteerMinutes, long Visits);

public sealed record Dashboard(InsightPlace Place, InsightPeriod Period, InsightFigures Now, InsightFigures Before,
    IReadOnlyList<ChildFigures> Children, IReadOnlyDictionary<long, string> Categories, IReadOnlyDictionary<long, string> Buildings, DateTime? AsOf);

public sealed class InsightQueries(ReadDb read, InsightScope scope, TimeProvider clock)
{
    private readonly GongzhiDb db = read.Context;

    public DateOnly Today => DateOnly.FromDateTime(WorkingTime.ToChina(clock.GetUtcNow().UtcDateTime));

    public async Task<Dashboard> DashboardAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var place = await scope.PlaceAsync(level, id, ct);
        var now = await SumAsync(place, period, ct);
        var before = await SumAsync(place, period.Previous(), ct);
        var children = await ChildrenAsync(place, period, ct);
        var categoryIds = now.By(InsightMetric.CasesByCategory).Select(c => c.Key).ToList();
        var categories = await db.CaseCategories.AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var buildingIds = now.By(InsightMetric.CasesByBuilding).Take(10).Select(c => c.Key).ToList();
        var buildings = await db.Buildings.AsNoTracking().Where(b => buildingIds.Contains(b.Id))
            .Join(db.Estates, b => b.EstateId, e => e.Id, (b, e) => new { b.Id, b.Number, Estate = e.Name })
            .ToDictionaryAsync(b => b.Id, b => Requests.Case.BuildingAddress(b.Estate, b.Number), ct);
        var asOf = await AsOfAsync(ct);
        return new Dashboard(place, period, now, before, children, categories, buildings, asOf);
    }

    // When the sweep last brought the figures up to date (null: not yet).
    public Task<DateTime?> AsOfAsync(CancellationToken ct = default) =>
        db.Set<InsightSweepState>().AsNoTracking().Where(s => s.Id == 1).Select(s => s.LastRunAt).FirstOrDefaultAsync(ct);

    public IQueryable<InsightFigure> Figures(InsightPlace place) => place.Level switch
    {
        InsightLevel.Subdistrict => db.Set<InsightFigure>().AsNoTracking().Where(f => f.SubdistrictId == place.Id),
        InsightLevel.Community => db.Set<InsightFigure>().AsNoTracking().Where(f => f.CommunityId == place.Id),
        // A grid sees its own figures only: modules that count by community have none for it.
        _ => db.Set<InsightFigure>().AsNoTracking().Where(f => f.GridId == place.Id),
    };

    public IQueryable<InsightMonthFigure> Months(InsightPlace place) => place.Level switch
    {
        InsightLevel.Subdistrict => db.Set<InsightMonthFigure>().AsNoTracking().Where(f => f.SubdistrictId == place.Id),
        InsightLevel.Community => db.Set<InsightMonthFigure>().AsNoTracking().Where(f => f.CommunityId == place.Id),
        _ => db.Set<InsightMonthFigure>().AsNoTracking().Where(f => f.GridId == place.Id),
    };

    // A period cut into the calendar months it holds whole (read from the monthly rows) and the days before and after
    // them (read from the daily rows); no whole month inside: every day from the daily rows.
    public readonly record struct RollupSpan(IReadOnlyList<(DateOnly From, DateOnly To)> Days, DateOnly? FirstMonth, DateOnly? LastMonth)
    {
        public static RollupSpan Of(InsightPeriod period)
        {
            var (from, to) = (period.From, period.To);
            var first = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
            var last = to.AddDays(1).Day == 1 ? new DateOnly(to.Year, to.Month, 1) : new DateOnly(to.Year, to.Month, 1).AddMonths(-1);
            if (last < first) return new([(from, to)], null, null);
            var days = new List<(DateOnly, DateOnly)>();
            if (from < first) days.Add((from, first.AddDays(-1)));
            if (last.AddMonths(1) <= to) days.Add((last.AddMonths(1), to));
            return new(days, first, last);
        }
    }

    // Each range is its own query with nothing but place and day range in it: a single range lets SQLite seek the
    // (place, figure, day) index figure by figure; days OR-ed together would make it read every row of the place.
    // Requests' figures have no day rows (per grid per day they would be as many as the cases): the edges of a period
    // are summed from the place's raw cases of those days, with the sweep's own definition (CaseFigures) as of the sweep.
    public async Task<InsightFigures> SumAsync(InsightPlace place, InsightPeriod period, CancellationToken ct = default)
    {
        var span = RollupSpan.Of(period);
        var sums = new Dictionary<(InsightMetric, long), long>();
        void Put(InsightMetric metric, long key, long value) => sums[(metric, key)] = sums.GetValueOrDefault((metric, key)) + value;
        foreach (var (from, to) in span.Days.Append((InsightFigure.Now, InsightFigure.Now)))
            foreach (var r in await Figures(place).Where(f => f.Day >= from && f.Day <= to)
                .GroupBy(f => new { f.Metric, f.Key }).Select(g => new { g.Key.Metric, g.Key.Key, Value = g.Sum(f => f.Value) }).ToListAsync(ct))
                Put(r.Metric, r.Key, r.Value);
        foreach (var (from, to) in span.Days)
            foreach (var r in await CaseEdgeAsync(place, from, to, ct)) Put(r.Metric, r.Key, r.Value);
        if (span.FirstMonth is { } first && span.LastMonth is { } last)
            foreach (var r in await Months(place).Where(f => f.Month >= first && f.Month <= last)
                .GroupBy(f => new { f.Metric, f.Key }).Select(g => new { g.Key.Metric, g.Key.Key, Value = g.Sum(f => f.Value) }).ToListAsync(ct))
                Put(r.Metric, r.Key, r.Value);
        return new InsightFigures(sums);
    }

    // Requests' figures of the place's cases submitted in [from, to] (China days), per grid, as of the last sweep (so they
    // agree with the month rows beside them), read through the (CommunityId, SubmittedAt) index.
    private async Task<List<CaseFigures.Row>> CaseEdgeAsync(InsightPlace place, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (start, end) = CaseFigures.Range(from, to.AddDays(1));
        var cases = db.Cases.AsNoTracking().Where(c => c.SubmittedAt >= start && c.SubmittedAt < end);
        if (place.Level == InsightLevel.Subdistrict)
        {
            var communities = await db.Communities.AsNoTracking().Where(c => c.SubdistrictId == place.Id).Select(c => c.Id).ToListAsync(ct);
            cases = cases.Where(c => communities.Contains(c.CommunityId));
        }
        else if (place.Level == InsightLevel.Community) cases = cases.Where(c => c.CommunityId == place.Id);
        else cases = place.CommunityId != 0 ? cases.Where(c => c.CommunityId == place.CommunityId && c.GridId == place.Id) : cases.Where(c => c.GridId == place.Id);
        var now = await AsOfAsync(ct) ?? clock.GetUtcNow().UtcDateTime;
        return await CaseFigures.SumAsync(cases, [start], now, ct);
    }

    // One level down: the communities of a subdistrict, the grids of a community; a few figures each.
    private async Task<List<ChildFigures>> ChildrenAsync(InsightPlace place, InsightPeriod period, CancellationToken ct)
    {
        if (place.Level == InsightLevel.Grid) return [];
        var span = RollupSpan.Of(period);
        InsightMetric[] wanted = [InsightMetric.CasesByChannel, InsightMetric.CasesOverdue, InsightMetric.EventsHeld, InsightMetric.VolunteerMinutes, InsightMetric.Visits];
        var byCommunity = place.Level == InsightLevel.Subdistrict;
        var sums = new List<(long Child, InsightMetric Metric, long Value)>();
        var gridCommunity = byCommunity && span.Days.Count > 0
            ? await db.Grids.AsNoTracking().Where(g => db.Communities.Any(c => c.Id == g.CommunityId && c.SubdistrictId == place.Id)).ToDictionaryAsync(g => g.Id, g => g.CommunityId, ct)
            : [];
        foreach (var (from, to) in span.Days)
        {
            foreach (var r in await CaseEdgeAsync(place, from, to, ct))
                if (wanted.Contains(r.Metric)) sums.Add((byCommunity ? gridCommunity.GetValueOrDefault(r.GridId) : r.GridId, r.Metric, r.Value));
            var days = Figures(place).Where(f => f.Day >= from && f.Day <= to && wanted.Contains(f.Metric));
            sums.AddRange(byCommunity
                ? (await days.GroupBy(f => new { f.CommunityId, f.Metric }).Select(g => new { g.Key.CommunityId, g.Key.Metric, V = g.Sum(f => f.Value) }).ToListAsync(ct)).Select(x => (x.CommunityId, x.Metric, x.V))
                : (await days.GroupBy(f => new { f.GridId, f.Metric }).Select(g => new { g.Key.GridId, g.Key.Metric, V = g.Sum(f => f.Value) }).ToListAsync(ct)).Select(x => (x.GridId, x.Metric, x.V)));
        }
        if (span.FirstMonth is { } first && span.LastMonth is { } last)
        {
            var months = Months(place).Where(f => f.Month >= first && f.Month <= last && wanted.Contains(f.Metric));
            sums.AddRange(byCommunity
                ? (await months.GroupBy(f => new { f.CommunityId, f.Metric }).Select(g => new { g.Key.CommunityId, g.Key.Metric, V = g.Sum(f => f.Value) }).ToListAsync(ct)).Select(x => (x.CommunityId, x.Metric, x.V))
                : (await months.GroupBy(f => new { f.GridId, f.Metric }).Select(g => new { g.Key.GridId, g.Key.Metric, V = g.Sum(f => f.Value) }).ToListAsync(ct)).Select(x => (x.GridId, x.Metric, x.V)));
        }
        var places = byCommunity
            ? await db.Communities.AsNoTracking().Where(c => c.SubdistrictId == place.Id).OrderBy(c => c.Id)
                .Select(c => new InsightPlace(InsightLevel.Community, c.Id, c.Name, c.SubdistrictId, c.Id, place.Name)).ToListAsync(ct)
            : await db.Grids.AsNoTracking().Where(g => g.CommunityId == place.Id).OrderBy(g => g.Id)
                .Select(g => new InsightPlace(InsightLevel.Grid, g.Id, g.Name, place.SubdistrictId, place.Id, place.Name)).ToListAsync(ct);
        long Of(long child, InsightMetric m) => sums.Where(s => s.Child == child && s.Metric == m).Sum(s => s.Value);
        return places.Select(p => new ChildFigures(p, Of(p.Id, InsightMetric.CasesByChannel), Of(p.Id, InsightMetric.CasesOverdue),
            Of(p.Id, InsightMetric.EventsHeld), Of(p.Id, InsightMetric.VolunteerMinutes), Of(p.Id, InsightMetric.Visits))).ToList();
    }
}
