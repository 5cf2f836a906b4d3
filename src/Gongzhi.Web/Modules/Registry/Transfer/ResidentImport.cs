using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Registry.Transfer;

// Row as Excel shows it, the column's Chinese header, the reason in the caller's language.
// Row is the sheet's row number (the header is row 1), Column the header's text, Cell where it sits in the file ("C3").
public sealed record ImportRowError(int Row, string Column, string Reason, string Cell);

public sealed record ImportResult(
    bool Applied, int Rows, int HouseholdsCreated, int ResidentsCreated, int ResidentsUpdated, int EntrancesCreated,
    int ErrorCount, IReadOnlyList<ImportRowError> Errors);

// Imports a roster into one community: every row is checked first, and only a file without a
// single bad row is applied, in one transaction. Places are preloaded into dictionaries so that
// checking a row costs no query; new rows are inserted with change detection off.
public sealed class ResidentImport(
    GongzhiDb db, RegistryScope scope, CurrentUser user, IdNumberProtector protector, AuditLog audit, TimeProvider clock, IStringLocalizer text,
    ILogger<ResidentImport> log)
{
    public const int MaxReportedErrors = 1_000;
    private const int QueryChunk = 500;

    // The communities the caller may import into (the same right as exporting), for the page's picker.
    public Task<List<(long Id, string Name)>> CommunitiesAsync(CancellationToken ct = default) => TransferAccess.CommunitiesAsync(db, scope, user, ct);

    // The role first (403), then the community (400 when missing, 404 outside the caller's scope).
    public async Task CheckAccessAsync(long? communityId, CancellationToken ct = default)
    {
        user.Require(Capability.ImportExport);
        await TransferAccess.CommunityAsync(db, scope, user, communityId ?? throw new ValidationFailure("communityId", "Validation.Required"), ct);
    }

    public async Task<ImportResult> RunAsync(long communityId, Stream xlsx, CancellationToken ct = default)
    {
        await TransferAccess.CommunityAsync(db, scope, user, communityId, ct);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (columns, rows) = await ReadSheetAsync(xlsx, ct);
        var read = watch.ElapsedMilliseconds;
        var places = await ImportPlaces.LoadAsync(db, communityId, ct);
        var errors = new List<RowProblem>();
        var drafts = Check(rows, columns, places, errors);
        await MatchExistingAsync(drafts, places, errors, ct);
        var check = watch.ElapsedMilliseconds;

        if (errors.Count > 0)
        {
            await audit.WriteAsync(AuditActions.Import, $"Community/{communityId}",
                $"rejected rows={rows.Count} errors={errors.Count}", ct);
            var report = errors.OrderBy(e => e.Row).ThenBy(e => e.Column).Take(MaxReportedErrors)
                .Select(e => new ImportRowError(e.Row, TransferLayout.Header(e.Column), text[e.Key, e.Args].Value, XlsxReader.CellName(columns[e.Column], e.Row)))
                .ToList();
            return new ImportResult(false, rows.Count, 0, 0, 0, 0, errors.Count, report);
        }

        var (entrances, households, created, updated) = await ApplyAsync(drafts, places, ct);
        var apply = watch.ElapsedMilliseconds;
        await DataModule.OptimizeAsync(db, ct);
        log.LogInformation("Imported {Rows} rows into community {Community}: read {Read} ms, check {Check} ms, apply {Apply} ms, statistics {Stats} ms",
            rows.Count, communityId, read, check - read, apply - check, watch.ElapsedMilliseconds - apply);
        await audit.WriteAsync(AuditActions.Import, $"Community/{communityId}",
            $"rows={rows.Count} households+={households} residents+={created} residents~={updated} entrances+={entrances}", ct);
        return new ImportResult(true, rows.Count, households, created, updated, entrances, 0, []);
    }

    // ---- reading -------------------------------------------------------------------------------

    private static async Task<(Dictionary<TransferColumn, int> Columns, List<XlsxRow> Rows)> ReadSheetAsync(Stream xlsx, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await xlsx.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > TransferLayout.MaxBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new ValidationFailure("File", "Registry.Transfer.Error.Empty");
        buffer.Position = 0;
        XlsxBomb.Check(buffer);
        buffer.Position = 0;

        var all = new List<XlsxRow>();
        try
        {
            using var document = SpreadsheetDocument.Open(buffer, false);
            foreach (var row in XlsxReader.Rows(document))
            {
                if (row.IsBlank) continue;
                all.Add(row);
                if (all.Count > TransferLayout.MaxRows + 1) throw TooManyRows();
            }
        }
        catch (ValidationFailure) { throw; }
        catch (OperationCanceledException) { throw; }
        catch (Exception)
        {
            // Whatever the SDK or the zip reader says about a broken file, the user needs one answer.
            throw new ValidationFailure("File", "Registry.Transfer.Error.NotXlsx");
        }
        if (all.Count == 0) throw new ValidationFailure("File", "Registry.Transfer.Error.Empty");

        var header = all[0];
        var columns = new Dictionary<TransferColumn, int>();
        for (var i = 0; i < header.Cells.Length; i++)
        {
            if (TransferLayout.TryColumn(header.Cells[i], out var column)) columns.TryAdd(column, i);
        }
        if (columns.Count == 0) throw new ValidationFailure("File", "Registry.Transfer.Error.NoHeader", string.Join("、", TransferLayout.Headers));
        var missing = Enum.GetValues<TransferColumn>().Where(c => !columns.ContainsKey(c)).Select(TransferLayout.Header).ToList();
        if (missing.Count > 0) throw new ValidationFailure("File", "Registry.Transfer.Error.MissingColumns", string.Join("、", missing));
        all.RemoveAt(0);
        if (all.Count == 0) throw new ValidationFailure("File", "Registry.Transfer.Error.NoRows");
        if (all.Count > TransferLayout.MaxRows) throw TooManyRows();
        return (columns, all);
    }

    private static ValidationFailure TooLarge() => new("File", "Registry.Transfer.Error.TooLarge", TransferLayout.MaxBytes / (1024 * 1024));

    private static ValidationFailure TooManyRows() => new("File", "Registry.Transfer.Error.TooManyRows", TransferLayout.MaxRows);

    // ---- checking ------------------------------------------------------------------------------

    private sealed record RowProblem(int Row, TransferColumn Column, string Key, object[] Args);

    private sealed class Draft
    {
        public required int Row { get; init; }
        public required string Name { get; init; }
        public required Gender Gender { get; init; }
        public IdNumber? Id { get; init; }
        public string? Hash { get; init; }
        public string? Phone { get; init; }
        public required string Relation { get; init; }
        public required CareTagKind[] Tags { get; init; }
        public required Building Building { get; init; }
        public required int Entrance { get; init; }
        public required string Room { get; init; }
        public long? HouseholdId { get; set; }
        public long? ResidentId { get; set; }
    }

    private List<Draft> Check(List<XlsxRow> rows, Dictionary<TransferColumn, int> columns, ImportPlaces places, List<RowProblem> errors)
    {
        var drafts = new List<Draft>(rows.Count);
        var firstRowById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var before = errors.Count;
            string? Cell(TransferColumn c) => row[columns[c]]?.Trim() is { Length: > 0 } v ? v : null;
            void Fail(TransferColumn c, string key, params object[] args) => errors.Add(new RowProblem(row.Number, c, key, args));
            T? Try<T>(TransferColumn c, Func<T> parse)
            {
                try { return parse(); }
                catch (ValidationFailure v) { Fail(c, v.MessageKey, v.Args); return default; }
            }

            var name = Try(TransferColumn.Name, () => Guard.Text(Cell(TransferColumn.Name), 30, "Name"));

            Gender? gender = Cell(TransferColumn.Gender) switch
            {
                null => null,
                "男" => Gender.Male,
                "女" => Gender.Female,
                _ => null,
            };
            if (Cell(TransferColumn.Gender) is null) Fail(TransferColumn.Gender, "Validation.Required");
            else if (gender is null) Fail(TransferColumn.Gender, "Registry.Transfer.Error.Gender");

            IdNumber? id = null;
            if (Cell(TransferColumn.IdNumber) is { } idText)
            {
                id = Try(TransferColumn.IdNumber, () => IdNumber.Parse(idText));
                if (id is not null && gender is not null && id.Gender != gender)
                    Fail(TransferColumn.Gender, "Registry.Transfer.Error.GenderMismatch");
                if (id is not null && !firstRowById.TryAdd(id.Value, row.Number))
                    Fail(TransferColumn.IdNumber, "Registry.Transfer.Error.DuplicateInFile", firstRowById[id.Value]);
            }

            var phone = Cell(TransferColumn.Phone) is { } phoneText ? Try(TransferColumn.Phone, () => PhoneNumber.Normalize(phoneText)) : null;

            Estate? estate = null;
            if (Cell(TransferColumn.Estate) is not { } estateName) Fail(TransferColumn.Estate, "Validation.Required");
            else if (!places.EstatesByName.TryGetValue(estateName, out estate)) Fail(TransferColumn.Estate, "Registry.Transfer.Error.UnknownEstate", estateName);

            Building? building = null;
            if (Cell(TransferColumn.Building) is not { } buildingText) Fail(TransferColumn.Building, "Validation.Required");
            else if (ParseNumber(buildingText, ["号楼", "栋", "幢", "号", "楼", "#"], 999) is not { } buildingNumber)
                Fail(TransferColumn.Building, "Registry.Transfer.Error.BuildingFormat");
            else if (estate is not null && !places.Buildings.TryGetValue((estate.Id, buildingNumber), out building))
                Fail(TransferColumn.Building, "Registry.Transfer.Error.UnknownBuilding", estate.Name, buildingNumber);

            int? entrance = null;
            if (Cell(TransferColumn.Entrance) is not { } entranceText) Fail(TransferColumn.Entrance, "Validation.Required");
            else if ((entrance = ParseNumber(entranceText, ["单元", "#"], 99)) is null) Fail(TransferColumn.Entrance, "Registry.Transfer.Error.EntranceFormat");

            var room = Try(TransferColumn.Room, () => Household.NormalizeRoom(Cell(TransferColumn.Room) ?? ""));

            var relation = Cell(TransferColumn.Relation);
            if (relation is null) Fail(TransferColumn.Relation, "Validation.Required");
            else if (!Relations.IsKnown(relation)) Fail(TransferColumn.Relation, "Registry.Transfer.Error.Relation", string.Join("、", Relations.All));

            var tags = new List<CareTagKind>();
            foreach (var tag in (Cell(TransferColumn.Tags) ?? "").Split(TransferLayout.TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (CareTag.TryParse(tag, out var kind)) tags.Add(kind);
                else Fail(TransferColumn.Tags, "Registry.Transfer.Error.UnknownTag", tag, string.Join("、", CareTag.ChineseNames.Values));
            }

            if (errors.Count > before) continue;
            drafts.Add(new Draft
            {
                Row = row.Number, Name = name!, Gender = gender!.Value, Id = id, Hash = id is null ? null : protector.Hash(id.Value),
                Phone = phone, Relation = relation!, Tags = [.. tags.Distinct()], Building = building!, Entrance = entrance!.Value, Room = room!,
            });
        }
        return drafts;
    }

    // "3", "3栋", "3号楼", "３" → 3; null when it is not a number in 1..max.
    internal static int? ParseNumber(string text, string[] suffixes, int max)
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

    // Finds who is already registered: the same person at the same address is updated; an ID number
    // registered at another address is an error (we say where, if the caller manages that place).
    private async Task MatchExistingAsync(List<Draft> drafts, ImportPlaces places, List<RowProblem> errors, CancellationToken ct)
    {
        foreach (var d in drafts)
        {
            if (places.Entrances.TryGetValue((d.Building.Id, d.Entrance), out var e) && places.Households.TryGetValue((e.Id, d.Room), out var hid))
                d.HouseholdId = hid;
        }

        var known = new Dictionary<string, (long Id, long HouseholdId)>(StringComparer.Ordinal);
        foreach (var chunk in drafts.Where(d => d.Hash is not null).Select(d => d.Hash!).Chunk(QueryChunk))
        {
            var found = await db.Residents.AsNoTracking().Where(r => chunk.Contains(r.IdNumberHash!))
                .Select(r => new { r.Id, r.HouseholdId, r.IdNumberHash }).ToListAsync(ct);
            foreach (var f in found) known[f.IdNumberHash!] = (f.Id, f.HouseholdId);
        }

        // Without an ID number a person is recognised by name within the household, so an exported
        // roster re-imports without doubling people whose ID number was never recorded.
        var unnumbered = drafts.Any(d => d.Hash is null && d.HouseholdId is not null)
            ? await places.UnnumberedResidentsAsync(db, ct)
            : [];
        var firstRowByPerson = new Dictionary<(long, int, string, string), int>();

        var bad = new HashSet<Draft>();
        foreach (var d in drafts)
        {
            if (d.Hash is not null)
            {
                if (!known.TryGetValue(d.Hash, out var existing)) continue;
                if (existing.HouseholdId == d.HouseholdId) { d.ResidentId = existing.Id; continue; }
                bad.Add(d);
                errors.Add(places.AddressOf(existing.HouseholdId) is { } address
                    ? new RowProblem(d.Row, TransferColumn.IdNumber, "Registry.Transfer.Error.IdNumberElsewhere", [address])
                    : new RowProblem(d.Row, TransferColumn.IdNumber, "Registry.Transfer.Error.IdNumberOtherCommunity", []));
            }
            else
            {
                if (!firstRowByPerson.TryAdd((d.Building.Id, d.Entrance, d.Room, d.Name), d.Row))
                {
                    bad.Add(d);
                    errors.Add(new RowProblem(d.Row, TransferColumn.Name, "Registry.Transfer.Error.DuplicatePerson", [firstRowByPerson[(d.Building.Id, d.Entrance, d.Room, d.Name)]]));
                    continue;
                }
                if (d.HouseholdId is { } h && unnumbered.TryGetValue((h, d.Name), out var residentId)) d.ResidentId = residentId;
            }
        }
        drafts.RemoveAll(bad.Contains);
    }

    // ---- applying ------------------------------------------------------------------------------

    private async Task<(int Entrances, int Households, int Created, int Updated)> ApplyAsync(List<Draft> drafts, ImportPlaces places, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        // Tags are sensitive: a role that may not see them does not change them either.
        var canTag = user.Can(Capability.SeeCareTags);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);

            var updates = drafts.Where(d => d.ResidentId is not null).ToDictionary(d => d.ResidentId!.Value);
            foreach (var chunk in updates.Keys.Chunk(QueryChunk))
            {
                var residents = await db.Residents.Include(r => r.CareTags).Include(r => r.NameGrams)
                    .Where(r => chunk.Contains(r.Id)).ToListAsync(ct);
                foreach (var r in residents)
                {
                    var d = updates[r.Id];
                    r.Edit(d.Name, d.Gender, d.Relation, d.Phone, r.Version);
                    if (canTag) r.SetCareTags(d.Tags, today);
                }
            }
            db.ChangeTracker.DetectChanges();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
    
            var newEntrances = new Dictionary<(long, int), Entrance>();
            Entrance EntranceFor(Draft d)
            {
                var key = (d.Building.Id, d.Entrance);
                if (places.Entrances.TryGetValue(key, out var e) || newEntrances.TryGetValue(key, out e)) return e;
                e = new Entrance(d.Building.Id, d.Entrance);
                newEntrances[key] = e;
                db.Entrances.Add(e);
                return e;
            }
            foreach (var d in drafts.Where(d => d.HouseholdId is null)) EntranceFor(d);
            await db.SaveChangesAsync(ct);

            var newHouseholds = new Dictionary<(long, int, string), Household>();
            var created = 0;
            IEnumerable<Household> NewHouseholds()
            {
                foreach (var d in drafts.Where(d => d.HouseholdId is null))
                {
                    var key = (d.Building.Id, d.Entrance, d.Room);
                    if (newHouseholds.ContainsKey(key)) continue;
                    var household = new Household(EntranceFor(d), d.Building, d.Building.GridId, d.Room, now);
                    newHouseholds[key] = household;
                    yield return household;
                }
            }
            Resident NewResident(Draft d)
            {
                var householdId = d.HouseholdId ?? newHouseholds[(d.Building.Id, d.Entrance, d.Room)].Id;
                var resident = new Resident(householdId, d.Name, d.Gender, d.Relation, d.Id, protector, d.Phone);
                if (canTag && d.Tags.Length > 0) resident.SetCareTags(d.Tags, today);
                created++;
                return resident;
            }

            if (db.Database.IsSqlite())
            {
                // SQLite runs in-process, and EF sends it one statement per row: one prepared statement reused is far quicker.
                await using (var households = await BulkInsert<Household>.CreateAsync(db, ct: ct))
                {
                    foreach (var household in NewHouseholds()) await households.InsertAsync(household, ct: ct);
                }
                await using var residents = await BulkInsert<Resident>.CreateAsync(db, ct: ct);
                await using var grams = await BulkInsert<NameGram>.CreateAsync(db, nameof(NameGram.ResidentId), ct);
                await using var careTags = await BulkInsert<CareTag>.CreateAsync(db, nameof(CareTag.ResidentId), ct);
                foreach (var d in drafts.Where(d => d.ResidentId is null))
                {
                    var resident = NewResident(d);
                    await residents.InsertAsync(resident, ct: ct);
                    foreach (var gram in resident.NameGrams) await grams.InsertAsync(gram, resident.Id, ct);
                    foreach (var tag in resident.CareTags) await careTags.InsertAsync(tag, resident.Id, ct);
                }
            }
            else
            {
                // PostgreSQL is a round trip away: COPY streams each table in one go.
                await PostgresCopy.InsertAsync(db, NewHouseholds().Select(h => (h, (long?)null)).ToList(), ct: ct);
                var residents = drafts.Where(d => d.ResidentId is null).Select(NewResident).ToList();
                await PostgresCopy.InsertAsync(db, residents.Select(r => (r, (long?)null)).ToList(), ct: ct);
                await PostgresCopy.InsertAsync(db, residents.SelectMany(r => r.NameGrams.Select(g => (g, (long?)r.Id))).ToList(), nameof(NameGram.ResidentId), ct);
                await PostgresCopy.InsertAsync(db, residents.SelectMany(r => r.CareTags.Select(t => (t, (long?)r.Id))).ToList(), nameof(CareTag.ResidentId), ct);
            }
            await tx.CommitAsync(ct);
            return (newEntrances.Count, newHouseholds.Count, created, updates.Count);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflict();
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Someone registered one of these people or dwellings while the file was checked: nothing was applied.
            throw new ConcurrencyConflict("Registry.Transfer.Error.Concurrent");
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            db.ChangeTracker.Clear();
        }
    }
}

