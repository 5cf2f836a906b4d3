using System.Linq.Expressions;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Deadlines;

namespace Gongzhi.Web.Modules.Insight;

// The Requests figures of a set of cases, per grid, summed in the database: the one definition both the sweep (a grid-month
// at a time) and the dashboards (the partial-month edges of a custom period, read from the raw cases) use, so the two can
// never disagree. The definitions mirror Requests' CaseMetrics (counted, 响应率, 解决率, 满意率, open, overdue), taken at "now".
// Four GROUP BYs over the same range of cases rather than one per (grid, channel, category, building): that one would
// have about as many groups as cases. Only plain comparisons of instants are sent, so neither provider's date or
// time-zone functions are involved: the caller cuts the range at China midnights (UTC+8, no DST) and passes instants.
public static class CaseFigures
{
    // The figures kept per grid and month only (InsightMonths), never per day: per grid per day there are about as
    // many (grid, day, category) groups as cases (measured: 19.2 M for 20 M cases), per month a sixth of the cases.
    public static readonly InsightMetric[] Metrics =
    [
        InsightMetric.CasesByChannel, InsightMetric.CasesByCategory, InsightMetric.CasesByBuilding, InsightMetric.CasesCounted,
        InsightMetric.ResponseOnTime, InsightMetric.ResponseKnown, InsightMetric.Resolved, InsightMetric.Satisfied, InsightMetric.Rated,
        InsightMetric.CasesOpen, InsightMetric.CasesOverdue,
    ];

    public static bool Holds(InsightMetric metric) => metric is >= InsightMetric.CasesByChannel and <= InsightMetric.CasesOverdue;

    // Bucket: the index of the period (of the starts passed) the case was submitted in.
    public readonly record struct Row(int Bucket, long GridId, InsightMetric Metric, long Key, long Value);

    // The cases submitted in [from, to) China days, as instants.
    public static (DateTime Start, DateTime End) Range(DateOnly from, DateOnly toExclusive) => (Instant(from), Instant(toExclusive));

    public static DateTime Instant(DateOnly chinaDay) => WorkingTime.FromChina(chinaDay.ToDateTime(TimeOnly.MinValue));

