namespace Gongzhi.Web.Modules.Projects;

// Deadlines are set and shown in Beijing time and stored in UTC (UTC+8, no daylight saving since 1991).
public static class ProjectsTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime ToLocal(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset);

    // An API time without an offset means Beijing time.
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value - Offset, DateTimeKind.Utc),
    };

    public static DateOnly Today(DateTime utcNow) => DateOnly.FromDateTime(ToLocal(utcNow));

    public static string Format(DateTime utc) => ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    // Money is kept in fen; shown as yuan with two decimals, computed on integers.
    public static string Yuan(long fen) =>
        (fen < 0 ? "-" : "") + (Math.Abs(fen) / 100).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) + "." + (Math.Abs(fen) % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    // "1200", "1200.5", "1,200.50" → fen; anything else (three decimals, letters, negative) is refused.
    public static long? ParseYuan(string? text)
    {
        var t = text?.Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(t)) return null;
        var parts = t.Split('.');
        if (parts.Length > 2 || parts[0].Length is 0 or > 10 || !parts[0].All(char.IsAsciiDigit)) return -1;
        var fen = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 100;
        if (parts.Length == 2)
        {
            if (parts[1].Length is 0 or > 2 || !parts[1].All(char.IsAsciiDigit)) return -1;
            fen += long.Parse(parts[1].PadRight(2, '0'), System.Globalization.CultureInfo.InvariantCulture);
        }
        return fen;
    }
}
