using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gongzhi.Tests.Modules.Notices;
using Gongzhi.Web.Modules.WeChat;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gongzhi.Tests.Modules.WeChat;

// What happens to a template message beyond the happy path, and the token shared by two instances:
// the listener (WeChatListener, which cites WeChat's pages) plays WeChat, a second LocalListener plays
// the SMS provider (Aliyun dysmsapi SendSms, as in AliyunSmsTests).
public abstract class WeChatDeliveryTests(WeChatApp app)
{
    private OfficialAccount Account => app.Services.GetRequiredService<IOptions<WeChatOptions>>().Value.Default!;

    private async Task<string> BindAsync(string userName, string openId)
    {
        var userId = (await DemoFacts.ForAsync(app)).UserIds[userName];
        await using var db = app.NewDb();
        db.Set<WeChatBinding>().Add(WeChatBinding.Bind(WeChatListener.AppId, openId, null, userId, DateTime.UtcNow));
        await db.SaveChangesAsync();
        return userId;
    }

    private async Task<DateTime?> UnsubscribedAtAsync(string openId)
    {
        await using var db = app.NewDb();
        return await db.Set<WeChatBinding>().Where(b => b.OpenId == openId).Select(b => b.UnsubscribedAt).SingleAsync();
    }

    private string OutboxFile => Path.Combine(app.DataDirectory, "outbox", "messages.log");

    private bool InFile(string userId, string text) =>
        File.Exists(OutboxFile) && File.ReadAllLines(OutboxFile).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
            .Any(e => e.GetProperty("UserId").GetString() == userId && (e.GetProperty("Text").GetString() ?? "").Contains(text, StringComparison.Ordinal));

    private static bool Carries(JsonElement body, string text) =>
        body.GetProperty("data").GetProperty("first").GetProperty("value").GetString() == text;

