using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry.Browse;

public sealed record EntranceGroup(int Number, IReadOnlyList<HouseholdRow> Households);

public sealed record BuildingView(long Id, string Label, IReadOnlyList<EntranceGroup> Entrances);

// A building's households in the caller's scope, by entrance: the stairwell view of a grid worker.
public sealed class BuildingHouseholds(GongzhiDb db, RegistryScope scope, CurrentUser user)
{
    public async Task<BuildingView> RunAsync(long buildingId, CancellationToken ct = default)
    {
        user.Require(Capability.ViewRegistry);
        var rows = await HouseholdRows.Project((await scope.HouseholdsAsync(ct)).Where(h => h.BuildingId == buildingId), db).ToListAsync(ct);
        if (rows.Count == 0) throw new NotFound();
        var groups = rows.GroupBy(r => r.Entrance).OrderBy(g => g.Key)
            .Select(g => new EntranceGroup(g.Key, g.OrderBy(r => r.Room.Length).ThenBy(r => r.Room, StringComparer.Ordinal).ToList()))
            .ToList();
        return new BuildingView(buildingId, $"{rows[0].EstateName}{rows[0].Building}栋", groups);
    }
}
