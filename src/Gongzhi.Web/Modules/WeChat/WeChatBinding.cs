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
