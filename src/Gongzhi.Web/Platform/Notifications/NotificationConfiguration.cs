using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.MessageKey).HasMaxLength(100);
        b.Property(x => x.ArgsJson).HasMaxLength(1000);
        b.Property(x => x.Link).HasMaxLength(200);
        b.Ignore(x => x.Args);
        b.HasIndex(x => new { x.UserId, x.Id });
        b.HasIndex(x => x.SentAt);
    }
}
