using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Party;

// Whose membership the caller may see in one community, and how. Full: staff holding the right
// for the whole community, or a secretary for their organisation, the ones under it and the grids
// those mirror. Masked (张*明, nothing else): grid staff for their grids, so they know whom to ask
// for help without learning who is who. Anything else: not there (404).
public sealed record MemberScope(long CommunityId, bool WholeCommunity, IReadOnlySet<long> OrganisationIds, IReadOnlySet<long> GridIds, IReadOnlySet<long> MaskedGridIds)
{
    public bool SeesAny => WholeCommunity || OrganisationIds.Count + GridIds.Count + MaskedGridIds.Count > 0;

    public bool Full(long? organisationId, long? gridId) =>
        WholeCommunity || organisationId is { } o && OrganisationIds.Contains(o) || gridId is { } g && GridIds.Contains(g);

    public bool Masked(long? gridId) => gridId is { } g && MaskedGridIds.Contains(g);
}

public sealed class PartyAccess(GongzhiDb db, CurrentUser user, RegistryScope scope, TimeProvider clock)
{
    public const string AuditViewMembers = "ViewPartyMembers";

    public CurrentUser User => user;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<bool> CanManageAsync(long communityId, CancellationToken ct = default) =>
        user.Can(Capability.ManageParty) && await scope.CanManageCommunityAsync(communityId, ct);

    // Creating needs no object to hide: whoever can never manage party work is told so (403) before their input
    // is read, rather than asked to fix a form they may not send at all.
    public void RequireManagerRole()
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        if (!user.Can(Capability.ManageParty)) throw new Forbidden();
    }

    // Outside the caller's communities a thing does not exist (404); inside them but beyond the role, 403.
    public async Task RequireManageAsync(long communityId, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        if (!await scope.CanManageCommunityAsync(communityId, ct)) throw new NotFound();
        if (!user.Can(Capability.ManageParty)) throw new Forbidden();
    }

    public async Task<List<long>> ManagedCommunitiesAsync(CancellationToken ct = default)
    {
        if (!user.Can(Capability.ManageParty)) return [];
        var s = await scope.GetAsync(ct);
        return s.All ? await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct) : s.CommunityIds.Order().ToList();
    }

    // The communities where the caller sees any membership: for the pages' community picker.
    public async Task<List<long>> MemberCommunitiesAsync(CancellationToken ct = default)
    {
        var result = new List<long>();
        foreach (var id in await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct))
            if ((await MemberScopeAsync(id, ct)).SeesAny) result.Add(id);
        return result;
    }

    public async Task<MemberScope> MemberScopeAsync(long communityId, CancellationToken ct = default)
    {
        HashSet<long> none = [];
        if (!user.IsAuthenticated) return new MemberScope(communityId, false, none, none, none);
        var s = await scope.GetAsync(ct);
        if (user.Can(Capability.ViewPartyMembers) && (s.All || s.CommunityIds.Contains(communityId)))
            return new MemberScope(communityId, true, none, none, none);

        // A secretary (or deputy) of an organisation of this community sees it and what hangs below it.
        var me = user.RequiredId;
        var today = Today;
        var held = await (from p in db.Set<PartyPost>().Where(PartyPost.ActiveOn(today))
                          join o in db.Set<PartyOrganisation>() on p.OrganisationId equals o.Id
                          where p.UserId == me && p.Kind != PartyPostKind.CommitteeMember && o.CommunityId == communityId
                          select o.Id).ToListAsync(ct);
        var orgIds = new HashSet<long>();
        var grids = new HashSet<long>();
        if (held.Count > 0)
        {
            var orgs = await db.Set<PartyOrganisation>().AsNoTracking().Where(o => o.CommunityId == communityId)
                .Select(o => new { o.Id, o.ParentId, o.Kind, o.PlaceKind, o.PlaceId }).ToListAsync(ct);
            var frontier = new Queue<long>(held);
            while (frontier.TryDequeue(out var id))
            {
                if (!orgIds.Add(id)) continue;
                foreach (var child in orgs.Where(o => o.ParentId == id)) frontier.Enqueue(child.Id);
            }
            var mirrored = orgs.Where(o => orgIds.Contains(o.Id)).ToList();
            if (mirrored.Any(o => o.PlaceKind == PlaceKind.Community))
                return new MemberScope(communityId, true, none, none, none);
            grids.UnionWith(mirrored.Where(o => o.PlaceKind == PlaceKind.Grid).Select(o => o.PlaceId!.Value));
        }
        var masked = new HashSet<long>();
        if (user.Can(Capability.ViewRegistry))
        {
            var communityGrids = await db.Grids.Where(g => g.CommunityId == communityId).Select(g => g.Id).ToListAsync(ct);
            masked.UnionWith(communityGrids.Where(g => s.GridIds.Contains(g) && !grids.Contains(g)));
        }
        return new MemberScope(communityId, false, orgIds, grids, masked);
    }

    public async Task<MemberScope> RequireMemberScopeAsync(long communityId, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var ms = await MemberScopeAsync(communityId, ct);
        if (!ms.SeesAny) throw new NotFound();
        return ms;
    }

    public async Task<long> CommunityOfUnitAsync(long unitId, CancellationToken ct = default) =>
        await db.Set<PartnerUnit>().Where(u => u.Id == unitId).Select(u => (long?)u.CommunityId).FirstOrDefaultAsync(ct) ?? throw new NotFound();
}
