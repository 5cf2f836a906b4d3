using System.Globalization;
using System.Text;
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

    // The workbook written by hand with a zip in create mode and an XmlWriter on the sheet's entry: each row goes out
    // to the file as it is read. (The Open XML SDK's package keeps every part in memory until it is saved, which for
    // 100,000 rows is the whole file several times over.) The tests read it back with the Open XML SDK.
    public static async Task<int> WriteXlsxAsync(Stream stream, ExportTable table, CancellationToken ct)
    {
        var rows = 0;
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, System.IO.Compression.CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                w.Write(xml);
            }
            Part("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Part("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Part("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Part("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            await using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.Fastest).Open();
            await using var xml = System.Xml.XmlWriter.Create(entry, new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true });
            const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            await xml.WriteStartDocumentAsync(true);
            await xml.WriteStartElementAsync(null, "worksheet", Ns);
            // The heading row stays in view while scrolling.
            await xml.WriteRawAsync("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><cols>");
            for (var i = 0; i < table.Columns.Count; i++)
                await xml.WriteRawAsync(string.Create(CultureInfo.InvariantCulture, $"<col min=\"{i + 1}\" max=\"{i + 1}\" width=\"{(table.Columns[i].Number ? 10 : 18)}\" customWidth=\"1\"/>"));
            await xml.WriteRawAsync("</cols>");
            await xml.WriteStartElementAsync(null, "sheetData", Ns);
            await RowAsync(xml, 1, table.Columns.Select(c => (string?)c.Header).ToArray(), null);
            await foreach (var row in table.Rows.WithCancellation(ct)) await RowAsync(xml, ++rows + 1, row, table.Columns);
            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
            await xml.WriteEndDocumentAsync();
        }
        return rows;
    }

    private static async Task RowAsync(System.Xml.XmlWriter xml, int number, IReadOnlyList<string?> cells, IReadOnlyList<ExportColumn>? columns)
    {
        var r = number.ToString(CultureInfo.InvariantCulture);
        await xml.WriteStartElementAsync(null, "row", null);
        await xml.WriteAttributeStringAsync(null, "r", null, r);
        for (var i = 0; i < cells.Count; i++)
        {
            if (string.IsNullOrEmpty(cells[i])) continue;
            var text = XmlSafe(cells[i]!);
            await xml.WriteStartElementAsync(null, "c", null);
            await xml.WriteAttributeStringAsync(null, "r", null, Column(i) + r);
            if (columns?[i].Number == true && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            {
                await xml.WriteElementStringAsync(null, "v", null, text);
            }
            else
            {
                await xml.WriteAttributeStringAsync(null, "t", null, "inlineStr");
                await xml.WriteStartElementAsync(null, "is", null);
                await xml.WriteStartElementAsync(null, "t", null);
                await xml.WriteAttributeStringAsync("xml", "space", null, "preserve");
                await xml.WriteStringAsync(text);
                await xml.WriteEndElementAsync();
                await xml.WriteEndElementAsync();
            }
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndElementAsync();
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
