namespace Gongzhi.Web.Components.Shared;

// Stored times are UTC; people read them as Beijing time whatever the server's zone.
public static class ChinaTime
{
    private static readonly TimeZoneInfo Zone = Find();

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    // People read times to the minute; seconds on a page are noise.
    public static string Format(DateTime utc) =>
        ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    // A deadline as people say it: "今天 17:30 前", "明天 9:00 前", "周一 10:30 前", "12月9日 17:30 前" — or,
    // once passed, "已超期 10 天" / "已超期 3 小时" / "已超期 20 分钟". Calendar days and Beijing clock time,
    // not working minutes: on a Saturday evening a Monday 10:30 deadline reads "周一 10:30 前".
    public static string Deadline(DateTime utc, DateTime nowUtc, Microsoft.Extensions.Localization.IStringLocalizer t)
    {
        if (nowUtc > utc)
        {
            var over = nowUtc - utc;
            return over.TotalDays >= 1 ? t["Time.OverdueDays", (int)over.TotalDays]
                : over.TotalHours >= 1 ? t["Time.OverdueHours", (int)over.TotalHours]
                : t["Time.OverdueMinutes", Math.Max(1, (int)over.TotalMinutes)];
        }
        var (at, now) = (ToLocal(utc), ToLocal(nowUtc));
        var clock = at.ToString("H:mm", System.Globalization.CultureInfo.InvariantCulture);
        var days = (at.Date - now.Date).Days;
        string when = days switch
        {
            0 => t["Time.Today", clock],
            1 => t["Time.Tomorrow", clock],
            < 7 => t["Time.Weekday", t[$"Time.Day{(int)at.DayOfWeek}"], clock],
            _ => t["Time.Date", at.Month, at.Day, clock],
        };
        return t["Time.Before", when];
    }

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // A host without tzdata: China has kept UTC+8 without daylight saving since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("China", TimeSpan.FromHours(8), "China", "China");
        }
    }
}
