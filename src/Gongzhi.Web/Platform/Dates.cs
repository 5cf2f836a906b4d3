namespace Gongzhi.Web.Platform;

// The dates Gongzhi deals in: births from 1900, plans until 2199. Outside that nothing real happens,
// and arithmetic near the ends of the calendar (9999-12-31 plus a day, 0001-01-01 minus eight hours)
// throws — so such a date is bad input (400), refused where it enters.
public static class Dates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2199, 12, 31);

    public static bool InRange(DateOnly day) => day >= Earliest && day <= Latest;

    public static bool InRange(DateTime time) => InRange(DateOnly.FromDateTime(time));

    public static DateOnly Check(DateOnly day, string field) => InRange(day) ? day : throw OutOfRange(field);

    public static DateOnly? Check(DateOnly? day, string field) => day is { } d ? Check(d, field) : null;

    public static ValidationFailure OutOfRange(string field) =>
        new(field, "Error.DateOutOfRange", Earliest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Latest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}