// The community's physical places, loaded once so that rows are checked against dictionaries.
internal sealed class ImportPlaces
{
    public required Dictionary<string, Estate> EstatesByName { get; init; }
    public required Dictionary<long, Estate> EstatesById { get; init; }
    public required Dictionary<(long EstateId, int Number), Building> Buildings { get; init; }
    public required Dictionary<long, Building> BuildingsById { get; init; }
    public required Dictionary<(long BuildingId, int Number), Entrance> Entrances { get; init; }
    public required Dictionary<long, Entrance> EntrancesById { get; init; }
    public required Dictionary<(long EntranceId, string Room), long> Households { get; init; }
    public required Dictionary<long, (long EntranceId, string Room)> HouseholdsById { get; init; }
    public required List<long> EstateIds { get; init; }

    public static async Task<ImportPlaces> LoadAsync(GongzhiDb db, long communityId, CancellationToken ct)
    {
        var estates = await db.Estates.AsNoTracking().Where(e => e.CommunityId == communityId).ToListAsync(ct);
        var estateIds = estates.Select(e => e.Id).ToList();
        var buildings = await db.Buildings.AsNoTracking().Where(b => estateIds.Contains(b.EstateId)).ToListAsync(ct);
        var entrances = await db.Entrances.AsNoTracking()
            .Where(e => db.Buildings.Any(b => b.Id == e.BuildingId && estateIds.Contains(b.EstateId))).ToListAsync(ct);
        var households = await db.Households.AsNoTracking().Where(h => estateIds.Contains(h.EstateId))
            .Select(h => new { h.Id, h.EntranceId, h.Room }).ToListAsync(ct);
        var byHousehold = new Dictionary<(long, string), long>();
        foreach (var h in households) byHousehold.TryAdd((h.EntranceId, h.Room), h.Id);
        return new ImportPlaces
        {
            EstateIds = estateIds,
            EstatesByName = estates.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First()),
            EstatesById = estates.ToDictionary(e => e.Id),
            Buildings = buildings.ToDictionary(b => (b.EstateId, b.Number)),
            BuildingsById = buildings.ToDictionary(b => b.Id),
            Entrances = entrances.ToDictionary(e => (e.BuildingId, e.Number)),
            EntrancesById = entrances.ToDictionary(e => e.Id),
            Households = byHousehold,
            HouseholdsById = households.ToDictionary(h => h.Id, h => (h.EntranceId, h.Room)),
        };
    }

    // "团结新村3栋2单元501", or null for a household outside this community.
    public string? AddressOf(long householdId)
    {
        if (!HouseholdsById.TryGetValue(householdId, out var h)) return null;
        var entrance = EntrancesById[h.EntranceId];
        var building = BuildingsById[entrance.BuildingId];
        return Modules.Registry.Households.RegistryText.Address(EstatesById[building.EstateId].Name, building.Number, entrance.Number, h.Room);
    }

    public async Task<Dictionary<(long HouseholdId, string Name), long>> UnnumberedResidentsAsync(GongzhiDb db, CancellationToken ct)
    {
        var estateIds = EstateIds;
        var rows = await db.Residents.AsNoTracking()
            .Where(r => r.IdNumberHash == null && r.Status == ResidentStatus.Active
                        && db.Households.Any(h => h.Id == r.HouseholdId && estateIds.Contains(h.EstateId)))
            .Select(r => new { r.Id, r.HouseholdId, r.Name }).ToListAsync(ct);
        var map = new Dictionary<(long, string), long>();
        foreach (var r in rows) map.TryAdd((r.HouseholdId, r.Name), r.Id);
        return map;
    }
}
