using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Platform.Export;

// For the lists a module already reads whole (a community's events, notices, topics, members: hundreds of rows), the
// export is that same list — same scope, same masking — turned into cells: headers by Export.Col.{key} (or a module's
// own key when it contains a dot), enums by their Enum.{Type}.{Value} texts, times in China time, money and counts
// as numbers.
public static class ExportRows
{
    public static ExportTable Of<T>(IEnumerable<T> rows, string fileName, string filters, IStringLocalizer text,
        params (string Header, Func<T, object?> Value)[] columns)
    {
        var heads = columns.Select(c => new ExportColumn(text[c.Header.Contains('.', StringComparison.Ordinal) ? c.Header : $"Export.Col.{c.Header}"],
            Number: c.Header is "No" or "Capacity" or "Registered" or "Minutes" or "Hours" or "Amount" or "Balance" or "Reach" or "Age" or "Attendance" or "Grant")).ToList();
        return new ExportTable(fileName, filters, heads, Stream(rows.Select(r => columns.Select(c => Cell(c.Value(r), text)).ToArray())));
    }

    public static string? Cell(object? value, IStringLocalizer text) => value switch
    {
        null => null,
        string s => s,
        DateTime t => t.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => text[b ? "Export.Yes" : "Export.No"],
        Enum e => text[$"Enum.{e.GetType().Name}.{e}"],
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static async IAsyncEnumerable<string?[]> Stream(IEnumerable<string?[]> rows)
    {
        foreach (var row in rows) yield return row;
        await Task.CompletedTask;
    }
}
