using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Gongzhi.Web.Modules.Insight;

public sealed record LedgerColumn(string Header, double Width, bool Number = false);

public sealed record LedgerSheet(string Name, string Title, IReadOnlyList<string> HeaderLines, IReadOnlyList<LedgerColumn> Columns,
    IReadOnlyList<string?[]> Rows, string?[] Totals);

// A ledger (台账) as community workers keep it in Excel: a title, a header block (community, period, who made it),
// the column headings, one row per item, a totals row; wrapped text, set widths, A4 landscape fitted to the page
// width with the headings repeated on every printed page. One sheet per community.
public static class LedgerWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Style indexes: 0 plain, 1 title, 2 heading (bold, border, wrap), 3 text (border, wrap), 4 number (border), 5 totals (bold, border, wrap).
    public static byte[] Write(IReadOnlyList<LedgerSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var list = new Sheets();
            var names = new DefinedNames();
            var index = 0u;
            foreach (var s in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var headingRow = (uint)(2 + s.HeaderLines.Count);
                using (var writer = OpenXmlWriter.Create(part))
                {
                    writer.WriteStartElement(new Worksheet());
                    writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
                    var columns = new Columns();
                    for (var i = 0; i < s.Columns.Count; i++)
                        columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = s.Columns[i].Width, CustomWidth = true });
                    writer.WriteElement(columns);
                    writer.WriteStartElement(new SheetData());
                    var number = 1u;
                    Row(writer, number, [s.Title], 1);
                    foreach (var line in s.HeaderLines) Row(writer, ++number, [line], 0);
                    Row(writer, ++number, s.Columns.Select(c => (string?)c.Header).ToArray(), 2);
                    foreach (var row in s.Rows) Row(writer, ++number, row, 3, s.Columns);
                    Row(writer, ++number, s.Totals, 5, s.Columns);
                    writer.WriteEndElement();
                    var last = XlsxColumn(s.Columns.Count - 1);
                    writer.WriteElement(new MergeCells(new MergeCell { Reference = $"A1:{last}1" }));
                    writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 });
                    // 9 = A4.
                    writer.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
                    writer.WriteElement(new HeaderFooter(new OddFooter("&C第 &P 页，共 &N 页")));
                    writer.WriteEndElement();
                    names.Append(new DefinedName($"'{s.Name.Replace("'", "''", StringComparison.Ordinal)}'!${headingRow}:${headingRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = index });
                }
                list.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = ++index, Name = s.Name });
            }
            workbook.Workbook.Append(list);
            workbook.Workbook.Append(names);
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static void Row(OpenXmlWriter writer, uint number, IReadOnlyList<string?> cells, uint style, IReadOnlyList<LedgerColumn>? columns = null)
    {
        var r = number.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", r)]);
        for (var i = 0; i < cells.Count; i++)
        {
            var text = cells[i];
            var reference = XlsxColumn(i) + r;
            if (columns?[i].Number == true && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                writer.WriteElement(new Cell(new CellValue(text!)) { CellReference = reference, DataType = CellValues.Number, StyleIndex = style == 5 ? 5u : 4u });
            else if (!string.IsNullOrEmpty(text) || style is 2 or 3 or 5)
                writer.WriteElement(new Cell(new InlineString(new Text(text ?? ""))) { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style });
        }
        writer.WriteEndElement();
    }

    public static string XlsxColumn(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }

    private static Stylesheet Styles()
    {
        Border Thin() => new(new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        var wrap = () => new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top };
        return new Stylesheet(
            new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 16 }, new FontName { Val = "黑体" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" })) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(), Thin()) { Count = 2 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 1, ApplyFont = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center }, ApplyAlignment = true },
                new CellFormat { FontId = 2, BorderId = 1, ApplyFont = true, ApplyBorder = true, Alignment = new Alignment { WrapText = true, Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center }, ApplyAlignment = true },
                new CellFormat { BorderId = 1, ApplyBorder = true, Alignment = wrap(), ApplyAlignment = true },
                new CellFormat { BorderId = 1, ApplyBorder = true, Alignment = new Alignment { Vertical = VerticalAlignmentValues.Top }, ApplyAlignment = true },
                new CellFormat { FontId = 2, BorderId = 1, ApplyFont = true, ApplyBorder = true, Alignment = wrap(), ApplyAlignment = true }) { Count = 6 });
    }
}
