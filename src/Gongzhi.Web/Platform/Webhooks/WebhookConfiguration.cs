using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Webhooks;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.ToTable("Webhooks");
        b.Property(x => x.Url).HasMaxLength(Webhook.UrlMax);
        b.Property(x => x.Secret).HasMaxLength(100);
        b.Property(x => x.Events).HasMaxLength(500);
        b.Property(x => x.OwnerUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.EventList);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("WebhookDeliveries");
        b.Property(x => x.EventId).HasMaxLength(40);
        b.Property(x => x.Event).HasMaxLength(40);
        b.Property(x => x.Payload).HasMaxLength(8000);
        b.Property(x => x.LastResponse).HasMaxLength(200);
        b.HasIndex(x => new { x.WebhookId, x.Id });
        b.HasIndex(x => new { x.DeliveredAt, x.NextAttemptAt });
    }
}
