using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Requests.Work;

public sealed record CaseRow(long Id, string Category, CaseStatus Status, Channel Channel, string Description, string Address, string OwnerName,
    DateTime SubmittedAt, EscalationLevel Escalation, bool PossibleDuplicate, Countdown Countdown, int Version);

// TotalCapped: there are more than Total (a search counts its matches only up to a limit).
public sealed record CaseList(int Total, IReadOnlyList<CaseRow> Rows, bool TotalCapped = false);

public sealed record TimelineItem(long Id, CaseEventKind Kind, DateTime At, string ActorName, string? Text, bool Internal, CaseStatus? ToStatus);

public sealed record PhotoView(long Id, PhotoStage Stage, string Url);

public sealed record ReferralView(long Id, ReferralKind Kind, string TargetName, string? Note, DateTime CreatedAt, string? Reply, DateTime? RepliedAt);

public sealed record PartyView(string Name, string? Phone, string? Role);

public sealed record SessionView(DateTime HeldAt, string Place, string Mediators, string Summary);

public sealed record CaseActions(bool Accept, bool Work, bool Reassign, bool Refer, bool Resolve, bool Merge, bool Reply, bool Rate, bool Cancel, bool Comment, bool InternalNote);

public sealed record CaseView(
    long Id, long CategoryId, string Category, bool IsDispute, Channel Channel, CaseStatus Status, string Description, string Address,
    long GridId, string GridName, bool Anonymous, string? ReporterName, string? ReporterPhone, string OwnerName, string? OwnerUserId,
    DateTime SubmittedAt, DateTime RespondBy, DateTime ResolveBy, DateTime? FirstContactAt, DateTime? ResolvedAt, string? Resolution,
    Rating? Rating, string? RatingComment, int ReopenCount, EscalationLevel Escalation, long? PossibleDuplicateOfId, long? MergedIntoId,
    string? Agreement, int Version, Countdown Countdown, CaseAccess.Capacity Capacity, CaseActions Actions,
    IReadOnlyList<TimelineItem> Timeline, IReadOnlyList<PhotoView> Photos, IReadOnlyList<ReferralView> Referrals,
    IReadOnlyList<PartyView> Parties, IReadOnlyList<SessionView> Sessions);

// Sort: null for the work order (overdue first, then by deadline); else one of WorkSorts, Desc for newest/latest first.
public sealed record WorkListFilter(bool Mine = true, long? GridId = null, int Page = 1, CaseStatus? Status = null, long? CategoryId = null,
    string? Sort = null, bool Desc = false)
{
    public static readonly string[] WorkSorts = ["id", "submitted", "deadline", "status"];
}

