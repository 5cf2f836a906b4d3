namespace Gongzhi.Web.Modules.Registry;

// Where the area figure comes from, in the order the Supreme People's Court interpretation
// on building distinct ownership prefers them: register, else survey, else contract.
public enum AreaSource { Register = 1, Survey = 2, Contract = 3 }

public sealed class Ownership
{
    public long Id { get; private set; }
    public long HouseholdId { get; private set; }
    public long? ResidentId { get; private set; }
    public string OwnerName { get; private set; } = "";
    public decimal FloorArea { get; private set; }
    public AreaSource AreaSource { get; private set; }
    // The developer's unsold units: together they count as one owner in Art. 278 votes.
    public bool IsDeveloper { get; private set; }

    private Ownership() { } // for EF

    public Ownership(long householdId, long? residentId, string ownerName, decimal floorArea, AreaSource source, bool isDeveloper = false)
    {
        HouseholdId = householdId;
        ResidentId = residentId;
        OwnerName = Guard.Text(ownerName, 50, "OwnerName");
        if (floorArea <= 0 || floorArea > 10000) throw new ValidationFailure("FloorArea", "Validation.FloorArea");
        FloorArea = decimal.Round(floorArea, 2);
        AreaSource = source;
        IsDeveloper = isDeveloper;
    }
}
