using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Volunteering;

internal sealed class VolunteerConfiguration : IEntityTypeConfiguration<Volunteer>
{
    public void Configure(EntityTypeBuilder<Volunteer> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Skills).HasMaxLength(200);
        b.Property(x => x.Availability).HasMaxLength(200);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.UserId).IsUnique();
        b.HasIndex(x => x.ResidentId);
        b.HasIndex(x => x.CommunityId);
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Description).HasMaxLength(300);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CommunityId);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> b)
    {
        b.HasKey(x => new { x.TeamId, x.VolunteerId });
        b.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.VolunteerId);
    }
}

internal sealed class VolunteerActivityConfiguration : IEntityTypeConfiguration<VolunteerActivity>
{
    public void Configure(EntityTypeBuilder<VolunteerActivity> b)
    {
        b.Property(x => x.Title).HasMaxLength(60);
        b.Property(x => x.Kind).HasMaxLength(30);
        b.Property(x => x.Description).HasMaxLength(1000);
        b.Property(x => x.OrganizerUserId).HasMaxLength(450);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.CreatedAt });
        b.HasIndex(x => x.TeamId);
        b.HasIndex(x => x.OrganizerUserId);
    }
}

internal sealed class ShiftConfiguration : IEntityTypeConfiguration<Shift>
{
    public void Configure(EntityTypeBuilder<Shift> b)
    {
        b.ToTable(t => t.HasCheckConstraint("CK_Shifts_Taken", "\"Taken\" >= 0 AND \"Taken\" <= \"Capacity\""));
        b.Property(x => x.Place).HasMaxLength(100);
        b.Property(x => x.Skills).HasMaxLength(100);
        b.Property(x => x.QrSecret).HasMaxLength(64);
        b.HasOne<VolunteerActivity>().WithMany().HasForeignKey(x => x.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ActivityId, x.StartsAt });
    }
}

internal sealed class ShiftSignupConfiguration : IEntityTypeConfiguration<ShiftSignup>
{
    public void Configure(EntityTypeBuilder<ShiftSignup> b)
    {
        b.Property(x => x.ConfirmedByUserId).HasMaxLength(450);
        b.Ignore(x => x.Active);
        b.HasOne<Shift>().WithMany().HasForeignKey(x => x.ShiftId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ShiftId, x.VolunteerId }).IsUnique();
        b.HasIndex(x => x.VolunteerId);
    }
}

internal sealed class PointsAccountConfiguration : IEntityTypeConfiguration<PointsAccount>
{
    public void Configure(EntityTypeBuilder<PointsAccount> b)
    {
        // The pool issues points, so only it may go below zero; everyone else's balance never does.
        b.ToTable(t => t.HasCheckConstraint("CK_PointsAccounts_Balance", "\"Kind\" = 0 OR \"Balance\" >= 0"));
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(50);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Merchant>().WithMany().HasForeignKey(x => x.MerchantId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => x.CommunityId);
        b.HasIndex(x => x.VolunteerId);
        b.HasIndex(x => x.MerchantId);
    }
}

