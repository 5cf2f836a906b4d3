using System.Globalization;

namespace Gongzhi.Web.Modules.Projects.Pages;

// Reads the plain forms of the Projects pages. Money is typed in yuan and kept in fen; a time is Beijing time.
public static class PageInput
{
    public static string? Text(HttpContext http, string name) => Components.Shared.FormField.Text(http, name);

    public static long? Fen(HttpContext http, string name, string field)
    {
        var fen = ProjectsTime.ParseYuan(Text(http, name));
        if (fen < 0) throw new ValidationFailure(field, "Projects.Error.AmountInvalid");
        return fen;
    }

    public static int? Int(HttpContext http, string name, string field)
    {
        var text = Text(http, name);
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw new ValidationFailure(field, "Validation.Invalid");
    }

    public static DateTime? LocalTime(HttpContext http, string name, string field)
    {
        var text = Text(http, name);
        if (text is null) return null;
        return DateTime.TryParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Unspecified) : throw new ValidationFailure(field, "Validation.Invalid");
    }

    public static DateOnly? Date(HttpContext http, string name, string field)
    {
        var text = Text(http, name);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new ValidationFailure(field, "Validation.Invalid");
    }

    public static TEnum? Enum<TEnum>(HttpContext http, string name) where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(Text(http, name), out var v) && System.Enum.IsDefined(v) ? v : null;

    public static string Yuan(long fen) => fen == 0 ? "" : (fen / 100).ToString(CultureInfo.InvariantCulture) + (fen % 100 == 0 ? "" : "." + (fen % 100).ToString("00", CultureInfo.InvariantCulture));

    public static string Local(DateTime utc) => ProjectsTime.ToLocal(utc).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
