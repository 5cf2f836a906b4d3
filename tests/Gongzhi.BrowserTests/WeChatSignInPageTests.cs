using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// A resident opens the community's page inside WeChat (a MicroMessenger user agent), taps "微信登录",
// passes WeChat's authorize page (a local listener playing it) and lands on their home page, signed
// in: the first time after one phone code, the second time silently.
// In the browser collection although it has its own host: its demo seeding in parallel with the other browser tests
// starved them of the two cores, and a 30 s wait in the volunteering journey ran out in CI.
[Collection("browser")]
public sealed class WeChatSignInPageTests(WeChatBrowserApp app) : IClassFixture<WeChatBrowserApp>
{
    private const string UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2f) NetType/WIFI Language/zh_CN";

    [Fact]
    public async Task A_resident_signs_in_from_WeChat_binds_once_by_phone_and_next_time_lands_home_at_once()
    {
        var (userName, phone, displayName) = await ResidentAsync();
        app.WeChat.AuthorizeAs = "o6_bmjrPTlm6_2sgVt7hMZOPfLBR";

        var first = await app.NewWeChatPageAsync(UserAgent);
        await first.GotoAsync("/login");
        await first.ClickAsync("[data-testid=wechat-login]");
        // Our redirect → WeChat's authorize page → back to /wechat/callback with code and state → the bind form.
        await first.WaitForURLAsync(url => PageChecks.PathOf(url) == "/wechat/bind");
        app.WeChat.Authorized.ShouldContain(a => a.Contains("scope=snsapi_base", StringComparison.Ordinal) && a.Contains("response_type=code", StringComparison.Ordinal));
        await first.FillAsync("#phone", phone);
        await first.ClickAsync("main form button[type=submit]");
        await Expect(first.Locator("#code")).ToBeVisibleAsync();
        var code = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(phone);
        code.ShouldNotBeNull();
        await first.FillAsync("#code", code);
        await first.ClickAsync("main form button[type=submit]");
        await first.WaitForURLAsync(url => PageChecks.PathOf(url) == "/");
        await Expect(first.Locator("a[href='/me']:visible").First).ToBeVisibleAsync();
        await first.ScreenshotAsync("wechat-home-after-bind");
        await first.ShouldNotScrollSidewaysAsync();

        await using (var db = app.NewDb())
        {
            var userId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
            (await db.Set<Gongzhi.Web.Modules.WeChat.WeChatBinding>().CountAsync(b => b.OpenId == app.WeChat.AuthorizeAs && b.UserId == userId)).ShouldBe(1);
        }

        // Another day, a fresh WeChat browser: one tap, WeChat's code, and the resident is home.
        var second = await app.NewWeChatPageAsync(UserAgent);
        await second.GotoAsync("/login");
        await second.ClickAsync("[data-testid=wechat-login]");
        await second.WaitForURLAsync(url => PageChecks.PathOf(url) == "/");
        await Expect(second.Locator("a[href='/me']:visible").First).ToBeVisibleAsync();
        (await second.GotoAsync("/me"))!.Ok.ShouldBeTrue();
        await Expect(second.Locator("main")).ToContainTextAsync(displayName);
    }

    private async Task<(string UserName, string Phone, string DisplayName)> ResidentAsync()
    {
        await using var db = app.NewDb();
        var role = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync();
        var resident = await (from ur in db.UserRoles join u in db.Users on ur.UserId equals u.Id
                              where ur.RoleId == role && u.PhoneNumberConfirmed && u.ResidentId != null && u.PhoneNumber != null
                              orderby u.CreatedAt select new { u.UserName, u.PhoneNumber, u.DisplayName }).FirstAsync();
        return (resident.UserName!, resident.PhoneNumber!, resident.DisplayName ?? "");
    }
}

// The app on a loopback port with an Official Account whose API and authorize page are a local listener.
public sealed class WeChatBrowserApp : LoopbackApp
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public WeChatAuthorizeListener WeChat { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "true", ["Demo:Households"] = "100", ["Privacy:Key"] = KeyFrom(9),
        ["WeChat:ApiBase"] = WeChat.Base, ["WeChat:OpenBase"] = WeChat.Base,
        ["WeChat:Accounts:0:AppId"] = WeChatAuthorizeListener.AppId, ["WeChat:Accounts:0:Secret"] = WeChatAuthorizeListener.Secret,
        ["WeChat:Accounts:0:Communities:0"] = "1",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    public Task<IPage> NewWeChatPageAsync(string userAgent) => _browser!.NewPageAsync(BaseAddress, 375, 740, userAgent);

    public override async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        WeChat.Dispose();
    }
}

// WeChat's web authorization as its documentation describes it, for a real browser:
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
// 第一步 GET /connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope=snsapi_base|snsapi_userinfo&state
// (the #wechat_redirect fragment stays in the browser): once the person agrees, WeChat sends the browser to
// redirect_uri?code=CODE&state=STATE — here at once, for the openid in AuthorizeAs.
// 第二步 GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code →
// {"access_token","expires_in":7200,"refresh_token","openid","scope","is_snapshotuser"} or
// {"errcode":40029,"errmsg":"invalid code"}; a code works once (40163 "code been used").
public sealed class WeChatAuthorizeListener : IDisposable
{
    public const string AppId = "wx7f3a9c2b1d4e5f60";
    public const string Secret = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (string OpenId, bool Used)> _codes = new();
    public ConcurrentQueue<string> Authorized { get; } = new();
    public string Base { get; }
    public string? AuthorizeAs { get; set; }

    public WeChatAuthorizeListener()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Base = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
            probe.Stop();
        }
        _listener.Prefixes.Add(Base);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var q = context.Request.QueryString;
            if (context.Request.Url!.AbsolutePath == "/connect/oauth2/authorize" && q["appid"] == AppId && q["response_type"] == "code"
                && q["scope"] is "snsapi_base" or "snsapi_userinfo" && Uri.TryCreate(q["redirect_uri"], UriKind.Absolute, out var back) && AuthorizeAs is { } openId)
            {
                Authorized.Enqueue(context.Request.Url.Query);
                var code = Guid.NewGuid().ToString("N");
                _codes[code] = (openId, false);
                context.Response.StatusCode = 302;
                context.Response.RedirectLocation = $"{back}{(back.Query.Length > 0 ? "&" : "?")}code={code}&state={Uri.EscapeDataString(q["state"] ?? "")}";
                context.Response.Close();
                continue;
            }
            object answer = context.Request.Url.AbsolutePath == "/sns/oauth2/access_token" ? Exchange(q["appid"], q["secret"], q["code"], q["grant_type"])
                : new { errcode = 40066, errmsg = "invalid url" };
            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(answer));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; encoding=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private object Exchange(string? appId, string? secret, string? code, string? grantType)
    {
        if (appId != AppId) return new { errcode = 40013, errmsg = "invalid appid" };
        if (secret != Secret) return new { errcode = 40125, errmsg = "invalid appsecret" };
        if (grantType != "authorization_code") return new { errcode = 40002, errmsg = "invalid grant_type" };
        if (code is null || !_codes.TryGetValue(code, out var entry)) return new { errcode = 40029, errmsg = "invalid code" };
        if (entry.Used || !_codes.TryUpdate(code, (entry.OpenId, true), entry)) return new { errcode = 40163, errmsg = "code been used" };
        return new { access_token = "ACCESS_TOKEN_" + code, expires_in = 7200, refresh_token = "REFRESH_TOKEN_" + code, openid = entry.OpenId, scope = "snsapi_base", is_snapshotuser = 0 };
    }

    public void Dispose() => _listener.Close();
}
