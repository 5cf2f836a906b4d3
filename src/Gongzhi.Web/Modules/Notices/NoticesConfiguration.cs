using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Notices;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> b)
    {
        b.ToTable("Notices");
        b.Property(x => x.Title).HasMaxLength(Notice.TitleMax);
        b.Property(x => x.Body).HasMaxLength(Notice.BodyMax);
        b.Property(x => x.AuthorUserId).HasMaxLength(450);
        b.Property(x => x.AuthorName).HasMaxLength(50);
        b.Property(x => x.ReviewerUserId).HasMaxLength(450);
        b.Property(x => x.WithdrawReason).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsPublic);
        b.HasIndex(x => new { x.CommunityId, x.Status, x.PublishedAt });
        b.HasIndex(x => new { x.Status, x.PublishAt });
    }
}

internal sealed class NoticeRecipientConfiguration : IEntityTypeConfiguration<NoticeRecipient>
{
    public void Configure(EntityTypeBuilder<NoticeRecipient> b)
    {
        b.ToTable("NoticeRecipients");
        b.HasKey(x => new { x.NoticeId, x.HouseholdId });
        b.Property(x => x.ToldByUserId).HasMaxLength(450);
        b.Property(x => x.ToldByName).HasMaxLength(50);
        b.HasIndex(x => x.HouseholdId);
    }
}

internal sealed class NoticeReadConfiguration : IEntityTypeConfiguration<NoticeRead>
{
    public void Configure(EntityTypeBuilder<NoticeRead> b)
    {
        b.ToTable("NoticeReads");
        b.HasKey(x => new { x.NoticeId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => new { x.NoticeId, x.HouseholdId });
    }
}

internal sealed class NoticeAttachmentConfiguration : IEntityTypeConfiguration<NoticeAttachment>
{
    public void Configure(EntityTypeBuilder<NoticeAttachment> b)
    {
        b.ToTable("NoticeAttachments");
        b.Property(x => x.FileName).HasMaxLength(100);
        b.Property(x => x.StoredName).HasMaxLength(100);
        b.Property(x => x.ContentType).HasMaxLength(40);
        b.HasIndex(x => x.NoticeId);
    }
}

internal sealed class NoticeReviewRuleConfiguration : IEntityTypeConfiguration<NoticeReviewRule>
{
    public void Configure(EntityTypeBuilder<NoticeReviewRule> b)
    {
        b.ToTable("NoticeReviewRules");
        b.HasKey(x => new { x.CommunityId, x.Kind });
    }
}
