using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Administration;

// Where the caller may set things up: administrators everywhere; a subdistrict official in their
// subdistrict (its communities, departments); community staff in their community. Outside it, 404.
public sealed class AdministrationScope(GongzhiDb db, RegistryScope scope, CurrentUser user, TimeProvider clock)
{
    public bool IsAdministrator => user.IsInRole(Roles.Administrator);

    public async Task<IReadOnlySet<long>> SubdistrictsAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ManagePlaces);
        if (IsAdministrator) return (await db.Subdistricts.Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        if (!user.IsInRole(Roles.SubdistrictOfficial)) return new HashSet<long>();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var me = user.RequiredId;
        return (await db.DutyPosts.Where(p => p.UserId == me && p.Kind == DutyPostKind.SubdistrictOfficial).Where(DutyPost.ActiveOn(today))
            .Select(p => p.PlaceId).ToListAsync(ct)).ToHashSet();
    }

    public async Task<IReadOnlySet<long>> CommunitiesAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ManagePlaces);
        var s = await scope.GetAsync(ct);
        if (s.All) return (await db.Communities.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        return s.CommunityIds;
    }

    public async Task RequireSubdistrictAsync(long subdistrictId, CancellationToken ct = default)
    {
        if (!(await SubdistrictsAsync(ct)).Contains(subdistrictId)) throw new NotFound();
    }

    public async Task RequireCommunityAsync(long communityId, CancellationToken ct = default)
    {
        user.Require(Capability.ManagePlaces);
        if (!await scope.CanManageCommunityAsync(communityId, ct) || !await db.Communities.AnyAsync(c => c.Id == communityId, ct)) throw new NotFound();
    }
}
