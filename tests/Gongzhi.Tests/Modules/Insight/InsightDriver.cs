using System.Globalization;
using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Insight;

namespace Gongzhi.Tests.Modules.Insight;

public static partial class InsightDriver
{
    public sealed record SheetText(string Name, List<string[]> Rows);

    // A workbook read back with the Open XML SDK, cell by cell, each row as its cells by column letter (A = 0).
    public static List<SheetText> ReadXlsx(byte[] bytes)
    {
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var sheets = new List<SheetText>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>())
        {
            var part = (DocumentFormat.OpenXml.Packaging.WorksheetPart)workbook.GetPartById(sheet.Id!);
            var rows = new List<string[]>();
            foreach (var row in part.Worksheet.GetFirstChild<DocumentFormat.OpenXml.Spreadsheet.SheetData>()!.Elements<DocumentFormat.OpenXml.Spreadsheet.Row>())
            {
                var cells = new SortedDictionary<int, string>();
                foreach (var c in row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>())
                {
                    var letters = new string(c.CellReference!.Value!.TakeWhile(char.IsLetter).ToArray());
                    var column = letters.Aggregate(0, (n, ch) => n * 26 + (ch - 'A' + 1)) - 1;
                    cells[column] = c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
                }
                var width = cells.Count == 0 ? 0 : cells.Keys.Max() + 1;
                rows.Add(Enumerable.Range(0, width).Select(i => cells.GetValueOrDefault(i, "")).ToArray());
            }
            sheets.Add(new SheetText(sheet.Name!.Value!, rows));
        }
        return sheets;
    }

    public static string At(this string[] row, int column) => column < row.Length ? row[column] : "";

    public static long Num(this string[] row, int column) => long.Parse(row.At(column), CultureInfo.InvariantCulture);

    public static async Task<SweepOutcome> SweepAsync(GongzhiApp app, DateTime now)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InsightSweep>().RunAsync(now);
    }

    public static DateOnly ChinaDay(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8));

    public static DateTime ChinaStart(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);

    // The number a figure card shows, read from the page as a person reads it.
    public static long Figure(string html, string id)
    {
        var m = Regex.Match(html, $"id=\"{id}\"[^>]*>\\s*<span class=\"gz-figure-label\">[^<]*</span>\\s*<span class=\"gz-figure-value\">([^<]*)</span>");
        m.Success.ShouldBeTrue($"figure {id} not on the page");
        return long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    // A figure shown as text (a rate, an amount).
    public static string FigureText(string html, string id)
    {
        var m = Regex.Match(html, $"id=\"{id}\"[^>]*>\\s*<span class=\"gz-figure-label\">[^<]*</span>\\s*<span class=\"gz-figure-value\">([^<]*)</span>");
        m.Success.ShouldBeTrue($"figure {id} not on the page");
        return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public static string FigureHref(string html, string id)
    {
        var m = Regex.Match(html, $"<a class=\"gz-figure\" href=\"([^\"]*)\" id=\"{id}\"");
        m.Success.ShouldBeTrue($"figure {id} not on the page");
        return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public static int ListTotal(string html)
    {
        var m = Regex.Match(html, "data-testid=\"list-total\">[^<0-9]*([0-9]+)");
        m.Success.ShouldBeTrue("no total on the list page");
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
