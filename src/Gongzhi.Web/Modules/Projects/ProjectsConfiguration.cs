using Gongzhi.Web.Modules.Registry;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Projects;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("SocialOrganisations");
        b.Property(x => x.Name).HasMaxLength(Organisation.NameMax);
        b.Property(x => x.Station).HasMaxLength(Organisation.StationMax);
        b.Property(x => x.Description).HasMaxLength(Organisation.DescriptionMax);
        b.Property(x => x.LeaderName).HasMaxLength(30);
        b.Property(x => x.LeaderUserId).HasMaxLength(450);
        b.Property(x => x.RegistrationNumber).HasMaxLength(Organisation.NumberMax);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
        b.HasIndex(x => x.LeaderUserId);
    }
}

internal sealed class OrgMemberConfiguration : IEntityTypeConfiguration<OrgMember>
{
    public void Configure(EntityTypeBuilder<OrgMember> b)
    {
        b.ToTable("OrgMembers");
        b.Property(x => x.Name).HasMaxLength(30);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.OrganisationId);
        b.HasIndex(x => x.ResidentId);
    }
}

internal sealed class OrgReviewConfiguration : IEntityTypeConfiguration<OrgReview>
{
    public void Configure(EntityTypeBuilder<OrgReview> b)
    {
        b.ToTable("OrgReviews");
        b.HasKey(x => new { x.OrganisationId, x.Year });
        b.Property(x => x.Note).HasMaxLength(200);
        b.Property(x => x.ByUserId).HasMaxLength(450);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectCallConfiguration : IEntityTypeConfiguration<ProjectCall>
{
    public void Configure(EntityTypeBuilder<ProjectCall> b)
    {
        b.ToTable("ProjectCalls", t => t.HasCheckConstraint("CK_ProjectCalls_Committed", "\"CommittedFen\" >= 0 AND \"CommittedFen\" <= \"TotalBudgetFen\""));
        b.Property(x => x.Title).HasMaxLength(ProjectCall.TitleMax);
        b.Property(x => x.Description).HasMaxLength(ProjectCall.DescriptionMax);
        b.Property(x => x.Fields).HasMaxLength(40);
        b.Property(x => x.GuideStoredName).HasMaxLength(100);
        b.Property(x => x.GuideFileName).HasMaxLength(100);
        b.Property(x => x.GuideContentType).HasMaxLength(60);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.FieldList);
        b.Ignore(x => x.RemainingFen);
        b.HasOne<Subdistrict>().WithMany().HasForeignKey(x => x.SubdistrictId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.SubdistrictId);
        b.HasIndex(x => x.CommunityId);
    }
}

internal sealed class CallCriterionConfiguration : IEntityTypeConfiguration<CallCriterion>
{
    public void Configure(EntityTypeBuilder<CallCriterion> b)
    {
        b.ToTable("CallCriteria");
        b.Property(x => x.Name).HasMaxLength(30);
        b.HasOne<ProjectCall>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CallId);
    }
}

internal sealed class CallReviewerConfiguration : IEntityTypeConfiguration<CallReviewer>
{
    public void Configure(EntityTypeBuilder<CallReviewer> b)
    {
        b.ToTable("CallReviewers");
        b.HasKey(x => new { x.CallId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Name).HasMaxLength(30);
        b.HasOne<ProjectCall>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class ProjectApplicationConfiguration : IEntityTypeConfiguration<ProjectApplication>
{
    public void Configure(EntityTypeBuilder<ProjectApplication> b)
    {
        b.ToTable("ProjectApplications", t => t.HasCheckConstraint("CK_ProjectApplications_Released",
            "\"ReleasedFen\" >= 0 AND \"ReturnedFen\" >= 0 AND \"ReleasedFen\" <= \"GrantedFen\" AND \"ReturnedFen\" <= \"ReleasedFen\""));
        b.Property(x => x.Title).HasMaxLength(ProjectApplication.TitleMax);
        b.Property(x => x.Problem).HasMaxLength(1000);
        b.Property(x => x.Beneficiaries).HasMaxLength(200);
        b.Property(x => x.Activities).HasMaxLength(2000);
        b.Property(x => x.Team).HasMaxLength(500);
        b.Property(x => x.DecisionReason).HasMaxLength(500);
        b.Property(x => x.FinalReport).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<ProjectCall>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CallId, x.Status });
        b.HasIndex(x => x.OrganisationId);
    }
}

internal sealed class BudgetLineConfiguration : IEntityTypeConfiguration<BudgetLine>
{
    public void Configure(EntityTypeBuilder<BudgetLine> b)
    {
        b.ToTable("BudgetLines");
        b.Property(x => x.Category).HasMaxLength(20);
        b.Property(x => x.Note).HasMaxLength(100);
        b.HasOne<ProjectApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ApplicationId);
    }
}

