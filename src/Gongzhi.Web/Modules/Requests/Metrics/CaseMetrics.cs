using System.Globalization;
using System.Linq.Expressions;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Requests.Metrics;

public enum MetricsBy { Grid, Community, Subdistrict, Category, Owner, Month }

// A rate as the exact fraction plus its percentage (one decimal); no percentage when nothing counts yet.
public sealed record Rate(int Numerator, int Denominator, double? Percent)
{
    public static Rate Of(int numerator, int denominator) =>
        new(numerator, denominator, denominator == 0 ? null : Math.Round(100.0 * numerator / denominator, 1, MidpointRounding.AwayFromZero));
}

// by: grid|community|subdistrict|category|owner|month; from/to: yyyy-MM-dd; optionally one category or one grid.
public sealed record MetricsQuery(string? By, string? From, string? To, long? CategoryId = null, long? GridId = null);

public sealed record MetricsRow(string Key, string Label, int Total, int Open, int Overdue, int Escalated, Rate Response, Rate Resolution, Rate Satisfaction);

public sealed record MetricsChoice(long Id, string Name);

public sealed record MetricsReport(string By, DateOnly From, DateOnly To, DateTime AsOf, IReadOnlyList<MetricsRow> Rows, MetricsRow Overall);

// 三率 of the cases the caller may see, submitted between two days (China time, both included), grouped one way.
// Everything is summed in the database in one GROUP BY with conditional sums, so a million cases cost one scan
// of the range, never a row in memory. The definitions, all taken at the moment of the query ("now"):
//   counted    = the case is neither Cancelled (withdrawn before acceptance) nor Merged (a duplicate of another);
//                only counted cases enter any rate.
//   响应率 response     = counted cases first contacted by their RespondBy (FirstContactAt <= RespondBy)
//                        / counted cases whose outcome is known: contacted (on time or late) or past RespondBy uncontacted.
//                        A case still inside its contact window and not yet contacted is pending and left out.
//   解决率 resolution   = counted cases Resolved with ResolvedAt set, or Closed with ClosedAt set
//                        / all counted cases (a reopened case is not resolved until it is resolved again).
//   满意率 satisfaction = counted cases whose latest rating is 满意 or 基本满意 / counted cases with a rating.
//   total = every case in the group, whatever its status; open = Submitted, Accepted, Referred or Reopened;
//   overdue = open and past ResolveBy, or still Submitted past RespondBy; escalated = escalated at any level.
// Month is the calendar month of SubmittedAt in China time (UTC+8).
public sealed class CaseMetrics(ReadDb read, CaseAccess access, CurrentUser user, TimeProvider clock)
{
    // A dashboard may be a moment old: the replica when there is one.
    private readonly GongzhiDb db = read.Context;

    public const int MaxDays = 3660;

    public async Task<MetricsReport> RunAsync(MetricsQuery query, CancellationToken ct = default)
    {
        user.Require(Capability.ViewCaseMetrics);
        var grouping = ParseBy(query.By);
        var now = clock.GetUtcNow().UtcDateTime;
        var (first, last) = Range(query.From, query.To, DateOnly.FromDateTime(WorkingTime.ToChina(now)));
        var start = WorkingTime.FromChina(first.ToDateTime(TimeOnly.MinValue));
        var end = WorkingTime.FromChina(last.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var cases = (await access.VisibleAsync(db, ct)).AsNoTracking().Where(c => c.SubmittedAt >= start && c.SubmittedAt < end);
        if (query.CategoryId is { } categoryId) cases = cases.Where(c => c.CategoryId == categoryId);
        if (query.GridId is { } gridId) cases = cases.Where(c => c.GridId == gridId);

        var rows = grouping switch
        {
            MetricsBy.Grid => await LabelAsync(await SumAsync(cases, c => c.GridId, now, ct), ids => GridNamesAsync(ids, ct)),
            MetricsBy.Community => await LabelAsync(await SumAsync(cases, c => c.CommunityId, now, ct),
                ids => db.Communities.Where(g => ids.Contains(g.Id)).Select(g => new { g.Id, g.Name }).ToDictionaryAsync(g => g.Id, g => g.Name, ct)),
            MetricsBy.Subdistrict => await LabelAsync(await SumAsync(cases, c => c.SubdistrictId, now, ct),
                ids => db.Subdistricts.Where(g => ids.Contains(g.Id)).Select(g => new { g.Id, g.Name }).ToDictionaryAsync(g => g.Id, g => g.Name, ct)),
            MetricsBy.Category => await CategoriesAsync(await SumAsync(cases, c => c.CategoryId, now, ct), ct),
            MetricsBy.Owner => await OwnersAsync(await SumAsync(cases, c => c.OwnerUserId, now, ct), ct),
            _ => Months(await SumAsync(cases, MonthOf(first, last), now, ct), first, last),
        };
        return new MetricsReport(grouping.ToString().ToLowerInvariant(), first, last, now, rows, Sum(rows));
    }

    // The categories to filter by, those no longer in use too (their cases still count).
    public Task<List<MetricsChoice>> CategoryChoicesAsync(CancellationToken ct = default) =>
        db.CaseCategories.AsNoTracking().OrderBy(c => !c.Active).ThenBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new MetricsChoice(c.Id, c.Name)).ToListAsync(ct);

