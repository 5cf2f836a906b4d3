using System.Globalization;

namespace Gongzhi.Web.Components.Shared;

// Reads fields of the small per-row forms (one per resident or post), whose names are made at render time.
public static class FormField
{
    public static string? Text(HttpContext http, string name) =>
        http.Request.HasFormContentType ? http.Request.Form[name].ToString() is { Length: > 0 } v ? v : null : null;

    public static int Version(HttpContext http, string name = "Version") =>
        int.TryParse(Text(http, name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new ConcurrencyConflict();

    // The row a shared form was submitted for: the value of the pressed button.
    public static long Id(HttpContext http, string name) =>
        long.TryParse(Text(http, name), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new NotFound();

    public static DateOnly? Date(HttpContext http, string name)
    {
        var text = Text(http, name);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? Dates.Check(d, name) : throw new ValidationFailure(name, "Validation.Invalid");
    }

    public static string[] All(HttpContext http, string name) =>
        http.Request.HasFormContentType ? http.Request.Form[name].Where(v => v is not null).Select(v => v!).ToArray() : [];
}
