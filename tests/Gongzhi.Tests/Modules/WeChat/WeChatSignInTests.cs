using System.Net;
using Gongzhi.Web.Modules.WeChat;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Gongzhi.Tests.Modules.WeChat;

// Web sign-in (网页授权) through the real host and a local listener that answers as WeChat's
// documentation says (see WeChatListener for the pages). The test plays the person's WeChat:
// it follows our redirect to the authorize URL, and comes back with the code WeChat would give.
public abstract class WeChatSignInTests(WeChatApp app)
{
    private const string UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN";

    private PageSession Browser(bool inWeChat = true)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");
        if (inWeChat) client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        return new PageSession(client);
    }

    // Our redirect must be exactly the documented authorize URL; returns the state it carries.
    private static async Task<string> AuthorizeAsync(PageSession browser, string redirectPath = "/wechat/callback")
    {
        var response = await browser.Client.GetAsync("/wechat/authorize?community=1");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(app_OpenBase(location) + "connect/oauth2/authorize");
        location.Fragment.ShouldBe("#wechat_redirect");
        var q = QueryHelpers.ParseQuery(location.Query);
        q["appid"].ToString().ShouldBe(WeChatListener.AppId);
        q["response_type"].ToString().ShouldBe("code");
        q["scope"].ToString().ShouldBe("snsapi_base");
        new Uri(q["redirect_uri"].ToString()).AbsolutePath.ShouldBe(redirectPath);
        location.ToString().ShouldNotContain(WeChatListener.Secret);
        var state = q["state"].ToString();
        state.Length.ShouldBeGreaterThanOrEqualTo(16);
        return state;
    }

    private static string app_OpenBase(Uri location) => $"{location.Scheme}://{location.Authority}/";

    private static Task<HttpResponseMessage> CallbackAsync(PageSession browser, string code, string state) =>
        browser.Client.GetAsync($"/wechat/callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");

    private async Task<bool> SignedInAsync(PageSession browser) => (await browser.Client.GetStringAsync("/")).Contains("href=\"/me\"", StringComparison.Ordinal);

    private async Task<int> BindingsAsync(string openId)
    {
        await using var db = app.NewDb();
        return await db.Set<WeChatBinding>().CountAsync(b => b.OpenId == openId);
    }

    [Fact]
    public async Task The_button_shows_only_in_WeChats_browser()
    {
        var inside = await Browser().Client.GetStringAsync("/wechat?community=1");
        inside.ShouldContain("data-testid=\"wechat-login\"");
        inside.ShouldContain("微信登录");
        inside.ShouldNotContain(WeChatListener.Secret);
        var outside = await Browser(inWeChat: false).Client.GetStringAsync("/wechat?community=1");
        outside.ShouldNotContain("data-testid=\"wechat-login\"");
        outside.ShouldContain("data-testid=\"not-wechat\"");
    }

    [Fact]
    public async Task A_community_without_an_Official_Account_has_no_authorize_redirect()
    {
        (await Browser().Client.GetAsync("/wechat/authorize?community=999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task First_sign_in_binds_by_phone_code_and_the_second_signs_in_silently()
    {
        const string openId = "o6_bmjrPTlm6_2sgVt7hMZOPfL01";
        var phone = app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "19900000101" : "19900000102";
        var browser = Browser();
        var state = await AuthorizeAsync(browser);
        var callback = await CallbackAsync(browser, app.WeChat.Issue(openId), state);
        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        callback.Headers.Location!.OriginalString.ShouldEndWith("/wechat/bind");
        (await SignedInAsync(browser)).ShouldBeFalse();

        var sent = await browser.PostFormAsync("/wechat/bind", "wechat-bind", new() { ["Input.Phone"] = phone, ["Input.Name"] = "微信居民" });
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        var code = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(phone);
        code.ShouldNotBeNull();

        // A wrong phone code binds nothing.
        var wrong = await browser.PostFormAsync("/wechat/bind", "wechat-bind", new() { ["Input.Phone"] = phone, ["Input.Step"] = "bind", ["Input.Code"] = code == "000000" ? "111111" : "000000" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("验证码不正确或已过期");
        (await BindingsAsync(openId)).ShouldBe(0);

        var bound = await browser.PostFormAsync("/wechat/bind", "wechat-bind", new() { ["Input.Phone"] = phone, ["Input.Step"] = "bind", ["Input.Code"] = code });
        bound.StatusCode.ShouldBe(HttpStatusCode.Redirect, await bound.Content.ReadAsStringAsync());
        (await SignedInAsync(browser)).ShouldBeTrue();
        await using (var db = app.NewDb())
        {
            var binding = await db.Set<WeChatBinding>().SingleAsync(b => b.OpenId == openId);
            binding.AppId.ShouldBe(WeChatListener.AppId);
            binding.UnionId.ShouldNotBeNull();
            var user = await db.Users.SingleAsync(u => u.Id == binding.UserId);
            user.UserName.ShouldBe(phone);
            user.PhoneNumberConfirmed.ShouldBeTrue();
            user.DisplayName.ShouldBe("微信居民");
        }

        // Next time, from a fresh browser: WeChat's code alone signs the person in.
        var again = Browser();
        var second = await CallbackAsync(again, app.WeChat.Issue(openId), await AuthorizeAsync(again));
        second.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(new Uri("http://localhost/"), second.Headers.Location!).AbsolutePath.ShouldBe("/");
        (await SignedInAsync(again)).ShouldBeTrue();
    }

    [Fact]
    public async Task An_existing_account_binds_with_its_own_phone_and_no_new_account_is_made()
    {
        const string openId = "o6_bmjrPTlm6_2sgVt7hMZOPfL02";
        var resident = (await DemoFacts.ForAsync(app)).ResidentUserName; // demo residents sign in with their phone
        await using var before = app.NewDb();
        var accounts = await before.Users.CountAsync();

        var browser = Browser();
        await CallbackAsync(browser, app.WeChat.Issue(openId), await AuthorizeAsync(browser));
        (await browser.PostFormAsync("/wechat/bind", "wechat-bind", new() { ["Input.Phone"] = resident })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(resident)!;
        (await browser.PostFormAsync("/wechat/bind", "wechat-bind", new() { ["Input.Phone"] = resident, ["Input.Step"] = "bind", ["Input.Code"] = code }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var after = app.NewDb();
        (await after.Users.CountAsync()).ShouldBe(accounts);
        var binding = await after.Set<WeChatBinding>().SingleAsync(b => b.OpenId == openId);
        (await after.Users.SingleAsync(u => u.Id == binding.UserId)).UserName.ShouldBe(resident);
    }

    [Fact]
    public async Task A_replayed_code_is_refused_by_WeChat_and_signs_nobody_in()
    {
        const string openId = "o6_bmjrPTlm6_2sgVt7hMZOPfL03";
        var browser = Browser();
        var code = app.WeChat.Issue(openId);
        (await CallbackAsync(browser, code, await AuthorizeAsync(browser))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var attacker = Browser();
        var replay = await CallbackAsync(attacker, code, await AuthorizeAsync(attacker));
        replay.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("微信授权码已使用或已过期");
        app.WeChat.Exchanges.ShouldContain((code, 40163));
        (await SignedInAsync(attacker)).ShouldBeFalse();
        (await attacker.Client.GetStringAsync("/wechat/bind")).ShouldNotContain("name=\"Input.Phone\"");
    }

    [Fact]
    public async Task With_snsapi_userinfo_only_the_nickname_is_read_and_only_offered_as_the_new_accounts_name()
    {
        const string openId = "o6_bmjrPTlm6_2sgVt7hMZOPfL05";
        var phone = app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "19900000105" : "19900000106";
        app.WeChat.Nicknames[openId] = "阳光小区老王";
        var browser = Browser();
        var authorize = await browser.Client.GetAsync("/wechat/authorize?community=1&scope=userinfo");
        var q = QueryHelpers.ParseQuery(authorize.Headers.Location!.Query);
        q["scope"].ToString().ShouldBe("snsapi_userinfo");
        var code = app.WeChat.Issue(openId, userInfo: true);
        (await CallbackAsync(browser, code, q["state"].ToString())).Headers.Location!.OriginalString.ShouldEndWith("/wechat/bind");

        // The documented request: the web-authorization token of this code, the openid, lang=zh_CN.
        app.WeChat.UserInfoRequests.ShouldContain($"ACCESS_TOKEN_{code}|{openId}|zh_CN");
        var form = await browser.Client.GetStringAsync("/wechat/bind");
        form.ShouldContain("value=\"阳光小区老王\"");
        form.ShouldNotContain("qlogo.cn"); // the avatar is neither shown nor kept
        form.ShouldNotContain("广州");

        // The person keeps the suggestion: it becomes the new account's name, and nothing else of WeChat's profile is stored.
        (await browser.PostFormAsync("/wechat/bind", "wechat-bind", new() { ["Input.Phone"] = phone, ["Input.Name"] = "阳光小区老王" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var sent = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(phone)!;
        (await browser.PostFormAsync("/wechat/bind", "wechat-bind", new() { ["Input.Phone"] = phone, ["Input.Step"] = "bind", ["Input.Code"] = sent }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = app.NewDb();
        var binding = await db.Set<WeChatBinding>().SingleAsync(b => b.OpenId == openId);
        (await db.Users.SingleAsync(u => u.Id == binding.UserId)).DisplayName.ShouldBe("阳光小区老王");

        // snsapi_base (the default) never asks for the profile.
        var asked = app.WeChat.UserInfoRequests.Count;
        var silent = Browser();
        await CallbackAsync(silent, app.WeChat.Issue("o6_bmjrPTlm6_2sgVt7hMZOPfL06"), await AuthorizeAsync(silent));
        app.WeChat.UserInfoRequests.Count.ShouldBe(asked);
        (await silent.Client.GetStringAsync("/wechat/bind")).ShouldNotContain("阳光小区老王");
    }

    [Fact]
    public async Task A_wrong_or_missing_state_is_refused_before_WeChat_is_asked()
    {
        const string openId = "o6_bmjrPTlm6_2sgVt7hMZOPfL04";
        var browser = Browser();
        await AuthorizeAsync(browser);
        var code = app.WeChat.Issue(openId);
        var forged = await CallbackAsync(browser, code, "0123456789ABCDEF0123456789ABCDEF");
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("登录请求已失效");

        // A browser that never started the round trip (a link planted by someone else) is refused too.
        var stranger = Browser();
        (await CallbackAsync(stranger, code, await AuthorizeAsync(Browser()))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        app.WeChat.Exchanges.ShouldNotContain(e => e.Code == code);
        (await BindingsAsync(openId)).ShouldBe(0);
        (await SignedInAsync(browser)).ShouldBeFalse();
    }
}

public sealed class WeChatSignInSqliteTests(WeChatSqliteApp app) : WeChatSignInTests(app), IClassFixture<WeChatSqliteApp>;

public sealed class WeChatSignInPostgresTests(WeChatPostgresApp app) : WeChatSignInTests(app), IClassFixture<WeChatPostgresApp>;
