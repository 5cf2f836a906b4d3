using System.Net;
using Gongzhi.Web.Modules.WeChat;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongzhi.Tests.Modules.WeChat;

// The "微信登录" entry on /login (only in WeChat's browser) and unbinding from the account pages.
public abstract class WeChatAccountTests(WeChatApp app)
{
    private const string UserAgent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.49.2600(0x28003133) NetType/WIFI Language/zh_CN";

    [Fact]
    public async Task The_login_page_offers_WeChat_only_inside_WeChat_and_the_link_starts_the_round_trip()
    {
        var inside = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        inside.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        inside.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-Hans");
        var page = await inside.GetStringAsync("/login");
        page.ShouldContain("data-testid=\"wechat-login\" href=\"/wechat/authorize\"");
        page.ShouldContain("微信登录");
        var redirect = await inside.GetAsync("/wechat/authorize");
        redirect.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        redirect.Headers.Location!.ToString().ShouldStartWith(app.WeChat.Base + "connect/oauth2/authorize?appid=" + WeChatListener.AppId);

        var outside = app.CreateClient();
        (await outside.GetStringAsync("/login")).ShouldNotContain("wechat-login");
    }

    [Fact]
    public async Task A_person_unbinds_their_own_WeChat_and_cannot_touch_anyone_elses()
    {
        var facts = await DemoFacts.ForAsync(app);
        long mine, theirs;
        await using (var db = app.NewDb())
        {
            var a = WeChatBinding.Bind(WeChatListener.AppId, "oUnbind_mine_00000000000001", null, facts.UserIds["wangge.li"], DateTime.UtcNow);
            var b = WeChatBinding.Bind(WeChatListener.AppId, "oUnbind_theirs_0000000000002", null, facts.UserIds["wangge.chen"], DateTime.UtcNow);
            db.AddRange(a, b);
            await db.SaveChangesAsync();
            (mine, theirs) = (a.Id, b.Id);
        }
        var li = await PageSession.LogInAsync(app, "wangge.li");
        (await li.Client.GetStringAsync("/account")).ShouldContain("href=\"/account/wechat\"");
        var page = await li.Client.GetStringAsync("/account/wechat");
        page.ShouldContain("data-testid=\"binding\"");
        page.ShouldContain("解除绑定");

        // Someone else's binding id: not found, and nothing removed.
        var other = await li.PostFormAsync("/account/wechat", "unbind-" + mine, new() { ["Input.Id"] = theirs.ToString() });
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using (var db = app.NewDb()) (await db.Set<WeChatBinding>().CountAsync(x => x.Id == theirs || x.Id == mine)).ShouldBe(2);

        var done = await li.PostFormAsync("/account/wechat", "unbind-" + mine, new() { ["Input.Id"] = mine.ToString() });
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = app.NewDb())
        {
            (await db.Set<WeChatBinding>().AnyAsync(x => x.Id == mine)).ShouldBeFalse();
            (await db.Set<WeChatBinding>().AnyAsync(x => x.Id == theirs)).ShouldBeTrue();
        }
        (await li.Client.GetStringAsync("/account/wechat?done=unbound")).ShouldContain("data-testid=\"none\"");
    }
}

public sealed class WeChatAccountSqliteTests(WeChatSqliteApp app) : WeChatAccountTests(app), IClassFixture<WeChatSqliteApp>;

public sealed class WeChatAccountPostgresTests(WeChatPostgresApp app) : WeChatAccountTests(app), IClassFixture<WeChatPostgresApp>;
