namespace Gongzhi.Web.Modules.Administration;

// How the rooms of a block are numbered on its door plates.
public enum RoomNumbering
{
    FloorAndIndex = 1, // 501, 502 … 1201 (floor, then two digits)
    FloorDashIndex = 2, // 5-1, 5-2 …
}

public sealed record PatternRoom(int Entrance, int Floor, string Room);

// A building described the way a community describes it: so many entrances, floors and homes per
// floor, numbered in the local style, with the floor numbers the community does not use (no 4th or
// 13th floor) left out. The preview and the saved building both come from Rooms(), so what was
// previewed is exactly what is written.
public sealed record BuildingPattern(int Number, int Entrances, int Floors, int PerFloor, RoomNumbering Numbering, IReadOnlyList<int> SkippedFloors)
{
    public const int MaxEntrances = 20;
    public const int MaxFloors = 120;
    public const int MaxPerFloor = 20;
    public const int MaxHouseholds = 5000;

    // Parses "4, 13，14" (Chinese or ASCII commas, spaces, 、) into floor numbers.
    public static IReadOnlyList<int> ParseFloors(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var floors = new List<int>();
        foreach (var part in text.Split([',', '，', '、', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var f) || f < 1 || f > 200)
                throw new ValidationFailure("SkippedFloors", "Administration.Error.SkippedFloors");
            floors.Add(f);
        }
        return floors.Distinct().Order().ToList();
    }

    public void Check()
    {
        var errors = new List<FieldError>();
        void Range(int value, int min, int max, string field)
        {
            if (value < min || value > max) errors.Add(new FieldError(field, "Validation.Range", min, max));
        }
        Range(Number, 1, 999, nameof(Number));
        Range(Entrances, 1, MaxEntrances, nameof(Entrances));
        Range(Floors, 1, MaxFloors, nameof(Floors));
        Range(PerFloor, 1, MaxPerFloor, nameof(PerFloor));
        if (!Enum.IsDefined(Numbering)) errors.Add(new FieldError(nameof(Numbering), "Validation.Invalid"));
        if (SkippedFloors.Contains(1)) errors.Add(new FieldError(nameof(SkippedFloors), "Administration.Error.SkipGroundFloor"));
        if (errors.Count == 0 && (long)Entrances * Floors * PerFloor > MaxHouseholds)
            errors.Add(new FieldError(nameof(Floors), "Administration.Error.TooManyHouseholds", MaxHouseholds));
        if (errors.Count > 0) throw new ValidationFailure(errors);
    }

    // The numbers on the lift buttons, bottom up: physical floors take the next number not skipped.
    public IReadOnlyList<int> FloorLabels()
    {
        var skipped = SkippedFloors.ToHashSet();
        var labels = new List<int>(Floors);
        for (var n = 1; labels.Count < Floors; n++)
            if (!skipped.Contains(n)) labels.Add(n);
        return labels;
    }

    public string RoomName(int floor, int index) => Numbering switch
    {
        RoomNumbering.FloorDashIndex => $"{floor}-{index}",
        _ => $"{floor}{index:00}",
    };

    public IReadOnlyList<PatternRoom> Rooms()
    {
        Check();
        var labels = FloorLabels();
        var rooms = new List<PatternRoom>(Entrances * Floors * PerFloor);
        for (var e = 1; e <= Entrances; e++)
            foreach (var floor in labels)
                for (var i = 1; i <= PerFloor; i++)
                    rooms.Add(new PatternRoom(e, floor, RoomName(floor, i)));
        return rooms;
    }
}
