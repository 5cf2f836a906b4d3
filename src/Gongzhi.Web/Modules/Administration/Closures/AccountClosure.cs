using Gongzhi.Web.Modules.Registry;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Administration.Closures;

public enum ClosureStatus { Pending = 0, Closed = 1 }

// A resident's request to close their account (注销账号, PIPL Art. 47). Staff whose scope covers the
// resident's home handle it: the account and everything personal about the person is anonymised (see
// ClosureCommands). The request row is kept, without anything personal, as the record that it was done.
public sealed class AccountClosure
{
    public const int ReasonLength = 200;

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    // The home the account was linked to when it asked, for the data scope; none: administrators handle it.
    public long? HouseholdId { get; private set; }
    public string? Reason { get; private set; }
    public ClosureStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? HandledAt { get; private set; }
    public string? HandledBy { get; private set; }
    public int Version { get; private set; }

    private AccountClosure() { } // for EF

    public AccountClosure(string userId, long? householdId, string? reason, DateTime now)
    {
        UserId = userId;
        HouseholdId = householdId;
        Reason = Guard.OptionalText(reason, ReasonLength, "Reason");
        CreatedAt = now;
    }

    // Closing is done once: a second handler finds it closed (409), never closes twice.
    private static readonly Dictionary<ClosureStatus, ClosureStatus[]> Moves = new()
    {
        [ClosureStatus.Pending] = [ClosureStatus.Closed],
        [ClosureStatus.Closed] = [],
    };

    public void Close(string by, DateTime now, int expectedVersion)
    {
        if (expectedVersion != Version || !Moves[Status].Contains(ClosureStatus.Closed)) throw new ConcurrencyConflict();
        Status = ClosureStatus.Closed;
        HandledAt = now;
        HandledBy = by;
        // What the resident wrote may name people: it goes with the rest.
        Reason = null;
        Version++;
    }
}

internal sealed class AccountClosureConfiguration : IEntityTypeConfiguration<AccountClosure>
{
    public void Configure(EntityTypeBuilder<AccountClosure> b)
    {
        b.ToTable("AccountClosures");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Reason).HasMaxLength(AccountClosure.ReasonLength);
        b.Property(x => x.HandledBy).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        // One waiting request per account: a double submit makes one task, not two.
        b.HasIndex(x => x.UserId).IsUnique().HasFilter("\"Status\" = 0").HasDatabaseName("IX_AccountClosures_UserId_Pending");
        b.HasIndex(x => new { x.Status, x.HouseholdId });
    }
}
