namespace Gongzhi.Web.Modules.Registry;

// The two place trees: administrative (Subdistrict → Community → Grid) and physical
// (Estate → Building → Entrance → Household). A household hangs on both: its entrance and its grid.

public sealed class Subdistrict
{
    public long Id { get; private set; }
    public string Name { get; private set; } = "";

    private Subdistrict() { } // for EF

    public Subdistrict(string name) => Name = Guard.Text(name, 50, "Name");
}

public sealed class Community
{
    public long Id { get; private set; }
    public long SubdistrictId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Address { get; private set; }
    public string? Phone { get; private set; }

    private Community() { } // for EF

    public Community(long subdistrictId, string name, string? address = null, string? phone = null)
    {
        SubdistrictId = subdistrictId;
        Name = Guard.Text(name, 50, "Name");
        Address = address;
        Phone = phone;
    }
}

public sealed class Grid
{
    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    // A grid that no longer exists stays for the cases and ledgers that name it, out of every picker.
    public DateOnly? RetiredOn { get; private set; }

    private Grid() { } // for EF

    public Grid(long communityId, string name, string? description = null)
    {
        CommunityId = communityId;
        Name = Guard.Text(name, 50, "Name");
        Description = description;
    }

    public void Retire(DateOnly on) => RetiredOn ??= on;
}

public sealed class Estate
{
    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Address { get; private set; }

    private Estate() { } // for EF

    public Estate(long communityId, string name, string? address = null)
    {
        CommunityId = communityId;
        Name = Guard.Text(name, 50, "Name");
        Address = address;
    }
}

public sealed class Building
{
    public long Id { get; private set; }
    public long EstateId { get; private set; }
    public int Number { get; private set; }
    public int Floors { get; private set; }
    // The grid new households of this building join unless placed elsewhere.
    public long GridId { get; private set; }
    // Where the building stands (WGS 84), for matching a reported position to the nearest building.
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    // A demolished or merged building stays for the cases that name it, out of every picker.
    public DateOnly? RetiredOn { get; private set; }

    private Building() { } // for EF

    public Building(long estateId, int number, int floors, long gridId)
    {
        EstateId = estateId;
        Number = Guard.Range(number, 1, 999, "Building");
        Floors = Guard.Range(floors, 1, 120, "Floors");
        GridId = gridId;
    }

    public string Label => $"{Number}栋";

    // The grid's households move with it (Administration's PlaceHistory does both, and records the move).
    public void MoveToGrid(long gridId) => GridId = gridId;

    public void Retire(DateOnly on) => RetiredOn ??= on;

    public void Locate(double latitude, double longitude)
    {
        if (latitude is < -90 or > 90 || double.IsNaN(latitude)) throw new ValidationFailure("Latitude", "Validation.Range", -90, 90);
        if (longitude is < -180 or > 180 || double.IsNaN(longitude)) throw new ValidationFailure("Longitude", "Validation.Range", -180, 180);
        Latitude = latitude;
        Longitude = longitude;
    }
}

public sealed class Entrance
{
    public long Id { get; private set; }
    public long BuildingId { get; private set; }
    public int Number { get; private set; }

    private Entrance() { } // for EF

    public Entrance(long buildingId, int number)
    {
        BuildingId = buildingId;
        Number = Guard.Range(number, 1, 99, "Entrance");
    }
}
