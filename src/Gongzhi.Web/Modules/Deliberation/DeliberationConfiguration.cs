using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Deliberation;

internal sealed class TopicConfiguration : IEntityTypeConfiguration<Topic>
{
    public void Configure(EntityTypeBuilder<Topic> b)
    {
        b.Property(x => x.CoverName).HasMaxLength(100);
        b.Property(x => x.CoverType).HasMaxLength(30);
        b.Property(x => x.Title).HasMaxLength(60);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.ProposerUserId).HasMaxLength(450);
        b.Property(x => x.ProposerName).HasMaxLength(30);
        b.Property(x => x.Decision).HasMaxLength(1000);
        b.Property(x => x.NoticeText).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Scope);
        b.Ignore(x => x.IsClosed);
        b.Ignore(x => x.HasEnoughSupport);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Estate>().WithMany().HasForeignKey(x => x.EstateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.Status });
    }
}

internal sealed class TopicSupportConfiguration : IEntityTypeConfiguration<TopicSupport>
{
    public void Configure(EntityTypeBuilder<TopicSupport> b)
    {
        b.HasKey(x => new { x.TopicId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TopicCaseConfiguration : IEntityTypeConfiguration<TopicCase>
{
    public void Configure(EntityTypeBuilder<TopicCase> b)
    {
        b.HasKey(x => new { x.TopicId, x.CaseId });
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TopicFollowerConfiguration : IEntityTypeConfiguration<TopicFollower>
{
    public void Configure(EntityTypeBuilder<TopicFollower> b)
    {
        b.HasKey(x => new { x.TopicId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class ConsultationConfiguration : IEntityTypeConfiguration<Consultation>
{
    public void Configure(EntityTypeBuilder<Consultation> b)
    {
        b.Property(x => x.Question).HasMaxLength(200);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Options).WithOne().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Options).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ConsultationOptionConfiguration : IEntityTypeConfiguration<ConsultationOption>
{
    public void Configure(EntityTypeBuilder<ConsultationOption> b)
    {
        b.ToTable("ConsultationOptions");
        b.Property(x => x.Text).HasMaxLength(100);
        b.Property(x => x.Budget).HasPrecision(12, 2);
        b.HasIndex(x => new { x.ConsultationId, x.Number }).IsUnique();
    }
}

internal sealed class ConsultationResponseConfiguration : IEntityTypeConfiguration<ConsultationResponse>
{
    public void Configure(EntityTypeBuilder<ConsultationResponse> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Picks).HasMaxLength(100);
        b.Property(x => x.Comment).HasMaxLength(500);
        b.Ignore(x => x.PickNumbers);
        b.HasOne<Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ConsultationId, x.UserId }).IsUnique();
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Place).HasMaxLength(100);
        b.Property(x => x.Minutes).HasMaxLength(4000);
        b.Property(x => x.SignInCode).HasMaxLength(32);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.StartsAt });
    }
}

internal sealed class MeetingItemConfiguration : IEntityTypeConfiguration<MeetingItem>
{
    public void Configure(EntityTypeBuilder<MeetingItem> b)
    {
        b.Property(x => x.Resolution).HasMaxLength(1000);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> b)
    {
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Organisation).HasMaxLength(50);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> b)
    {
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Choices).HasMaxLength(1000);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.ChoiceList);
        b.Ignore(x => x.OptionCount);
        b.Ignore(x => x.IsYesNo);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VoteElectorConfiguration : IEntityTypeConfiguration<VoteElector>
{
    public void Configure(EntityTypeBuilder<VoteElector> b)
    {
        b.Property(x => x.VoterKey).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(50);
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.VoteId, x.VoterKey }).IsUnique();
        b.HasIndex(x => new { x.VoteId, x.ResidentId });
        b.HasIndex(x => new { x.VoteId, x.HouseholdId });
    }
}

internal sealed class BallotConfiguration : IEntityTypeConfiguration<Ballot>
{
    public void Configure(EntityTypeBuilder<Ballot> b)
    {
        b.Property(x => x.VoterKey).HasMaxLength(40);
        b.Property(x => x.CastByUserId).HasMaxLength(450);
        b.HasOne<Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        // The one rule that keeps every voter to one counted ballot, whatever arrives at once.
        b.HasIndex(x => new { x.VoteId, x.VoterKey }).IsUnique();
    }
}

internal sealed class ObjectionConfiguration : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.Answer).HasMaxLength(1000);
        b.Property(x => x.AnsweredBy).HasMaxLength(30);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MilestoneConfiguration : IEntityTypeConfiguration<Milestone>
{
    public void Configure(EntityTypeBuilder<Milestone> b)
    {
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.OwnerName).HasMaxLength(30);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.PhotoUrl).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsDone);
        b.HasOne<Topic>().WithMany().HasForeignKey(x => x.TopicId).OnDelete(DeleteBehavior.Cascade);
        // The overdue list: open milestones by due date.
        b.HasIndex(x => new { x.DoneAt, x.DueOn });
    }
}
