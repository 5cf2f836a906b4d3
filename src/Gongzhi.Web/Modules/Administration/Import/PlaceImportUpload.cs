using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Administration.Import;

// A previewed address file waiting for its commit. It lives in the database, not one instance's memory,
// so the commit works whichever instance behind the balancer receives it; it is bound to the person who
// previewed it and gone after a quarter of an hour or once committed.
public sealed class PlaceImportUpload
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public string Token { get; private set; } = "";
    public string UserId { get; private set; } = "";
    public long CommunityId { get; private set; }
    public byte[] File { get; private set; } = [];
    public DateTime ExpiresAt { get; private set; }

    private PlaceImportUpload() { }

    public PlaceImportUpload(string userId, long communityId, byte[] file, DateTime now)
    {
        Token = Guid.NewGuid().ToString("N");
        (UserId, CommunityId, File, ExpiresAt) = (userId, communityId, file, now + Lifetime);
    }
}

internal sealed class PlaceImportUploadConfiguration : IEntityTypeConfiguration<PlaceImportUpload>
{
    public void Configure(EntityTypeBuilder<PlaceImportUpload> b)
    {
        b.ToTable("PlaceImportUploads");
        b.HasKey(x => x.Token);
        b.Property(x => x.Token).HasMaxLength(32);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => x.ExpiresAt);
    }
}
