using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Privacy;

// A value derived from Privacy:Key, stored once in the database the first time an instance starts on it.
// An instance configured with another key would write ID numbers nobody else can read, and fail to read
// everyone else's: it refuses to start instead, before it serves a request (see PrivacyKeyGuard).
public sealed class KeyCheck
{
    private KeyCheck() { }

    public KeyCheck(string name, string value, DateTime now)
    {
        Name = name;
        Value = value;
        CreatedAt = now;
    }

    public string Name { get; private set; } = "";
    public string Value { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}

internal sealed class KeyCheckConfiguration : IEntityTypeConfiguration<KeyCheck>
{
    public void Configure(EntityTypeBuilder<KeyCheck> b)
    {
        // No DbSet on GongzhiDb (the context stays the lead's file): the table is named here.
        b.ToTable("KeyChecks");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(40);
        b.Property(x => x.Value).HasMaxLength(64);
    }
}
