using System.Globalization;

namespace Gongzhi.Web.Modules.Insight;

public enum PeriodKind { Month, Quarter, Year, Custom }

// A period of whole China days, both ends included, and the one before it to compare with: the previous month,
// quarter or year, or for a custom range the same number of days just before it.
public sealed record InsightPeriod(PeriodKind Kind, DateOnly From, DateOnly To)
{
    public const int MaxDays = 3660;

    public InsightPeriod Previous() => Kind switch
    {
        PeriodKind.Month => Month(From.AddMonths(-1)),
        PeriodKind.Quarter => new(Kind, From.AddMonths(-3), From.AddDays(-1)),
        PeriodKind.Year => new(Kind, From.AddYears(-1), From.AddDays(-1)),
        _ => new(Kind, From.AddDays(-(To.DayNumber - From.DayNumber + 1)), From.AddDays(-1)),
    };

    public static InsightPeriod Month(DateOnly any) => new(PeriodKind.Month, new DateOnly(any.Year, any.Month, 1), new DateOnly(any.Year, any.Month, 1).AddMonths(1).AddDays(-1));

    // p: month|quarter|year|custom; on: 2026-12 | 2026-Q4 | 2026; custom: from and to as yyyy-MM-dd.
    public static InsightPeriod Parse(string? p, string? on, string? from, string? to, DateOnly today)
    {
        var kind = (p ?? "month").Trim().ToLowerInvariant();
        on = on?.Trim();
        switch (kind)
        {
            case "month":
                if (string.IsNullOrEmpty(on)) return Month(today);
                if (DateOnly.TryParseExact(on + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && m.Year is >= 2000 and <= 2100) return Month(m);
                throw new ValidationFailure("on", "Insight.Error.Period");
            case "quarter":
                var (qy, q) = string.IsNullOrEmpty(on) ? (today.Year, (today.Month - 1) / 3 + 1)
                    : on.Length == 7 && on[4..6] is "-Q" or "-q" && int.TryParse(on[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y) && on[6] is >= '1' and <= '4'
                        ? (y, on[6] - '0') : throw new ValidationFailure("on", "Insight.Error.Period");
                if (qy is < 2000 or > 2100) throw new ValidationFailure("on", "Insight.Error.Period");
                var start = new DateOnly(qy, (q - 1) * 3 + 1, 1);
                return new(PeriodKind.Quarter, start, start.AddMonths(3).AddDays(-1));
            case "year":
                var year = string.IsNullOrEmpty(on) ? today.Year
                    : int.TryParse(on, NumberStyles.None, CultureInfo.InvariantCulture, out var yy) && yy is >= 2000 and <= 2100 ? yy : throw new ValidationFailure("on", "Insight.Error.Period");
                return new(PeriodKind.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
            case "custom":
                var errors = new List<FieldError>();
                var f = Day(from, "from", errors);
                var t = Day(to, "to", errors);
                if (errors.Count == 0 && f > t) errors.Add(new FieldError("to", "Insight.Error.Range"));
                if (errors.Count == 0 && t.DayNumber - f.DayNumber >= MaxDays) errors.Add(new FieldError("to", "Insight.Error.RangeTooLong"));
                if (errors.Count > 0) throw new ValidationFailure(errors);
                return new(PeriodKind.Custom, f, t);
            default:
                throw new ValidationFailure("p", "Insight.Error.Period");
        }
    }

    private static DateOnly Day(string? text, string field, List<FieldError> errors)
    {
        if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2100) return d;
        errors.Add(new FieldError(field, "Insight.Error.Date"));
        return default;
    }

    public string Query() => FormattableString.Invariant(Kind switch
    {
        PeriodKind.Month => (FormattableString)$"p=month&on={From:yyyy-MM}",
        PeriodKind.Quarter => $"p=quarter&on={From.Year}-Q{(From.Month - 1) / 3 + 1}",
        PeriodKind.Year => $"p=year&on={From.Year}",
        _ => $"p=custom&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}",
    });
}
