namespace Gongzhi.Web.Modules.Registry;

public sealed class Household
{
    public long Id { get; private set; }
    public long EntranceId { get; private set; }
    // Copied from the entrance when created (a dwelling never changes building) so that
    // scope filters and searches need no joins.
    public long BuildingId { get; private set; }
    public long EstateId { get; private set; }
    public long GridId { get; private set; }
    public string Room { get; private set; } = "";
    public string? Note { get; private set; }
    public int Version { get; private set; }
    public DateTime CreatedAt { get; private set; }

    private Household() { } // for EF

    public Household(Entrance entrance, Building building, long gridId, string room, DateTime now)
    {
        if (entrance.BuildingId != building.Id) throw new DomainException("Registry.Error.EntranceNotInBuilding");
        EntranceId = entrance.Id;
        BuildingId = building.Id;
        EstateId = building.EstateId;
        GridId = gridId;
        Room = NormalizeRoom(room);
        CreatedAt = now;
    }

    public static string NormalizeRoom(string room)
    {
        var value = Guard.Text(room, 10, "Room");
        value = value.Replace("室", "", StringComparison.Ordinal).Replace("号", "", StringComparison.Ordinal).Trim();
        if (value.Length == 0) throw new ValidationFailure("Room", "Validation.Required");
        return value;
    }

    public void Edit(string room, string? note, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        Room = NormalizeRoom(room);
        Note = Guard.OptionalText(note, 200, "Note");
        Version++;
    }

    public void MoveToGrid(Grid grid, Estate estate, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        if (estate.Id != EstateId) throw new DomainException("Registry.Error.EntranceNotInBuilding");
        if (grid.Id == GridId) throw new ValidationFailure("GridId", "Registry.Error.SameGrid");
        // A grid is a patch of one community: a household cannot leave its community by a grid move.
        if (grid.CommunityId != estate.CommunityId) throw new ValidationFailure("GridId", "Registry.Error.GridOtherCommunity");
        GridId = grid.Id;
        Version++;
    }

    public void CheckVersion(int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
    }
}
