namespace Gongzhi.Bench.Requests;

// A rough office clock for generated deadlines (China time, Monday to Friday, 8:30–17:30, no holidays).
// The app's own calendar is exact; generated history only needs deadlines that look like its own.
public static class WorkClock
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly TimeSpan Opens = new(8, 30, 0);
    private static readonly TimeSpan Closes = new(17, 30, 0);

    public static DateTime AddMinutes(DateTime utc, double minutes)
    {
        var local = Open(utc + China);
        while (minutes > 0)
        {
            var left = (local.Date + Closes - local).TotalMinutes;
            if (minutes <= left) return local.AddMinutes(minutes) - China;
            minutes -= left;
            local = Open(local.Date.AddDays(1) + Opens);
        }
        return local - China;
    }

    public static DateTime AddDays(DateTime utc, double days) => AddMinutes(utc, days * (Closes - Opens).TotalMinutes);

    // The next moment the office is open, from a China local time.
    private static DateTime Open(DateTime local)
    {
        if (local.TimeOfDay < Opens) local = local.Date + Opens;
        if (local.TimeOfDay >= Closes) local = local.Date.AddDays(1) + Opens;
        while (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) local = local.Date.AddDays(1) + Opens;
        return local;
    }

    public static int ChinaHour(DateTime utc) => (utc + China).Hour;
}