    [Fact]
    public async Task Two_instances_sending_at_once_fetch_the_token_once_and_share_it()
    {
        var user = await BindAsync("wangge.zhang", "oShared_token_000000000000001");
        var tokens = app.Services.GetRequiredService<WeChatTokens>();
        var second = new WeChatSecondHost(app);
        await second.InitializeAsync();
        try
        {
            // Start from no valid token anywhere: this instance forgets it and the shared row is marked stale.
            await tokens.ForgetAsync(Account, await tokens.AccessTokenAsync(Account, default), default);
            await tokens.ForgetAsync(Account, WeChatListener.Ticket, default);
            GongzhiApp[] hosts = [app, second];
            var tokensBefore = app.WeChat.TokensIssued;
            var ticketsBefore = app.WeChat.TicketsIssued;
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
                hosts[i % 2].Services.GetRequiredService<IOutboundSender>().SendAsync(new OutboundMessage(user, null, "case.resolved", $"两台服务器 {i}", null)))));
            // One fetch in all: had each instance fetched, the first token would be retired and its sends answered 40001 and retried.
            app.WeChat.TokensIssued.ShouldBe(tokensBefore + 1);
            for (var i = 0; i < 12; i++) app.WeChat.Templates.Count(t => Carries(t, $"两台服务器 {i}")).ShouldBe(1);

            // The JS-SDK ticket likewise: pages signed on both instances, one getticket.
            var page = Uri.EscapeDataString("http://localhost/cases/new");
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => hosts[i % 2].CreateClient().GetAsync($"/wechat/jssdk?url={page}"))));
            answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
            app.WeChat.TicketsIssued.ShouldBe(ticketsBefore + 1);
            app.WeChat.TokensIssued.ShouldBe(tokensBefore + 1);

            await using var db = app.NewDb();
            var rows = await db.Set<WeChatCredential>().Where(c => c.AppId == WeChatListener.AppId).ToListAsync();
            rows.Single(r => r.Kind == WeChatCredential.AccessToken).Value.ShouldBe("TOKEN_" + app.WeChat.TokensIssued);
            rows.Single(r => r.Kind == WeChatCredential.JsApiTicket).Value.ShouldBe(WeChatListener.Ticket);
            rows.ShouldAllBe(r => r.LeaseUntil == null);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_token_retired_elsewhere_is_fetched_again_once_for_both_instances()
    {
        var user = await BindAsync("jianshe", "oShared_retired_0000000000002");
        await app.Services.GetRequiredService<IOutboundSender>().SendAsync(new OutboundMessage(user, null, "case.resolved", "退役前", null));
        var second = new WeChatSecondHost(app);
        await second.InitializeAsync();
        try
        {
            await second.Services.GetRequiredService<IOutboundSender>().SendAsync(new OutboundMessage(user, null, "case.resolved", "第二台先用共享的", null));
            var before = app.WeChat.TokensIssued;
            app.WeChat.RetireToken(); // a tool outside Gongzhi fetched a token for the account
            await app.Services.GetRequiredService<IOutboundSender>().SendAsync(new OutboundMessage(user, null, "case.resolved", "退役后一", null));
            await second.Services.GetRequiredService<IOutboundSender>().SendAsync(new OutboundMessage(user, null, "case.resolved", "退役后二", null));
            app.WeChat.TokensIssued.ShouldBe(before + 1); // the second instance read the new token from the row instead of fetching
            app.WeChat.Templates.Count(t => Carries(t, "退役后一")).ShouldBe(1);
            app.WeChat.Templates.Count(t => Carries(t, "退役后二")).ShouldBe(1);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unsubscribed_person_gets_the_fallback_and_no_more_template_tries_until_they_sign_in_through_WeChat()
    {
        const string openId = "oTemplate_unsubscribed_000003";
        var user = await BindAsync("loudong", openId);
        var sender = app.Services.GetRequiredService<IOutboundSender>();
        app.WeChat.Unsubscribed[openId] = true;

        await sender.SendAsync(new OutboundMessage(user, "13800000003", "case.resolved", "退订的人。丁", null)); // no exception: the outbox counts it done
        app.WeChat.Templates.ShouldNotContain(t => Carries(t, "退订的人。丁"));
        InFile(user, "退订的人。丁").ShouldBeTrue(); // the channel behind (SMS in production) carries it
        (await UnsubscribedAtAsync(openId)).ShouldNotBeNull();
        app.WeChat.TemplateAttempts.Count(a => a == openId).ShouldBe(1);

        await sender.SendAsync(new OutboundMessage(user, "13800000003", "case.resolved", "退订的人。戊", null));
        InFile(user, "退订的人。戊").ShouldBeTrue();
        app.WeChat.TemplateAttempts.Count(a => a == openId).ShouldBe(1); // WeChat is not asked again

        // They follow the account again and come in from its menu: the mark is cleared and templates resume.
        app.WeChat.Unsubscribed.TryRemove(openId, out _);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var authorize = await browser.GetAsync("/wechat/authorize?community=1");
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(authorize.Headers.Location!.Query)["state"].ToString();
        var callback = await browser.GetAsync($"/wechat/callback?code={app.WeChat.Issue(openId)}&state={state}");
        new Uri(new Uri("http://localhost/"), callback.Headers.Location!).AbsolutePath.ShouldBe("/");
        (await UnsubscribedAtAsync(openId)).ShouldBeNull();

        await sender.SendAsync(new OutboundMessage(user, "13800000003", "case.resolved", "退订的人。己", null));
        app.WeChat.Templates.Count(t => Carries(t, "退订的人。己")).ShouldBe(1);
        InFile(user, "退订的人。己").ShouldBeFalse();
    }

    // The SMS provider behind the template sender, speaking Aliyun's published protocol on a local port.
    private (WeChatTemplateSender Sender, LocalListener Sms) WithSms()
    {
        var sms = new LocalListener { Answer = _ => (200, "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\",\"Code\":\"OK\",\"BizId\":\"900619746936498440^0\"}") };
        var aliyun = new AliyunSmsSender(new HttpClient(), new AliyunSmsOptions
        {
            Endpoint = sms.Url, AccessKeyId = "LTAI-test-key", AccessKeySecret = "s3cr3t", SignName = "团结巷社区",
            Templates = new() { ["case.resolved"] = "SMS_465000009" },
        }, TimeProvider.System, NullLogger<AliyunSmsSender>.Instance);
        var sender = ActivatorUtilities.CreateInstance<WeChatTemplateSender>(app.Services, (IOutboundSender)aliyun);
        return (sender, sms);
    }

    private static Dictionary<string, string> Query(string pathAndQuery) =>
        pathAndQuery[(pathAndQuery.IndexOf('?') + 1)..].Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));

    [Fact]
    public async Task A_template_WeChat_refuses_for_good_goes_by_SMS_and_a_passing_failure_is_left_for_the_outbox_to_retry()
    {
        const string openId = "oTemplate_refused_00000000004";
        var user = await BindAsync("wangge.chen", openId);
        var (sender, sms) = WithSms();
        using var smsServer = sms;

        // 40003 "invalid openid" will not change by retrying: the person gets the SMS instead.
        app.WeChat.Refuse[openId] = 40003;
        await sender.SendAsync(new OutboundMessage(user, "13812345670", "case.resolved", "您的诉求已办结，请评价。庚", "/cases/70"));
        var request = sms.Requests.Single();
        var p = Query(request.PathAndQuery);
        p["Action"].ShouldBe("SendSms");
        p["PhoneNumbers"].ShouldBe("13812345670");
        p["TemplateCode"].ShouldBe("SMS_465000009");
        JsonNode.Parse(p["TemplateParam"])!["content"]!.GetValue<string>().ShouldBe("您的诉求已办结，请评价。庚");
        (await UnsubscribedAtAsync(openId)).ShouldBeNull(); // only 43004 marks the binding

        // -1 "system busy" may pass: no SMS now, the exception makes the outbox release the message for a later pass.
        app.WeChat.Refuse[openId] = -1;
        var busy = await Should.ThrowAsync<WeChatApiException>(() => sender.SendAsync(new OutboundMessage(user, "13812345670", "case.resolved", "系统繁忙。辛", null)));
        busy.ErrCode.ShouldBe(-1);
        sms.Requests.Count.ShouldBe(1);

        // Unsubscribed (43004) falls back to SMS too.
        app.WeChat.Refuse.TryRemove(openId, out _);
        app.WeChat.Unsubscribed[openId] = true;
        await sender.SendAsync(new OutboundMessage(user, "13812345670", "case.resolved", "退订后短信。壬", null));
        sms.Requests.Count.ShouldBe(2);
        JsonNode.Parse(Query(sms.Requests.Last().PathAndQuery)["TemplateParam"])!["content"]!.GetValue<string>().ShouldBe("退订后短信。壬");
        app.WeChat.Unsubscribed.TryRemove(openId, out _);
    }
}

public sealed class WeChatDeliverySqliteTests(WeChatSqliteApp app) : WeChatDeliveryTests(app), IClassFixture<WeChatSqliteApp>;

public sealed class WeChatDeliveryPostgresTests(WeChatPostgresApp app) : WeChatDeliveryTests(app), IClassFixture<WeChatPostgresApp>;
