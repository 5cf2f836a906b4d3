using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Activities;

public sealed record Self(long ResidentId, long HouseholdId, long CommunityId, string Name);

// Who may do what where. Staff with ManageActivities manage the communities their posts cover (a grid
// post counts for its community: events are community-wide); a resident acts for their own household
// in their own community. Outside the scope a thing answers 404, beyond the role 403.
public sealed class ActivitiesAccess(GongzhiDb db, CurrentUser user, RegistryScope scope)
{
    private HashSet<long>? _managed;
    private Self? _self;
    private bool _selfRead;

    public string UserId => user.RequiredId;
    public string UserName => user.Name;
    public bool CanManage => user.Can(Capability.ManageActivities);

    public async Task<HashSet<long>> ManagedCommunitiesAsync(CancellationToken ct = default)
    {
        if (_managed is not null) return _managed;
        if (!user.IsAuthenticated || !CanManage) return _managed = [];
        var s = await scope.GetAsync(ct);
        if (s.All) return _managed = (await db.Communities.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var ids = s.CommunityIds.ToHashSet();
        if (s.GridIds.Count > 0)
        {
            var grids = s.GridIds.ToList();
            ids.UnionWith(await db.Grids.Where(g => grids.Contains(g.Id)).Select(g => g.CommunityId).ToListAsync(ct));
        }
        return _managed = ids;
    }

    public async Task RequireManageAsync(long communityId, CancellationToken ct = default)
    {
        user.Require(Capability.ManageActivities);
        if (!(await ManagedCommunitiesAsync(ct)).Contains(communityId)) throw new NotFound();
    }

    public async Task<bool> ManagesAsync(long communityId, CancellationToken ct = default) => (await ManagedCommunitiesAsync(ct)).Contains(communityId);

    // The caller as a registered resident, if their account is linked to one.
    public async Task<Self?> SelfAsync(CancellationToken ct = default)
    {
        if (_selfRead) return _self;
        _selfRead = true;
        if (!user.IsAuthenticated) return null;
        var userId = user.RequiredId;
        return _self = await (from u in db.Users
                              join r in db.Residents on u.ResidentId equals r.Id
                              join h in db.Households on r.HouseholdId equals h.Id
                              join g in db.Grids on h.GridId equals g.Id
                              where u.Id == userId && r.Status == ResidentStatus.Active
                              select new Self(r.Id, h.Id, g.CommunityId, r.Name)).FirstOrDefaultAsync(ct);
    }

    public async Task<HashSet<long>> VisibleCommunitiesAsync(CancellationToken ct = default)
    {
        var ids = (await ManagedCommunitiesAsync(ct)).ToHashSet();
        if (await SelfAsync(ct) is { } self) ids.Add(self.CommunityId);
        return ids;
    }

    public async Task RequireVisibleAsync(long communityId, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        if (!(await VisibleCommunitiesAsync(ct)).Contains(communityId)) throw new NotFound();
    }
}
