using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Registry.Board;

public sealed record BoardPerson(DutyPostKind Kind, string Place, string Name, string? Phone, bool Badge = false);

public sealed record BoardView(long GridId, string GridName, string? Description, string CommunityName, string? CommunityPhone,
    string? CommunityAddress, IReadOnlyList<BoardPerson> People, string? DoorAddress);

// The public contact board (公示): who answers for this grid and how to reach them. Public by
// design: it is what hangs in the stairwell. Only duty holders appear, never residents.
public sealed class GridBoard(GongzhiDb db, IdNumberProtector protector, TimeProvider clock, IEnumerable<IBoardBadges> badges)
{
    public async Task<BoardView?> RunAsync(long gridId, long? householdId, string? signature, CancellationToken ct = default)
    {
        var grid = await db.Grids.AsNoTracking().FirstOrDefaultAsync(g => g.Id == gridId, ct);
        if (grid is null) return null;
        var community = await db.Communities.AsNoTracking().FirstAsync(c => c.Id == grid.CommunityId, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

        var buildings = await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id
                               where b.GridId == gridId select new { b.Id, b.EstateId, Label = e.Name + b.Number + "栋" }).ToListAsync(ct);
        var buildingIds = buildings.Select(b => b.Id).ToList();
        var estateIds = buildings.Select(b => b.EstateId).Distinct().ToList();
        var estateNames = await db.Estates.Where(e => estateIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);

        var posts = await db.DutyPosts.AsNoTracking()
            .Where(DutyPost.ActiveOn(today))
            .Where(p => (p.PlaceKind == PlaceKind.Grid && p.PlaceId == gridId)
                        || (p.PlaceKind == PlaceKind.Building && buildingIds.Contains(p.PlaceId))
                        || (p.PlaceKind == PlaceKind.Estate && estateIds.Contains(p.PlaceId)))
            .OrderBy(p => p.Kind).ToListAsync(ct);
        var badged = new HashSet<long>();
        var badgedUsers = new HashSet<string>();
        foreach (var b in badges)
        {
            badged.UnionWith(await b.ResidentsAsync(posts.Where(p => p.ResidentId != null).Select(p => p.ResidentId!.Value).ToList(), ct));
            badgedUsers.UnionWith(await b.UsersAsync(posts.Where(p => p.UserId != null).Select(p => p.UserId!).ToList(), ct));
        }
        var people = posts.Select(p => new BoardPerson(p.Kind,
            p.PlaceKind switch
            {
                PlaceKind.Grid => grid.Name,
                PlaceKind.Estate => estateNames[p.PlaceId],
                _ => buildings.First(b => b.Id == p.PlaceId).Label,
            }, p.HolderName, p.HolderPhone,
            p.ResidentId is { } r && badged.Contains(r) || p.UserId is { } u && badgedUsers.Contains(u))).ToList();

        string? door = null;
        if (householdId is { } hid && signature == DoorSignature(protector, hid))
        {
            door = await (from h in db.Households
                          join e in db.Estates on h.EstateId equals e.Id
                          join b in db.Buildings on h.BuildingId equals b.Id
                          join en in db.Entrances on h.EntranceId equals en.Id
                          where h.Id == hid && h.GridId == gridId
                          select e.Name + b.Number + "栋" + en.Number + "单元" + h.Room).FirstOrDefaultAsync(ct);
        }
        return new BoardView(grid.Id, grid.Name, grid.Description, community.Name, community.Phone, community.Address, people, door);
    }

    // Door-plate links carry a short keyed signature so that household numbers cannot be walked to list addresses.
    public static string DoorSignature(IdNumberProtector protector, long householdId) => protector.Hash($"door:{householdId}")[..10].ToLowerInvariant();

    public static string DoorUrl(IdNumberProtector protector, long gridId, long householdId) =>
        $"/board/{gridId}?h={householdId}&s={DoorSignature(protector, householdId)}";
}
