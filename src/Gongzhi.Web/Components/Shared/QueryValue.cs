using System.Globalization;

namespace Gongzhi.Web.Components.Shared;

// Query parameters are taken as text and read leniently: a mangled link shows the page's default, not an error.
public static class QueryValue
{
    public static long? Long(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static int Page(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 1;

    public static bool Flag(string? text) => text == "1";
}
