using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Deliberation;

// Where the caller lives, for a resident: the places a topic can be scoped to.
public sealed record HomePlace(long ResidentId, long HouseholdId, long BuildingId, long EstateId, long CommunityId);

// Who may see and change which topics, decided on the server per request. Staff see the topics of
// the communities their posts touch and manage those of the communities they hold whole; a resident
// sees the topics whose scope takes in their home. Outside that a topic is 404.
public sealed class DeliberationAccess(GongzhiDb db, CurrentUser user, RegistryScope scope)
{
    private HashSet<long>? _communities;
    private HomePlace? _home;
    private bool _homeLoaded;

    public async Task<HashSet<long>> StaffCommunitiesAsync(CancellationToken ct = default)
    {
        if (_communities is not null) return _communities;
        if (!user.IsAuthenticated || !user.Roles.Any(r => r != Roles.Resident)) return _communities = [];
        var s = await scope.GetAsync(ct);
        if (s.All) return _communities = await db.Communities.Select(c => c.Id).ToHashSetAsync(ct);
        var set = s.CommunityIds.ToHashSet();
        var grids = s.GridIds.ToList();
        var estates = s.EstateIds.ToList();
        var buildings = s.BuildingIds.ToList();
        // Only the lookups the posts call for: a ballot entered on paper runs through here each time.
        if (grids.Count > 0) set.UnionWith(await db.Grids.Where(g => grids.Contains(g.Id)).Select(g => g.CommunityId).ToListAsync(ct));
        if (estates.Count > 0) set.UnionWith(await db.Estates.Where(e => estates.Contains(e.Id)).Select(e => e.CommunityId).ToListAsync(ct));
        if (buildings.Count > 0)
            set.UnionWith(await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id where buildings.Contains(b.Id) select e.CommunityId).ToListAsync(ct));
        return _communities = set;
    }

    public async Task<HomePlace?> HomeAsync(CancellationToken ct = default)
    {
        if (_homeLoaded) return _home;
        _homeLoaded = true;
        if (!user.IsAuthenticated) return null;
        var userId = user.RequiredId;
        _home = await (from u in db.Users
                       join r in db.Residents on u.ResidentId equals r.Id
                       join h in db.Households on r.HouseholdId equals h.Id
                       join e in db.Estates on h.EstateId equals e.Id
                       where u.Id == userId && r.Status == ResidentStatus.Active
                       select new HomePlace(r.Id, h.Id, h.BuildingId, h.EstateId, e.CommunityId)).FirstOrDefaultAsync(ct);
        return _home;
    }

    public async Task<IQueryable<Topic>> VisibleAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return db.Topics.Where(_ => false);
        var communities = (await StaffCommunitiesAsync(ct)).ToList();
        var home = await HomeAsync(ct);
        if (home is null) return db.Topics.Where(t => communities.Contains(t.CommunityId));
        return db.Topics.Where(t => communities.Contains(t.CommunityId)
            || (t.CommunityId == home.CommunityId && (t.EstateId == null || t.EstateId == home.EstateId) && (t.BuildingId == null || t.BuildingId == home.BuildingId)));
    }

    public async Task<Topic> TopicAsync(long id, CancellationToken ct = default) =>
        await (await VisibleAsync(ct)).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFound();

    public async Task<bool> CanManageAsync(long communityId, CancellationToken ct = default)
    {
        if (!user.Can(Capability.ManageDeliberation)) return false;
        var s = await scope.GetAsync(ct);
        return s.All || s.CommunityIds.Contains(communityId);
    }

    public async Task<bool> CanRecordAsync(long communityId, CancellationToken ct = default) =>
        user.Can(Capability.RecordBallots) && (await StaffCommunitiesAsync(ct)).Contains(communityId);

    // Loads a topic for a staff change: 404 outside sight, 403 when seen but not one's to manage.
    public async Task<Topic> TopicToManageAsync(long id, CancellationToken ct = default)
    {
        var topic = await TopicAsync(id, ct);
        if (!await CanManageAsync(topic.CommunityId, ct)) throw new Forbidden();
        return topic;
    }

    public async Task<bool> IsStaffForAsync(long communityId, CancellationToken ct = default) =>
        (await StaffCommunitiesAsync(ct)).Contains(communityId);

    public async Task<bool> IsAdultAsync(long residentId, CancellationToken ct = default)
    {
        var born = await db.Residents.Where(r => r.Id == residentId).Select(r => r.BirthDate).FirstOrDefaultAsync(ct);
        return born is not null && born.Value.AddYears(18) <= DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
    }

    // The households a topic's scope takes in.
    public static IQueryable<Household> HouseholdsIn(GongzhiDb db, TopicPlace place) =>
        place.BuildingId is { } b ? db.Households.Where(h => h.BuildingId == b)
        : place.EstateId is { } e ? db.Households.Where(h => h.EstateId == e)
        : db.Households.Where(h => db.Estates.Any(x => x.Id == h.EstateId && x.CommunityId == place.CommunityId));

    public static TopicPlace PlaceOf(Topic t) => new(t.CommunityId, t.EstateId, t.BuildingId);
}
