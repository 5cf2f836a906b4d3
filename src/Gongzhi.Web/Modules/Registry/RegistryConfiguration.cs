using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Registry;

internal sealed class SubdistrictConfiguration : IEntityTypeConfiguration<Subdistrict>
{
    public void Configure(EntityTypeBuilder<Subdistrict> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
    }
}

internal sealed class CommunityConfiguration : IEntityTypeConfiguration<Community>
{
    public void Configure(EntityTypeBuilder<Community> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.HasOne<Subdistrict>().WithMany().HasForeignKey(x => x.SubdistrictId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GridConfiguration : IEntityTypeConfiguration<Grid>
{
    public void Configure(EntityTypeBuilder<Grid> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Description).HasMaxLength(500);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EstateConfiguration : IEntityTypeConfiguration<Estate>
{
    public void Configure(EntityTypeBuilder<Estate> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Address).HasMaxLength(200);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
    }
}

internal sealed class BuildingConfiguration : IEntityTypeConfiguration<Building>
{
    public void Configure(EntityTypeBuilder<Building> b)
    {
        b.Ignore(x => x.Label);
        b.HasOne<Estate>().WithMany().HasForeignKey(x => x.EstateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.EstateId, x.Number }).IsUnique();
        b.HasIndex(x => x.Number);
    }
}

internal sealed class EntranceConfiguration : IEntityTypeConfiguration<Entrance>
{
    public void Configure(EntityTypeBuilder<Entrance> b)
    {
        b.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.BuildingId, x.Number }).IsUnique();
    }
}

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.Property(x => x.Room).HasMaxLength(10);
        b.Property(x => x.Note).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Entrance>().WithMany().HasForeignKey(x => x.EntranceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Estate>().WithMany().HasForeignKey(x => x.EstateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.EntranceId, x.Room }).IsUnique();
        b.HasIndex(x => x.GridId);
        b.HasIndex(x => x.BuildingId);
        b.HasIndex(x => x.EstateId);
    }
}

internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> b)
    {
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.IdNumberCipher).HasMaxLength(100);
        b.Property(x => x.IdNumberHash).HasMaxLength(64);
        b.Property(x => x.IdNumberMasked).HasMaxLength(18);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.PhoneTail).HasMaxLength(4);
        b.Property(x => x.Relation).HasMaxLength(10);
        b.Property(x => x.StatusNote).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.NameGrams).WithOne().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.CareTags).WithOne().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.NameGrams).HasField("_grams");
        b.Navigation(x => x.CareTags).HasField("_careTags");
        b.HasIndex(x => x.HouseholdId);
        b.HasIndex(x => x.Name);
        b.HasIndex(x => x.PhoneTail);
        b.HasIndex(x => x.Phone);
        // One person, one registry entry: the keyed hash of the ID number is unique.
        b.HasIndex(x => x.IdNumberHash).IsUnique().HasFilter("\"IdNumberHash\" IS NOT NULL");
    }
}

internal sealed class NameGramConfiguration : IEntityTypeConfiguration<NameGram>
{
    public void Configure(EntityTypeBuilder<NameGram> b)
    {
        b.HasKey(x => new { x.Gram, x.ResidentId });
        b.Property(x => x.Gram).HasMaxLength(2);
        b.HasIndex(x => x.ResidentId);
    }
}

internal sealed class CareTagConfiguration : IEntityTypeConfiguration<CareTag>
{
    public void Configure(EntityTypeBuilder<CareTag> b)
    {
        b.HasIndex(x => new { x.ResidentId, x.Kind }).IsUnique();
        b.HasIndex(x => x.Kind);
    }
}

internal sealed class OwnershipConfiguration : IEntityTypeConfiguration<Ownership>
{
    public void Configure(EntityTypeBuilder<Ownership> b)
    {
        b.Property(x => x.OwnerName).HasMaxLength(50);
        b.Property(x => x.FloorArea).HasPrecision(10, 2);
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.HouseholdId);
    }
}

internal sealed class DutyPostConfiguration : IEntityTypeConfiguration<DutyPost>
{
    public void Configure(EntityTypeBuilder<DutyPost> b)
    {
        b.Property(x => x.HolderName).HasMaxLength(30);
        b.Property(x => x.HolderPhone).HasMaxLength(20);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => new { x.PlaceKind, x.PlaceId });
        b.HasIndex(x => x.UserId);
    }
}
