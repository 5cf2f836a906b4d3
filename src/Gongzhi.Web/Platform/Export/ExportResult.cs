using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Gongzhi.Web.Platform.Audit;
using Microsoft.Net.Http.Headers;

namespace Gongzhi.Web.Platform.Export;

// Writes an ExportTable as CSV or .xlsx and audits it (who, which list, the filters, how many rows).
// CSV: UTF-8 with a byte-order mark (Excel otherwise reads Chinese as GBK), RFC 4180 quoting, CRLF, and a cell that
// starts with = + - @ (or a tab or CR) prefixed with ' so a spreadsheet never runs it as a formula; written to the
// response as rows arrive. .xlsx: a zip needs its directory at the end, so it is written row by row with the SAX
// writer into a temporary file that deletes itself, then sent — memory stays flat either way.
public sealed class ExportResult(string list, ExportFormat format, ExportTable table) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var extension = format == ExportFormat.Csv ? "csv" : "xlsx";
        http.Response.ContentType = format == ExportFormat.Csv ? "text/csv; charset=utf-8" : ExportParts.XlsxType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName($"{table.FileName}.{extension}");
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "no-store";
        int rows;
        if (format == ExportFormat.Csv)
        {
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
            rows = await WriteCsvAsync(writer, table, ct);
        }
        else
        {
            var path = Path.GetTempFileName();
            await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            rows = await WriteXlsxAsync(file, table, ct);
            file.Position = 0;
            http.Response.ContentLength = file.Length;
            await file.CopyToAsync(http.Response.Body, ct);
        }
        var audit = http.RequestServices.GetRequiredService<AuditLog>();
        await audit.WriteAsync(AuditActions.Export, $"list/{list}",
            string.Create(CultureInfo.InvariantCulture, $"{extension}; rows={rows}; {table.Filters}").TrimEnd(' ', ';'), CancellationToken.None);
    }

    public static async Task<int> WriteCsvAsync(TextWriter writer, ExportTable table, CancellationToken ct)
    {
        await writer.WriteAsync(Line(table.Columns.Select(c => (string?)c.Header).ToArray(), null));
        var rows = 0;
        await foreach (var row in table.Rows.WithCancellation(ct))
        {
            await writer.WriteAsync(Line(row, table.Columns));
            if (++rows % 1000 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
        return rows;
    }

    public static string Line(IReadOnlyList<string?> cells, IReadOnlyList<ExportColumn>? columns)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) line.Append(',');
            var cell = cells[i] ?? "";
            var number = columns?[i].Number == true && decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _);
            if (!number && cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r') cell = "'" + cell;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0) line.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else line.Append(cell);
        }
        return line.Append("\r\n").ToString();
    }

    public static async Task<int> WriteXlsxAsync(Stream stream, ExportTable table, CancellationToken ct)
    {
        var rows = 0;
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var part = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(part))
            {
                writer.WriteStartElement(new Worksheet());
                // The heading row stays in view while scrolling.
                writer.WriteElement(new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                { WorkbookViewId = 0 }));
                var columns = new Columns();
                for (var i = 0; i < table.Columns.Count; i++)
                    columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = table.Columns[i].Number ? 10 : 18, CustomWidth = true });
                writer.WriteElement(columns);
                writer.WriteStartElement(new SheetData());
                Row(writer, 1, table.Columns.Select(c => (string?)c.Header).ToArray(), null);
                await foreach (var row in table.Rows.WithCancellation(ct)) Row(writer, (uint)(++rows + 1), row, table.Columns);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.Workbook.Append(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "Sheet1" }));
            workbook.Workbook.Save();
        }
        return rows;
    }

    private static void Row(OpenXmlWriter writer, uint number, IReadOnlyList<string?> cells, IReadOnlyList<ExportColumn>? columns)
    {
        var r = number.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", r)]);
        for (var i = 0; i < cells.Count; i++)
        {
            if (string.IsNullOrEmpty(cells[i])) continue;
            var text = XmlSafe(cells[i]!);
            var reference = Column(i) + r;
            if (columns?[i].Number == true && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
                writer.WriteElement(new Cell(new CellValue(text)) { CellReference = reference, DataType = CellValues.Number });
            else
                writer.WriteElement(new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { CellReference = reference, DataType = CellValues.InlineString });
        }
        writer.WriteEndElement();
    }

    // XML 1.0 has no place for most control characters; a pasted one would make the file unreadable.
    private static string XmlSafe(string text) =>
        text.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => c >= ' ' || c is '\t' or '\n' or '\r').ToArray()) : text;

    public static string Column(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }
}
