using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Requests.Open311;

// A key another system presents to submit requests through Open311. Only a SHA-256 of the key is
// stored: the key itself is shown once, when it is issued, and cannot be read back.
public sealed class Open311Key
{
    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public string KeyHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    // Its own rate limit; null: Open311:RequestsPerMinute (see Open311Throttle).
    public int? RequestsPerMinute { get; private set; }

    private Open311Key() { } // for EF

    public Open311Key(string? name, string keyHash, DateTime now, int? requestsPerMinute = null)
    {
        Name = Guard.Text(name, 30, "Name");
        RequestsPerMinute = requestsPerMinute is { } r ? Guard.Range(r, 1, 100_000, "RequestsPerMinute") : null;
        KeyHash = keyHash;
        CreatedAt = now;
    }

    public bool Active => RevokedAt is null;

    // Revoking twice is harmless: the first time counts.
    public void Revoke(DateTime now) => RevokedAt ??= now;
}

// The token of a request created through Open311 (GET tokens/{token} answers its id).
public sealed class Open311Token
{
    public string Token { get; private set; } = "";
    public long CaseId { get; private set; }
    public long KeyId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    private Open311Token() { } // for EF

    public Open311Token(string token, long caseId, long keyId, DateTime now)
    {
        Token = token;
        CaseId = caseId;
        KeyId = keyId;
        CreatedAt = now;
    }
}

internal sealed class Open311KeyConfiguration : IEntityTypeConfiguration<Open311Key>
{
    public void Configure(EntityTypeBuilder<Open311Key> b)
    {
        // No DbSet on GongzhiDb (the context stays the lead's file): the table is named here.
        b.ToTable("Open311Keys");
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.KeyHash).HasMaxLength(64);
        b.Ignore(x => x.Active);
        b.HasIndex(x => x.KeyHash).IsUnique();
    }
}

internal sealed class Open311TokenConfiguration : IEntityTypeConfiguration<Open311Token>
{
    public void Configure(EntityTypeBuilder<Open311Token> b)
    {
        b.ToTable("Open311Tokens");
        b.HasKey(x => x.Token);
        b.Property(x => x.Token).HasMaxLength(32);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Open311Key>().WithMany().HasForeignKey(x => x.KeyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.CaseId).IsUnique();
        b.HasIndex(x => x.KeyId);
    }
}
