using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Gongzhi.Web.Modules.Registry.Transfer;

public sealed record XlsxRow(int Number, string?[] Cells)
{
    public string? this[int column] => column >= 0 && column < Cells.Length ? Cells[column] : null;
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

// Reads the first worksheet as text, streaming its XML (SAX) so a large roster never becomes a DOM.
// The Open XML SDK opens the package and finds the parts; the part XML itself is read with a plain
// XmlReader, which measured several times faster than OpenXmlReader (that one builds an element object
// per node). Handles what spreadsheet programs write: shared strings (with rich-text runs), inline
// strings, formula strings, booleans and numbers (phones are often typed as numbers). Element names
// are matched without their namespace, so both transitional and strict files read.
public static class XlsxReader
{
    public const int MaxColumns = 256;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    // Yields the rows that have any cell, with their numbers as Excel shows them (1-based).
    public static IEnumerable<XlsxRow> Rows(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
        var first = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no sheet");
        if (first.Id?.Value is not { } relId || workbook.GetPartById(relId) is not WorksheetPart sheet)
            throw new InvalidDataException("first sheet is not a worksheet");
        var shared = SharedStrings(workbook.SharedStringTablePart);

        using var stream = sheet.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, Settings);
        var lastRow = 0;
        var rowNumber = 0;
        List<string?>? cells = null;
        var nextColumn = 0;
        var column = 0;
        string? type = null;
        string? value = null;
        StringBuilder? inline = null;
        var inPhonetic = false;

        void Store()
        {
            if (cells is null || column >= MaxColumns) return;
            var text = Value(type, value, inline?.ToString(), shared);
            if (text is null) return;
            while (cells.Count <= column) cells.Add(null);
            cells[column] = text;
        }

        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                switch (xml.LocalName)
                {
                    case "row":
                        var r = xml.GetAttribute("r");
                        rowNumber = r is not null && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : lastRow + 1;
                        lastRow = rowNumber;
                        nextColumn = 0;
                        cells = xml.IsEmptyElement ? null : [];
                        break;
                    case "c":
                        var reference = xml.GetAttribute("r");
                        column = reference is not null ? ColumnIndex(reference) : nextColumn;
                        nextColumn = column + 1;
                        type = xml.GetAttribute("t");
                        value = null;
                        inline = null;
                        if (xml.IsEmptyElement) Store();
                        break;
                    case "v":
                        value = ReadText(xml);
                        break;
                    case "t" when type == "inlineStr" && !inPhonetic:
                        (inline ??= new StringBuilder()).Append(ReadText(xml));
                        break;
                    case "rPh":
                        inPhonetic = !xml.IsEmptyElement;
                        break;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement)
            {
                switch (xml.LocalName)
                {
                    case "c":
                        Store();
                        break;
                    case "rPh":
                        inPhonetic = false;
                        break;
                    case "row":
                        if (cells is { Count: > 0 }) yield return new XlsxRow(rowNumber, [.. cells]);
                        cells = null;
                        break;
                }
            }
        }
    }

    private static string[] SharedStrings(SharedStringTablePart? part)
    {
        if (part is null) return [];
        var list = new List<string>();
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, Settings);
        StringBuilder? item = null;
        var inPhonetic = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                switch (xml.LocalName)
                {
                    case "si" when xml.IsEmptyElement:
                        list.Add("");
                        break;
                    case "si":
                        item = new StringBuilder();
                        break;
                    // The visible text: the item's own text and its runs, not the phonetic guide (rPh) East Asian files carry.
                    case "rPh":
                        inPhonetic = !xml.IsEmptyElement;
                        break;
                    case "t" when !inPhonetic:
                        item?.Append(ReadText(xml));
                        break;
                }
            }
            else if (xml.NodeType == XmlNodeType.EndElement)
            {
                if (xml.LocalName == "rPh") inPhonetic = false;
                else if (xml.LocalName == "si" && item is not null)
                {
                    list.Add(item.ToString());
                    item = null;
                    // A decompression bomb of strings is not a roster.
                    if (list.Count > 4 * TransferLayout.MaxRows * TransferLayout.Headers.Count) throw new InvalidDataException("too many strings");
                }
            }
        }
        return [.. list];
    }

    // The text content of the current element, leaving the reader on its end element.
    private static string ReadText(XmlReader xml)
    {
        if (xml.IsEmptyElement) return "";
        string? single = null;
        StringBuilder? more = null;
        while (xml.Read())
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                if (single is null) single = xml.Value;
                else (more ??= new StringBuilder(single)).Append(xml.Value);
            }
            else if (xml.NodeType == XmlNodeType.EndElement) break;
        }
        return more?.ToString() ?? single ?? "";
    }

    private static string? Value(string? type, string? raw, string? inline, string[] shared)
    {
        switch (type)
        {
            case "s":
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i < 0 || i >= shared.Length)
                    throw new InvalidDataException("bad shared string index");
                return shared[i];
            case "inlineStr":
                return inline ?? raw;
            case "b" or "str" or "e" or "d":
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

    // 27, 12 → "AB12": how a spreadsheet names the cell, so a reported error can be found with Go To.
    public static string CellName(int column, int row)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters + row.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
