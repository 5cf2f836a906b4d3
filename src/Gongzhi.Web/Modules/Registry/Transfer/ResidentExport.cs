using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Web.Modules.Registry.Transfer;

public sealed record ExportFile(string FileName, byte[] Content)
{
    public string ContentType => TransferLayout.ContentType;
}

// The community's active residents in the roster layout the import reads, so a file can go out,
// be corrected in a spreadsheet program, and come back. What a role may not see leaves masked.
public sealed class ResidentExport(GongzhiDb db, RegistryScope scope, CurrentUser user, IdNumberProtector protector, AuditLog audit, TimeProvider clock)
{
    public const string ContentType = TransferLayout.ContentType;

    public async Task<ExportFile> RunAsync(long communityId, CancellationToken ct = default)
    {
        var community = await TransferAccess.CommunityAsync(db, scope, user, communityId, ct);
        var fullIds = user.Can(Capability.RevealIdNumber);
        var fullPhones = user.Can(Capability.SeeFullPhone);
        var withTags = user.Can(Capability.SeeCareTags);

        var rows = await (
            from r in db.Residents.AsNoTracking()
            join h in db.Households on r.HouseholdId equals h.Id
            join e in db.Estates on h.EstateId equals e.Id
            join b in db.Buildings on h.BuildingId equals b.Id
            join en in db.Entrances on h.EntranceId equals en.Id
            where e.CommunityId == communityId && r.Status == ResidentStatus.Active
            orderby e.Id, b.Number, en.Number, h.Room, h.Id, r.Relation == "户主" ? 0 : 1, r.Id
            select new
            {
                r.Id, r.Name, r.Gender, r.IdNumberCipher, r.IdNumberMasked, r.Phone, r.Relation,
                Estate = e.Name, Building = b.Number, Entrance = en.Number, h.Room,
            }).ToListAsync(ct);

        var tags = new Dictionary<long, List<CareTagKind>>();
        if (withTags)
        {
            var all = await (
                from t in db.CareTags.AsNoTracking()
                join r in db.Residents on t.ResidentId equals r.Id
                join h in db.Households on r.HouseholdId equals h.Id
                join e in db.Estates on h.EstateId equals e.Id
                where e.CommunityId == communityId && r.Status == ResidentStatus.Active
                select new { t.ResidentId, t.Kind }).ToListAsync(ct);
            foreach (var t in all.OrderBy(t => t.Kind))
            {
                if (!tags.TryGetValue(t.ResidentId, out var list)) tags[t.ResidentId] = list = [];
                list.Add(t.Kind);
            }
        }

        var lines = rows.Select(r => new string?[]
        {
            r.Name,
            r.Gender == Gender.Male ? "男" : "女",
            r.IdNumberCipher is null ? null : fullIds ? protector.Decrypt(r.IdNumberCipher) : r.IdNumberMasked,
            r.Phone is null ? null : fullPhones ? r.Phone : PhoneNumber.Mask(r.Phone),
            r.Estate,
            r.Building.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.Entrance.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.Room,
            r.Relation,
            tags.TryGetValue(r.Id, out var kinds) ? string.Join("、", kinds.Select(k => CareTag.ChineseNames[k])) : null,
        });
        var content = XlsxWriter.Write("居民", TransferLayout.Headers, lines);

        // Taking personal data out of the system is recorded, with what the file revealed.
        await audit.WriteAsync(AuditActions.Export, $"Community/{communityId}",
            $"residents={rows.Count} idNumbers={(fullIds ? "full" : "masked")} phones={(fullPhones ? "full" : "masked")} tags={(withTags ? "yes" : "no")}", ct);
        var day = DateOnly.FromDateTime(clock.GetLocalNow().DateTime).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return new ExportFile($"{community.Name}-居民-{day}.xlsx", content);
    }
}

// Writes one worksheet with a bold, frozen header row; every cell is text (inline strings) so that
// ID numbers and phones keep their digits when opened in a spreadsheet program.
public static class XlsxWriter
{
    public static byte[] Write(string sheetName, IReadOnlyList<string> headers, IEnumerable<string?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteElement(new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                { WorkbookViewId = 0 }));
                var columns = new Columns();
                for (var i = 0; i < headers.Count; i++)
                    columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = headers[i] is "身份证号" ? 22 : headers[i] is "手机" or "小区" or "标签" ? 16 : 10, CustomWidth = true, Style = 2 });
                writer.WriteElement(columns);
                writer.WriteStartElement(new SheetData());
                var number = 1u;
                WriteRow(writer, number, headers, style: 1);
                foreach (var row in rows) WriteRow(writer, ++number, row, style: 2);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.Workbook.Append(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = sheetName }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static void WriteRow(OpenXmlWriter writer, uint number, IReadOnlyList<string?> cells, uint style)
    {
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", number.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        for (var i = 0; i < cells.Count; i++)
        {
            if (string.IsNullOrEmpty(cells[i])) continue;
            writer.WriteElement(new Cell(new InlineString(new Text(cells[i]!)))
            {
                CellReference = ColumnName(i) + number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                DataType = CellValues.InlineString,
                StyleIndex = style,
            });
        }
        writer.WriteEndElement();
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    // 0: default; 1: bold (header); 2: text format "@".
    private static Stylesheet Styles() => new(
        new Fonts(new Font(new FontSize { Val = 11 }), new Font(new Bold(), new FontSize { Val = 11 })) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 49, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true })
        { Count = 3 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
}