public sealed class CaseQueries(GongzhiDb db, CaseAccess access, CurrentUser user, WorkCalendar calendar, AuditLog audit, TimeProvider clock,
    Registry.RegistryScope scope)
{
    public const int PageSize = 50;

    // Pickers of the request pages (the pages check who may use them).

    public Task<List<CategoryRow>> CategoriesAsync(CancellationToken ct = default) => RequestsApi.CategoriesAsync(db, ct);

    public async Task<List<(long Id, string Name)>> DepartmentsAsync(CancellationToken ct = default) =>
        (await db.Departments.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.Name }).ToListAsync(ct)).Select(d => (d.Id, d.Name)).ToList();

    // The first 30 grids of the caller's scope, for the work list's grid filter.
    public async Task<List<(long Id, string Name)>> GridChoicesAsync(CancellationToken ct = default)
    {
        var s = await scope.GetAsync(ct);
        var query = db.Grids.AsNoTracking();
        if (!s.All) query = query.Where(g => s.GridIds.Contains(g.Id));
        return (await query.OrderBy(g => g.Id).Take(30).Select(g => new { g.Id, g.Name }).ToListAsync(ct)).Select(g => (g.Id, g.Name)).ToList();
    }

    // The address of the household a case is reported for, as the registry writes it.
    public Task<string?> HouseholdAddressAsync(long householdId, CancellationToken ct = default) =>
        Registry.Households.HouseholdRows.Project(db.Households.AsNoTracking().Where(h => h.Id == householdId), db).Select(h => h.Address).FirstOrDefaultAsync(ct);
    private static readonly CaseStatus[] Open = [CaseStatus.Submitted, CaseStatus.Accepted, CaseStatus.Referred, CaseStatus.Reopened];

    public async Task<CaseView> GetAsync(long id, CancellationToken ct = default)
    {
        var (c, capacity) = await access.ForAnyAsync(id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var category = await db.CaseCategories.AsNoTracking().FirstAsync(x => x.Id == c.CategoryId, ct);
        var grid = await db.Grids.AsNoTracking().Where(g => g.Id == c.GridId).Select(g => g.Name).FirstAsync(ct);
        var staff = capacity == CaseAccess.Capacity.Staff;
        var partner = capacity == CaseAccess.Capacity.Partner;
        var seesInternal = staff || partner;
        // Partners see the internal lines of a referral (the notes and answers between them and the
        // community), never staff's own: notes marked for staff only, reassignment reasons, escalations.
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id && (staff || !e.Internal || (partner && e.ReferralId != null)))
            .OrderBy(e => e.Id).Select(e => new TimelineItem(e.Id, e.Kind, e.At, e.ActorName, e.Text, e.Internal, e.ToStatus)).ToListAsync(ct);
        var photos = await db.CasePhotos.AsNoTracking().Where(p => p.CaseId == id).OrderBy(p => p.Id)
            .Select(p => new PhotoView(p.Id, p.Stage, $"/cases/{id}/photos/{p.Id}")).ToListAsync(ct);
        var referrals = seesInternal
            ? await db.Referrals.AsNoTracking().Where(r => r.CaseId == id).OrderBy(r => r.Id)
                .Select(r => new ReferralView(r.Id, r.Kind, r.TargetName, r.Note, r.CreatedAt, r.Reply, r.RepliedAt)).ToListAsync(ct)
            : [];
        var parties = staff
            ? await db.DisputeParties.AsNoTracking().Where(p => p.CaseId == id).OrderBy(p => p.Id).Select(p => new PartyView(p.Name, p.Phone, p.Role)).ToListAsync(ct)
            : [];
        var sessions = staff
            ? await db.MediationSessions.AsNoTracking().Where(s => s.CaseId == id).OrderBy(s => s.HeldAt).Select(s => new SessionView(s.HeldAt, s.Place, s.Mediators, s.Summary)).ToListAsync(ct)
            : [];
        var fullPhone = user.Can(Capability.SeeFullPhone) && staff;
        // The identity of whoever raised the case: in full for its staff, masked for partners, never for an anonymous case.
        var name = c.Anonymous ? null : partner ? MaskName(c.ReporterName) : c.ReporterName;
        var phone = c.Anonymous || c.ReporterPhone is null ? null : fullPhone || capacity == CaseAccess.Capacity.Reporter ? c.ReporterPhone : PhoneNumber.Mask(c.ReporterPhone);
        if (partner) parties = [];
        var isReporter = c.ReporterUserId is not null && c.ReporterUserId == user.Id;
        var actions = new CaseActions(
            Accept: staff && c.Status == CaseStatus.Submitted,
            Work: staff && c.InWork,
            Reassign: staff && c.IsOpen,
            Refer: staff && c.InWork,
            Resolve: staff && c.InWork,
            Merge: staff && c.IsOpen,
            Reply: partner && c.IsOpen,
            Rate: isReporter && c.Status == CaseStatus.Resolved,
            Cancel: isReporter && c.Status == CaseStatus.Submitted,
            Comment: (staff || isReporter) && c.IsOpen,
            InternalNote: seesInternal);
        var time = await calendar.GetAsync(ct);
        // Staff's unmasked view of the reporter's or the parties' phones is audited.
        var shown = new List<string>();
        if (fullPhone && phone is not null) shown.Add("reporter-phone");
        if (parties.Any(p => p.Phone is not null)) shown.Add("party-phones");
        if (shown.Count > 0)
        {
            audit.Add(db, AuditActions.ViewPersonalData, $"Case/{c.Id}", string.Join(",", shown));
            await db.SaveChangesAsync(ct);
        }
        var address = c.Anonymous && !staff && capacity != CaseAccess.Capacity.Reporter ? await BuildingAddressAsync(c, ct) : c.Address;
        return new CaseView(c.Id, c.CategoryId, category.Name, category.IsDispute, c.Channel, c.Status, c.Description, address, c.GridId, grid,
            c.Anonymous, name, phone, c.OwnerName, staff ? c.OwnerUserId : null, c.SubmittedAt, c.RespondBy, c.ResolveBy, c.FirstContactAt, c.ResolvedAt,
            c.Resolution, c.Rating, c.RatingComment, c.ReopenCount, c.EscalationLevel, staff ? c.PossibleDuplicateOfId : null, c.MergedIntoId,
            staff ? c.Agreement : null, c.Version, Countdown.For(c, time, now), capacity, actions, events, photos, referrals, parties, sessions);
    }

    private async Task<string> BuildingAddressAsync(Case c, CancellationToken ct)
    {
        var building = await (from b in db.Buildings where b.Id == c.BuildingId join e in db.Estates on b.EstateId equals e.Id
                              select new { e.Name, b.Number }).FirstOrDefaultAsync(ct);
        return Case.BuildingAddress(building?.Name, building?.Number);
    }

    private static string? MaskName(string? name) => string.IsNullOrEmpty(name) ? name : name[..1] + new string('*', Math.Max(1, name.Length - 1));

    // 待办事项清单: open cases, overdue first, then by deadline.
    public async Task<CaseList> WorkListAsync(WorkListFilter filter, CancellationToken ct = default) =>
        await PageAsync(await WorkListQueryAsync(filter, ct), filter.Page, ct);

    public async Task<IQueryable<Case>> WorkListQueryAsync(WorkListFilter filter, CancellationToken ct = default)
    {
        if (!user.Can(Capability.HandleCases) && !user.Can(Capability.ReplyReferrals)) throw new Forbidden();
        var now = clock.GetUtcNow().UtcDateTime;
        var query = (await access.VisibleAsync(ct)).AsNoTracking().Where(c => Open.Contains(c.Status));
        if (filter.Status is { } status) query = query.Where(c => c.Status == status);
        if (filter.CategoryId is { } categoryId) query = query.Where(c => c.CategoryId == categoryId);
        if (filter.GridId is { } gridId) query = query.Where(c => c.GridId == gridId);
        else if (filter.Mine && user.Can(Capability.HandleCases))
        {
            var me = user.RequiredId;
            // Mine: cases I own, and the cases escalated to my level (督办) among the places I answer for.
            var level = user.IsInRole(Roles.SubdistrictOfficial) && !user.IsInRole(Roles.CommunityStaff) ? EscalationLevel.Subdistrict : EscalationLevel.Community;
            var supervises = user.IsInRole(Roles.SubdistrictOfficial) || user.IsInRole(Roles.CommunityStaff) || user.IsInRole(Roles.Administrator);
            query = query.Where(c => c.OwnerUserId == me || (supervises && c.EscalationLevel >= level));
        }
        return (filter.Sort, filter.Desc) switch
        {
            ("id", false) => query.OrderBy(c => c.Id),
            ("id", true) => query.OrderByDescending(c => c.Id),
            ("submitted", false) => query.OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id),
            ("submitted", true) => query.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.Id),
            ("deadline", false) => query.OrderBy(c => c.ResolveBy).ThenBy(c => c.Id),
            ("deadline", true) => query.OrderByDescending(c => c.ResolveBy).ThenBy(c => c.Id),
            ("status", false) => query.OrderBy(c => c.Status).ThenBy(c => c.ResolveBy).ThenBy(c => c.Id),
            ("status", true) => query.OrderByDescending(c => c.Status).ThenBy(c => c.ResolveBy).ThenBy(c => c.Id),
            _ => query.OrderByDescending(c => (c.Status == CaseStatus.Submitted && c.RespondBy < now) || c.ResolveBy < now).ThenBy(c => c.ResolveBy).ThenBy(c => c.Id),
        };
    }

    public async Task<CaseList> MineAsReporterAsync(int page = 1, CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var query = db.Cases.AsNoTracking().Where(c => c.ReporterUserId == me || c.EnteredByUserId == me).OrderByDescending(c => c.Id);
        return await PageAsync(query, page, ct, ownCases: true);
    }

    // `from`: the context the query was built on, when it is not this one (the read replica).
    // Rows of anonymous cases show partners the building only (ownCases: the caller raised them all).
    public async Task<CaseList> PageAsync(IQueryable<Case> query, int page, CancellationToken ct, int? countUpTo = null, GongzhiDb? from = null, bool ownCases = false)
    {
        page = Math.Max(1, page);
        var total = countUpTo is { } limit ? await query.Take(limit + 1).CountAsync(ct) : await query.CountAsync(ct);
        var capped = total > countUpTo;
        if (capped) total = countUpTo!.Value;
        return await RowsAsync(query.Skip((page - 1) * PageSize).Take(PageSize), total, capped, ct, from, ownCases);
    }

    // One page's rows when the caller already knows the total (search counts from the ids it pages by).
    public async Task<CaseList> RowsAsync(IQueryable<Case> pageRows, int total, bool capped, CancellationToken ct, GongzhiDb? from = null, bool ownCases = false)
    {
        Func<long, bool> staffFor = ownCases ? _ => true : await access.StaffForGridAsync(ct);
        var rows = await pageRows
            .Join((from ?? db).CaseCategories, c => c.CategoryId, k => k.Id, (c, k) => new
            {
                c.Id, Category = k.Name, c.Status, c.Channel, c.Description, c.Address, c.OwnerName, c.SubmittedAt, c.EscalationLevel,
                c.PossibleDuplicateOfId, c.RespondBy, c.ResolveBy, c.AcceptedAt, c.Anonymous, c.GridId, c.Version,
                EstateName = c.Anonymous ? (from ?? db).Estates.Where(e => e.Id == c.EstateId).Select(e => e.Name).FirstOrDefault() : null,
                BuildingNumber = c.Anonymous ? (from ?? db).Buildings.Where(b => b.Id == c.BuildingId).Select(b => (int?)b.Number).FirstOrDefault() : null,
            }).ToListAsync(ct);
        var time = await calendar.GetAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new CaseList(total, rows.Select(r => new CaseRow(r.Id, r.Category, r.Status, r.Channel, Shorten(r.Description),
            r.Anonymous && !staffFor(r.GridId) ? Case.BuildingAddress(r.EstateName, r.BuildingNumber) : r.Address, r.OwnerName, r.SubmittedAt,
            r.EscalationLevel, r.PossibleDuplicateOfId is not null, Countdown.For(r.Status, r.SubmittedAt, r.RespondBy, r.ResolveBy, r.AcceptedAt, time, now), r.Version)).ToList(), capped);
    }

    // The same rows as PageAsync, every page, as a file (Platform/Export): anonymous cases keep their masked address,
    // and the rows stream from the database.
    public async Task<ExportTable> ExportAsync(IQueryable<Case> query, long? gridId, string fileName, string filters, IStringLocalizer text, CancellationToken ct,
        GongzhiDb? from = null)
    {
        var staffFor = await access.StaffForGridAsync(ct);
        // Asking for a grid one does not answer for is refused, not answered with an empty file.
        if (gridId is { } g && !staffFor(g)) throw new NotFound();
        var source = from ?? db;
        var rows = query.Join(source.CaseCategories, c => c.CategoryId, k => k.Id, (c, k) => new
        {
            c.Id, Category = k.Name, c.Status, c.Channel, c.Description, c.Address, c.OwnerName, c.SubmittedAt, c.ResolveBy, c.Anonymous, c.GridId,
            EstateName = c.Anonymous ? source.Estates.Where(e => e.Id == c.EstateId).Select(e => e.Name).FirstOrDefault() : null,
            BuildingNumber = c.Anonymous ? source.Buildings.Where(b => b.Id == c.BuildingId).Select(b => (int?)b.Number).FirstOrDefault() : null,
        }).AsAsyncEnumerable();
        string T(string key) => text[$"Export.Col.{key}"];
        ExportColumn[] columns = [new(T("No"), Number: true), new(T("Submitted")), new(T("Category")), new(T("Channel")), new(T("Status")),
            new(T("Address")), new(T("Content")), new(T("Owner")), new(T("ResolveBy"))];
        async IAsyncEnumerable<string?[]> Rows()
        {
            await foreach (var r in rows)
                yield return [r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ChinaTime.Format(r.SubmittedAt), r.Category,
                    text[$"Enum.Channel.{r.Channel}"], text[$"Enum.CaseStatus.{r.Status}"],
                    r.Anonymous && !staffFor(r.GridId) ? Case.BuildingAddress(r.EstateName, r.BuildingNumber) : r.Address,
                    r.Description, r.OwnerName, ChinaTime.Format(r.ResolveBy)];
        }
        return new ExportTable(fileName, filters, columns, Rows());
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
