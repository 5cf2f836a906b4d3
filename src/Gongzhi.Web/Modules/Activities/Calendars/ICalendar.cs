using System.Globalization;
using System.Text;

namespace Gongzhi.Web.Modules.Activities.Calendars;

public sealed record CalendarItem(string Uid, DateTime StartsUtc, DateTime EndsUtc, string Summary, string? Location, string? Description, DateTime StampUtc, bool Cancelled = false);

// RFC 5545 text: CRLF line ends; TEXT values escape backslash, semicolon, comma and newline
// (3.3.11); lines longer than 75 octets are folded with CRLF + space (3.1), never inside a UTF-8
// character (a Chinese character is three octets). Times carry TZID=Asia/Shanghai, defined by a
// VTIMEZONE of a fixed +08:00 (no daylight saving since 1991).
public static class ICalendar
{
    public const string Zone = "Asia/Shanghai";

    public static string Write(string name, IEnumerable<CalendarItem> items)
    {
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Gongzhi//Activities//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Escape(name), "X-WR-TIMEZONE:" + Zone,
            "BEGIN:VTIMEZONE", "TZID:" + Zone, "X-LIC-LOCATION:" + Zone,
            "BEGIN:STANDARD", "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "DTSTART:19700101T000000", "END:STANDARD",
            "END:VTIMEZONE",
        };
        foreach (var item in items)
        {
            lines.Add("BEGIN:VEVENT");
            lines.Add("UID:" + item.Uid);
            lines.Add("DTSTAMP:" + item.StampUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            lines.Add($"DTSTART;TZID={Zone}:" + Local(item.StartsUtc));
            lines.Add($"DTEND;TZID={Zone}:" + Local(item.EndsUtc));
            lines.Add("SUMMARY:" + Escape(item.Summary));
            if (item.Location is { Length: > 0 }) lines.Add("LOCATION:" + Escape(item.Location));
            if (item.Description is { Length: > 0 }) lines.Add("DESCRIPTION:" + Escape(item.Description));
            if (item.Cancelled) lines.Add("STATUS:CANCELLED");
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines) Fold(line, text);
        return text.ToString();
    }

    private static string Local(DateTime utc) => BeijingTime.ToLocal(utc).ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    public static string Escape(string value)
    {
        var b = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': b.Append(@"\\"); break;
                case ';': b.Append(@"\;"); break;
                case ',': b.Append(@"\,"); break;
                case '\r':
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    b.Append(@"\n");
                    break;
                case '\n': b.Append(@"\n"); break;
                default:
                    // Other control characters are not allowed in TEXT (RFC 5545 3.3.11).
                    if (!char.IsControl(c) || c == '\t') b.Append(c);
                    break;
            }
        }
        return b.ToString();
    }

    // Folds one content line at 75 octets, cutting only between whole characters (surrogate pairs too).
    public static void Fold(string line, StringBuilder into)
    {
        var limit = 75;
        var used = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var octets = Encoding.UTF8.GetByteCount(line.AsSpan(i, width));
            if (used + octets > limit)
            {
                into.Append("\r\n ");
                used = 1;
            }
            into.Append(line, i, width);
            used += octets;
            i += width - 1;
        }
        into.Append("\r\n");
    }
}
