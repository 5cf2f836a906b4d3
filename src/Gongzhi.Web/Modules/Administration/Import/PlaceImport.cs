using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Administration.Import;

public enum PlaceColumn { Community, Grid, Estate, Building, Entrance, Room, Floors }

public sealed record PlaceImportError(int Row, string Column, string Reason);

// What a file would add (a preview) or added (applied). Households already registered at the same
// address are counted, not added, so a file can be imported again after a fix.
public sealed record PlaceImportResult(
    bool Applied, int Rows, int Grids, int Estates, int Buildings, int Entrances, int Households, int Existing,
    int ErrorCount, IReadOnlyList<PlaceImportError> Errors, string? Token)
{
    public bool Valid => ErrorCount == 0;
}

// 导入地址库: one row per household (网格, 小区, 楼栋, 单元, 房号; 社区 and 层数 may be given) into one
// community, creating the grids, estates, buildings, entrances and households it lacks. The file is
// checked whole first and previewed; only a preview without a single bad row can be committed, and
// the commit checks the file again (the tree may have changed meanwhile) and writes it in one
// transaction. The preview keeps the file in the database for a quarter of an hour under a token bound
// to the caller (PlaceImportUpload), so the commit needs no second upload, on whichever instance.
public sealed class PlaceImport(GongzhiDb db, AdministrationScope scope, CurrentUser user, AuditLog audit,
    TimeProvider clock, IStringLocalizer text)
{
    public const long MaxBytes = TransferLayout.MaxBytes;
    public const int MaxRows = TransferLayout.MaxRows;
    public const int MaxReportedErrors = 1_000;

    public static readonly IReadOnlyList<string> Headers = ["社区", "网格", "小区", "楼栋", "单元", "房号", "层数"];
    private static readonly Dictionary<string, PlaceColumn> Aliases = new()
    {
        ["社区名称"] = PlaceColumn.Community, ["网格名称"] = PlaceColumn.Grid, ["所属网格"] = PlaceColumn.Grid,
        ["小区名称"] = PlaceColumn.Estate, ["村民小组"] = PlaceColumn.Estate, ["楼号"] = PlaceColumn.Building, ["楼栋号"] = PlaceColumn.Building,
        ["单元号"] = PlaceColumn.Entrance, ["门牌号"] = PlaceColumn.Room, ["房间号"] = PlaceColumn.Room, ["总层数"] = PlaceColumn.Floors,
    };
    private static readonly PlaceColumn[] Required = [PlaceColumn.Grid, PlaceColumn.Estate, PlaceColumn.Building, PlaceColumn.Room];

    public async Task<PlaceImportResult> PreviewAsync(long communityId, Stream file, CancellationToken ct = default)
    {
        await scope.RequireCommunityAsync(communityId, ct);
        var bytes = await ReadAllAsync(file, ct);
        var plan = await PlanAsync(communityId, bytes, ct);
        if (plan.Errors.Count > 0) return Report(plan, applied: false, token: null);
        var now = clock.GetUtcNow().UtcDateTime;
        // Previews nobody committed are dropped here rather than by a sweep: only previews make them.
        await db.Set<PlaceImportUpload>().Where(u => u.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var upload = new PlaceImportUpload(user.RequiredId, communityId, bytes, now);
        db.Add(upload);
        await db.SaveChangesAsync(ct);
        return Report(plan, applied: false, upload.Token);
    }

    public async Task<PlaceImportResult> CommitAsync(string? token, CancellationToken ct = default)
    {
        user.Require(Capability.ManagePlaces);
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = string.IsNullOrWhiteSpace(token) ? null
            : await db.Set<PlaceImportUpload>().AsNoTracking().SingleOrDefaultAsync(u => u.Token == token && u.UserId == user.RequiredId && u.ExpiresAt > now, ct);
        if (pending is null) throw new ValidationFailure("File", "Administration.Import.Error.Expired");
        await scope.RequireCommunityAsync(pending.CommunityId, ct);
        var plan = await PlanAsync(pending.CommunityId, pending.File, ct);
        if (plan.Errors.Count > 0) return Report(plan, applied: false, token: null);
        await ApplyAsync(pending.CommunityId, pending.Token, plan, ct);
        await audit.WriteAsync(AuditActions.Import, $"Community/{pending.CommunityId}",
            $"places rows={plan.Rows} grids+={plan.NewGrids.Count} estates+={plan.NewEstates.Count} buildings+={plan.NewBuildings.Count} households+={plan.NewHouseholds.Count}", ct);
        return Report(plan, applied: true, token: null);
    }

    private PlaceImportResult Report(Plan plan, bool applied, string? token) => new(
        applied, plan.Rows, plan.NewGrids.Count, plan.NewEstates.Count, plan.NewBuildings.Count, plan.NewEntrances.Count, plan.NewHouseholds.Count,
        plan.Existing, plan.Errors.Count,
        plan.Errors.OrderBy(e => e.Row).ThenBy(e => e.Column).Take(MaxReportedErrors)
            .Select(e => new PlaceImportError(e.Row, Headers[(int)e.Column], text[e.Key, e.Args].Value)).ToList(),
        token);

    // ---- reading -------------------------------------------------------------------------------

    private static async Task<byte[]> ReadAllAsync(Stream file, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new ValidationFailure("File", "Registry.Transfer.Error.TooLarge", MaxBytes / (1024 * 1024));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new ValidationFailure("File", "Registry.Transfer.Error.Empty");
        return buffer.ToArray();
    }

    // An .xlsx is a zip ("PK"); anything else is read as CSV, in UTF-8 or, as Excel saves CSV on a
    // Chinese Windows, GB18030.
    internal static List<XlsxRow> ReadRows(byte[] bytes)
    {
        var rows = new List<XlsxRow>();
        if (bytes.Length > 1 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var stream = new MemoryStream(bytes, writable: false);
            XlsxBomb.Check(stream);
            stream.Position = 0;
            try
            {
                using var document = SpreadsheetDocument.Open(stream, false);
                foreach (var row in XlsxReader.Rows(document))
                {
                    if (row.IsBlank) continue;
                    rows.Add(row);
                    if (rows.Count > MaxRows + 1) throw TooManyRows();
                }
            }
            catch (ValidationFailure) { throw; }
            catch (Exception)
            {
                throw new ValidationFailure("File", "Administration.Import.Error.NotSheet");
            }
            return rows;
        }
        var content = Decode(bytes);
        var number = 0;
        foreach (var cells in Csv(content))
        {
            number++;
            var row = new XlsxRow(number, cells);
            if (row.IsBlank) continue;
            rows.Add(row);
            if (rows.Count > MaxRows + 1) throw TooManyRows();
        }
        return rows;
    }

    private static string Decode(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    // RFC 4180: commas, quoted fields with doubled quotes, CRLF or LF; a binary file yields nonsense rows the checks refuse.
    private static IEnumerable<string?[]> Csv(string content)
    {
        var cells = new List<string?>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < content.Length && content[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': cells.Add(cell.ToString()); cell.Clear(); break;
                case '\r': break;
                case '\n':
                    cells.Add(cell.ToString()); cell.Clear();
                    yield return [.. cells];
                    cells.Clear();
                    break;
                default:
                    cell.Append(c);
                    if (cells.Count > XlsxReader.MaxColumns) throw new ValidationFailure("File", "Administration.Import.Error.NotSheet");
                    break;
            }
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            yield return [.. cells];
        }
    }

    private static ValidationFailure TooManyRows() => new("File", "Registry.Transfer.Error.TooManyRows", MaxRows);

    private static bool TryColumn(string? header, out PlaceColumn column)
    {
        var value = (header ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal).Trim();
        var index = Headers.ToList().IndexOf(value);
        if (index >= 0) { column = (PlaceColumn)index; return true; }
        return Aliases.TryGetValue(value, out column);
    }

    // ---- checking ------------------------------------------------------------------------------

    private sealed record Problem(int Row, PlaceColumn Column, string Key, object[] Args);

    private sealed record Line(int Row, string Grid, string Estate, int Building, int Entrance, string Room, int Floor);

    private sealed class Plan
    {
        public int Rows { get; set; }
        public List<Problem> Errors { get; } = [];
        public List<string> NewGrids { get; } = [];
        public List<string> NewEstates { get; } = [];
        // (estate name, building number) → (grid name, floors)
        public Dictionary<(string Estate, int Number), (string Grid, int Floors)> NewBuildings { get; } = [];
        public HashSet<(string Estate, int Building, int Entrance)> NewEntrances { get; } = [];
        public List<Line> NewHouseholds { get; } = [];
        public int Existing { get; set; }
    }

    private async Task<Plan> PlanAsync(long communityId, byte[] bytes, CancellationToken ct)
    {
        var all = ReadRows(bytes);
        if (all.Count == 0) throw new ValidationFailure("File", "Registry.Transfer.Error.Empty");
        var header = all[0];
        var columns = new Dictionary<PlaceColumn, int>();
        for (var i = 0; i < header.Cells.Length; i++)
        {
            if (TryColumn(header.Cells[i], out var column)) columns.TryAdd(column, i);
        }
        var missing = Required.Where(c => !columns.ContainsKey(c)).Select(c => Headers[(int)c]).ToList();
        if (missing.Count > 0) throw new ValidationFailure("File", "Registry.Transfer.Error.MissingColumns", string.Join("、", missing));
        all.RemoveAt(0);
        if (all.Count == 0) throw new ValidationFailure("File", "Registry.Transfer.Error.NoRows");
        if (all.Count > MaxRows) throw TooManyRows();

        var community = await db.Communities.AsNoTracking().Where(c => c.Id == communityId).Select(c => c.Name).FirstAsync(ct);
        var tree = await Tree.LoadAsync(db, communityId, ct);
        var plan = new Plan { Rows = all.Count };
        var firstRow = new Dictionary<(string, int, int, string), int>();
        var buildingGrid = new Dictionary<(string, int), (string Grid, int Row)>();
        var lines = new List<Line>(all.Count);
        foreach (var row in all)
        {
            var before = plan.Errors.Count;
            string? Cell(PlaceColumn c) => columns.TryGetValue(c, out var i) && row[i]?.Trim() is { Length: > 0 } v ? v : null;
            void Fail(PlaceColumn c, string key, params object[] args) => plan.Errors.Add(new Problem(row.Number, c, key, args));
            string? Name(PlaceColumn c)
            {
                try { return Guard.Text(Cell(c), 50, c.ToString()); }
                catch (ValidationFailure v) { Fail(c, v.MessageKey, v.Args); return null; }
            }

            if (Cell(PlaceColumn.Community) is { } named && named != community) Fail(PlaceColumn.Community, "Administration.Import.Error.OtherCommunity", named, community);
            var grid = Name(PlaceColumn.Grid);
            var estate = Name(PlaceColumn.Estate);
            int? building = null;
            if (Cell(PlaceColumn.Building) is not { } buildingText) Fail(PlaceColumn.Building, "Validation.Required");
            else if ((building = Number(buildingText, ["号楼", "栋", "幢", "号", "楼", "#"], 999)) is null) Fail(PlaceColumn.Building, "Registry.Transfer.Error.BuildingFormat");
            // A bungalow or a one-entrance block has no 单元: it is entrance 1.
            int? entrance = 1;
            if (Cell(PlaceColumn.Entrance) is { } entranceText && (entrance = Number(entranceText, ["单元", "#"], 99)) is null)
                Fail(PlaceColumn.Entrance, "Registry.Transfer.Error.EntranceFormat");
            string? room = null;
            try { room = Household.NormalizeRoom(Cell(PlaceColumn.Room) ?? ""); }
            catch (ValidationFailure v) { Fail(PlaceColumn.Room, v.MessageKey, v.Args); }
            int? floors = null;
            if (Cell(PlaceColumn.Floors) is { } floorsText && (floors = Number(floorsText, ["层"], 120)) is null)
                Fail(PlaceColumn.Floors, "Validation.Range", 1, 120);
            if (plan.Errors.Count > before) continue;

            if (!firstRow.TryAdd((estate!, building!.Value, entrance!.Value, room!), row.Number))
            {
                Fail(PlaceColumn.Room, "Administration.Import.Error.Duplicate", firstRow[(estate!, building.Value, entrance.Value, room!)]);
                continue;
            }
            // A grid is a set of buildings: every row of one building names the same grid.
            if (!buildingGrid.TryAdd((estate!, building.Value), (grid!, row.Number)) && buildingGrid[(estate!, building.Value)] is var first && first.Grid != grid)
            {
                Fail(PlaceColumn.Grid, "Administration.Import.Error.GridDiffers", first.Row, first.Grid);
                continue;
            }
            if (tree.BuildingAt(estate!, building.Value) is { } existing && tree.GridName(existing.GridId) is { } held && held != grid)
            {
                Fail(PlaceColumn.Grid, "Administration.Import.Error.BuildingInGrid", building.Value, held);
                continue;
            }
            lines.Add(new Line(row.Number, grid!, estate!, building.Value, entrance.Value, room!, Math.Max(floors ?? 1, FloorOf(room!))));
        }
        if (plan.Errors.Count > 0) return plan;

        foreach (var line in lines)
        {
            if (!tree.HasGrid(line.Grid) && !plan.NewGrids.Contains(line.Grid)) plan.NewGrids.Add(line.Grid);
            if (!tree.HasEstate(line.Estate) && !plan.NewEstates.Contains(line.Estate)) plan.NewEstates.Add(line.Estate);
            var existing = tree.BuildingAt(line.Estate, line.Building);
            if (existing is null)
            {
                var key = (line.Estate, line.Building);
                plan.NewBuildings[key] = plan.NewBuildings.TryGetValue(key, out var b) ? (b.Grid, Math.Max(b.Floors, line.Floor)) : (line.Grid, line.Floor);
            }
            if (existing is null || !tree.HasEntrance(existing.Id, line.Entrance)) plan.NewEntrances.Add((line.Estate, line.Building, line.Entrance));
            else if (tree.HasHousehold(existing.Id, line.Entrance, line.Room)) { plan.Existing++; continue; }
            plan.NewHouseholds.Add(line);
        }
        return plan;
    }

    // "3", "3栋", "3号楼", "３" → 3; null when it is not a number in 1..max.
    private static int? Number(string text, string[] suffixes, int max)
    {
        var value = text.Trim();
        foreach (var suffix in suffixes)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal)) { value = value[..^suffix.Length].Trim(); break; }
        }
        value = string.Concat(value.Select(c => c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c));
        if (value.Length is 0 or > 3 || !value.All(char.IsAsciiDigit)) return null;
        var number = int.Parse(value, CultureInfo.InvariantCulture);
        return number >= 1 && number <= max ? number : null;
    }

    // The floor a room number says: 1502 → 15, 5-1 → 5; anything else (a bungalow's 门牌号) → 1.
    internal static int FloorOf(string room)
    {
        var head = room.Contains('-', StringComparison.Ordinal) ? room[..room.IndexOf('-', StringComparison.Ordinal)] : room.Length >= 3 ? room[..^2] : "";
        return head.Length is > 0 and <= 3 && head.All(char.IsAsciiDigit) && int.Parse(head, CultureInfo.InvariantCulture) is var f and >= 1 and <= 120 ? f : 1;
    }

    // ---- applying ------------------------------------------------------------------------------

    private async Task ApplyAsync(long communityId, string token, Plan plan, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // Taking the preview is the claim: of two commits of one preview (a double tap, two tabs),
            // the one that deletes it applies the file and the other is told it was already done.
            if (await db.Set<PlaceImportUpload>().Where(u => u.Token == token).ExecuteDeleteAsync(ct) == 0)
                throw new ConcurrencyConflict("Administration.Import.Error.Expired");
            foreach (var name in plan.NewGrids) db.Grids.Add(new Grid(communityId, name));
            foreach (var name in plan.NewEstates) db.Estates.Add(new Estate(communityId, name));
            await db.SaveChangesAsync(ct);
            var tree = await Tree.LoadAsync(db, communityId, ct);
            foreach (var ((estate, number), (grid, floors)) in plan.NewBuildings)
                db.Buildings.Add(new Building(tree.EstateId(estate), number, floors, tree.GridId(grid)));
            await db.SaveChangesAsync(ct);
            tree = await Tree.LoadAsync(db, communityId, ct);
            foreach (var (estate, building, entrance) in plan.NewEntrances) db.Entrances.Add(new Entrance(tree.BuildingAt(estate, building)!.Id, entrance));
            await db.SaveChangesAsync(ct);
            tree = await Tree.LoadAsync(db, communityId, ct);
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var line in plan.NewHouseholds)
            {
                var building = tree.BuildingAt(line.Estate, line.Building)!;
                db.Households.Add(new Household(tree.EntranceAt(building.Id, line.Entrance), building, building.GridId, line.Room, now));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Someone added one of these places while the file was checked: nothing was applied.
            throw new ConcurrencyConflict("Registry.Transfer.Error.Concurrent");
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            db.ChangeTracker.Clear();
        }
    }

    // The community's places, loaded once so that each row is checked against dictionaries.
    private sealed class Tree
    {
        private Dictionary<string, long> _grids = [];
        private Dictionary<long, string> _gridNames = [];
        private Dictionary<string, long> _estates = [];
        private Dictionary<(long Estate, int Number), Building> _buildings = [];
        private Dictionary<(long Building, int Number), Entrance> _entrances = [];
        private HashSet<(long Entrance, string Room)> _households = [];

        public static async Task<Tree> LoadAsync(GongzhiDb db, long communityId, CancellationToken ct)
        {
            var grids = await db.Grids.AsNoTracking().Where(g => g.CommunityId == communityId).Select(g => new { g.Id, g.Name }).ToListAsync(ct);
            var estates = await db.Estates.AsNoTracking().Where(e => e.CommunityId == communityId).Select(e => new { e.Id, e.Name }).ToListAsync(ct);
            var estateIds = estates.Select(e => e.Id).ToList();
            var buildings = await db.Buildings.AsNoTracking().Where(b => estateIds.Contains(b.EstateId)).ToListAsync(ct);
            var buildingIds = buildings.Select(b => b.Id).ToList();
            var entrances = await db.Entrances.AsNoTracking().Where(e => buildingIds.Contains(e.BuildingId)).ToListAsync(ct);
            var households = await db.Households.AsNoTracking().Where(h => estateIds.Contains(h.EstateId)).Select(h => new { h.EntranceId, h.Room }).ToListAsync(ct);
            return new Tree
            {
                _grids = grids.GroupBy(g => g.Name).ToDictionary(g => g.Key, g => g.First().Id),
                _gridNames = grids.ToDictionary(g => g.Id, g => g.Name),
                _estates = estates.ToDictionary(e => e.Name, e => e.Id),
                _buildings = buildings.ToDictionary(b => (b.EstateId, b.Number)),
                _entrances = entrances.ToDictionary(e => (e.BuildingId, e.Number)),
                _households = households.Select(h => (h.EntranceId, h.Room)).ToHashSet(),
            };
        }

        public bool HasGrid(string name) => _grids.ContainsKey(name);
        public long GridId(string name) => _grids[name];
        public string? GridName(long id) => _gridNames.GetValueOrDefault(id);
        public bool HasEstate(string name) => _estates.ContainsKey(name);
        public long EstateId(string name) => _estates[name];
        public Building? BuildingAt(string estate, int number) =>
            _estates.TryGetValue(estate, out var id) && _buildings.TryGetValue((id, number), out var b) ? b : null;
        public bool HasEntrance(long building, int number) => _entrances.ContainsKey((building, number));
        public Entrance EntranceAt(long building, int number) => _entrances[(building, number)];
        public bool HasHousehold(long building, int entrance, string room) =>
            _entrances.TryGetValue((building, entrance), out var e) && _households.Contains((e.Id, room));
    }
}
