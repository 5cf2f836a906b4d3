using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Care;

internal sealed class CareRecipientConfiguration : IEntityTypeConfiguration<CareRecipient>
{
    public void Configure(EntityTypeBuilder<CareRecipient> b)
    {
        b.ToTable("CareRecipients");
        b.Property(x => x.HealthNote).HasMaxLength(CareRecipient.NoteLength);
        b.Property(x => x.LivingNote).HasMaxLength(CareRecipient.NoteLength);
        b.Property(x => x.VisitorUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.ReasonList);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Contacts).WithOne().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Contacts).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(x => x.ResidentId).IsUnique();
        b.HasIndex(x => x.HouseholdId);
        // The work list and the sweep: who is due, soonest first.
        b.HasIndex(x => new { x.Status, x.NextDueOn });
    }
}

internal sealed class CareContactConfiguration : IEntityTypeConfiguration<CareContact>
{
    public void Configure(EntityTypeBuilder<CareContact> b)
    {
        b.ToTable("CareContacts");
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Relation).HasMaxLength(10);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.HasIndex(x => x.RecipientId);
    }
}

internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        b.ToTable("CareVisits");
        b.Property(x => x.VisitorUserId).HasMaxLength(450);
        b.Property(x => x.VisitorName).HasMaxLength(30);
        b.Property(x => x.Note).HasMaxLength(Visit.NoteLength);
        b.Property(x => x.IdempotencyKey).HasMaxLength(100);
        b.Property(x => x.PhotoName).HasMaxLength(100);
        b.Property(x => x.PhotoType).HasMaxLength(20);
        // PairId has no foreign key: SQLite cannot add one to an existing table without rebuilding it,
        // and pairs are never deleted (an ended pair stays as history).
        b.HasIndex(x => x.PairId);
        b.HasOne<CareRecipient>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RecipientId, x.At });
        // The monthly count per grid reads this index only.
        b.HasIndex(x => new { x.GridId, x.At });
        b.HasIndex(x => x.CaseId);
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
    }
}

internal sealed class WishConfiguration : IEntityTypeConfiguration<Wish>
{
    public void Configure(EntityTypeBuilder<Wish> b)
    {
        b.ToTable("CareWishes");
        b.Property(x => x.Title).HasMaxLength(Wish.TitleLength);
        b.Property(x => x.Description).HasMaxLength(300);
        b.Property(x => x.PublishedByUserId).HasMaxLength(450);
        b.Property(x => x.ClaimantUserId).HasMaxLength(450);
        b.Property(x => x.ClaimantName).HasMaxLength(30);
        b.Property(x => x.FulfilmentNote).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<CareRecipient>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.Status });
        b.HasIndex(x => x.RecipientId);
    }
}

internal sealed class CarePairConfiguration : IEntityTypeConfiguration<CarePair>
{
    public void Configure(EntityTypeBuilder<CarePair> b)
    {
        b.ToTable("CarePairs");
        b.Property(x => x.HelperUserId).HasMaxLength(450);
        b.Property(x => x.HelperName).HasMaxLength(30);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<CareRecipient>().WithMany().HasForeignKey(x => x.RecipientId).OnDelete(DeleteBehavior.Restrict);
        // One running pair per recipient: two staff pairing at once, the second gets 409.
        b.HasIndex(x => x.RecipientId).IsUnique().HasFilter("\"To\" IS NULL").HasDatabaseName("IX_CarePairs_RecipientId_Running");
        b.HasIndex(x => x.HelperUserId);
    }
}
