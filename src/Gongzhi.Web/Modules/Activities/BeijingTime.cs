namespace Gongzhi.Web.Modules.Activities;

// Activities are planned in Beijing time and stored in UTC. China has kept UTC+8 without daylight
// saving since 1991, so a fixed offset is exact, and "the same time next week" is UTC + 7 days.
public static class BeijingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset);

    // An API caller may send "2026-11-25T14:00" (meant as Beijing time), or a time with an offset or Z.
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value - Offset, DateTimeKind.Utc),
    };

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow().UtcDateTime));

    public static string Format(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    // Half-open intervals: one ending as the next starts does not overlap it.
    public static bool Overlaps(DateTime startA, DateTime endA, DateTime startB, DateTime endB) => startA < endB && startB < endA;
}
