using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Gongzhi.Tests.Modules.Registry;

// A cell written as an inline string rather than a shared one, as some programs do.
public sealed record Inline(string Text);

// Builds .xlsx files the way spreadsheet programs write them: text as shared strings (Excel's way),
// Inline(...) as inline strings, numbers as numeric cells (phones typed into Excel end up so).
public static class XlsxBuilder
{
    public static byte[] Build(IEnumerable<object?[]> rows, string sheetName = "Sheet1")
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
            var shared = new List<string>();
            var sharedIndex = new Dictionary<string, int>();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var number = 0u;
            foreach (var values in rows)
            {
                number++;
                var row = new Row { RowIndex = number };
                for (var i = 0; i < values.Length; i++)
                {
                    var reference = ColumnName(i) + number.ToString(CultureInfo.InvariantCulture);
                    switch (values[i])
                    {
                        case null:
                            break;
                        case Inline inline:
                            row.Append(new Cell(new InlineString(new Text(inline.Text))) { CellReference = reference, DataType = CellValues.InlineString });
                            break;
                        case string text:
                            if (!sharedIndex.TryGetValue(text, out var index))
                            {
                                index = shared.Count;
                                shared.Add(text);
                                sharedIndex[text] = index;
                            }
                            row.Append(new Cell(new CellValue(index.ToString(CultureInfo.InvariantCulture))) { CellReference = reference, DataType = CellValues.SharedString });
                            break;
                        case IFormattable numeric:
                            row.Append(new Cell(new CellValue(numeric.ToString(null, CultureInfo.InvariantCulture))) { CellReference = reference });
                            break;
                        default:
                            throw new ArgumentException($"unsupported cell value {values[i]}");
                    }
                }
                data.Append(row);
            }
            sheetPart.Worksheet = new Worksheet(data);
            sharedPart.SharedStringTable = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s))))
            {
                Count = (uint)shared.Count,
                UniqueCount = (uint)shared.Count,
            };
            workbook.Workbook.Append(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = sheetName }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    // Every row of the first sheet as text, for reading what the export wrote.
    public static List<string[]> Read(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var result = new List<string[]>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new string[10];
            foreach (var cell in row.Elements<Cell>())
            {
                var column = ColumnIndex(cell.CellReference!.Value!);
                if (column >= cells.Length) continue;
                cells[column] = cell.DataType?.Value switch
                {
                    CellValues.InlineString => cell.InlineString!.InnerText,
                    CellValues.SharedString => shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)],
                    _ => cell.CellValue?.Text ?? "",
                };
            }
            result.Add(cells.Select(c => c ?? "").ToArray());
        }
        return result;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static int ColumnIndex(string reference) =>
        reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => n * 26 + (c - 'A' + 1)) - 1;
}
