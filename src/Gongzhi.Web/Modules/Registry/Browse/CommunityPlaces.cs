using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry.Browse;

public sealed record Choice(long Id, string Label);

public sealed record PlaceChoice(PlaceKind Kind, long Id, string Label);

// Pick lists for the forms: communities one may look at, places one may post people to, grids one may move to.
public sealed class CommunityPlaces(GongzhiDb db, RegistryScope scope, CurrentUser user)
{
    public async Task<IReadOnlyList<Choice>> CommunitiesAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ViewRegistry);
        var s = await scope.GetAsync(ct);
        var ids = s.CommunityIds.ToList();
        return await db.Communities.AsNoTracking().Where(c => s.All || ids.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new Choice(c.Id, c.Name)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<PlaceChoice>> PostPlacesAsync(long communityId, CancellationToken ct = default)
    {
        user.Require(Capability.ManageDutyPosts);
        if (!await scope.CanManageCommunityAsync(communityId, ct)) throw new NotFound();
        var community = await db.Communities.AsNoTracking().Where(c => c.Id == communityId).Select(c => c.Name).FirstOrDefaultAsync(ct)
                        ?? throw new NotFound();
        var grids = await db.Grids.AsNoTracking().Where(g => g.CommunityId == communityId && g.RetiredOn == null).OrderBy(g => g.Id)
            .Select(g => new PlaceChoice(PlaceKind.Grid, g.Id, g.Name)).ToListAsync(ct);
        var estates = await db.Estates.AsNoTracking().Where(e => e.CommunityId == communityId).OrderBy(e => e.Id)
            .Select(e => new PlaceChoice(PlaceKind.Estate, e.Id, e.Name)).ToListAsync(ct);
        var buildings = await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id
                               where e.CommunityId == communityId && b.RetiredOn == null orderby e.Id, b.Number
                               select new { b.Id, Estate = e.Name, b.Number }).ToListAsync(ct);
        var entrances = await (from en in db.Entrances join b in db.Buildings on en.BuildingId equals b.Id join e in db.Estates on b.EstateId equals e.Id
                               where e.CommunityId == communityId orderby e.Id, b.Number, en.Number
                               select new { en.Id, Estate = e.Name, Building = b.Number, en.Number }).ToListAsync(ct);
        return [
            new PlaceChoice(PlaceKind.Community, communityId, community),
            .. grids, .. estates,
            .. buildings.Select(b => new PlaceChoice(PlaceKind.Building, b.Id, $"{b.Estate}{b.Number}栋")),
            .. entrances.Select(e => new PlaceChoice(PlaceKind.Entrance, e.Id, $"{e.Estate}{e.Building}栋{e.Number}单元")),
        ];
    }

    // Grids of a community the caller answers for, other than the household's own: where a household may be moved.
    public async Task<IReadOnlyList<Choice>> MoveTargetsAsync(long communityId, long currentGridId, CancellationToken ct = default)
    {
        var s = await scope.GetAsync(ct);
        var ids = s.GridIds.ToList();
        return await db.Grids.AsNoTracking()
            .Where(g => g.CommunityId == communityId && g.Id != currentGridId && g.RetiredOn == null && (s.All || ids.Contains(g.Id)))
            .OrderBy(g => g.Id).Select(g => new Choice(g.Id, g.Name)).ToListAsync(ct);
    }
}
