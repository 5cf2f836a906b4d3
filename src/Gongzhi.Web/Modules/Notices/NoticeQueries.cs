using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Notices;

public sealed record NoticeRow(long Id, string Title, NoticeKind Kind, NoticeStatus Status, bool Pinned, DateTime? PublishAt, DateTime? PublishedAt,
    DateTime? ValidUntil, NoticeAudience Audience, int Recipients, int Reached);

public sealed record AttachmentRow(long Id, string FileName, string ContentType, long Length);

public sealed record NoticeView(long Id, string Title, NoticeKind Kind, NoticeStatus Status, string BodyHtml, bool Pinned, DateTime? PublishAt,
    DateTime? PublishedAt, DateTime? ValidUntil, DateTime? WithdrawnAt, string? WithdrawReason, string AuthorName, NoticeAudience Audience,
    CareTagKind? CareReason, PlaceKind ScopeKind, string ScopeName, long? CommunityId, IReadOnlyList<AttachmentRow> Attachments, int Version,
    bool CanManage, bool CanReview, bool CanSubmit, int Recipients);

public sealed record ReachRow(long BuildingId, string Building, long EntranceId, string Entrance, int Households, int Reached);

public sealed record UnreachedRow(long HouseholdId, string Address);

public sealed record ReachView(int Households, int Reached, int ReadBy, IReadOnlyList<ReachRow> Places);

public sealed class NoticeQueries(GongzhiDb db, NoticeAccess access, TimeProvider clock)
{
    // Staff: the notices of the places they manage. Residents: published notices for them.
    public async Task<List<NoticeRow>> ListAsync(CancellationToken ct = default)
    {
        if (access.User.Can(Capability.ManageNotices))
        {
            var all = await db.Set<Notice>().AsNoTracking().OrderByDescending(n => n.Id).Take(300).ToListAsync(ct);
            var mine = new List<Notice>();
            foreach (var n in all) if (await access.CanManageAsync(n, ct)) mine.Add(n);
            var ids = mine.Select(n => n.Id).ToList();
            var reached = await ReachedCountsAsync(ids, ct);
            return mine.Select(n => Row(n, reached.GetValueOrDefault(n.Id))).ToList();
        }
        var own = await access.OwnHouseholdAsync(ct);
        if (own is not { } h) return [];
        var now = clock.GetUtcNow().UtcDateTime;
        var forMe = await db.Set<Notice>().AsNoTracking()
            .Where(n => n.Status == NoticeStatus.Published && (n.ValidUntil == null || n.ValidUntil > now)
                        && db.Set<NoticeRecipient>().Any(r => r.NoticeId == n.Id && r.HouseholdId == h))
            .OrderByDescending(n => n.Pinned).ThenByDescending(n => n.PublishedAt).Take(100).ToListAsync(ct);
        return forMe.Select(n => Row(n, 0)).ToList();
    }

    // What is new for a resident: notices for their household they have not opened, newest first.
    public async Task<List<NoticeRow>> UnreadForMeAsync(CancellationToken ct = default)
    {
        var own = await access.OwnHouseholdAsync(ct);
        if (own is not { } h) return [];
        var me = access.User.RequiredId;
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Set<Notice>().AsNoTracking()
            .Where(n => n.Status == NoticeStatus.Published && (n.ValidUntil == null || n.ValidUntil > now)
                        && db.Set<NoticeRecipient>().Any(r => r.NoticeId == n.Id && r.HouseholdId == h)
                        && !db.Set<NoticeRead>().Any(r => r.NoticeId == n.Id && r.UserId == me))
            .OrderByDescending(n => n.Pinned).ThenByDescending(n => n.PublishedAt).Take(5).ToListAsync(ct);
        return rows.Select(n => Row(n, 0)).ToList();
    }

