using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Accounts;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(50);
        b.HasIndex(x => x.PhoneNumber);
        b.HasIndex(x => x.ResidentId);
    }
}
