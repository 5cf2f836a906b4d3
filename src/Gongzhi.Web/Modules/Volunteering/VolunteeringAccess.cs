using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Volunteering;

// Who may do what here. Role (capability) and place (community scope) are both checked on the
// server; a team leader manages the activities of their own team whatever their role.
public sealed class VolunteeringAccess(GongzhiDb db, CurrentUser user, RegistryScope scope)
{
    public CurrentUser User => user;

    public async Task<Volunteer?> MeOrNullAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return null;
        var id = user.RequiredId;
        return await db.Volunteers.FirstOrDefaultAsync(v => v.UserId == id, ct);
    }

    public async Task<Volunteer> MeAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        return await MeOrNullAsync(ct) ?? throw new ValidationFailure("Volunteer", "Volunteering.Error.NotVolunteer");
    }

    public async Task<bool> CanManageCommunityAsync(long communityId, CancellationToken ct = default) =>
        user.Can(Capability.ManageVolunteering) && await scope.CanManageCommunityAsync(communityId, ct);

    public async Task RequireManageAsync(long communityId, CancellationToken ct = default)
    {
        user.Require(Capability.ManageVolunteering);
        if (!await scope.CanManageCommunityAsync(communityId, ct)) throw new NotFound();
    }

    public async Task RequireApproveAsync(long communityId, CancellationToken ct = default)
    {
        user.Require(Capability.ApprovePoints);
        if (!await scope.CanManageCommunityAsync(communityId, ct)) throw new NotFound();
    }

    public async Task<bool> LeadsTeamAsync(long? teamId, CancellationToken ct = default)
    {
        if (teamId is null || !user.IsAuthenticated) return false;
        var me = user.RequiredId;
        return await (from m in db.TeamMembers join v in db.Volunteers on m.VolunteerId equals v.Id
                      where m.TeamId == teamId && m.IsLeader && v.UserId == me select m).AnyAsync(ct);
    }

    // Organisers' rights follow their posts today: whoever created an activity loses it with the post or the team.
    public async Task<bool> CanOrganiseAsync(VolunteerActivity activity, CancellationToken ct = default) =>
        user.IsAuthenticated && (await CanManageCommunityAsync(activity.CommunityId, ct) || await LeadsTeamAsync(activity.TeamId, ct));

    public async Task<VolunteerActivity> OrganiseAsync(long activityId, CancellationToken ct = default)
    {
        var activity = await db.VolunteerActivities.FirstOrDefaultAsync(a => a.Id == activityId, ct) ?? throw new NotFound();
        if (!await CanOrganiseAsync(activity, ct)) throw new NotFound();
        return activity;
    }

    // The communities whose volunteer teams the caller sees: all for the administrator (null), otherwise those
    // their posts cover (whole communities, grids, estates, buildings) and the one they live in.
    public async Task<IReadOnlySet<long>?> VisibleCommunitiesAsync(CancellationToken ct = default)
    {
        var s = await scope.GetAsync(ct);
        if (s.All) return null;
        var ids = new HashSet<long>(s.CommunityIds);
        var grids = s.GridIds.ToList();
        var estates = s.EstateIds.ToList();
        var buildings = s.BuildingIds.ToList();
        ids.UnionWith(await db.Grids.Where(g => grids.Contains(g.Id)).Select(g => g.CommunityId).ToListAsync(ct));
        ids.UnionWith(await db.Estates.Where(e => estates.Contains(e.Id)).Select(e => e.CommunityId).ToListAsync(ct));
        ids.UnionWith(await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id where buildings.Contains(b.Id) select e.CommunityId).ToListAsync(ct));
        if (await HomeCommunityAsync(ct) is { } home) ids.Add(home);
        return ids;
    }

    // The community a resident lives in (their household's), for registering and nominating.
    public async Task<long?> HomeCommunityAsync(CancellationToken ct = default)
    {
        var s = await scope.GetAsync(ct);
        if (s.HouseholdIds.Count > 0)
        {
            var householdId = s.HouseholdIds.First();
            return await (from h in db.Households join e in db.Estates on h.EstateId equals e.Id where h.Id == householdId select (long?)e.CommunityId).FirstOrDefaultAsync(ct);
        }
        if (s.CommunityIds.Count > 0) return s.CommunityIds.Min();
        if (s.All) return await db.Communities.OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        return null;
    }
}
