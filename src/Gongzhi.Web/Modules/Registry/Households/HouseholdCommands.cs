using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Modules.Registry.Residents;

namespace Gongzhi.Web.Modules.Registry.Households;

public sealed record NewHouseholdInput(long EntranceId, string? Room, long? GridId);

public sealed record EditHouseholdInput(string? Room, string? Note, int Version);

public sealed record MoveHouseholdInput(long GridId, int Version);

public sealed class HouseholdCommands(GongzhiDb db, RegistryScope scope, RegistryAccess access, CurrentUser user, TimeProvider clock)
{
    public async Task<long> CreateAsync(NewHouseholdInput input, CancellationToken ct = default)
    {
        user.Require(Capability.EditRegistry);
        var entrance = await db.Entrances.FirstOrDefaultAsync(e => e.Id == input.EntranceId, ct) ?? throw new NotFound();
        var building = await db.Buildings.FirstAsync(b => b.Id == entrance.BuildingId, ct);
        var gridId = input.GridId ?? building.GridId;
        var grid = await db.Grids.FirstOrDefaultAsync(g => g.Id == gridId, ct) ?? throw new ValidationFailure("GridId", "Error.NotFound");
        var estate = await db.Estates.FirstAsync(e => e.Id == building.EstateId, ct);
        if (grid.CommunityId != estate.CommunityId) throw new ValidationFailure("GridId", "Registry.Error.GridOtherCommunity");
        if (!await scope.CanEditGridAsync(grid.Id, ct)) throw new NotFound();

        var household = new Household(entrance, building, grid.Id, input.Room ?? "", clock.GetUtcNow().UtcDateTime);
        if (await db.Households.AnyAsync(h => h.EntranceId == entrance.Id && h.Room == household.Room, ct))
            throw new DuplicateFailure("Room", "Registry.Error.DuplicateRoom");
        db.Households.Add(household);
        await SaveAsync(ct);
        return household.Id;
    }

    public async Task EditAsync(long id, EditHouseholdInput input, CancellationToken ct = default)
    {
        var household = await access.HouseholdForEditAsync(id, ct: ct);
        household.Edit(input.Room ?? "", input.Note, input.Version);
        if (await db.Households.AnyAsync(h => h.EntranceId == household.EntranceId && h.Room == household.Room && h.Id != id, ct))
            throw new DuplicateFailure("Room", "Registry.Error.DuplicateRoom");
        await SaveAsync(ct);
    }

    public async Task MoveAsync(long id, MoveHouseholdInput input, CancellationToken ct = default)
    {
        var household = await access.HouseholdForEditAsync(id, Capability.MoveHousehold, ct);
        var grid = await db.Grids.FirstOrDefaultAsync(g => g.Id == input.GridId, ct) ?? throw new ValidationFailure("GridId", "Error.NotFound");
        // The receiving grid must be one the caller answers for too.
        if (!await scope.CanEditGridAsync(grid.Id, ct)) throw new ValidationFailure("GridId", "Registry.Error.GridOutOfScope");
        var estate = await db.Estates.FirstAsync(e => e.Id == household.EstateId, ct);
        household.MoveToGrid(grid, estate, input.Version);
        await SaveAsync(ct);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveOrConflictAsync(ct: ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateFailure("Room", "Registry.Error.DuplicateRoom");
        }
    }
}
