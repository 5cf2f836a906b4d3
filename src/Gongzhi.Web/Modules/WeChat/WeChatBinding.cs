using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.WeChat;

// One WeChat identity (openid of one Official Account) bound to one Gongzhi account (微信绑定).
// An openid is per Official Account, so the pair (AppId, OpenId) is what is unique.
public sealed class WeChatBinding
{
    public long Id { get; private set; }
    public string AppId { get; private set; } = "";
    public string OpenId { get; private set; } = "";
    public string? UnionId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTime BoundAt { get; private set; }
    // Set when WeChat answered 43004 (the person unfollowed the Official Account): template sends to
    // this binding stop and the message goes to the fallback channel, until the person signs in
    // through WeChat again (which is a sign they are back in the account's menu).
    public DateTime? UnsubscribedAt { get; private set; }

    private WeChatBinding() { }

    public static WeChatBinding Bind(string appId, string openId, string? unionId, string userId, DateTime now) =>
        new() { AppId = appId, OpenId = openId, UnionId = unionId, UserId = userId, BoundAt = now };
}

internal sealed class WeChatBindingConfiguration : IEntityTypeConfiguration<WeChatBinding>
{
    public void Configure(EntityTypeBuilder<WeChatBinding> b)
    {
        b.ToTable("WeChatBindings");
        b.Property(x => x.AppId).HasMaxLength(32);
        b.Property(x => x.OpenId).HasMaxLength(64);
        b.Property(x => x.UnionId).HasMaxLength(64);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => new { x.AppId, x.OpenId }).IsUnique();
        b.HasIndex(x => x.UserId);
    }
}

// The Official Account's access_token and jsapi_ticket, shared by every app instance on the database.
// WeChat retires the previous token when a new one is fetched, so only the instance that holds the
// lease (a conditional update on Version while LeaseUntil is past) asks WeChat; the others wait for
// the row. The token is a two-hour credential: it sits here in plain text because every instance
// must read it (their data-protection keys are their own).
public sealed class WeChatCredential
{
    public const string AccessToken = "access_token";
    public const string JsApiTicket = "jsapi_ticket";
    public const int ValueLength = 512;

    public string AppId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string? Value { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? LeaseUntil { get; private set; }
    public long Version { get; private set; }

    private WeChatCredential() { }

    public static WeChatCredential Empty(string appId, string kind) => new() { AppId = appId, Kind = kind, ExpiresAt = DateTime.UnixEpoch };
}

internal sealed class WeChatCredentialConfiguration : IEntityTypeConfiguration<WeChatCredential>
{
    public void Configure(EntityTypeBuilder<WeChatCredential> b)
    {
        b.ToTable("WeChatCredentials");
        b.HasKey(x => new { x.AppId, x.Kind });
        b.Property(x => x.AppId).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.Value).HasMaxLength(WeChatCredential.ValueLength);
    }
}
