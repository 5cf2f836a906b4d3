using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Notices;

// A place a notice is addressed to, with the community and subdistrict it lies in.
public sealed record NoticePlace(PlaceKind Kind, long Id, long SubdistrictId, long? CommunityId, long? GridId, string Name);

// Who may write to which place, and who may see which notice. Derived on the server from the
// caller's duty posts (RegistryScope); a place or notice outside it is "not found".
public sealed class NoticeAccess(GongzhiDb db, CurrentUser user, RegistryScope scope)
{
    public CurrentUser User => user;

    public async Task<NoticePlace?> PlaceAsync(PlaceKind kind, long id, CancellationToken ct = default)
    {
        switch (kind)
        {
            case PlaceKind.Subdistrict:
                return await db.Subdistricts.Where(s => s.Id == id).Select(s => new NoticePlace(kind, s.Id, s.Id, null, null, s.Name)).FirstOrDefaultAsync(ct);
            case PlaceKind.Community:
                return await db.Communities.Where(c => c.Id == id).Select(c => new NoticePlace(kind, c.Id, c.SubdistrictId, c.Id, null, c.Name)).FirstOrDefaultAsync(ct);
            case PlaceKind.Grid:
                return await (from g in db.Grids join c in db.Communities on g.CommunityId equals c.Id where g.Id == id
                              select new NoticePlace(kind, g.Id, c.SubdistrictId, c.Id, g.Id, g.Name)).FirstOrDefaultAsync(ct);
            case PlaceKind.Estate:
                return await (from e in db.Estates join c in db.Communities on e.CommunityId equals c.Id where e.Id == id
                              select new NoticePlace(kind, e.Id, c.SubdistrictId, c.Id, null, e.Name)).FirstOrDefaultAsync(ct);
            case PlaceKind.Building:
                return await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id join c in db.Communities on e.CommunityId equals c.Id
                              where b.Id == id select new NoticePlace(kind, b.Id, c.SubdistrictId, c.Id, b.GridId, e.Name + b.Number + "栋")).FirstOrDefaultAsync(ct);
            case PlaceKind.Entrance:
                return await (from en in db.Entrances join b in db.Buildings on en.BuildingId equals b.Id join e in db.Estates on b.EstateId equals e.Id
                              join c in db.Communities on e.CommunityId equals c.Id
                              where en.Id == id select new NoticePlace(kind, en.Id, c.SubdistrictId, c.Id, b.GridId, e.Name + b.Number + "栋" + en.Number + "单元"))
                    .FirstOrDefaultAsync(ct);
            default:
                return null;
        }
    }

    // Staff may write to a place their posts cover: the community (or subdistrict) for any place in
    // it, a grid post for its grid and the buildings and entrances it holds.
    public async Task<bool> CanWriteToAsync(NoticePlace place, CancellationToken ct = default)
    {
        if (!user.Can(Capability.ManageNotices)) return false;
        var s = await scope.GetAsync(ct);
        if (s.All) return true;
        if (place.Kind == PlaceKind.Subdistrict)
        {
            var all = await db.Communities.Where(c => c.SubdistrictId == place.Id).Select(c => c.Id).ToListAsync(ct);
            return all.Count > 0 && all.All(s.CommunityIds.Contains);
        }
        if (place.CommunityId is { } community && s.CommunityIds.Contains(community)) return true;
        return place.GridId is { } grid && s.GridIds.Contains(grid);
    }

    public async Task<NoticePlace> WritablePlaceAsync(PlaceKind kind, long id, CancellationToken ct = default)
    {
        user.Require(Capability.ManageNotices);
        var place = await PlaceAsync(kind, id, ct);
        if (place is null || !await CanWriteToAsync(place, ct)) throw new ValidationFailure("ScopeId", "Notices.Error.ScopeUnknown");
        return place;
    }

    public async Task<bool> CanManageAsync(Notice n, CancellationToken ct = default)
    {
        var place = await PlaceAsync(n.ScopeKind, n.ScopeId, ct);
        return place is not null && await CanWriteToAsync(place, ct);
    }

    // The household the caller's account belongs to (a resident), if any.
    public async Task<long?> OwnHouseholdAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return null;
        var userId = user.RequiredId;
        return await (from u in db.Users join r in db.Residents on u.ResidentId equals r.Id
                      where u.Id == userId && r.Status == ResidentStatus.Active select (long?)r.HouseholdId).FirstOrDefaultAsync(ct);
    }

    // Published public notices are for anyone; a targeted one for its households and the staff of
    // its place; a notice not yet out only for the staff who may manage it.
    public async Task<(Notice Notice, bool Manage)> VisibleAsync(long id, CancellationToken ct = default)
    {
        var n = await db.Set<Notice>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        var manage = user.IsAuthenticated && await CanManageAsync(n, ct);
        if (manage) return (n, true);
        var out_ = n.Status is NoticeStatus.Published or NoticeStatus.Withdrawn;
        if (!out_) throw new NotFound();
        if (n.IsPublic) return (n, false);
        var own = await OwnHouseholdAsync(ct);
        if (own is { } h && await db.Set<NoticeRecipient>().AnyAsync(r => r.NoticeId == id && r.HouseholdId == h, ct)) return (n, false);
        // Leaders who carry it to the door see it too.
        if (user.Can(Capability.TellInPerson))
        {
            var households = await scope.HouseholdsAsync(ct);
            if (await db.Set<NoticeRecipient>().AnyAsync(r => r.NoticeId == id && households.Any(x => x.Id == r.HouseholdId), ct)) return (n, false);
        }
        throw new NotFound();
    }

    public Task<IQueryable<Household>> HouseholdsInMyScopeAsync(CancellationToken ct = default) => scope.HouseholdsAsync(ct);
}
