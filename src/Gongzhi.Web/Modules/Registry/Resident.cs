namespace Gongzhi.Web.Modules.Registry;

public enum Gender { Male = 1, Female = 2 }

public enum ResidentStatus { Active = 0, MovedOut = 1, Deceased = 2 }

public static class Relations
{
    // 与户主关系 as community rosters write it.
    public static readonly string[] All = ["户主", "配偶", "子女", "父母", "孙子女", "祖父母", "兄弟姐妹", "儿媳", "女婿", "租户", "其他"];
    public static bool IsKnown(string value) => All.Contains(value);
}

public sealed class Resident
{
    private readonly List<NameGram> _grams = [];
    private readonly List<CareTag> _careTags = [];

    public long Id { get; private set; }
    public long HouseholdId { get; private set; }
    public string Name { get; private set; } = "";
    public Gender Gender { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    // The ID number is kept only as ciphertext, a keyed hash for uniqueness, and its mask.
    public string? IdNumberCipher { get; private set; }
    public string? IdNumberHash { get; private set; }
    public string? IdNumberMasked { get; private set; }
    public string? Phone { get; private set; }
    public string? PhoneTail { get; private set; }
    public string Relation { get; private set; } = "户主";
    public ResidentStatus Status { get; private set; }
    public DateOnly? StatusDate { get; private set; }
    public string? StatusNote { get; private set; }
    public int Version { get; private set; }
    public IReadOnlyList<NameGram> NameGrams => _grams;
    public IReadOnlyList<CareTag> CareTags => _careTags;

    private Resident() { }

    public Resident(long householdId, string name, Gender gender, string relation, IdNumber? idNumber, IdNumberProtector protector, string? phone)
    {
        HouseholdId = householdId;
        SetGender(gender);
        SetName(name);
        SetRelation(relation);
        SetIdNumber(idNumber, protector);
        SetPhone(phone);
    }

    public void Edit(string name, Gender gender, string relation, string? phone, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        SetName(name);
        SetGender(gender);
        SetRelation(relation);
        SetPhone(phone);
        Version++;
    }

    public void ChangeIdNumber(IdNumber? idNumber, IdNumberProtector protector, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        SetIdNumber(idNumber, protector);
        Version++;
    }

    // Moving out and death are recorded, never deleted: the history of a household stays readable.
    public void MarkMovedOut(DateOnly date, string? note, int expectedVersion) => ChangeStatus(ResidentStatus.MovedOut, date, note, expectedVersion);

    public void MarkDeceased(DateOnly date, string? note, int expectedVersion) => ChangeStatus(ResidentStatus.Deceased, date, note, expectedVersion);

    public void SetCareTags(IEnumerable<CareTagKind> kinds, DateOnly today)
    {
        var wanted = kinds.Distinct().ToHashSet();
        if (wanted.Any(k => !Enum.IsDefined(k))) throw new ValidationFailure("CareTags", "Validation.Invalid");
        _careTags.RemoveAll(t => !wanted.Contains(t.Kind));
        foreach (var kind in wanted.Where(k => _careTags.All(t => t.Kind != k)))
            _careTags.Add(new CareTag(kind, today));
    }

    public void CheckVersion(int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
    }

    public int? AgeOn(DateOnly day)
    {
        if (BirthDate is not { } b) return null;
        var age = day.Year - b.Year;
        return b.AddYears(age) > day ? age - 1 : age;
    }

    private void ChangeStatus(ResidentStatus status, DateOnly date, string? note, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        if (Status != ResidentStatus.Active) throw new DomainException("Registry.Error.NotActive");
        Status = status;
        StatusDate = date;
        StatusNote = Guard.OptionalText(note, 200, "StatusNote");
        Version++;
    }

    private void SetName(string name)
    {
        var value = Guard.Text(name, 30, "Name");
        if (value == Name) return;
        Name = value;
        _grams.Clear();
        foreach (var gram in NameGram.For(value)) _grams.Add(new NameGram(gram));
    }

    // JSON carries enums as numbers; a number that names no gender is refused, not stored.
    private void SetGender(Gender gender)
    {
        if (!Enum.IsDefined(gender)) throw new ValidationFailure("Gender", "Validation.Invalid");
        Gender = gender;
    }

    private void SetRelation(string relation)
    {
        var value = Guard.Text(relation, 10, "Relation");
        if (!Relations.IsKnown(value)) throw new ValidationFailure("Relation", "Validation.UnknownRelation");
        Relation = value;
    }

    private void SetPhone(string? phone)
    {
        var value = string.IsNullOrWhiteSpace(phone) ? null : PhoneNumber.Normalize(phone);
        Phone = value;
        PhoneTail = value is null ? null : value[^4..];
    }

    private void SetIdNumber(IdNumber? idNumber, IdNumberProtector protector)
    {
        if (idNumber is null)
        {
            IdNumberCipher = IdNumberHash = IdNumberMasked = null;
            return;
        }
        IdNumberCipher = protector.Encrypt(idNumber.Value);
        IdNumberHash = protector.Hash(idNumber.Value);
        IdNumberMasked = idNumber.Masked;
        BirthDate = idNumber.BirthDate;
        Gender = idNumber.Gender;
    }
}

// Bigrams of a resident's name: an index-backed way to find "建国" inside "王建国"
// on both SQLite and PostgreSQL (neither's full-text search splits two-character Chinese words).
public sealed class NameGram
{
    public long ResidentId { get; private set; }
    public string Gram { get; private set; } = "";

    private NameGram() { } // for EF

    public NameGram(string gram) => Gram = gram;

    public static IEnumerable<string> For(string name)
    {
        var text = name.Replace(" ", "", StringComparison.Ordinal).Replace("·", "", StringComparison.Ordinal);
        var seen = new HashSet<string>();
        for (var i = 0; i + 2 <= text.Length; i++)
        {
            var gram = text.Substring(i, 2);
            if (seen.Add(gram)) yield return gram;
        }
    }
}