    // By name only (Enum.TryParse would also take "3" or "grid,month").
    public static MetricsBy ParseBy(string? by)
    {
        if (string.IsNullOrWhiteSpace(by)) return MetricsBy.Grid;
        foreach (var b in Enum.GetValues<MetricsBy>())
            if (string.Equals(b.ToString(), by.Trim(), StringComparison.OrdinalIgnoreCase)) return b;
        throw new ValidationFailure("By", "Requests.Metrics.Error.By");
    }

    // Both days are included. Without them: the last twelve months up to today, so the monthly trend has a year.
    public static (DateOnly From, DateOnly To) Range(string? from, string? to, DateOnly today)
    {
        var errors = new List<FieldError>();
        var last = Day(to, "To", errors) ?? today;
        var first = Day(from, "From", errors) ?? new DateOnly(last.Year, last.Month, 1).AddMonths(-11);
        if (errors.Count == 0 && first > last) errors.Add(new FieldError("To", "Requests.Metrics.Error.Range"));
        if (errors.Count == 0 && last.DayNumber - first.DayNumber >= MaxDays) errors.Add(new FieldError("To", "Requests.Metrics.Error.RangeTooLong", MaxDays / 366));
        if (errors.Count > 0) throw new ValidationFailure(errors);
        return (first, last);
    }

