using Gongzhi.Web.Modules.Registry;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Administration.Claims;

// Who the claimant says they are in the home: the registry needs it to write them in.
public enum ClaimRelation { Owner = 1, Family = 2, Tenant = 3 }

public enum ClaimStatus { Pending = 0, Confirmed = 1, Refused = 2 }

// A self-registered resident's request to be written into a registry household (认领住户). The grid
// staff of that household confirm it (the account is then linked to a registry resident) or refuse it
// with a reason the resident reads. Decided claims are kept: they are the history of who linked whom.
public sealed class HouseholdClaim
{
    public const int ReasonLength = 200;

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public long HouseholdId { get; private set; }
    public string Name { get; private set; } = "";
    public Gender Gender { get; private set; }
    public ClaimRelation Relation { get; private set; }
    public ClaimStatus Status { get; private set; }
    public string? Reason { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public long? ResidentId { get; private set; }
    public int Version { get; private set; }

    private HouseholdClaim() { } // for EF

    public HouseholdClaim(string userId, long householdId, string name, Gender gender, ClaimRelation relation, DateTime now)
    {
        UserId = userId;
        HouseholdId = householdId;
        Name = Guard.Text(name, 30, "Name");
        if (!Enum.IsDefined(gender)) throw new ValidationFailure("Gender", "Validation.Required");
        if (!Enum.IsDefined(relation)) throw new ValidationFailure("Relation", "Validation.Required");
        Gender = gender;
        Relation = relation;
        CreatedAt = now;
    }

    // Only a waiting claim is decided, once: a second decision is a conflict, not an overwrite.
    private static readonly Dictionary<ClaimStatus, ClaimStatus[]> Moves = new()
    {
        [ClaimStatus.Pending] = [ClaimStatus.Confirmed, ClaimStatus.Refused],
        [ClaimStatus.Confirmed] = [],
        [ClaimStatus.Refused] = [],
    };

    public void Confirm(long residentId, string by, DateTime now, int expectedVersion)
    {
        Move(ClaimStatus.Confirmed, by, now, expectedVersion);
        ResidentId = residentId;
    }

    public void Refuse(string? reason, string by, DateTime now, int expectedVersion)
    {
        var text = Guard.Text(reason, ReasonLength, "Reason");
        Move(ClaimStatus.Refused, by, now, expectedVersion);
        Reason = text;
    }

    // What the registry writes for the claimant's relation to the head of the household.
    public string RegistryRelation(bool householdHasHead) => Relation switch
    {
        ClaimRelation.Owner when !householdHasHead => "户主",
        ClaimRelation.Tenant => "租户",
        _ => "其他",
    };

    private void Move(ClaimStatus to, string by, DateTime now, int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
        if (!Moves[Status].Contains(to)) throw new ConcurrencyConflict();
        Status = to;
        DecidedAt = now;
        DecidedBy = by;
        Version++;
    }
}

internal sealed class HouseholdClaimConfiguration : IEntityTypeConfiguration<HouseholdClaim>
{
    public void Configure(EntityTypeBuilder<HouseholdClaim> b)
    {
        b.ToTable("HouseholdClaims");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Reason).HasMaxLength(HouseholdClaim.ReasonLength);
        b.Property(x => x.DecidedBy).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        // One waiting claim per account: a double submit or two tabs make one claim, not two tasks.
        b.HasIndex(x => x.UserId).IsUnique().HasFilter("\"Status\" = 0").HasDatabaseName("IX_HouseholdClaims_UserId_Pending");
        b.HasIndex(x => new { x.HouseholdId, x.Status });
    }
}