    // Non-zero figures only (a missing row reads as 0), per grid and bucket: the cases (already limited by the caller to
    // the instants from starts[0] to the end of the last bucket) fall in the bucket of the last start not after their
    // SubmittedAt. One bucket: the cases as they are; several (the months of a community on the first run): one scan
    // of the community's cases instead of one per month.
    public static async Task<List<Row>> SumAsync(IQueryable<Case> cases, IReadOnlyList<DateTime> starts, DateTime now, CancellationToken ct)
    {
        var rows = new List<Row>();
        void Put(int bucket, long grid, InsightMetric metric, long key, long value)
        {
            if (value != 0) rows.Add(new Row(bucket, grid, metric, key, value));
        }
        var slim = cases.Select(Project(starts));
        foreach (var g in await slim.GroupBy(c => new { c.Bucket, c.GridId, c.Channel }).Select(g => new { g.Key.Bucket, g.Key.GridId, g.Key.Channel, N = g.Count() }).ToListAsync(ct))
            Put(g.Bucket, g.GridId, InsightMetric.CasesByChannel, (long)g.Channel, g.N);
        foreach (var g in await slim.GroupBy(c => new { c.Bucket, c.GridId, c.CategoryId }).Select(g => new { g.Key.Bucket, g.Key.GridId, g.Key.CategoryId, N = g.Count() }).ToListAsync(ct))
            Put(g.Bucket, g.GridId, InsightMetric.CasesByCategory, g.CategoryId, g.N);
        foreach (var g in await slim.Where(c => c.BuildingId != null).GroupBy(c => new { c.Bucket, c.GridId, c.BuildingId })
            .Select(g => new { g.Key.Bucket, g.Key.GridId, g.Key.BuildingId, N = g.Count() }).ToListAsync(ct))
            Put(g.Bucket, g.GridId, InsightMetric.CasesByBuilding, g.BuildingId!.Value, g.N);
        foreach (var g in await slim.GroupBy(c => new { c.Bucket, c.GridId }).Select(g => new
        {
            g.Key.Bucket,
            g.Key.GridId,
            Open = g.Sum(c => c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened ? 1 : 0),
            Overdue = g.Sum(c => (c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened)
                && (c.ResolveBy < now || (c.Status == CaseStatus.Submitted && c.RespondBy < now)) ? 1 : 0),
            Resolved = g.Sum(c => (c.Status == CaseStatus.Resolved && c.ResolvedAt != null) || (c.Status == CaseStatus.Closed && c.ClosedAt != null) ? 1 : 0),
            Counted = g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged ? 1 : 0),
            OnTime = g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && c.FirstContactAt != null && c.FirstContactAt <= c.RespondBy ? 1 : 0),
            Known = g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && (c.FirstContactAt != null || c.RespondBy <= now) ? 1 : 0),
            Satisfied = g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && (c.Rating == Rating.Satisfied || c.Rating == Rating.BasicallySatisfied) ? 1 : 0),
            Rated = g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && c.Rating != null ? 1 : 0),
        }).ToListAsync(ct))
        {
            Put(g.Bucket, g.GridId, InsightMetric.CasesOpen, 0, g.Open);
            Put(g.Bucket, g.GridId, InsightMetric.CasesOverdue, 0, g.Overdue);
            Put(g.Bucket, g.GridId, InsightMetric.Resolved, 0, g.Resolved);
            Put(g.Bucket, g.GridId, InsightMetric.CasesCounted, 0, g.Counted);
            Put(g.Bucket, g.GridId, InsightMetric.ResponseOnTime, 0, g.OnTime);
            Put(g.Bucket, g.GridId, InsightMetric.ResponseKnown, 0, g.Known);
            Put(g.Bucket, g.GridId, InsightMetric.Satisfied, 0, g.Satisfied);
            Put(g.Bucket, g.GridId, InsightMetric.Rated, 0, g.Rated);
        }
        return rows;
    }

    // The columns the figures need and the bucket, as one projection both providers translate. The bucket is a balanced
    // tree of comparisons with the bucket starts (as Requests' CaseMetrics groups by month): a handful per case even
    // over five years of months, and no date function; one bucket is the constant 0, which EF leaves out of GROUP BY.
    private static Expression<Func<Case, Slim>> Project(IReadOnlyList<DateTime> starts)
    {
        var c = Expression.Parameter(typeof(Case), "c");
        var submitted = Expression.Property(c, nameof(Case.SubmittedAt));
        Expression Between(int low, int high)
        {
            if (low == high) return Expression.Constant(low);
            var middle = (low + high + 1) / 2;
            // Read from an object rather than inlined, so EF sends the instants as parameters.
            var start = Expression.Field(Expression.Constant(new Start(starts[middle])), nameof(Start.At));
            return Expression.Condition(Expression.LessThan(submitted, start), Between(low, middle - 1), Between(middle, high));
        }
        string[] copied = [nameof(Slim.GridId), nameof(Slim.Channel), nameof(Slim.CategoryId), nameof(Slim.BuildingId), nameof(Slim.Status), nameof(Slim.RespondBy),
            nameof(Slim.ResolveBy), nameof(Slim.FirstContactAt), nameof(Slim.ResolvedAt), nameof(Slim.ClosedAt), nameof(Slim.Rating)];
        var bindings = copied.Select(n => (MemberBinding)Expression.Bind(typeof(Slim).GetProperty(n)!, Expression.Property(c, n)))
            .Append(Expression.Bind(typeof(Slim).GetProperty(nameof(Slim.Bucket))!, Between(0, starts.Count - 1)));
        return Expression.Lambda<Func<Case, Slim>>(Expression.MemberInit(Expression.New(typeof(Slim)), bindings), c);
    }

    private sealed class Start(DateTime at)
    {
        public readonly DateTime At = at;
    }

    private sealed class Slim
    {
        public int Bucket { get; set; }
        public long GridId { get; set; }
        public Channel Channel { get; set; }
        public long CategoryId { get; set; }
        public long? BuildingId { get; set; }
        public CaseStatus Status { get; set; }
        public DateTime RespondBy { get; set; }
        public DateTime ResolveBy { get; set; }
        public DateTime? FirstContactAt { get; set; }
        public DateTime? ResolvedAt { get; set; }
        public DateTime? ClosedAt { get; set; }
        public Rating? Rating { get; set; }
    }
}
