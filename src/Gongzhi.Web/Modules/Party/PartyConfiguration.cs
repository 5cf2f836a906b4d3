using Gongzhi.Web.Modules.Registry;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Party;

internal sealed class PartyOrganisationConfiguration : IEntityTypeConfiguration<PartyOrganisation>
{
    public void Configure(EntityTypeBuilder<PartyOrganisation> b)
    {
        b.ToTable("PartyOrganisations");
        b.Property(x => x.Name).HasMaxLength(PartyOrganisation.NameLength);
        b.HasOne<Subdistrict>().WithMany().HasForeignKey(x => x.SubdistrictId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartyOrganisation>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartnerUnit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CommunityId);
        b.HasIndex(x => x.ParentId);
        b.HasIndex(x => x.SubdistrictId);
        b.HasIndex(x => x.UnitId);
    }
}

internal sealed class PartyPostConfiguration : IEntityTypeConfiguration<PartyPost>
{
    public void Configure(EntityTypeBuilder<PartyPost> b)
    {
        b.ToTable("PartyPosts");
        b.Property(x => x.HolderName).HasMaxLength(PartyPost.HolderLength);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<PartyOrganisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartyMember>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.OrganisationId);
        b.HasIndex(x => x.UserId);
        b.HasIndex(x => x.MemberId);
    }
}

internal sealed class PartyMemberConfiguration : IEntityTypeConfiguration<PartyMember>
{
    public void Configure(EntityTypeBuilder<PartyMember> b)
    {
        b.ToTable("PartyMembers");
        b.Property(x => x.Name).HasMaxLength(PartyMember.NameLength);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartyOrganisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartnerUnit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        // One membership per person: a second report of the same person is refused, not doubled.
        b.HasIndex(x => x.ResidentId).IsUnique();
        b.HasIndex(x => x.UserId).IsUnique();
        b.HasIndex(x => new { x.CommunityId, x.GridId });
        b.HasIndex(x => x.HouseholdId);
        b.HasIndex(x => x.OrganisationId);
        b.HasIndex(x => x.UnitId);
    }
}

internal sealed class PartnerUnitConfiguration : IEntityTypeConfiguration<PartnerUnit>
{
    public void Configure(EntityTypeBuilder<PartnerUnit> b)
    {
        b.ToTable("PartnerUnits");
        b.Property(x => x.Name).HasMaxLength(PartnerUnit.NameLength);
        b.Property(x => x.ContactName).HasMaxLength(30);
        b.Property(x => x.ContactPhone).HasMaxLength(20);
        b.Property(x => x.ContactUserId).HasMaxLength(450);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
    }
}

internal sealed class AllianceItemConfiguration : IEntityTypeConfiguration<AllianceItem>
{
    public void Configure(EntityTypeBuilder<AllianceItem> b)
    {
        b.ToTable("AllianceItems");
        b.Property(x => x.Title).HasMaxLength(AllianceItem.TitleLength);
        b.Property(x => x.Detail).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartnerUnit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.Side, x.Status });
        b.HasIndex(x => x.UnitId);
    }
}

internal sealed class AllianceProjectConfiguration : IEntityTypeConfiguration<AllianceProject>
{
    public void Configure(EntityTypeBuilder<AllianceProject> b)
    {
        b.ToTable("AllianceProjects");
        b.Property(x => x.Title).HasMaxLength(120);
        b.Property(x => x.Outcome).HasMaxLength(500);
        b.Property(x => x.MatchedByUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AllianceItem>().WithMany().HasForeignKey(x => x.ResourceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AllianceItem>().WithMany().HasForeignKey(x => x.NeedId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CommunityId);
        b.HasIndex(x => x.ResourceId);
        b.HasIndex(x => x.NeedId);
    }
}

internal sealed class JointMeetingConfiguration : IEntityTypeConfiguration<JointMeeting>
{
    public void Configure(EntityTypeBuilder<JointMeeting> b)
    {
        b.ToTable("JointMeetings");
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Deliberation.Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PartnerUnit>().WithMany().HasForeignKey(x => x.ChairUnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.Number }).IsUnique();
        b.HasIndex(x => x.MeetingId).IsUnique();
        b.HasIndex(x => x.ChairUnitId);
    }
}

internal sealed class PartyActivityConfiguration : IEntityTypeConfiguration<PartyActivity>
{
    public void Configure(EntityTypeBuilder<PartyActivity> b)
    {
        b.ToTable("PartyActivities");
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.HasOne<PartyOrganisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Activities.Events.Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        // An event is held by one organisation.
        b.HasIndex(x => x.EventId).IsUnique();
        b.HasIndex(x => x.OrganisationId);
    }
}
