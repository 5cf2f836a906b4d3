using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Projects;

// Who may do what, decided on the server per request. Staff with ManageProjects manage the
// organisations and calls of the communities they hold whole (a subdistrict-wide call: every
// community of the subdistrict); an organisation's leader acts for that organisation only; a
// reviewer sees the calls whose panel they sit on. Outside that a thing answers 404.
public sealed class ProjectsAccess(GongzhiDb db, CurrentUser user, RegistryScope scope)
{
    private HashSet<long>? _communities;
    private HashSet<long>? _subdistricts;

    public CurrentUser User => user;
    public bool IsStaff => user.Can(Capability.ManageProjects);

    public async Task<HashSet<long>> ManagedCommunitiesAsync(CancellationToken ct = default)
    {
        if (_communities is not null) return _communities;
        if (!user.IsAuthenticated || !IsStaff) return _communities = [];
        var s = await scope.GetAsync(ct);
        if (s.All) return _communities = (await db.Communities.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        return _communities = s.CommunityIds.ToHashSet();
    }

    // Subdistricts all of whose communities the caller holds: they may open and run subdistrict-wide calls.
    public async Task<HashSet<long>> ManagedSubdistrictsAsync(CancellationToken ct = default)
    {
        if (_subdistricts is not null) return _subdistricts;
        var mine = await ManagedCommunitiesAsync(ct);
        if (mine.Count == 0) return _subdistricts = [];
        var all = await db.Communities.Select(c => new { c.Id, c.SubdistrictId }).ToListAsync(ct);
        return _subdistricts = all.GroupBy(c => c.SubdistrictId).Where(g => g.All(c => mine.Contains(c.Id))).Select(g => g.Key).ToHashSet();
    }

    public async Task<bool> ManagesCallAsync(ProjectCall call, CancellationToken ct = default) =>
        call.CommunityId is { } c ? (await ManagedCommunitiesAsync(ct)).Contains(c) : (await ManagedSubdistrictsAsync(ct)).Contains(call.SubdistrictId);

    public async Task<bool> SitsOnPanelAsync(long callId, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return false;
        var me = user.RequiredId;
        return await db.Set<CallReviewer>().AnyAsync(r => r.CallId == callId && r.UserId == me, ct);
    }

    // The organisations the caller leads.
    public async Task<List<long>> LedOrganisationsAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return [];
        var me = user.RequiredId;
        return await db.Set<Organisation>().Where(o => o.LeaderUserId == me).Select(o => o.Id).ToListAsync(ct);
    }

    public async Task<ProjectCall> CallToManageAsync(long id, CancellationToken ct = default)
    {
        var call = await db.Set<ProjectCall>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFound();
        if (await ManagesCallAsync(call, ct)) return call;
        if (call.Status != CallStatus.Draft || await SitsOnPanelAsync(id, ct)) throw new Forbidden();
        throw new NotFound();
    }

    // A call the caller may read: public once open; a draft only for those who run it.
    public async Task<ProjectCall> CallAsync(long id, CancellationToken ct = default)
    {
        var call = await db.Set<ProjectCall>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFound();
        if (call.Status == CallStatus.Draft && !await ManagesCallAsync(call, ct)) throw new NotFound();
        return call;
    }

    public async Task<Organisation> OrganisationToManageAsync(long id, CancellationToken ct = default)
    {
        var org = await db.Set<Organisation>().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFound();
        if ((await ManagedCommunitiesAsync(ct)).Contains(org.CommunityId)) return org;
        throw new NotFound();
    }

    // The organisation's own page: its leader, or staff of its community.
    public async Task<Organisation> OrganisationToActForAsync(long id, CancellationToken ct = default)
    {
        var org = await db.Set<Organisation>().FirstOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFound();
        if (user.IsAuthenticated && org.LeaderUserId == user.Id) return org;
        if ((await ManagedCommunitiesAsync(ct)).Contains(org.CommunityId)) return org;
        throw new NotFound();
    }

    public enum Seat { None, Applicant, Owner, Reviewer }

    // How the caller stands to an application: its organisation's leader, the call's owner, or a
    // reviewer on the panel (never for one they declared a conflict on). Drafts are the applicant's alone.
    public async Task<(ProjectApplication Application, ProjectCall Call, Seat Seat)> ApplicationAsync(long id, bool tracked = false, CancellationToken ct = default)
    {
        var apps = tracked ? db.Set<ProjectApplication>() : db.Set<ProjectApplication>().AsNoTracking();
        var app = await apps.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFound();
        var call = await db.Set<ProjectCall>().AsNoTracking().FirstAsync(c => c.Id == app.CallId, ct);
        if (user.IsAuthenticated)
        {
            var me = user.RequiredId;
            if (await db.Set<Organisation>().AnyAsync(o => o.Id == app.OrganisationId && o.LeaderUserId == me, ct)) return (app, call, Seat.Applicant);
            if (app.Status != ApplicationStatus.Draft)
            {
                if (await ManagesCallAsync(call, ct)) return (app, call, Seat.Owner);
                if (await SitsOnPanelAsync(call.Id, ct)
                    && !await db.Set<Review>().AnyAsync(r => r.ApplicationId == id && r.ReviewerUserId == me && r.Conflict, ct))
                    return (app, call, Seat.Reviewer);
            }
        }
        throw new NotFound();
    }
}