    private static DateOnly? Day(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            if (Dates.InRange(d)) return d;
            errors.Add(Dates.OutOfRange(field).Errors[0]);
            return null;
        }
        errors.Add(new FieldError(field, "Requests.Metrics.Error.Date"));
        return null;
    }

    private sealed record Sums(int Total, int Open, int Overdue, int Escalated,
        int ResponseNumerator, int ResponseDenominator, int Resolved, int Counted, int Satisfied, int Rated);

    private static async Task<List<(TKey Key, Sums Sums)>> SumAsync<TKey>(IQueryable<Case> cases, Expression<Func<Case, TKey>> key, DateTime now, CancellationToken ct)
    {
        var sums = await cases.GroupBy(key).Select(g => new
        {
            g.Key,
            Sums = new Sums(
                g.Count(),
                g.Sum(c => c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened ? 1 : 0),
                g.Sum(c => (c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened)
                    && (c.ResolveBy < now || (c.Status == CaseStatus.Submitted && c.RespondBy < now)) ? 1 : 0),
                g.Sum(c => c.EscalationLevel != EscalationLevel.None ? 1 : 0),
                g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && c.FirstContactAt != null && c.FirstContactAt <= c.RespondBy ? 1 : 0),
                g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && (c.FirstContactAt != null || c.RespondBy <= now) ? 1 : 0),
                g.Sum(c => (c.Status == CaseStatus.Resolved && c.ResolvedAt != null) || (c.Status == CaseStatus.Closed && c.ClosedAt != null) ? 1 : 0),
                g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged ? 1 : 0),
                g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && (c.Rating == Rating.Satisfied || c.Rating == Rating.BasicallySatisfied) ? 1 : 0),
                g.Sum(c => c.Status != CaseStatus.Cancelled && c.Status != CaseStatus.Merged && c.Rating != null ? 1 : 0)),
        }).ToListAsync(ct);
        return sums.Select(s => (s.Key, s.Sums)).ToList();
    }

    // The month a case was submitted in, as an index from the first month of the range. The month starts are
    // worked out here in China time and compared as instants, so no database time-zone or date function is
    // involved; the comparisons form a balanced tree, a handful per case even over ten years.
    private static Expression<Func<Case, int>> MonthOf(DateOnly first, DateOnly last)
    {
        var c = Expression.Parameter(typeof(Case), "c");
        var submitted = Expression.Property(c, nameof(Case.SubmittedAt));
        var starts = MonthStarts(first, last).Select(m => WorkingTime.FromChina(m.ToDateTime(TimeOnly.MinValue))).ToList();
        Expression Between(int low, int high)
        {
            if (low == high) return Expression.Constant(low);
            var middle = (low + high + 1) / 2;
            // Read from an object rather than inlined, so EF sends the instants as parameters and reuses the query
            // for any range of the same number of months.
            var start = Expression.Field(Expression.Constant(new MonthStart(starts[middle])), nameof(MonthStart.At));
            return Expression.Condition(Expression.LessThan(submitted, start), Between(low, middle - 1), Between(middle, high));
        }
        return Expression.Lambda<Func<Case, int>>(Between(0, starts.Count - 1), c);
    }

    private sealed class MonthStart(DateTime at)
    {
        public readonly DateTime At = at;
    }

    private static IEnumerable<DateOnly> MonthStarts(DateOnly first, DateOnly last)
    {
        for (var m = new DateOnly(first.Year, first.Month, 1); m <= last; m = m.AddMonths(1)) yield return m;
    }

    private static List<MetricsRow> Months(List<(int Key, Sums Sums)> sums, DateOnly first, DateOnly last)
    {
        var byIndex = sums.ToDictionary(s => s.Key, s => s.Sums);
        // Every month of the range gets a row, so the trend line has no gaps.
        return MonthStarts(first, last).Select((m, i) =>
        {
            var key = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            return Row(key, key, byIndex.GetValueOrDefault(i) ?? new Sums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        }).ToList();
    }

    private static async Task<List<MetricsRow>> LabelAsync(List<(long Key, Sums Sums)> sums, Func<List<long>, Task<Dictionary<long, string>>> names)
    {
        var labels = await names(sums.Select(s => s.Key).ToList());
        return sums.OrderBy(s => s.Key)
            .Select(s => Row(s.Key.ToString(CultureInfo.InvariantCulture), labels.GetValueOrDefault(s.Key) ?? s.Key.ToString(CultureInfo.InvariantCulture), s.Sums)).ToList();
    }

    // Grids are named within their community (every community has a 第一网格), so across communities the name carries it.
    private async Task<Dictionary<long, string>> GridNamesAsync(List<long> ids, CancellationToken ct)
    {
        var grids = await db.Grids.AsNoTracking().Where(g => ids.Contains(g.Id))
            .Join(db.Communities, g => g.CommunityId, c => c.Id, (g, c) => new { g.Id, g.Name, g.CommunityId, Community = c.Name }).ToListAsync(ct);
        var several = grids.Select(g => g.CommunityId).Distinct().Count() > 1;
        return grids.ToDictionary(g => g.Id, g => several ? $"{g.Community} {g.Name}" : g.Name);
    }

    private async Task<List<MetricsRow>> CategoriesAsync(List<(long Key, Sums Sums)> sums, CancellationToken ct)
    {
        var ids = sums.Select(s => s.Key).ToList();
        var categories = await db.CaseCategories.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.SortOrder }).ToDictionaryAsync(c => c.Id, ct);
        return sums.OrderBy(s => categories.GetValueOrDefault(s.Key)?.SortOrder ?? int.MaxValue).ThenBy(s => s.Key)
            .Select(s => Row(s.Key.ToString(CultureInfo.InvariantCulture), categories.GetValueOrDefault(s.Key)?.Name ?? "", s.Sums)).ToList();
    }

    // Owners by their account's current name; cases nobody owns (no duty post held when they came in) are one row with key "".
    private async Task<List<MetricsRow>> OwnersAsync(List<(string? Key, Sums Sums)> sums, CancellationToken ct)
    {
        var ids = sums.Where(s => s.Key is not null).Select(s => s.Key!).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.UserName }).ToDictionaryAsync(u => u.Id, ct);
        string Label(string? id) => id is null ? "" : names.GetValueOrDefault(id) is { } u ? (u.DisplayName.Length > 0 ? u.DisplayName : u.UserName ?? id) : id;
        return sums.Select(s => Row(s.Key ?? "", Label(s.Key), s.Sums))
            .OrderBy(r => r.Key.Length == 0).ThenBy(r => r.Label, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static MetricsRow Row(string key, string label, Sums s) =>
        new(key, label, s.Total, s.Open, s.Overdue, s.Escalated,
            Rate.Of(s.ResponseNumerator, s.ResponseDenominator), Rate.Of(s.Resolved, s.Counted), Rate.Of(s.Satisfied, s.Rated));

    // Every grouping puts each case in exactly one row, so the whole is the sum of the rows.
    private static MetricsRow Sum(IReadOnlyList<MetricsRow> rows) =>
        new("", "", rows.Sum(r => r.Total), rows.Sum(r => r.Open), rows.Sum(r => r.Overdue), rows.Sum(r => r.Escalated),
            Rate.Of(rows.Sum(r => r.Response.Numerator), rows.Sum(r => r.Response.Denominator)),
            Rate.Of(rows.Sum(r => r.Resolution.Numerator), rows.Sum(r => r.Resolution.Denominator)),
            Rate.Of(rows.Sum(r => r.Satisfaction.Numerator), rows.Sum(r => r.Satisfaction.Denominator)));
}
