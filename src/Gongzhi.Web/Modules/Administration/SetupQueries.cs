using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Administration;

public sealed record NamedRow(long Id, string Name);
public sealed record EstateRow(long Id, string Name, int Buildings, int Households);
public sealed record CommunityOverview(long Id, string Name, IReadOnlyList<NamedRow> Grids, IReadOnlyList<EstateRow> Estates);
public sealed record SubdistrictOverview(long Id, string Name, IReadOnlyList<CommunityOverview> Communities, IReadOnlyList<NamedRow> Departments);

public sealed record BuildingRow(long Id, int Number, int Floors, string GridName, int Entrances, int Households, bool Retired = false);
public sealed record EstateDetail(long Id, string Name, long CommunityId, string CommunityName, IReadOnlyList<NamedRow> Grids, IReadOnlyList<BuildingRow> Buildings);

// What the setup pages show: the tree the caller may set up, with counts.
public sealed class SetupQueries(GongzhiDb db, AdministrationScope scope)
{
    public Task<bool> AnySubdistrictAsync(CancellationToken ct = default) => db.Subdistricts.AnyAsync(ct);

    public async Task<IReadOnlyList<SubdistrictOverview>> OverviewAsync(CancellationToken ct = default)
    {
        var subIds = (await scope.SubdistrictsAsync(ct)).ToList();
        var communityIds = (await scope.CommunitiesAsync(ct)).ToList();
        var communities = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id) || subIds.Contains(c.SubdistrictId))
            .OrderBy(c => c.Id).ToListAsync(ct);
        var allSubIds = subIds.Concat(communities.Select(c => c.SubdistrictId)).Distinct().ToList();
        var subs = await db.Subdistricts.AsNoTracking().Where(s => allSubIds.Contains(s.Id)).OrderBy(s => s.Id).ToListAsync(ct);
        var cids = communities.Select(c => c.Id).ToList();
        var grids = await db.Grids.AsNoTracking().Where(g => cids.Contains(g.CommunityId) && g.RetiredOn == null).OrderBy(g => g.Id).ToListAsync(ct);
        var estates = await db.Estates.AsNoTracking().Where(e => cids.Contains(e.CommunityId)).OrderBy(e => e.Id).ToListAsync(ct);
        var eids = estates.Select(e => e.Id).ToList();
        var buildings = await db.Buildings.Where(b => eids.Contains(b.EstateId)).GroupBy(b => b.EstateId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var households = await db.Households.Where(h => eids.Contains(h.EstateId)).GroupBy(h => h.EstateId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var departments = await db.Departments.AsNoTracking().Where(d => subIds.Contains(d.SubdistrictId)).OrderBy(d => d.Id).ToListAsync(ct);
        return subs.Select(s => new SubdistrictOverview(s.Id, s.Name,
            communities.Where(c => c.SubdistrictId == s.Id).Select(c => new CommunityOverview(c.Id, c.Name,
                grids.Where(g => g.CommunityId == c.Id).Select(g => new NamedRow(g.Id, g.Name)).ToList(),
                estates.Where(e => e.CommunityId == c.Id).Select(e => new EstateRow(e.Id, e.Name, buildings.GetValueOrDefault(e.Id), households.GetValueOrDefault(e.Id))).ToList())).ToList(),
            departments.Where(d => d.SubdistrictId == s.Id).Select(d => new NamedRow(d.Id, d.Name)).ToList())).ToList();
    }

    public async Task<EstateDetail> EstateAsync(long estateId, CancellationToken ct = default)
    {
        var estate = await db.Estates.AsNoTracking().FirstOrDefaultAsync(e => e.Id == estateId, ct) ?? throw new NotFound();
        await scope.RequireCommunityAsync(estate.CommunityId, ct);
        var community = await db.Communities.Where(c => c.Id == estate.CommunityId).Select(c => c.Name).FirstAsync(ct);
        var allGrids = await db.Grids.AsNoTracking().Where(g => g.CommunityId == estate.CommunityId).OrderBy(g => g.Id)
            .Select(g => new { g.Id, g.Name, g.RetiredOn }).ToListAsync(ct);
        var grids = allGrids.Where(g => g.RetiredOn == null).Select(g => new NamedRow(g.Id, g.Name)).ToList();
        var buildings = await db.Buildings.AsNoTracking().Where(b => b.EstateId == estateId).OrderBy(b => b.Number)
            .Select(b => new
            {
                b.Id, b.Number, b.Floors, b.GridId, b.RetiredOn,
                Entrances = db.Entrances.Count(e => e.BuildingId == b.Id),
                Households = db.Households.Count(h => h.BuildingId == b.Id),
            }).ToListAsync(ct);
        var gridNames = allGrids.ToDictionary(g => g.Id, g => g.Name);
        return new EstateDetail(estate.Id, estate.Name, estate.CommunityId, community, grids,
            buildings.Select(b => new BuildingRow(b.Id, b.Number, b.Floors, gridNames.GetValueOrDefault(b.GridId, ""), b.Entrances, b.Households, b.RetiredOn != null)).ToList());
    }
}
