using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Residents;

namespace Gongzhi.Web.Modules.Administration;

public sealed record NewBuildingInput(long EstateId, long? GridId, BuildingPattern Pattern);

public sealed record BuildingPreview(int Number, IReadOnlyList<int> FloorLabels, IReadOnlyList<PatternRoom> Rooms)
{
    public int Households => Rooms.Count;
}

// 按模板建楼: a building, its entrances and every household in one transaction, from the same
// pattern the preview showed. A clash on the building number (someone added it meanwhile) is a 409
// and nothing is written.
public sealed class AddBuilding(GongzhiDb db, AdministrationScope scope, TimeProvider clock)
{
    public async Task<BuildingPreview> PreviewAsync(NewBuildingInput input, CancellationToken ct = default)
    {
        var (_, _) = await CheckAsync(input, ct);
        return new BuildingPreview(input.Pattern.Number, input.Pattern.FloorLabels(), input.Pattern.Rooms());
    }

    public async Task<long> RunAsync(NewBuildingInput input, CancellationToken ct = default)
    {
        var (estate, gridId) = await CheckAsync(input, ct);
        var pattern = input.Pattern;
        var rooms = pattern.Rooms();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var building = new Building(estate.Id, pattern.Number, pattern.Floors, gridId);
            db.Buildings.Add(building);
            await db.SaveChangesAsync(ct);
            var entrances = Enumerable.Range(1, pattern.Entrances).Select(n => new Entrance(building.Id, n)).ToList();
            db.Entrances.AddRange(entrances);
            await db.SaveChangesAsync(ct);
            db.Households.AddRange(rooms.Select(r => new Household(entrances[r.Entrance - 1], building, gridId, r.Room, now)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return building.Id;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw new DuplicateFailure("Number", "Administration.Error.BuildingTaken", pattern.Number);
        }
    }

    private async Task<(Estate Estate, long GridId)> CheckAsync(NewBuildingInput input, CancellationToken ct)
    {
        var estate = await db.Estates.AsNoTracking().FirstOrDefaultAsync(e => e.Id == input.EstateId, ct) ?? throw new NotFound();
        await scope.RequireCommunityAsync(estate.CommunityId, ct);
        input.Pattern.Check();
        if (input.GridId is not { } gridId) throw new ValidationFailure("GridId", "Validation.Required");
        if (!await db.Grids.AnyAsync(g => g.Id == gridId && g.CommunityId == estate.CommunityId && g.RetiredOn == null, ct))
            throw new ValidationFailure("GridId", "Registry.Error.GridOtherCommunity");
        if (await db.Buildings.AnyAsync(b => b.EstateId == estate.Id && b.Number == input.Pattern.Number, ct))
            throw new DuplicateFailure("Number", "Administration.Error.BuildingTaken", input.Pattern.Number);
        return (estate, gridId);
    }
}
