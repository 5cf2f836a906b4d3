using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry.Board;

// Badge: a member of the household shows their party badge (亮身份); Liaison: the household is a 党员中心户.
public sealed record DoorPlate(long HouseholdId, string Address, string GridName, string? WorkerName, string? WorkerPhone, string Url, string QrSvg,
    bool Badge = false, bool Liaison = false);

public sealed record DoorPlateSheet(string BuildingLabel, IReadOnlyList<DoorPlate> Plates);

// Printable 网格服务牌 for one building: a QR code per household opening its grid's service page.
public sealed class DoorPlates(GongzhiDb db, RegistryScope scope, CurrentUser user, IdNumberProtector protector, TimeProvider clock, IEnumerable<IBoardBadges> badges)
{
    public async Task<DoorPlateSheet> RunAsync(long buildingId, string baseUrl, CancellationToken ct = default)
    {
        user.Require(Capability.ViewRegistry);
        var households = await (await scope.HouseholdsAsync(ct)).Where(h => h.BuildingId == buildingId)
            .Join(db.Entrances, h => h.EntranceId, e => e.Id, (h, e) => new { h.Id, h.GridId, h.Room, Entrance = e.Number })
            .OrderBy(x => x.Entrance).ThenBy(x => x.Room).ToListAsync(ct);
        if (households.Count == 0) throw new NotFound();
        var building = await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id where b.Id == buildingId
                              select new { e.Name, b.Number }).FirstAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var gridIds = households.Select(h => h.GridId).Distinct().ToList();
        var grids = await db.Grids.Where(g => gridIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var workers = (await db.DutyPosts.Where(p => p.Kind == DutyPostKind.GridWorker && p.PlaceKind == PlaceKind.Grid && gridIds.Contains(p.PlaceId)
                                                    ).Where(DutyPost.ActiveOn(today)).ToListAsync(ct))
            .GroupBy(p => p.PlaceId).ToDictionary(g => g.Key, g => g.First());

        var ids = households.Select(h => h.Id).ToList();
        var badged = new HashSet<long>();
        foreach (var b in badges) badged.UnionWith(await b.HouseholdsAsync(ids, ct));
        var liaisons = await db.DutyPosts.Where(p => p.Kind == DutyPostKind.PartyLiaisonHousehold && ids.Contains(p.PlaceId)).Where(DutyPost.ActiveOn(today))
            .Select(p => p.PlaceId).ToListAsync(ct);
        var plates = households.Select(h =>
        {
            var url = baseUrl.TrimEnd('/') + GridBoard.DoorUrl(protector, h.GridId, h.Id);
            var svg = Platform.Qr.QrSvg.For(url);
            workers.TryGetValue(h.GridId, out var worker);
            return new DoorPlate(h.Id, RegistryText.Address(building.Name, building.Number, h.Entrance, h.Room), grids[h.GridId],
                worker?.HolderName, worker?.HolderPhone, url, svg, badged.Contains(h.Id), badged.Contains(h.Id) && liaisons.Contains(h.Id));
        }).ToList();
        return new DoorPlateSheet($"{building.Name}{building.Number}栋", plates);
    }
}
