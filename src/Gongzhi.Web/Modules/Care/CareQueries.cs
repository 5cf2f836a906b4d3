using System.Globalization;
using System.Text;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Web.Modules.Care;

public sealed record CareFilter(long? GridId = null, CareTagKind? Reason = null, CareRisk? Risk = null, CareStatus? Status = CareStatus.Active, int Page = 1);

public sealed record RecipientRow(long Id, string Name, Gender Gender, int? Age, string Address, long GridId, string GridName,
    IReadOnlyList<CareTagKind> Reasons, CareRisk Risk, CareStatus Status, DateOnly NextDueOn, int DaysLate, DateTime? LastVisitAt);

public sealed record RecipientList(int Total, IReadOnlyList<RecipientRow> Rows);

public sealed record ContactView(string Name, string Relation, string Phone);

public sealed record VisitView(long Id, DateTime At, string VisitorName, VisitKind Kind, VisitCondition Condition, IReadOnlyList<VisitActions> Actions, string? Note, long? CaseId,
    bool ByPair = false, int? CreditedMinutes = null, bool HasPhoto = false);

public sealed record MyPair(long Id, long RecipientId, string Name, DateOnly From, DateOnly? To, DateOnly? NextDueOn, int Visits, int CreditedMinutes);

public sealed record PairView(long Id, string HelperName, DateOnly From, DateOnly? To, int Version);

public sealed record WishView(long Id, string Title, string? Description, WishStatus Status, string? ClaimantName, string? FulfilmentNote, DateTime PublishedAt, int Version);

public sealed record RecipientView(
    RecipientRow Row, long ResidentId, long HouseholdId, string? Phone, DateOnly StatusSince, CareEndReason? EndReason,
    PlanUnit PlanUnit, int PlanEvery, VisitorKind VisitorKind, int NotSeenInRow, int Version,
    IReadOnlyList<ContactView> Contacts, string? HealthNote, string? LivingNote, bool NotesShown,
    IReadOnlyList<VisitView> Visits, IReadOnlyList<WishView> Wishes, bool CanManage, IReadOnlyList<PairView>? Pairs = null);

public sealed record DueRow(long Id, string Name, string Address, IReadOnlyList<CareTagKind> Reasons, CareRisk Risk, DateOnly NextDueOn, int DaysLate);

public sealed record DueList(int Total, IReadOnlyList<DueRow> Rows);

public sealed record GridMonthCount(long GridId, string GridName, int Visits, int Recipients);

public sealed record WallWish(long Id, string Title, string? Description, string Person, string CommunityName, WishStatus Status,
    string? ClaimantName, DateTime PublishedAt, bool Mine, int Version);

public sealed record ResidentChoice(long Id, string Name, int? Age, string Address, IReadOnlyList<CareTagKind> Tags, bool AlreadyRecipient);

public static class CareAudit
{
    // Opening a recipient's health and living notes (AuditLog action).
    public const string ViewNotes = "ViewCareNotes";
}

public sealed class CareQueries(GongzhiDb db, CareAccess access, RegistryScope scope, CurrentUser user, AuditLog audit)
{
    public const int PageSize = 50;

    public async Task<RecipientList> ListAsync(CareFilter filter, CancellationToken ct = default)
    {
        var query = await FilteredAsync(filter, ct);
        var total = await query.CountAsync(ct);
        var page = Math.Max(1, filter.Page);
        var rows = await RowsAsync(query.OrderBy(r => r.NextDueOn).ThenBy(r => r.Id).Skip((page - 1) * PageSize).Take(PageSize), ct);
        // A list of who lives alone, who is disabled, who is poor is personal data taken out in bulk.
        await audit.WriteAsync(AuditActions.ViewCareList, "CareRecipients", Describe(filter), ct);
        return new RecipientList(total, rows);
    }