internal sealed class PointsTransactionConfiguration : IEntityTypeConfiguration<PointsTransaction>
{
    public void Configure(EntityTypeBuilder<PointsTransaction> b)
    {
        b.Property(x => x.IdempotencyKey).HasMaxLength(100);
        b.Property(x => x.Memo).HasMaxLength(100);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.ApprovedByUserId).HasMaxLength(450);
        b.HasOne<PointsTransaction>().WithMany().HasForeignKey(x => x.ReversesId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
        // At most one reversal of each transaction.
        b.HasIndex(x => x.ReversesId).IsUnique();
        b.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class PointsEntryConfiguration : IEntityTypeConfiguration<PointsEntry>
{
    public void Configure(EntityTypeBuilder<PointsEntry> b)
    {
        b.HasOne<PointsTransaction>().WithMany().HasForeignKey(x => x.TransactionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PointsAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TransactionId);
        b.HasIndex(x => new { x.AccountId, x.Id });
    }
}

internal sealed class PointsRuleConfiguration : IEntityTypeConfiguration<PointsRule>
{
    public void Configure(EntityTypeBuilder<PointsRule> b)
    {
        b.Property(x => x.Key).HasMaxLength(30);
        b.HasIndex(x => new { x.CommunityId, x.Kind, x.Key }).IsUnique();
    }
}

internal sealed class PointsAwardConfiguration : IEntityTypeConfiguration<PointsAward>
{
    public void Configure(EntityTypeBuilder<PointsAward> b)
    {
        b.Property(x => x.Reason).HasMaxLength(200);
        b.Property(x => x.ProposedByUserId).HasMaxLength(450);
        b.Property(x => x.DecidedByUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.VolunteerId);
        b.HasIndex(x => new { x.Status, x.CreatedAt });
    }
}

internal sealed class RewardConfiguration : IEntityTypeConfiguration<Reward>
{
    public void Configure(EntityTypeBuilder<Reward> b)
    {
        b.Property(x => x.CoverName).HasMaxLength(100);
        b.Property(x => x.CoverType).HasMaxLength(30);
        b.ToTable(t => t.HasCheckConstraint("CK_Rewards_Stock", "\"Stock\" >= 0"));
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.Name).HasMaxLength(40);
        b.Property(x => x.Description).HasMaxLength(200);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CommunityId);
    }
}

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> b)
    {
        b.Property(x => x.IdempotencyKey).HasMaxLength(100);
        b.Property(x => x.PickupCode).HasMaxLength(8);
        b.Property(x => x.ClosedByUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Reward>().WithMany().HasForeignKey(x => x.RewardId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
        b.HasIndex(x => x.PickupCode).IsUnique();
        b.HasIndex(x => new { x.RewardId, x.Status });
        b.HasIndex(x => new { x.VolunteerId, x.Id });
    }
}

internal sealed class MerchantConfiguration : IEntityTypeConfiguration<Merchant>
{
    public void Configure(EntityTypeBuilder<Merchant> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Name).HasMaxLength(40);
        b.Property(x => x.Address).HasMaxLength(100);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.UserId).IsUnique();
        b.HasIndex(x => x.CommunityId);
    }
}

internal sealed class MerchantOfferConfiguration : IEntityTypeConfiguration<MerchantOffer>
{
    public void Configure(EntityTypeBuilder<MerchantOffer> b)
    {
        b.Property(x => x.Title).HasMaxLength(60);
        b.HasOne<Merchant>().WithMany().HasForeignKey(x => x.MerchantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.MerchantId);
    }
}

internal sealed class MerchantCodeConfiguration : IEntityTypeConfiguration<MerchantCode>
{
    public void Configure(EntityTypeBuilder<MerchantCode> b)
    {
        b.Property(x => x.Code).HasMaxLength(12);
        b.HasOne<MerchantOffer>().WithMany().HasForeignKey(x => x.OfferId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Merchant>().WithMany().HasForeignKey(x => x.MerchantId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => x.OfferId);
        b.HasIndex(x => new { x.MerchantId, x.UsedAt });
        b.HasIndex(x => x.VolunteerId);
    }
}

internal sealed class HonourKindConfiguration : IEntityTypeConfiguration<HonourKind>
{
    public void Configure(EntityTypeBuilder<HonourKind> b)
    {
        b.Property(x => x.Code).HasMaxLength(30);
        b.Property(x => x.Name).HasMaxLength(30);
        b.HasIndex(x => x.Code).IsUnique();
    }
}

internal sealed class NominationConfiguration : IEntityTypeConfiguration<Nomination>
{
    public void Configure(EntityTypeBuilder<Nomination> b)
    {
        b.Property(x => x.NomineeName).HasMaxLength(30);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.NominatedByUserId).HasMaxLength(450);
        b.Property(x => x.ReviewedByUserId).HasMaxLength(450);
        b.Property(x => x.ReviewNote).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<HonourKind>().WithMany().HasForeignKey(x => x.HonourKindId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.HonourKindId);
        b.HasIndex(x => new { x.CommunityId, x.Status });
        b.HasIndex(x => x.VolunteerId);
    }
}
