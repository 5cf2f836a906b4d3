using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Gongzhi.Web.Modules.Registry.Transfer;

public sealed record XlsxRow(int Number, string?[] Cells)
{
    public string? this[int column] => column >= 0 && column < Cells.Length ? Cells[column] : null;
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

// Reads the first worksheet as text, streaming the XML (SAX) so a large roster never becomes a DOM.
// Handles the cell kinds spreadsheet programs write: shared strings (with rich-text runs),
// inline strings, formula strings, booleans and numbers (phones are often typed as numbers).
public static class XlsxReader
{
    public const int MaxColumns = 256;

    // Yields the rows that have any cell, with their numbers as Excel shows them (1-based).
    public static IEnumerable<XlsxRow> Rows(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
        var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no sheet");
        if (first.Id?.Value is not { } relId || workbook.GetPartById(relId) is not WorksheetPart sheet)
            throw new InvalidDataException("first sheet is not a worksheet");
        var shared = SharedStrings(workbook.SharedStringTablePart);

        using var reader = OpenXmlReader.Create(sheet);
        var lastRow = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var row = (Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } index ? (int)index : lastRow + 1;
            lastRow = number;
            var cells = new List<string?>();
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                nextColumn = column + 1;
                // A roster's columns sit near the left; far-off cells (styling leftovers) are not data.
                if (column >= MaxColumns) continue;
                while (cells.Count <= column) cells.Add(null);
                cells[column] = Value(cell, shared);
            }
            if (cells.Count > 0) yield return new XlsxRow(number, [.. cells]);
        }
    }

    private static string[] SharedStrings(SharedStringTablePart? part)
    {
        if (part is null) return [];
        var list = new List<string>();
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                list.Add(TextOf(reader.LoadCurrentElement()!));
        }
        return [.. list];
    }

    // The visible text of a string item: its own text and its runs, not the phonetic guide (rPh) East Asian files carry.
    private static string TextOf(OpenXmlElement item)
    {
        var direct = item.Elements<Text>().Select(t => t.Text);
        var runs = item.Elements<Run>().Select(r => r.Text?.Text ?? "");
        return string.Concat(direct.Concat(runs));
    }

    private static string? Value(Cell cell, string[] shared)
    {
        var raw = cell.CellValue?.Text;
        switch (cell.DataType?.Value)
        {
            case CellValues.SharedString:
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i < 0 || i >= shared.Length)
                    throw new InvalidDataException("bad shared string index");
                return shared[i];
            case CellValues.InlineString:
                return cell.InlineString is { } inline ? TextOf(inline) : raw;
            case CellValues.Boolean:
                return raw;
            case CellValues.String:
            case CellValues.Error:
            case CellValues.Date:
                return raw;
            default:
                // Numbers come as written by the program ("13812345678", "1.3812345678E10"): give the plain digits.
                if (string.IsNullOrEmpty(raw)) return null;
                return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? number == decimal.Truncate(number) ? number.ToString("0", CultureInfo.InvariantCulture) : number.ToString(CultureInfo.InvariantCulture)
                    : raw;
        }
    }

    // "AB12" → 27 (A = 0).
    public static int ColumnIndex(string reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = char.ToUpperInvariant(c);
            if (upper is < 'A' or > 'Z') break;
            index = index * 26 + (upper - 'A' + 1);
            if (++letters > 3) throw new InvalidDataException("bad cell reference");
        }
        if (letters == 0) throw new InvalidDataException("bad cell reference");
        return index - 1;
    }
}
