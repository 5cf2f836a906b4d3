using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Accounts;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(50);
        // Indexed, so bounded like the other Identity name columns (and as the first migration created it).
        b.Property(x => x.PhoneNumber).HasMaxLength(256);
        b.HasIndex(x => x.PhoneNumber);
        b.HasIndex(x => x.ResidentId);
    }
}
