using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Modules.Requests.Search;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Notifications;
using Gongzhi.Web.Platform.Webhooks;

namespace Gongzhi.Web.Modules.Requests.Intake;

public sealed record CaseInput(
    long? CategoryId,
    string? Description,
    long? HouseholdId = null,
    long? BuildingId = null,
    string? Address = null,
    bool Anonymous = false,
    Channel? Channel = null,
    string? CallerName = null,
    string? CallerPhone = null,
    string? IdempotencyKey = null,
    // The signature of a door-plate QR link (see GridBoard.DoorUrl): standing at that door lets a
    // resident report a problem there, not only at home.
    string? DoorSignature = null);

public sealed record SubmitResult(long Id, bool Created, long? PossibleDuplicateOfId);

// Who is submitting, when not a signed-in person: another system through Open311 (its API key).
public sealed record SystemSource(string KeyName, string? Name, string? Phone, double? Latitude, double? Longitude, IReadOnlyDictionary<string, string>? Answers);

// Intake on every channel. One transaction writes the case, its first timeline line, the search
// terms, any first referral and the owner's inbox message; photos are checked before anything is
// written and removed again if the transaction fails. A repeated submission (same idempotency
// key from the same caller) returns the case the first one created.
public sealed class SubmitCase(GongzhiDb db, CurrentUser user, RegistryScope scope, CaseRouting routing, WorkCalendar calendar,
    PhotoStore photos, IdNumberProtector protector, IWebhookEvents webhooks, TimeProvider clock, IConfiguration configuration, IntakeReference reference)
{
    public async Task<SubmitResult> RunAsync(CaseInput input, IReadOnlyList<PhotoUpload>? uploads = null, SystemSource? system = null, CancellationToken ct = default)
    {
        // One open of the connection for all of intake's statements, instead of one per query: each open and close
        // goes through the pool and every interceptor, and on SQLite it was a few percent of an intake's CPU.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await SubmitAsync(input, uploads, system, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<SubmitResult> SubmitAsync(CaseInput input, IReadOnlyList<PhotoUpload>? uploads, SystemSource? system, CancellationToken ct)
    {
        var (channel, callerKey) = ChannelFor(input, system);
        var idempotencyKey = KeyFor(callerKey, input.IdempotencyKey);
        // A household named in the request (most intakes): its place, the case this key already made and the
        // caller's resident by phone in one round trip. A building, or a resident's own home, reads them one by one.
        HouseholdFacts? facts = null;
        if (input.HouseholdId is { } named)
        {
            facts = await HouseholdFactsQuery.For(db)(db, named, idempotencyKey, CallerPhone(input, channel, system), CreatedHooksPattern, ct);
            if (facts?.ExistingId is { } existingId) return new SubmitResult(existingId, false, facts.ExistingDuplicateOfId);
        }
        if (facts is null && idempotencyKey is not null && await ExistingAsync(idempotencyKey, ct) is { } existing) return existing;

        if (input.CategoryId is null) throw new ValidationFailure("CategoryId", "Requests.Error.CategoryRequired");
        var category = await reference.CategoryAsync(db, input.CategoryId.Value, ct)
            ?? throw new ValidationFailure("CategoryId", "Requests.Error.CategoryUnknown");
        var place = await PlaceAsync(input, channel, system is not null, facts, ct);
        var reporter = await ReporterAsync(input, channel, system, facts, ct);
        var checkedPhotos = await photos.CheckAsync(uploads ?? [], ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var time = await calendar.GetAsync(ct);
        var today = DateOnly.FromDateTime(now + WorkingTime.ChinaOffset);
        var owner = await reference.OwnerAsync(routing, place.GridId, place.CommunityId, today, ct);
        var entity = new Case(category, channel, input.Description, place, reporter, owner, now,
            time.AddMinutes(now, category.ContactMinutes), time.AddDays(now, category.ResolveDays),
            enteredByUserId: system is null && channel != Channel.Web ? user.RequiredId : null, idempotencyKey: idempotencyKey);
        if (system is { Latitude: { } lat, Longitude: { } lng }) entity.Locate(lat, lng);
        if (system?.Answers is { Count: > 0 } answers) entity.SetAnswers(JsonSerializer.Serialize(answers));
        var duplicate = await PossibleDuplicateAsync(entity, ct);
        if (duplicate is not null) entity.FlagPossibleDuplicate(duplicate.Value);

        var firstReferral = await FirstReferralAsync(category, entity.EstateId, today, ct);

        var stored = await photos.SaveAsync(checkedPhotos, now, ct);
        // Without a savepoint around each SaveChanges (EF's default inside a transaction): nothing here goes on after
        // a failed statement, the whole transaction rolls back; on PostgreSQL each savepoint is two more round trips.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Cases.Add(entity);
            await db.SaveChangesAsync(ct);
            var actor = system is not null ? system.KeyName : user.IsAuthenticated ? user.Name : "";
            db.CaseEvents.Add(new CaseEvent(entity.Id, CaseEventKind.Submitted, now, system is null ? user.Id : null,
                entity.Anonymous && channel == Channel.Web ? "" : actor, null, toStatus: CaseStatus.Submitted));
            foreach (var p in stored)
                db.CasePhotos.Add(new CasePhoto(entity.Id, PhotoStage.Submission, p.StoredName, p.ContentType, p.Length, now, system is null ? user.Id : null));
            // An anonymous reporter's door is not searchable: partners search too, and a hit on "501" would name the home.
            await CaseSearchIndex.AddTextAsync(db, entity.Id, entity.Description + " " + (entity.Anonymous ? place.BuildingAddress : entity.Address), newCase: true, ct);
            if (firstReferral is not null) await ReferFirstAsync(entity, firstReferral, now, ct);
            if (entity.OwnerUserId is not null)
                db.Notifications.Add(new Notification(entity.OwnerUserId, "case.new", "Requests.Notice.NewCase", [entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), category.Name], $"/cases/{entity.Id}", now));
            // Asked with the household's facts: when no active hook could want the event, its lookup is skipped. A hook
            // saved while this intake runs may miss it either way (the lookup inside the transaction sees only what
            // committed before it, too).
            if (facts is not { CreatedHooks: false })
                await webhooks.RaiseAsync(RequestsWebhooks.Created, entity.CommunityId, RequestsWebhooks.Data(entity, category.Name), now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (idempotencyKey is not null && DbErrors.IsUniqueViolation(ex))
        {
            // The same submission raced itself: the other attempt won and holds the case.
            photos.Delete(stored);
            db.ChangeTracker.Clear();
            return await ExistingAsync(idempotencyKey, ct) ?? throw new ConcurrencyConflict();
        }
        catch
        {
            photos.Delete(stored);
            throw;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
        return new SubmitResult(entity.Id, true, duplicate);
    }

    private (Channel Channel, string CallerKey) ChannelFor(CaseInput input, SystemSource? system)
    {
        if (system is not null) return (Channel.Open311, "open311:" + system.KeyName);
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var me = "user:" + user.RequiredId;
        if (user.Can(Capability.EnterCases))
        {
            var channel = input.Channel ?? Channel.Hotline;
            if (channel is not (Channel.Hotline or Channel.Visit or Channel.WeChatGroup))
                throw new ValidationFailure("Channel", "Requests.Error.StaffChannel");
            return (channel, me);
        }
        if (user.Can(Capability.RelayCases)) return (Channel.Relay, me);
        if (user.IsInRole(Roles.Resident)) return (Channel.Web, me);
        throw new Forbidden();
    }

    private static string? KeyFor(string callerKey, string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        if (key.Length > 100) throw new ValidationFailure("IdempotencyKey", "Validation.TooLong", 100);
        // Hashed with the caller, so two callers' keys never collide and the column stays short.
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(callerKey + "\n" + key.Trim())));
    }

    // Intake's reads are compiled once per provider (PerProvider): the same few queries on every intake.
    private static readonly PerProvider<Func<GongzhiDb, string, CancellationToken, Task<SubmitResult?>>> Existing = new(() =>
        EF.CompileAsyncQuery((GongzhiDb db, string key, CancellationToken ct) => db.Cases.AsNoTracking().Where(c => c.IdempotencyKey == key)
            .Select(c => new SubmitResult(c.Id, false, c.PossibleDuplicateOfId)).FirstOrDefault()));

    private Task<SubmitResult?> ExistingAsync(string key, CancellationToken ct) => Existing.For(db)(db, key, ct);

    // Everything intake needs to know about a place, in one query: a household (with its building, estate,
    // community and entrance) or a building alone.
    private sealed record PlaceRow(long SubdistrictId, long CommunityId, long GridId, long EstateId, string EstateName,
        long BuildingId, int BuildingNumber, long? HouseholdId, long? EntranceId, int? EntranceNumber, string? Room);

    private async Task<CasePlace> PlaceAsync(CaseInput input, Channel channel, bool isSystem, HouseholdFacts? facts, CancellationToken ct)
    {
        long? householdId = input.HouseholdId;
        if (householdId is null && input.BuildingId is null && channel == Channel.Web)
            householdId = await OwnHouseholdAsync(ct) ?? throw new ValidationFailure("HouseholdId", "Requests.Error.PlaceRequired");
        if (householdId is null && input.BuildingId is null) throw new ValidationFailure("HouseholdId", "Requests.Error.PlaceRequired");

        // A household named in the request was read with the other facts (and is unknown if they found nothing).
        var row = householdId is { } hid
            ? (input.HouseholdId is not null ? facts?.Place : await HouseholdPlace(db, hid, ct)) ?? throw new ValidationFailure("HouseholdId", "Requests.Error.PlaceUnknown")
            : await BuildingPlace(db, input.BuildingId!.Value, ct) ?? throw new ValidationFailure("BuildingId", "Requests.Error.PlaceUnknown");
        // People report for places they answer for (a resident: their home; a worker: their grids);
        // other systems through Open311 may name any place of the registry.
        var atTheDoor = row.HouseholdId is { } doorId && input.DoorSignature is { Length: > 0 } sig
            && string.Equals(sig, Registry.Board.GridBoard.DoorSignature(protector, doorId), StringComparison.Ordinal);
        if (!isSystem && !atTheDoor && !await InScopeAsync(row, channel, ct)) throw new ValidationFailure(row.HouseholdId is null ? "BuildingId" : "HouseholdId", "Requests.Error.PlaceOutOfScope");

        var address = Guard.OptionalText(input.Address, 200, "Address")
            ?? (row.HouseholdId is null ? $"{row.EstateName}{row.BuildingNumber}栋" : $"{row.EstateName}{row.BuildingNumber}栋{row.EntranceNumber}单元{row.Room}");
        return new CasePlace(row.SubdistrictId, row.CommunityId, row.GridId, row.EstateId, row.BuildingId, row.HouseholdId, address)
            { BuildingAddress = Case.BuildingAddress(row.EstateName, row.BuildingNumber) };
    }

    // Compiled per provider: a compiled query keeps the first provider it met, and the tests run SQLite and PostgreSQL in one process.
    private static readonly PerProvider<Func<GongzhiDb, long, CancellationToken, Task<PlaceRow?>>> HouseholdPlaceQuery = new(() =>
        EF.CompileAsyncQuery((GongzhiDb db, long id, CancellationToken ct) =>
            (from h in db.Households
             where h.Id == id
             join b in db.Buildings on h.BuildingId equals b.Id
             join e in db.Estates on b.EstateId equals e.Id
             join c in db.Communities on e.CommunityId equals c.Id
             join n in db.Entrances on h.EntranceId equals n.Id
             select new PlaceRow(c.SubdistrictId, c.Id, h.GridId, h.EstateId, e.Name, b.Id, b.Number, h.Id, n.Id, n.Number, h.Room)).FirstOrDefault()));

    private static readonly PerProvider<Func<GongzhiDb, long, CancellationToken, Task<PlaceRow?>>> BuildingPlaceQuery = new(() =>
        EF.CompileAsyncQuery((GongzhiDb db, long id, CancellationToken ct) =>
            (from b in db.Buildings
             where b.Id == id
             join e in db.Estates on b.EstateId equals e.Id
             join c in db.Communities on e.CommunityId equals c.Id
             select new PlaceRow(c.SubdistrictId, c.Id, b.GridId, e.Id, e.Name, b.Id, b.Number, null, null, null, null)).FirstOrDefault()));

    private static Task<PlaceRow?> HouseholdPlace(GongzhiDb db, long id, CancellationToken ct) => HouseholdPlaceQuery.For(db)(db, id, ct);

    private static Task<PlaceRow?> BuildingPlace(GongzhiDb db, long id, CancellationToken ct) => BuildingPlaceQuery.For(db)(db, id, ct);

    private async Task<bool> InScopeAsync(PlaceRow place, Channel channel, CancellationToken ct)
    {
        // A resident may report at any building they pick, home or not (as FixMyStreet takes any located report).
        if (place.HouseholdId is null && channel == Channel.Web) return true;
        var s = await scope.GetAsync(ct);
        if (s.All) return true;
        if (place.HouseholdId is { } household)
            return channel == Channel.Web ? s.HouseholdIds.Contains(household) : s.Covers(place.GridId, place.EstateId, place.BuildingId, place.EntranceId!.Value, household);
        return s.GridIds.Contains(place.GridId) || s.EstateIds.Contains(place.EstateId) || s.BuildingIds.Contains(place.BuildingId)
            || await db.Entrances.AnyAsync(e => e.BuildingId == place.BuildingId && s.EntranceIds.Contains(e.Id), ct);
    }

    private async Task<long?> OwnHouseholdAsync(CancellationToken ct) => (await scope.GetAsync(ct)).HouseholdIds.Cast<long?>().FirstOrDefault();

    private async Task<CaseReporter> ReporterAsync(CaseInput input, Channel channel, SystemSource? system, HouseholdFacts? facts, CancellationToken ct)
    {
        // The resident with this phone, unless it was read with the household's facts already.
        async Task<long?> Resident(string phone) =>
            facts is not null && facts.CallerPhone == phone ? facts.CallerResidentId : await ResidentByPhoneAsync(phone, ct);
        if (system is not null)
        {
            var phone = NormalizePhone(system.Phone, "Phone");
            return new CaseReporter(null, phone is null ? null : await Resident(phone), Guard.OptionalText(system.Name, 30, "Name"), phone, input.Anonymous);
        }
        if (channel == Channel.Web)
        {
            var me = user.RequiredId;
            var account = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => new { u.ResidentId, u.PhoneNumber, u.DisplayName }).FirstAsync(ct);
            var name = account.ResidentId is null ? account.DisplayName
                : await db.Residents.Where(r => r.Id == account.ResidentId).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? account.DisplayName;
            return new CaseReporter(me, account.ResidentId, name, account.PhoneNumber, input.Anonymous);
        }
        // Hotline, visit, relay: the caller is whoever the worker names, linked to the registry by phone.
        var callerPhone = NormalizePhone(input.CallerPhone, "CallerPhone");
        var callerName = Guard.OptionalText(input.CallerName, 30, "CallerName");
        if (!input.Anonymous && callerName is null && callerPhone is null) throw new ValidationFailure("CallerName", "Requests.Error.CallerRequired");
        return new CaseReporter(null, callerPhone is null ? null : await Resident(callerPhone), callerName, callerPhone, input.Anonymous);
    }

    // The caller's phone as ReporterAsync will read it, for the read ahead; a phone it would refuse is looked up as none.
    private static string? CallerPhone(CaseInput input, Channel channel, SystemSource? system)
    {
        var raw = system is not null ? system.Phone : channel == Channel.Web ? null : input.CallerPhone;
        return !string.IsNullOrWhiteSpace(raw) && PhoneNumber.TryNormalize(raw, out var phone) ? phone : null;
    }

    private sealed record HouseholdFacts(PlaceRow Place, long? ExistingId, long? ExistingDuplicateOfId, string? CallerPhone, long? CallerResidentId, bool CreatedHooks);

    // WebhookEvents' own first test (an active hook whose event list holds the name); it then checks the list exactly.
    private static readonly string CreatedHooksPattern = "%" + RequestsWebhooks.Created + "%";

    // `key != null` and `phone != null` keep a missing key or phone from matching the rows that have none.
    private static readonly PerProvider<Func<GongzhiDb, long, string?, string?, string, CancellationToken, Task<HouseholdFacts?>>> HouseholdFactsQuery = new(() =>
        EF.CompileAsyncQuery((GongzhiDb db, long id, string? key, string? phone, string hooks, CancellationToken ct) =>
            (from h in db.Households
             where h.Id == id
             join b in db.Buildings on h.BuildingId equals b.Id
             join e in db.Estates on b.EstateId equals e.Id
             join c in db.Communities on e.CommunityId equals c.Id
             join n in db.Entrances on h.EntranceId equals n.Id
             select new HouseholdFacts(
                 new PlaceRow(c.SubdistrictId, c.Id, h.GridId, h.EstateId, e.Name, b.Id, b.Number, h.Id, n.Id, n.Number, h.Room),
                 db.Cases.Where(x => key != null && x.IdempotencyKey == key).Select(x => (long?)x.Id).FirstOrDefault(),
                 db.Cases.Where(x => key != null && x.IdempotencyKey == key).Select(x => x.PossibleDuplicateOfId).FirstOrDefault(),
                 phone,
                 db.Residents.Where(r => phone != null && r.Phone == phone && r.Status == ResidentStatus.Active).OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefault(),
                 db.Set<Webhook>().Any(w => w.Status == WebhookStatus.Active && EF.Functions.Like(w.Events, hooks)))).FirstOrDefault()));

    private static string? NormalizePhone(string? phone, string field)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        return PhoneNumber.TryNormalize(phone, out var normalized) ? normalized : throw new ValidationFailure(field, "Requests.Error.Phone");
    }

    private static readonly PerProvider<Func<GongzhiDb, string, CancellationToken, Task<long?>>> ResidentByPhone = new(() =>
        EF.CompileAsyncQuery((GongzhiDb db, string phone, CancellationToken ct) =>
            db.Residents.Where(r => r.Phone == phone && r.Status == ResidentStatus.Active).OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefault()));

    private Task<long?> ResidentByPhoneAsync(string phone, CancellationToken ct) => ResidentByPhone.For(db)(db, phone, ct);

    // 重复提示: an open case at the same building, same category, raised within the last days, whose
    // text shares most of its terms with this one.
    private async Task<long?> PossibleDuplicateAsync(Case entity, CancellationToken ct)
    {
        var days = configuration.GetValue<int?>("Requests:DuplicateDays") ?? 7;
        var since = entity.SubmittedAt.AddDays(-days);
        var mine = CaseText.Terms(entity.Description);
        // Newest first: the first similar one is the hint.
        await foreach (var c in DuplicateCandidates.For(db)(db, entity.BuildingId, entity.CategoryId, since).WithCancellation(ct))
            if (Similarity(mine, CaseText.Terms(c.Description)) >= 0.3) return c.Id;
        return null;
    }

    private sealed record Candidate(long Id, string Description);

    private static readonly PerProvider<Func<GongzhiDb, long?, long, DateTime, IAsyncEnumerable<Candidate>>> DuplicateCandidates = new(() =>
        EF.CompileAsyncQuery((GongzhiDb db, long? buildingId, long categoryId, DateTime since) => db.Cases.AsNoTracking()
            .Where(c => c.BuildingId == buildingId && c.CategoryId == categoryId && c.SubmittedAt >= since)
            .Where(c => c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened)
            .OrderByDescending(c => c.Id).Take(20).Select(c => new Candidate(c.Id, c.Description))));

    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var shared = a.Count(b.Contains);
        return (double)shared / Math.Min(a.Count, b.Count);
    }

    // Categories that go first to the estate's property company or a department: who that is, looked up
    // before the write transaction so the transaction holds SQLite's write slot as briefly as it can.
    private sealed record FirstReferral(ReferralKind Kind, long? DepartmentId, long? EstateId, string TargetName, List<string> Partners);

    private async Task<FirstReferral?> FirstReferralAsync(CaseCategory category, long? estateId, DateOnly today, CancellationToken ct)
    {
        if (category.RouteFirst == RouteFirst.PropertyCompany)
        {
            if (estateId is null) return null;
            return await reference.ReferralAsync(("estate", estateId.Value), today, async () =>
            {
                var estate = await db.Estates.AsNoTracking().Where(e => e.Id == estateId).Select(e => e.Name).FirstAsync(ct);
                return new FirstReferral(ReferralKind.PropertyCompany, null, estateId, estate + "物业", await routing.PartnerUsersAsync(ReferralKind.PropertyCompany, estateId, null, ct));
            }, ct);
        }
        if (category.RouteFirst != RouteFirst.Department || category.DepartmentId is not { } departmentId) return null;
        return await reference.ReferralAsync(("department", departmentId), today, async () =>
        {
            var department = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => new { d.Id, d.Name }).FirstAsync(ct);
            return new FirstReferral(ReferralKind.Department, department.Id, null, department.Name, await routing.PartnerUsersAsync(ReferralKind.Department, null, department.Id, ct));
        }, ct);
    }

    private async Task ReferFirstAsync(Case entity, FirstReferral first, DateTime now, CancellationToken ct)
    {
        var referral = new Referral(entity.Id, first.Kind, first.DepartmentId, first.EstateId, first.TargetName, null, now, null);
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(ct);
        db.CaseEvents.Add(new CaseEvent(entity.Id, CaseEventKind.Referred, now, null, "", referral.TargetName, referralId: referral.Id));
        foreach (var partner in first.Partners)
            db.Notifications.Add(new Notification(partner, "case.referred", "Requests.Notice.Referred", [entity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], $"/cases/{entity.Id}", now));
    }
}
