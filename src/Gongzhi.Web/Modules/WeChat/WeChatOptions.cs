namespace Gongzhi.Web.Modules.WeChat;

// Settings under "WeChat": the Official Accounts (公众号) and the communities each serves. The
// secret lives only in configuration (environment or a secrets file), never in the database
// and never on a page. The two base addresses are WeChat's; tests point them at a local listener.
public sealed class WeChatOptions
{
    public string OpenBase { get; set; } = "https://open.weixin.qq.com";
    public string ApiBase { get; set; } = "https://api.weixin.qq.com";
    public List<OfficialAccount> Accounts { get; set; } = [];

    // The site's public address (https://gz.example.cn): template messages carry absolute links.
    public string? PublicBase { get; set; }

    // Pages that do not know their community (the login page, the JS-SDK of a shared page) use the first account.
    public OfficialAccount? Default => Accounts.FirstOrDefault();

    public OfficialAccount? ForCommunity(long communityId) => Accounts.FirstOrDefault(a => a.Communities.Contains(communityId));

    public OfficialAccount? ForAppId(string appId) => Accounts.FirstOrDefault(a => a.AppId == appId);
}

public sealed class OfficialAccount
{
    public string AppId { get; set; } = "";
    public string Secret { get; set; } = "";
    public List<long> Communities { get; set; } = [];

    // Template ids belong to an Official Account (chosen in its back office), one per inbox kind
    // that goes outbound: "case.resolved" → { Id, Field }. Field is the template's data key that
    // carries our message text ("first" for the classic industry templates).
    public Dictionary<string, TemplateSetting> Templates { get; set; } = [];
}

public sealed class TemplateSetting
{
    public string Id { get; set; } = "";
    public string Field { get; set; } = "first";
}
