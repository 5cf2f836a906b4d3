using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Administration;

// A building handed from one grid to another (网格调整), kept so "whose grid was 3栋 last year" has an answer.
public sealed class BuildingMove
{
    public long Id { get; private set; }
    public long BuildingId { get; private set; }
    public long FromGridId { get; private set; }
    public long ToGridId { get; private set; }
    public DateTime MovedAt { get; private set; }
    public string MovedBy { get; private set; } = "";

    private BuildingMove() { } // for EF

    public BuildingMove(long buildingId, long fromGridId, long toGridId, DateTime movedAt, string movedBy) =>
        (BuildingId, FromGridId, ToGridId, MovedAt, MovedBy) = (buildingId, fromGridId, toGridId, movedAt, movedBy);
}

internal sealed class BuildingMoveConfiguration : IEntityTypeConfiguration<BuildingMove>
{
    public void Configure(EntityTypeBuilder<BuildingMove> b)
    {
        b.ToTable("BuildingMoves");
        b.Property(x => x.MovedBy).HasMaxLength(450);
        b.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.BuildingId);
    }
}

// Changing the place tree without losing its past: a building moves to another grid with all its
// households (the grid workers' scope is the households' grid, so the new grid's worker sees it at
// once and the old one no longer does); a building or grid that is gone is retired, not deleted —
// hidden from pickers, while the cases and ledgers that name it stay readable.
public sealed class PlaceHistory(GongzhiDb db, AdministrationScope scope, CurrentUser user, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task MoveBuildingAsync(long buildingId, long? gridId, CancellationToken ct = default)
    {
        var (building, estate) = await BuildingAsync(buildingId, ct);
        if (gridId is null) throw new ValidationFailure("GridId", "Validation.Required");
        var grid = await db.Grids.AsNoTracking().FirstOrDefaultAsync(g => g.Id == gridId, ct);
        if (grid is null || grid.CommunityId != estate.CommunityId) throw new ValidationFailure("GridId", "Registry.Error.GridOtherCommunity");
        if (building.RetiredOn is not null || grid.RetiredOn is not null) throw new ValidationFailure("GridId", "Administration.Error.Retired");
        if (grid.Id == building.GridId) throw new ValidationFailure("GridId", "Administration.Error.SameGrid");
        var from = building.GridId;
        building.MoveToGrid(grid.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(new BuildingMove(building.Id, from, grid.Id, clock.GetUtcNow().UtcDateTime, user.RequiredId));
        await db.SaveChangesAsync(ct);
        // Every household of the building goes with it, and each one's version moves on, so a form
        // opened on the old grid cannot write over the move.
        await db.Households.Where(h => h.BuildingId == building.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.GridId, grid.Id).SetProperty(h => h.Version, h => h.Version + 1), ct);
        await tx.CommitAsync(ct);
    }

    public async Task RetireBuildingAsync(long buildingId, CancellationToken ct = default)
    {
        var (building, _) = await BuildingAsync(buildingId, ct);
        if (building.RetiredOn is not null) throw new ValidationFailure("Building", "Administration.Error.Retired");
        // People still registered there would vanish from every list: they move out (or are moved) first.
        var living = await db.Residents.CountAsync(r => r.Status == ResidentStatus.Active && db.Households.Any(h => h.Id == r.HouseholdId && h.BuildingId == buildingId), ct);
        if (living > 0) throw new ValidationFailure("Building", "Administration.Retire.Error.Residents", living);
        building.Retire(Today);
        await db.SaveChangesAsync(ct);
    }

    public async Task RetireGridAsync(long gridId, CancellationToken ct = default)
    {
        var grid = await db.Grids.FirstOrDefaultAsync(g => g.Id == gridId, ct) ?? throw new NotFound();
        await scope.RequireCommunityAsync(grid.CommunityId, ct);
        if (grid.RetiredOn is not null) throw new ValidationFailure("GridId", "Administration.Error.Retired");
        var buildings = await db.Buildings.CountAsync(b => b.GridId == gridId && b.RetiredOn == null, ct);
        var households = await db.Households.CountAsync(h => h.GridId == gridId && db.Buildings.Any(b => b.Id == h.BuildingId && b.RetiredOn == null), ct);
        if (buildings + households > 0) throw new ValidationFailure("GridId", "Administration.Retire.Error.GridInUse", buildings, households);
        grid.Retire(Today);
        await db.SaveChangesAsync(ct);
    }

    private async Task<(Building Building, Estate Estate)> BuildingAsync(long buildingId, CancellationToken ct)
    {
        var building = await db.Buildings.FirstOrDefaultAsync(b => b.Id == buildingId, ct) ?? throw new NotFound();
        var estate = await db.Estates.AsNoTracking().FirstAsync(e => e.Id == building.EstateId, ct);
        await scope.RequireCommunityAsync(estate.CommunityId, ct);
        return (building, estate);
    }
}
