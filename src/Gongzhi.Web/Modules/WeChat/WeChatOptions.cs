namespace Gongzhi.Web.Modules.WeChat;

// Settings under "WeChat": the Official Accounts (公众号) and the communities each serves. The
// secret lives only in configuration (environment or a secrets file), never in the database
// and never on a page. The two base addresses are WeChat's; tests point them at a local listener.
public sealed class WeChatOptions
{
    public string OpenBase { get; set; } = "https://open.weixin.qq.com";
    public string ApiBase { get; set; } = "https://api.weixin.qq.com";
    public List<OfficialAccount> Accounts { get; set; } = [];

    public OfficialAccount? ForCommunity(long communityId) => Accounts.FirstOrDefault(a => a.Communities.Contains(communityId));

    public OfficialAccount? ForAppId(string appId) => Accounts.FirstOrDefault(a => a.AppId == appId);
}

public sealed class OfficialAccount
{
    public string AppId { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<long> Communities { get; set; } = [];
}