internal sealed class ProjectMilestoneConfiguration : IEntityTypeConfiguration<ProjectMilestone>
{
    public void Configure(EntityTypeBuilder<ProjectMilestone> b)
    {
        b.ToTable("ProjectMilestones");
        b.Property(x => x.Title).HasMaxLength(60);
        b.Property(x => x.Report).HasMaxLength(1000);
        b.Property(x => x.ReviewNote).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<ProjectApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ApplicationId);
    }
}

internal sealed class MilestoneSpendConfiguration : IEntityTypeConfiguration<MilestoneSpend>
{
    public void Configure(EntityTypeBuilder<MilestoneSpend> b)
    {
        b.ToTable("MilestoneSpends");
        b.HasKey(x => new { x.MilestoneId, x.BudgetLineId });
        b.HasOne<ProjectMilestone>().WithMany().HasForeignKey(x => x.MilestoneId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<BudgetLine>().WithMany().HasForeignKey(x => x.BudgetLineId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.BudgetLineId);
    }
}

internal sealed class ProjectFileConfiguration : IEntityTypeConfiguration<ProjectFile>
{
    public void Configure(EntityTypeBuilder<ProjectFile> b)
    {
        b.ToTable("ProjectFiles");
        b.Property(x => x.StoredName).HasMaxLength(100);
        b.Property(x => x.ContentType).HasMaxLength(60);
        b.HasOne<ProjectMilestone>().WithMany().HasForeignKey(x => x.MilestoneId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.MilestoneId);
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.ToTable("ProjectReviews");
        b.Property(x => x.ReviewerUserId).HasMaxLength(450);
        b.Property(x => x.Comment).HasMaxLength(500);
        b.HasOne<ProjectApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        // One word per reviewer and application: a second submission (a double click, two tabs) is refused.
        b.HasIndex(x => new { x.ApplicationId, x.ReviewerUserId }).IsUnique();
        b.HasIndex(x => x.ReviewerUserId);
    }
}

internal sealed class ReviewScoreConfiguration : IEntityTypeConfiguration<ReviewScore>
{
    public void Configure(EntityTypeBuilder<ReviewScore> b)
    {
        b.ToTable("ProjectReviewScores");
        b.HasKey(x => new { x.ReviewId, x.CriterionId });
        b.HasOne<Review>().WithMany().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CallCriterion>().WithMany().HasForeignKey(x => x.CriterionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CriterionId);
    }
}

internal sealed class GrantEntryConfiguration : IEntityTypeConfiguration<GrantEntry>
{
    public void Configure(EntityTypeBuilder<GrantEntry> b)
    {
        b.ToTable("GrantEntries");
        b.Property(x => x.Note).HasMaxLength(200);
        b.Property(x => x.ByUserId).HasMaxLength(450);
        b.HasOne<ProjectCall>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ProjectApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ProjectMilestone>().WithMany().HasForeignKey(x => x.MilestoneId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CallId);
        b.HasIndex(x => x.ApplicationId);
        b.HasIndex(x => x.MilestoneId);
    }
}

internal sealed class ProjectFollowerConfiguration : IEntityTypeConfiguration<ProjectFollower>
{
    public void Configure(EntityTypeBuilder<ProjectFollower> b)
    {
        b.ToTable("ProjectFollowers");
        b.HasKey(x => new { x.ApplicationId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<ProjectApplication>().WithMany().HasForeignKey(x => x.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}
