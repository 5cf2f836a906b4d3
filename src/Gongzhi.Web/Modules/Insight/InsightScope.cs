using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Insight;

public enum InsightLevel { Subdistrict = 1, Community = 2, Grid = 3 }

public sealed record InsightPlace(InsightLevel Level, long Id, string Name, long SubdistrictId, long CommunityId, string? ParentName);

// Where the caller may look, from the registry's scope: a subdistrict only when every one of its communities is held
// (a subdistrict post), a community when held whole, a grid when held. Anything else answers 404, as elsewhere.
public sealed class InsightScope(GongzhiDb db, RegistryScope registry, CurrentUser user)
{
    public async Task<InsightPlace> LandingAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ViewInsight);
        var s = await registry.GetAsync(ct);
        var subdistricts = await db.Subdistricts.AsNoTracking().OrderBy(x => x.Id).Select(x => x.Id).ToListAsync(ct);
        foreach (var id in subdistricts)
            if (await HoldsSubdistrictAsync(id, s, ct)) return await PlaceAsync(InsightLevel.Subdistrict, id, ct);
        if (s.CommunityIds.Count > 0) return await PlaceAsync(InsightLevel.Community, s.CommunityIds.Min(), ct);
        if (s.GridIds.Count > 0) return await PlaceAsync(InsightLevel.Grid, s.GridIds.Min(), ct);
        throw new NotFound();
    }

    // The place, or 404 when it is outside the caller's scope (or does not exist).
    public async Task<InsightPlace> PlaceAsync(InsightLevel level, long id, CancellationToken ct = default)
    {
        user.Require(Capability.ViewInsight);
        var s = await registry.GetAsync(ct);
        switch (level)
        {
            case InsightLevel.Subdistrict:
                if (!await HoldsSubdistrictAsync(id, s, ct)) throw new NotFound();
                var sd = await db.Subdistricts.AsNoTracking().FirstAsync(x => x.Id == id, ct);
                return new InsightPlace(level, id, sd.Name, id, 0, null);
            case InsightLevel.Community:
                if (!s.All && !s.CommunityIds.Contains(id)) throw new NotFound();
                var c = await db.Communities.AsNoTracking().Where(x => x.Id == id)
                    .Join(db.Subdistricts, x => x.SubdistrictId, x => x.Id, (x, p) => new { x.Name, x.SubdistrictId, Parent = p.Name }).FirstOrDefaultAsync(ct)
                    ?? throw new NotFound();
                return new InsightPlace(level, id, c.Name, c.SubdistrictId, id, c.Parent);
            case InsightLevel.Grid:
                if (!s.All && !s.GridIds.Contains(id)) throw new NotFound();
                var g = await db.Grids.AsNoTracking().Where(x => x.Id == id)
                    .Join(db.Communities, x => x.CommunityId, x => x.Id, (x, p) => new { x.Name, x.CommunityId, p.SubdistrictId, Parent = p.Name }).FirstOrDefaultAsync(ct)
                    ?? throw new NotFound();
                return new InsightPlace(level, id, g.Name, g.SubdistrictId, g.CommunityId, g.Parent);
            default:
                throw new NotFound();
        }
    }

    // Whether the caller may also open the level above (the link back up).
    public async Task<bool> CanSeeAsync(InsightLevel level, long id, CancellationToken ct = default)
    {
        try
        {
            await PlaceAsync(level, id, ct);
            return true;
        }
        catch (NotFound)
        {
            return false;
        }
    }

    private async Task<bool> HoldsSubdistrictAsync(long id, RegistryScope.Resolved s, CancellationToken ct)
    {
        if (s.All) return await db.Subdistricts.AnyAsync(x => x.Id == id, ct);
        var communities = await db.Communities.Where(c => c.SubdistrictId == id).Select(c => c.Id).ToListAsync(ct);
        return communities.Count > 0 && communities.All(s.CommunityIds.Contains);
    }

    public static InsightLevel ParseLevel(string? text) => text switch
    {
        "subdistrict" => InsightLevel.Subdistrict,
        "community" => InsightLevel.Community,
        "grid" => InsightLevel.Grid,
        _ => throw new NotFound(),
    };

    public static string Slug(InsightLevel level) => level.ToString().ToLowerInvariant();
}
