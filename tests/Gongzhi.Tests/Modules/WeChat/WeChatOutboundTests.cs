using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongzhi.Web.Modules.WeChat;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.Extensions.Options;

namespace Gongzhi.Tests.Modules.WeChat;

// The access_token cache, template messages and the JS-SDK signature, through the real host's
// services and endpoints against the local listener (WeChatListener cites WeChat's pages).
public abstract class WeChatOutboundTests(WeChatApp app)
{
    private async Task<string> BindAsync(string userName, string openId)
    {
        var userId = (await DemoFacts.ForAsync(app)).UserIds[userName];
        await using var db = app.NewDb();
        db.Set<WeChatBinding>().Add(WeChatBinding.Bind(WeChatListener.AppId, openId, null, userId, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return userId;
    }

    private IOutboundSender Sender => app.Services.GetRequiredService<IOutboundSender>();

    private string OutboxFile => Path.Combine(app.DataDirectory, "outbox", "messages.log");

    // The development channel writes one JSON object per line (Chinese escaped as \uXXXX), so read it as JSON.
    private bool InFile(string userId, string text) =>
        File.Exists(OutboxFile) && File.ReadAllLines(OutboxFile).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
            .Any(e => e.GetProperty("UserId").GetString() == userId && (e.GetProperty("Text").GetString() ?? "").Contains(text, StringComparison.Ordinal));

    private static bool Carries(JsonElement body, string text) =>
        body.GetProperty("data").GetProperty("first").GetProperty("value").GetString() == text;

    [Fact]
    public async Task A_bound_resident_gets_the_documented_template_and_others_fall_back_to_the_channel()
    {
        const string openId = "oTemplate_bound_0000000000001";
        var bound = await BindAsync("wangge.li", openId);
        var unbound = (await DemoFacts.ForAsync(app)).UserIds["wangge.chen"];

        await Sender.SendAsync(new OutboundMessage(bound, "13800000000", "case.resolved", "您的诉求已办结，请评价。甲", "/cases/7"));
        var sent = app.WeChat.Templates.Single(t => Carries(t, "您的诉求已办结，请评价。甲"));
        sent.GetProperty("touser").GetString().ShouldBe(openId);
        sent.GetProperty("template_id").GetString().ShouldBe(WeChatApp.TemplateId);
        sent.GetProperty("url").GetString().ShouldBe("https://gz.example.cn/cases/7");
        InFile(bound, "请评价。甲").ShouldBeFalse();

        // Not bound: the platform's channel (here the development file) as before, and nothing to WeChat.
        await Sender.SendAsync(new OutboundMessage(unbound, "13800000001", "case.resolved", "您的诉求已办结，请评价。乙", "/cases/8"));
        InFile(unbound, "请评价。乙").ShouldBeTrue();
        app.WeChat.Templates.ShouldNotContain(t => Carries(t, "您的诉求已办结，请评价。乙"));

        // Bound, but the account has no template for this kind: the channel too.
        await Sender.SendAsync(new OutboundMessage(bound, "13800000000", "case.escalated", "诉求已上报。丙", "/cases/9"));
        InFile(bound, "诉求已上报。丙").ShouldBeTrue();
        app.WeChat.Templates.ShouldNotContain(t => Carries(t, "诉求已上报。丙"));
    }

    [Fact]
    public async Task An_expired_token_is_fetched_again_once_and_the_send_retried()
    {
        var user = await BindAsync("jianshe", "oTemplate_expired_00000000002");
        await Sender.SendAsync(new OutboundMessage(user, null, "case.resolved", "第一条", null)); // a token is cached now
        var before = app.WeChat.TokensIssued;
        await Sender.SendAsync(new OutboundMessage(user, null, "case.resolved", "第二条", null));
        app.WeChat.TokensIssued.ShouldBe(before); // cached, not fetched per message

        app.WeChat.RetireToken(); // another server fetched a token: ours now answers 40001
        await Sender.SendAsync(new OutboundMessage(user, null, "case.resolved", "第三条", null));
        app.WeChat.TokensIssued.ShouldBe(before + 1);
        app.WeChat.Templates.Count(t => Carries(t, "第三条")).ShouldBe(1);
    }

    [Fact]
    public async Task Many_callers_at_once_fetch_the_token_once()
    {
        var tokens = app.Services.GetRequiredService<WeChatTokens>();
        var account = app.Services.GetRequiredService<IOptions<WeChatOptions>>().Value.Default!;
        await tokens.ForgetAsync(account, await tokens.AccessTokenAsync(account, default), default);
        var before = app.WeChat.TokensIssued;
        var got = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => tokens.AccessTokenAsync(account, default))));
        got.Distinct().Count().ShouldBe(1);
        app.WeChat.TokensIssued.ShouldBe(before + 1);
    }

    [Fact]
    public void The_signature_equals_the_worked_example_in_WeChats_JS_SDK_appendix()
    {
        // 附录1-JS-SDK使用权限签名算法: these four values give 0f9de62fce790f9a083d5c99e95740ceb90c27ed.
        WeChatJsSdk.Signature(WeChatListener.Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value")
            .ShouldBe("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
        // The fragment is not part of the signed address.
        WeChatJsSdk.Signature("t", "n", 1, "http://a/b?c=d#e").ShouldBe(WeChatJsSdk.Signature("t", "n", 1, "http://a/b?c=d"));
    }

    [Fact]
    public async Task The_endpoint_signs_a_page_of_this_site_with_the_cached_ticket()
    {
        var client = app.CreateClient();
        var page = "http://localhost/cases/new?grid=3";
        var answer = await client.GetAsync($"/wechat/jssdk?community=1&url={Uri.EscapeDataString(page + "#top")}");
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        json.GetProperty("appId").GetString().ShouldBe(WeChatListener.AppId);
        var timestamp = json.GetProperty("timestamp").GetInt64();
        var nonce = json.GetProperty("nonceStr").GetString()!;
#pragma warning disable CA5350 // WeChat's protocol prescribes SHA1
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"jsapi_ticket={WeChatListener.Ticket}&noncestr={nonce}&timestamp={timestamp}&url={page}")));
#pragma warning restore CA5350
        json.GetProperty("signature").GetString().ShouldBe(expected);
        (await answer.Content.ReadAsStringAsync()).ShouldNotContain(WeChatListener.Ticket);

        var tickets = app.WeChat.TicketsIssued;
        (await client.GetAsync($"/wechat/jssdk?community=1&url={Uri.EscapeDataString(page)}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.WeChat.TicketsIssued.ShouldBe(tickets); // cached
    }

    [Fact]
    public async Task The_endpoint_refuses_other_sites_and_unknown_communities()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");
        var foreign = await client.GetAsync($"/wechat/jssdk?community=1&url={Uri.EscapeDataString("https://evil.example.com/x")}");
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await foreign.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("只能为本站页面签名");
        (await client.GetAsync("/wechat/jssdk?community=1&url=not-a-url")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync($"/wechat/jssdk?community=999999&url={Uri.EscapeDataString("http://localhost/")}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class WeChatOutboundSqliteTests(WeChatSqliteApp app) : WeChatOutboundTests(app), IClassFixture<WeChatSqliteApp>;

public sealed class WeChatOutboundPostgresTests(WeChatPostgresApp app) : WeChatOutboundTests(app), IClassFixture<WeChatPostgresApp>;
