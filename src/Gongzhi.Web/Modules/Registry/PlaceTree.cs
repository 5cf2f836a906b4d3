using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry;

public sealed record TreeBuilding(long Id, int Number, long GridId, int Entrances, int Households);
public sealed record TreeEstate(long Id, string Name, IReadOnlyList<TreeBuilding> Buildings);
public sealed record TreeGrid(long Id, string Name, int Households);
public sealed record TreeCommunity(long Id, string Name, string SubdistrictName, IReadOnlyList<TreeGrid> Grids, IReadOnlyList<TreeEstate> Estates);

// The places a caller can browse: only what holds households in their scope.
public sealed class PlaceTree(GongzhiDb db, RegistryScope scope, CurrentUser user)
{
    public async Task<IReadOnlyList<TreeCommunity>> RunAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ViewRegistry);
        var households = await scope.HouseholdsAsync(ct);
        var counts = await households.GroupBy(h => new { h.GridId, h.BuildingId, h.EntranceId })
            .Select(g => new { g.Key.GridId, g.Key.BuildingId, g.Key.EntranceId, Count = g.Count() }).ToListAsync(ct);
        var gridIds = counts.Select(c => c.GridId).Distinct().ToList();
        var buildingIds = counts.Select(c => c.BuildingId).Distinct().ToList();
        var grids = await db.Grids.AsNoTracking().Where(g => gridIds.Contains(g.Id)).ToListAsync(ct);
        var buildings = await db.Buildings.AsNoTracking().Where(b => buildingIds.Contains(b.Id)).ToListAsync(ct);
        var estateIds = buildings.Select(b => b.EstateId).Distinct().ToList();
        var estates = await db.Estates.AsNoTracking().Where(e => estateIds.Contains(e.Id)).ToListAsync(ct);
        var communityIds = grids.Select(g => g.CommunityId).Concat(estates.Select(e => e.CommunityId)).Distinct().ToList();
        var communities = await (from c in db.Communities join s in db.Subdistricts on c.SubdistrictId equals s.Id
                                 where communityIds.Contains(c.Id) select new { c.Id, c.Name, Sub = s.Name }).ToListAsync(ct);

        return communities.OrderBy(c => c.Id).Select(c => new TreeCommunity(c.Id, c.Name, c.Sub,
            grids.Where(g => g.CommunityId == c.Id).OrderBy(g => g.Id)
                .Select(g => new TreeGrid(g.Id, g.Name, counts.Where(x => x.GridId == g.Id).Sum(x => x.Count))).ToList(),
            estates.Where(e => e.CommunityId == c.Id).OrderBy(e => e.Id)
                .Select(e => new TreeEstate(e.Id, e.Name, buildings.Where(b => b.EstateId == e.Id).OrderBy(b => b.Number)
                    .Select(b => new TreeBuilding(b.Id, b.Number, b.GridId,
                        counts.Where(x => x.BuildingId == b.Id).Select(x => x.EntranceId).Distinct().Count(),
                        counts.Where(x => x.BuildingId == b.Id).Sum(x => x.Count))).ToList())).ToList())).ToList();
    }
}