    public async Task<string> ExportCsvAsync(CareFilter filter, CancellationToken ct = default)
    {
        user.Require(Capability.ManageCare);
        var rows = await RowsAsync((await FilteredAsync(filter, ct)).OrderBy(r => r.HouseholdId).Take(10_000), ct);
        var csv = new StringBuilder("姓名,性别,年龄,地址,网格,关爱类型,风险等级,状态,下次走访,上次走访\r\n");
        foreach (var r in rows)
        {
            csv.Append(Cell(r.Name)).Append(',').Append(r.Gender == Gender.Male ? "男" : "女").Append(',').Append(r.Age?.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(Cell(r.Address)).Append(',').Append(Cell(r.GridName)).Append(',')
                .Append(Cell(string.Join("、", r.Reasons.Select(k => CareTag.ChineseNames[k])))).Append(',').Append(RiskNames[r.Risk]).Append(',')
                .Append(StatusNames[r.Status]).Append(',').Append(r.NextDueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(r.LastVisitAt is { } at ? at.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "").Append("\r\n");
        }
        await audit.WriteAsync(AuditActions.Export, "CareRecipients", $"{rows.Count} rows; {Describe(filter)}", ct);
        return csv.ToString();
    }

    public async Task<RecipientView> GetAsync(long id, CancellationToken ct = default)
    {
        var (recipient, gridId) = await access.ForVisitAsync(id, ct: ct);
        var row = (await RowsAsync(db.Set<CareRecipient>().AsNoTracking().Where(r => r.Id == id), ct)).Single();
        var fullPhone = user.Can(Capability.SeeFullPhone);
        var phone = await db.Residents.Where(r => r.Id == recipient.ResidentId).Select(r => r.Phone).FirstAsync(ct);
        var contacts = recipient.Contacts.OrderBy(c => c.Id)
            .Select(c => new ContactView(c.Name, c.Relation, fullPhone ? c.Phone : PhoneNumber.Mask(c.Phone))).ToList();
        var notes = await access.CanSeeNotesAsync(gridId, ct);
        if (notes && (recipient.HealthNote is not null || recipient.LivingNote is not null))
            await audit.WriteAsync(CareAudit.ViewNotes, $"CareRecipient:{id}", null, ct);
        var visits = (await db.Set<Visit>().AsNoTracking().Where(v => v.RecipientId == id).OrderByDescending(v => v.At).Take(20).ToListAsync(ct))
            .Select(v => new VisitView(v.Id, v.At, v.VisitorName, v.Kind, v.Condition, Split(v.Actions), v.Note, v.CaseId,
                v.PairId is not null, v.CreditedMinutes, v.PhotoName is not null)).ToList();
        var pairs = await db.Set<CarePair>().AsNoTracking().Where(p => p.RecipientId == id).OrderByDescending(p => p.Id)
            .Select(p => new PairView(p.Id, p.HelperName, p.From, p.To, p.Version)).ToListAsync(ct);
        var wishes = await db.Set<Wish>().AsNoTracking().Where(w => w.RecipientId == id).OrderByDescending(w => w.PublishedAt)
            .Select(w => new WishView(w.Id, w.Title, w.Description, w.Status, w.ClaimantName, w.FulfilmentNote, w.PublishedAt, w.Version)).ToListAsync(ct);
        return new RecipientView(row, recipient.ResidentId, recipient.HouseholdId, phone is null ? null : fullPhone ? phone : PhoneNumber.Mask(phone),
            recipient.StatusSince, recipient.EndReason, recipient.PlanUnit, recipient.PlanEvery, recipient.VisitorKind, recipient.NotSeenInRow, recipient.Version,
            contacts, notes ? recipient.HealthNote : null, notes ? recipient.LivingNote : null, notes, visits, wishes, await access.CanManageAsync(gridId, ct), pairs);
    }

    // A visit's photo on disk, for whoever may see the recipient.
    public async Task<(string StoredName, string ContentType)> VisitPhotoAsync(long visitId, CancellationToken ct = default)
    {
        var visit = await db.Set<Visit>().AsNoTracking().Where(v => v.Id == visitId).Select(v => new { v.RecipientId, v.PhotoName, v.PhotoType })
            .FirstOrDefaultAsync(ct) ?? throw new NotFound();
        await access.ForVisitAsync(visit.RecipientId, ct: ct);
        if (visit.PhotoName is null) throw new NotFound();
        return (visit.PhotoName, visit.PhotoType ?? "image/jpeg");
    }

    // The pairs the caller helps in (结对帮扶), running ones first: a helper's own list.
    public async Task<List<MyPair>> MyPairsAsync(CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var rows = await (from p in db.Set<CarePair>().AsNoTracking()
                          join r in db.Set<CareRecipient>() on p.RecipientId equals r.Id
                          join res in db.Residents on r.ResidentId equals res.Id
                          where p.HelperUserId == me
                          orderby p.To == null descending, p.Id descending
                          select new { p.Id, p.RecipientId, res.Name, p.From, p.To, r.NextDueOn, r.Status }).ToListAsync(ct);
        var counts = await db.Set<Visit>().Where(v => v.PairId != null && v.VisitorUserId == me)
            .GroupBy(v => v.PairId!.Value).Select(g => new { g.Key, Visits = g.Count(), Minutes = g.Sum(v => v.CreditedMinutes ?? 0) }).ToListAsync(ct);
        return rows.Select(x =>
        {
            var c = counts.FirstOrDefault(k => k.Key == x.Id);
            return new MyPair(x.Id, x.RecipientId, x.Name, x.From, x.To, x.To is null && x.Status == CareStatus.Active ? x.NextDueOn : null,
                c?.Visits ?? 0, c?.Minutes ?? 0);
        }).ToList();
    }

    // Who and where, for the visit form: no notes, nothing to audit.
    // What a need found on a visit can be filed under (接诉即办's active categories).
    public async Task<List<(long Id, string Name)>> CaseCategoriesAsync(CancellationToken ct = default) =>
        (await db.CaseCategories.AsNoTracking().Where(c => c.Active).OrderBy(c => c.SortOrder).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();

    // The grids of the caller's places for the list's filter (the first 50).
    public async Task<List<(long Id, string Name)>> GridChoicesAsync(CancellationToken ct = default)
    {
        var mine = await scope.GetAsync(ct);
        var query = db.Grids.AsNoTracking();
        if (!mine.All) query = query.Where(g => mine.GridIds.Contains(g.Id));
        return (await query.OrderBy(g => g.Id).Take(50).Select(g => new { g.Id, g.Name }).ToListAsync(ct)).Select(g => (g.Id, g.Name)).ToList();
    }

    public async Task<RecipientRow> HeaderAsync(long id, CancellationToken ct = default)
    {
        await access.ForVisitAsync(id, ct: ct);
        return (await RowsAsync(db.Set<CareRecipient>().AsNoTracking().Where(r => r.Id == id), ct)).Single();
    }

    // Visits due today or overdue in the caller's places, most late first: the work list's 待走访.
    public async Task<DueList> DueAsync(int take = 10, CancellationToken ct = default)
    {
        if (!user.Can(Capability.VisitCare)) return new DueList(0, []);
        var today = access.Today;
        var due = (await access.VisibleAsync(ct)).Where(r => r.Status == CareStatus.Active && r.NextDueOn <= today);
        var total = await due.CountAsync(ct);
        var rows = await (from r in due.OrderBy(r => r.NextDueOn).ThenBy(r => r.Id).Take(take)
                          join res in db.Residents on r.ResidentId equals res.Id
                          join h in db.Households on r.HouseholdId equals h.Id
                          join e in db.Estates on h.EstateId equals e.Id
                          join b in db.Buildings on h.BuildingId equals b.Id
                          join en in db.Entrances on h.EntranceId equals en.Id
                          select new { r.Id, res.Name, Estate = e.Name, Building = b.Number, Entrance = en.Number, h.Room, r.Reasons, r.Risk, r.NextDueOn })
            .ToListAsync(ct);
        return new DueList(total, rows.OrderBy(r => r.NextDueOn).ThenBy(r => r.Id).Select(r => new DueRow(r.Id, r.Name, RegistryText.Address(r.Estate, r.Building, r.Entrance, r.Room),
            CareRecipient.ReasonsOf(r.Reasons), r.Risk, r.NextDueOn, Math.Max(0, today.DayNumber - r.NextDueOn.DayNumber))).ToList());
    }

    // 每月走访量: visits per grid in a month of Beijing time, for the grids the caller holds whole.
    public async Task<List<GridMonthCount>> MonthlyAsync(int year, int month, CancellationToken ct = default)
    {
        user.Require(Capability.VisitCare);
        if (month is < 1 or > 12 || year is < 2000 or > 2100) throw new ValidationFailure("Month", "Validation.Invalid");
        var s = await scope.GetAsync(ct);
        var start = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);
        var end = start.AddMonths(1);
        var grids = db.Grids.AsNoTracking();
        if (!s.All) { var ids = s.GridIds.ToList(); grids = grids.Where(g => ids.Contains(g.Id)); }
        var gridIds = await grids.Select(g => g.Id).ToListAsync(ct);
        var counts = await (from v in db.Set<Visit>().AsNoTracking()
                            where v.At >= start && v.At < end && gridIds.Contains(v.GridId)
                            group v by v.GridId into g
                            select new { GridId = g.Key, Visits = g.Count(), Recipients = g.Select(x => x.RecipientId).Distinct().Count() }).ToListAsync(ct);
        var names = await grids.OrderBy(g => g.Id).Select(g => new { g.Id, g.Name }).ToListAsync(ct);
        return names.Select(g => counts.FirstOrDefault(c => c.GridId == g.Id) is { } c
            ? new GridMonthCount(g.Id, g.Name, c.Visits, c.Recipients) : new GridMonthCount(g.Id, g.Name, 0, 0)).ToList();
    }

    // 心愿墙: what anyone may read. The person is masked and named by community only.
    public async Task<List<WallWish>> WallAsync(long? communityId, CancellationToken ct = default)
    {
        var me = user.Id;
        var rows = await (from w in db.Set<Wish>().AsNoTracking()
                          join r in db.Set<CareRecipient>() on w.RecipientId equals r.Id
                          join res in db.Residents on r.ResidentId equals res.Id
                          join c in db.Communities on w.CommunityId equals c.Id
                          where w.Status != WishStatus.Withdrawn && (communityId == null || w.CommunityId == communityId)
                          orderby w.Status, w.PublishedAt descending
                          select new { w.Id, w.Title, w.Description, res.Name, Community = c.Name, w.Status, w.ClaimantName, w.ClaimantUserId, w.PublishedAt, w.Version })
            .Take(200).ToListAsync(ct);
        return rows.Select(w => new WallWish(w.Id, w.Title, w.Description, MaskPerson(w.Name), w.Community, w.Status,
            w.ClaimantName is null ? null : MaskPerson(w.ClaimantName), w.PublishedAt, me is not null && w.ClaimantUserId == me, w.Version)).ToList();
    }

    // Residents of the caller's grids to add as recipients, by name (two characters or more).
    public async Task<List<ResidentChoice>> ResidentChoicesAsync(string? name, CancellationToken ct = default)
    {
        user.Require(Capability.ManageCare);
        var text = name?.Trim() ?? "";
        if (text.Length < 2) return [];
        var today = access.Today;
        var households = await scope.HouseholdsAsync(ct);
        var rows = await (from r in db.Residents.AsNoTracking()
                          join h in households on r.HouseholdId equals h.Id
                          join e in db.Estates on h.EstateId equals e.Id
                          join b in db.Buildings on h.BuildingId equals b.Id
                          join en in db.Entrances on h.EntranceId equals en.Id
                          where r.Status == ResidentStatus.Active && r.Name.Contains(text)
                          orderby r.Id
                          select new
                          {
                              r.Id, r.Name, r.BirthDate, Estate = e.Name, Building = b.Number, Entrance = en.Number, h.Room,
                              Tags = r.CareTags.Select(t => t.Kind).ToList(),
                              Already = db.Set<CareRecipient>().Any(c => c.ResidentId == r.Id),
                          }).Take(20).ToListAsync(ct);
        return rows.Select(r => new ResidentChoice(r.Id, r.Name, Age(r.BirthDate, today), RegistryText.Address(r.Estate, r.Building, r.Entrance, r.Room),
            user.Can(Capability.SeeCareTags) ? r.Tags : [], r.Already)).ToList();
    }

    internal Task<IQueryable<CareRecipient>> FilteredForExportAsync(CareFilter filter, CancellationToken ct) => FilteredAsync(filter, ct);

    internal Task<List<RecipientRow>> RowsForExportAsync(IQueryable<CareRecipient> query, CancellationToken ct) => RowsAsync(query, ct);

    private async Task<IQueryable<CareRecipient>> FilteredAsync(CareFilter filter, CancellationToken ct)
    {
        var query = await access.VisibleAsync(ct);
        if (filter.Status is { } status) query = query.Where(r => r.Status == status);
        if (filter.Risk is { } risk) query = query.Where(r => r.Risk == risk);
        if (filter.Reason is { } reason) { var bit = CareRecipient.Bit(reason); query = query.Where(r => (r.Reasons & bit) != 0); }
        if (filter.GridId is { } gridId) query = query.Where(r => db.Households.Any(h => h.Id == r.HouseholdId && h.GridId == gridId));
        return query;
    }

    private async Task<List<RecipientRow>> RowsAsync(IQueryable<CareRecipient> query, CancellationToken ct)
    {
        var today = access.Today;
        var rows = await (from r in query
                          join res in db.Residents on r.ResidentId equals res.Id
                          join h in db.Households on r.HouseholdId equals h.Id
                          join e in db.Estates on h.EstateId equals e.Id
                          join b in db.Buildings on h.BuildingId equals b.Id
                          join en in db.Entrances on h.EntranceId equals en.Id
                          join g in db.Grids on h.GridId equals g.Id
                          select new
                          {
                              r.Id, res.Name, res.Gender, res.BirthDate, Estate = e.Name, Building = b.Number, Entrance = en.Number, h.Room,
                              GridId = g.Id, GridName = g.Name, r.Reasons, r.Risk, r.Status, r.NextDueOn, r.LastVisitAt,
                          }).ToListAsync(ct);
        return rows.Select(r => new RecipientRow(r.Id, r.Name, r.Gender, Age(r.BirthDate, today), RegistryText.Address(r.Estate, r.Building, r.Entrance, r.Room),
            r.GridId, r.GridName, CareRecipient.ReasonsOf(r.Reasons), r.Risk, r.Status, r.NextDueOn,
            r.Status == CareStatus.Active ? Math.Max(0, today.DayNumber - r.NextDueOn.DayNumber) : 0, r.LastVisitAt)).ToList();
    }

    public static IReadOnlyList<VisitActions> Split(VisitActions actions) =>
        Enum.GetValues<VisitActions>().Where(a => a != VisitActions.None && actions.HasFlag(a)).ToList();

    // 张** on a public wall: the surname only, never the given name.
    public static string MaskPerson(string name) => name.Length == 0 ? "" : name[..1] + new string('*', Math.Max(1, name.Length - 1));

    private static int? Age(DateOnly? birth, DateOnly today)
    {
        if (birth is not { } b) return null;
        var age = today.Year - b.Year;
        return b.AddYears(age) > today ? age - 1 : age;
    }

    private static string Describe(CareFilter f) =>
        $"grid={f.GridId};reason={f.Reason};risk={f.Risk};status={f.Status};page={f.Page}";

    private static string Cell(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    private static readonly Dictionary<CareRisk, string> RiskNames = new() { [CareRisk.Low] = "低", [CareRisk.Medium] = "中", [CareRisk.High] = "高" };
    private static readonly Dictionary<CareStatus, string> StatusNames = new() { [CareStatus.Active] = "关爱中", [CareStatus.Paused] = "暂停", [CareStatus.Ended] = "已结束" };
}
