using System.Globalization;

namespace Gongzhi.Web.Modules.Requests.Deadlines;

// Office hours of one working day, in China Standard Time, e.g. "08:30-12:00,14:00-17:30".
public sealed record OfficeHours(IReadOnlyList<(TimeOnly From, TimeOnly To)> Spans)
{
    public static readonly OfficeHours Default = Parse("08:30-12:00,14:00-17:30");

    public int MinutesPerDay => (int)Spans.Sum(s => (s.To - s.From).TotalMinutes);

    public static OfficeHours Parse(string text)
    {
        var spans = new List<(TimeOnly, TimeOnly)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2
                || !TimeOnly.TryParseExact(ends[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !TimeOnly.TryParseExact(ends[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                || to <= from || (spans.Count > 0 && from < spans[^1].Item2))
                throw new ValidationFailure("OfficeHours", "Requests.Error.OfficeHours");
            spans.Add((from, to));
        }
        if (spans.Count == 0) throw new ValidationFailure("OfficeHours", "Requests.Error.OfficeHours");
        return new OfficeHours(spans);
    }

    public override string ToString() => string.Join(",", Spans.Select(s => $"{s.From:HH\\:mm}-{s.To:HH\\:mm}"));
}

// Working-time arithmetic on the Chinese calendar: weekends off unless a 调休 day says work,
// weekdays on unless a holiday says rest, and only office hours count. China keeps one zone
// (UTC+8) with no daylight saving, so a fixed offset is exact.
public sealed class WorkingTime(IReadOnlyDictionary<DateOnly, CalendarDayKind> exceptions, OfficeHours hours)
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private const int MaxDays = 3660;

    public OfficeHours Hours => hours;

    public bool IsWorkingDay(DateOnly day) => exceptions.TryGetValue(day, out var kind)
        ? kind == CalendarDayKind.Workday
        : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static DateTime ToChina(DateTime utc) => DateTime.SpecifyKind(utc + ChinaOffset, DateTimeKind.Unspecified);

    public static DateTime FromChina(DateTime local) => DateTime.SpecifyKind(local - ChinaOffset, DateTimeKind.Utc);

    // The instant that many working minutes after start. Time outside office hours does not count,
    // so a case raised on a Friday evening starts its clock on Monday morning.
    public DateTime AddMinutes(DateTime startUtc, int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minutes);
        var local = ToChina(startUtc);
        var remaining = TimeSpan.FromMinutes(minutes);
        for (var i = 0; i < MaxDays; i++)
        {
            var day = DateOnly.FromDateTime(local);
            if (IsWorkingDay(day))
            {
                foreach (var (from, to) in hours.Spans)
                {
                    var spanStart = day.ToDateTime(from);
                    var spanEnd = day.ToDateTime(to);
                    if (local >= spanEnd) continue;
                    var start = local > spanStart ? local : spanStart;
                    var available = spanEnd - start;
                    if (remaining <= available) return FromChina(start + remaining);
                    remaining -= available;
                    local = spanEnd;
                }
            }
            local = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        }
        throw new InvalidOperationException("The calendar has no working time in ten years.");
    }

    public DateTime AddDays(DateTime startUtc, int days) => AddMinutes(startUtc, days * hours.MinutesPerDay);

    // Working minutes from one instant to another; negative when the second is earlier (time overdue).
    public int MinutesBetween(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc < fromUtc) return -MinutesBetween(toUtc, fromUtc);
        var from = ToChina(fromUtc);
        var to = ToChina(toUtc);
        var total = TimeSpan.Zero;
        for (var day = DateOnly.FromDateTime(from); day.ToDateTime(TimeOnly.MinValue) < to; day = day.AddDays(1))
        {
            if (!IsWorkingDay(day)) continue;
            foreach (var (f, t) in hours.Spans)
            {
                var start = Max(day.ToDateTime(f), from);
                var end = Min(day.ToDateTime(t), to);
                if (end > start) total += end - start;
            }
        }
        return (int)Math.Floor(total.TotalMinutes);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
