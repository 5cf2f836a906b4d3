using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Audit;

internal sealed class AuditConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.UserName).HasMaxLength(64);
        b.Property(x => x.Action).HasMaxLength(32);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.Detail).HasMaxLength(500);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        b.HasIndex(x => x.At);
    }
}
