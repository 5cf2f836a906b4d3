using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Requests;

internal sealed class CaseCategoryConfiguration : IEntityTypeConfiguration<CaseCategory>
{
    public void Configure(EntityTypeBuilder<CaseCategory> b)
    {
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Description).HasMaxLength(300);
        b.Property(x => x.Group).HasMaxLength(20);
        b.Property(x => x.Keywords).HasMaxLength(200);
        b.Property(x => x.QuestionsJson).HasMaxLength(4000);
        b.HasIndex(x => x.Code).IsUnique();
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.HasOne<Subdistrict>().WithMany().HasForeignKey(x => x.SubdistrictId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DepartmentMemberConfiguration : IEntityTypeConfiguration<DepartmentMember>
{
    public void Configure(EntityTypeBuilder<DepartmentMember> b)
    {
        b.HasKey(x => new { x.DepartmentId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("Cases");
        // Lines the moves wrote and the next save adds (ITimeline): not a relationship of their own.
        b.Ignore(x => x.PendingLines);
        b.Property(x => x.Description).HasMaxLength(1000);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.ReporterUserId).HasMaxLength(450);
        b.Property(x => x.ReporterName).HasMaxLength(30);
        b.Property(x => x.ReporterPhone).HasMaxLength(20);
        b.Property(x => x.EnteredByUserId).HasMaxLength(450);
        b.Property(x => x.OwnerUserId).HasMaxLength(450);
        b.Property(x => x.OwnerName).HasMaxLength(30);
        b.Property(x => x.Resolution).HasMaxLength(1000);
        b.Property(x => x.RatingComment).HasMaxLength(500);
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.Property(x => x.AnswersJson).HasMaxLength(4000);
        b.Property(x => x.Agreement).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        b.Ignore(x => x.InWork);
        b.HasOne<CaseCategory>().WithMany().HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Grid>().WithMany().HasForeignKey(x => x.GridId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Building>().WithMany().HasForeignKey(x => x.BuildingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
        // The work lists: a person's and a grid's open cases by deadline.
        b.HasIndex(x => new { x.OwnerUserId, x.Status, x.ResolveBy });
        b.HasIndex(x => new { x.GridId, x.Status, x.ResolveBy });
        b.HasIndex(x => new { x.Status, x.ResolveBy });
        b.HasIndex(x => new { x.ReporterUserId, x.Id });
        b.HasIndex(x => new { x.CommunityId, x.SubmittedAt });
        b.HasIndex(x => new { x.BuildingId, x.CategoryId, x.SubmittedAt });
        b.HasIndex(x => x.UpdatedAt);
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.Property(x => x.ActorUserId).HasMaxLength(450);
        b.Property(x => x.ActorName).HasMaxLength(30);
        b.Property(x => x.Text).HasMaxLength(2000);
        b.HasOne<Case>("Subject").WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.CaseId, x.Id });
        b.HasIndex(x => x.At);
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.Property(x => x.TargetName).HasMaxLength(50);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.Reply).HasMaxLength(4000);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.RepliedByUserId).HasMaxLength(450);
        b.Ignore(x => x.IsOpen);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CaseId);
        b.HasIndex(x => new { x.DepartmentId, x.RepliedAt });
        b.HasIndex(x => new { x.EstateId, x.RepliedAt });
    }
}

internal sealed class CasePhotoConfiguration : IEntityTypeConfiguration<CasePhoto>
{
    public void Configure(EntityTypeBuilder<CasePhoto> b)
    {
        b.Property(x => x.StoredName).HasMaxLength(80);
        b.Property(x => x.ContentType).HasMaxLength(40);
        b.Property(x => x.UploadedByUserId).HasMaxLength(450);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CaseId);
    }
}

internal sealed class DisputePartyConfiguration : IEntityTypeConfiguration<DisputeParty>
{
    public void Configure(EntityTypeBuilder<DisputeParty> b)
    {
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Role).HasMaxLength(30);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CaseId);
    }
}

internal sealed class MediationSessionConfiguration : IEntityTypeConfiguration<MediationSession>
{
    public void Configure(EntityTypeBuilder<MediationSession> b)
    {
        b.Property(x => x.Place).HasMaxLength(100);
        b.Property(x => x.Mediators).HasMaxLength(100);
        b.Property(x => x.Summary).HasMaxLength(2000);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.CaseId);
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.HasKey(x => x.Date);
        b.Property(x => x.Name).HasMaxLength(20);
    }
}