    public async Task<NoticeView> GetAsync(long id, CancellationToken ct = default)
    {
        var (n, manage) = await access.VisibleAsync(id, ct);
        var place = await access.PlaceAsync(n.ScopeKind, n.ScopeId, ct);
        var files = await db.Set<NoticeAttachment>().AsNoTracking().Where(a => a.NoticeId == id).OrderBy(a => a.Id)
            .Select(a => new AttachmentRow(a.Id, a.FileName, a.ContentType, a.Length)).ToListAsync(ct);
        var me = access.User.Id;
        return new NoticeView(n.Id, n.Title, n.Kind, n.Status, NoticeMarkdown.ToHtml(n.Body), n.Pinned, n.PublishAt, n.PublishedAt, n.ValidUntil, n.WithdrawnAt,
            n.WithdrawReason, n.AuthorName, n.Audience, n.CareReason, n.ScopeKind, place?.Name ?? "", n.CommunityId, files, n.Version,
            manage, manage && n.Status == NoticeStatus.InReview && n.AuthorUserId != me, manage && n.Status == NoticeStatus.Draft, n.Recipients);
    }

    // Per building and entrance: households it was for, and how many have been reached (a member
    // read it, or someone told them in person).
    public async Task<ReachView> ReachAsync(long id, CancellationToken ct = default)
    {
        var (_, manage) = await access.VisibleAsync(id, ct);
        var recipients = db.Set<NoticeRecipient>().AsNoTracking().Where(r => r.NoticeId == id);
        if (!manage)
        {
            if (!access.User.Can(Capability.TellInPerson)) throw new NotFound();
            var households = await access.HouseholdsInMyScopeAsync(ct);
            recipients = recipients.Where(r => households.Any(h => h.Id == r.HouseholdId));
        }
        var totals = await recipients.GroupBy(r => new { r.BuildingId, r.EntranceId })
            .Select(g => new { g.Key.BuildingId, g.Key.EntranceId, Households = g.Count() }).ToListAsync(ct);
        var reachedBy = await recipients.Where(r => r.ToldAt != null || db.Set<NoticeRead>().Any(x => x.NoticeId == id && x.HouseholdId == r.HouseholdId))
            .GroupBy(r => r.EntranceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var grouped = totals.Select(t => new { t.BuildingId, t.EntranceId, t.Households, Reached = reachedBy.GetValueOrDefault(t.EntranceId) }).ToList();
        var entranceIds = grouped.Select(g => g.EntranceId).ToList();
        var labels = await (from en in db.Entrances join b in db.Buildings on en.BuildingId equals b.Id join e in db.Estates on b.EstateId equals e.Id
                            where entranceIds.Contains(en.Id)
                            select new { en.Id, Building = e.Name + b.Number + "栋", Entrance = en.Number + "单元", e.Name, b.Number, EnNumber = en.Number }).ToListAsync(ct);
        var byId = labels.ToDictionary(l => l.Id);
        var rows = grouped.Select(g => new ReachRow(g.BuildingId, byId[g.EntranceId].Building, g.EntranceId, byId[g.EntranceId].Entrance, g.Households, g.Reached))
            .OrderBy(r => byId[r.EntranceId].Name, StringComparer.Ordinal).ThenBy(r => byId[r.EntranceId].Number).ThenBy(r => byId[r.EntranceId].EnNumber).ToList();
        var readBy = await db.Set<NoticeRead>().CountAsync(r => r.NoticeId == id, ct);
        return new ReachView(rows.Sum(r => r.Households), rows.Sum(r => r.Reached), readBy, rows);
    }

    // For a building or entrance leader: the households in their scope the notice has not reached.
    public async Task<List<UnreachedRow>> UnreachedAsync(long id, CancellationToken ct = default)
    {
        await access.VisibleAsync(id, ct);
        access.User.Require(Capability.TellInPerson);
        var households = await access.HouseholdsInMyScopeAsync(ct);
        return await (from r in db.Set<NoticeRecipient>().AsNoTracking()
                      where r.NoticeId == id && r.ToldAt == null && households.Any(x => x.Id == r.HouseholdId)
                            && !db.Set<NoticeRead>().Any(x => x.NoticeId == id && x.HouseholdId == r.HouseholdId)
                      join h in db.Households on r.HouseholdId equals h.Id
                      join b in db.Buildings on h.BuildingId equals b.Id
                      join en in db.Entrances on h.EntranceId equals en.Id
                      join e in db.Estates on h.EstateId equals e.Id
                      orderby e.Name, b.Number, en.Number, h.Room
                      select new UnreachedRow(h.Id, e.Name + b.Number + "栋" + en.Number + "单元" + h.Room)).Take(500).ToListAsync(ct);
    }

    public async Task<AttachmentFile?> AttachmentAsync(long id, long attachmentId, CancellationToken ct = default)
    {
        await access.VisibleAsync(id, ct);
        return await db.Set<NoticeAttachment>().AsNoTracking().Where(a => a.Id == attachmentId && a.NoticeId == id)
            .Select(a => new AttachmentFile(a.StoredName, a.ContentType, a.FileName)).FirstOrDefaultAsync(ct);
    }

    public sealed record AttachmentFile(string StoredName, string ContentType, string FileName);

    public sealed record PlaceChoice(PlaceKind Kind, long Id, string Name);

    // The places the caller may address, for the form: communities, then their grids, estates and buildings.
    public async Task<List<PlaceChoice>> WritablePlacesAsync(CancellationToken ct = default)
    {
        access.User.Require(Capability.ManageNotices);
        var list = new List<PlaceChoice>();
        foreach (var c in await db.Communities.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct))
        {
            var place = new NoticePlace(PlaceKind.Community, c.Id, c.SubdistrictId, c.Id, null, c.Name);
            var whole = await access.CanWriteToAsync(place, ct);
            if (whole) list.Add(new PlaceChoice(PlaceKind.Community, c.Id, c.Name));
            var grids = await db.Grids.AsNoTracking().Where(g => g.CommunityId == c.Id).OrderBy(g => g.Id).ToListAsync(ct);
            foreach (var g in grids)
                if (whole || await access.CanWriteToAsync(new NoticePlace(PlaceKind.Grid, g.Id, c.SubdistrictId, null, g.Id, g.Name), ct))
                    list.Add(new PlaceChoice(PlaceKind.Grid, g.Id, c.Name + " · " + g.Name));
            if (!whole) continue;
            var buildings = await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id where e.CommunityId == c.Id
                                   orderby e.Name, b.Number select new { b.Id, e.Name, b.Number }).ToListAsync(ct);
            foreach (var e in await db.Estates.AsNoTracking().Where(e => e.CommunityId == c.Id).OrderBy(e => e.Name).ToListAsync(ct))
                list.Add(new PlaceChoice(PlaceKind.Estate, e.Id, c.Name + " · " + e.Name));
            foreach (var b in buildings) list.Add(new PlaceChoice(PlaceKind.Building, b.Id, c.Name + " · " + b.Name + b.Number + "栋"));
        }
        return list;
    }

    public async Task<List<NoticeKind>> ReviewKindsAsync(long communityId, CancellationToken ct = default) =>
        await db.Set<NoticeReviewRule>().Where(r => r.CommunityId == communityId).Select(r => r.Kind).ToListAsync(ct);

    private async Task<Dictionary<long, int>> ReachedCountsAsync(List<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        return await db.Set<NoticeRecipient>().Where(r => ids.Contains(r.NoticeId)
                && (r.ToldAt != null || db.Set<NoticeRead>().Any(x => x.NoticeId == r.NoticeId && x.HouseholdId == r.HouseholdId)))
            .GroupBy(r => r.NoticeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    private static NoticeRow Row(Notice n, int reached) =>
        new(n.Id, n.Title, n.Kind, n.Status, n.Pinned, n.PublishAt, n.PublishedAt, n.ValidUntil, n.Audience, n.Recipients, reached);
}
