using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongzhi.Tests.Platform.Accounts;

// The administrator's account page: disabling ends every cookie and token of the account at once and
// stops it signing in; enabling lets it back; a reset password replaces the old one and ends every
// session; roles change with the same effect. Only administrators reach the page; bad input writes nothing.
public abstract class AccountAdministrationTests(GongzhiApp app)
{
    private const string FirstPassword = "Suoding2026";

    private async Task<string> StaffAsync(PageSession admin)
    {
        var userName = "acct." + Guid.NewGuid().ToString("N")[..10];
        var created = await admin.PostFormAsync("/admin/accounts", "account-new", new()
        {
            ["Input.UserName"] = userName, ["Input.DisplayName"] = "账号测试", ["Input.Password"] = FirstPassword, ["role"] = Roles.GridWorker,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        return userName;
    }

    private async Task<HttpClient> BearerAsync(string userName, string password)
    {
        var login = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        var token = (await login.JsonAsync())["accessToken"]!.GetValue<string>();
        var client = app.Anonymous("en");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<PageSession> CookieAsync(string userName, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var session = new PageSession(client);
        var response = await session.PostFormAsync("/login", "login", new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return session;
    }

    private Task<HttpResponseMessage> LoginAsync(string userName, string password) =>
        app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { userName, password });

    [Fact]
    public async Task Disabling_on_the_page_revokes_tokens_and_cookies_and_enabling_lets_the_account_back()
    {
        var admin = await PageSession.LogInAsync(app, "admin");
        var userName = await StaffAsync(admin);
        var bearer = await BearerAsync(userName, FirstPassword);
        var browser = await CookieAsync(userName, FirstPassword);
        var page = $"/admin/accounts/{userName}";
        var before = await admin.Client.GetStringAsync(page);
        before.ShouldContain("最近登录");
        before.ShouldNotContain("data-testid=\"disabled\"");

        var disabled = await admin.PostFormAsync(page, "account-status", new() { ["Action"] = "disable" });
        disabled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await disabled.Content.ReadAsStringAsync());
        (await bearer.GetAsync("/api/v1/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.Client.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LoginAsync(userName, FirstPassword)).StatusCode.ShouldBe((HttpStatusCode)423);
        (await admin.Client.GetStringAsync(page)).ShouldContain("data-testid=\"disabled\"");
        (await admin.Client.GetStringAsync($"/admin/accounts?q={userName}")).ShouldContain("已锁定");

        (await admin.PostFormAsync(page, "account-status", new() { ["Action"] = "enable" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LoginAsync(userName, FirstPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = app.NewDb();
        (await db.AuditEntries.CountAsync(a => a.Subject == $"User/{userName}" && (a.Action == AccountAdministration.DisableAction || a.Action == AccountAdministration.EnableAction))).ShouldBe(2);
    }

    [Fact]
    public async Task A_reset_password_replaces_the_old_one_and_ends_every_session_and_a_bad_one_changes_nothing()
    {
        var admin = await PageSession.LogInAsync(app, "admin");
        var userName = await StaffAsync(admin);
        var bearer = await BearerAsync(userName, FirstPassword);
        var page = $"/admin/accounts/{userName}";

        var shortOne = await admin.PostFormAsync(page, "account-reset", new() { ["NewPassword"] = "abc1" });
        shortOne.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await shortOne.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"NewPassword\"");
        (await bearer.GetAsync("/api/v1/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await LoginAsync(userName, FirstPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PostFormAsync(page, "account-reset", new() { ["NewPassword"] = "Chongshe2026x" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await bearer.GetAsync("/api/v1/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await LoginAsync(userName, FirstPassword)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await LoginAsync(userName, "Chongshe2026x")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Roles_change_on_the_page_and_an_empty_choice_is_refused()
    {
        var admin = await PageSession.LogInAsync(app, "admin");
        var userName = await StaffAsync(admin);
        var bearer = await BearerAsync(userName, FirstPassword);
        var page = $"/admin/accounts/{userName}";

        var none = await admin.PostFormAsync(page, "account-roles", new());
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await none.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"Roles\"");
        (await bearer.GetAsync("/api/v1/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PostFormAsync(page, "account-roles", new() { ["role"] = Roles.GridLeader })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        // The old token carried the old roles: it stops working.
        (await bearer.GetAsync("/api/v1/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var me = await (await BearerAsync(userName, FirstPassword)).GetFromJsonAsync<Me>("/api/v1/accounts/me");
        me!.Roles.ShouldBe([Roles.GridLeader]);
    }

    [Theory]
    [InlineData("tuanjie")]
    [InlineData("wangge.li")]
    public async Task Only_administrators_reach_the_account_pages(string userName)
    {
        var session = await PageSession.LogInAsync(app, userName);
        foreach (var page in new[] { "/admin/accounts", "/admin/accounts/admin" })
        {
            var response = await session.Client.GetAsync(page);
            ((int)response.StatusCode).ShouldBeOneOf(302, 403);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("disable-account");
        }
        var admin = await PageSession.LogInAsync(app, "admin");
        (await admin.Client.GetAsync("/admin/accounts/no.such.person")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.Client.GetStringAsync("/admin/accounts/admin")).ShouldNotContain("disable-account");
    }

    private sealed record Me(string Id, string Name, string[] Roles);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAccountAdministrationTests(SqliteApp app) : AccountAdministrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountAdministrationTests(PostgresApp app) : AccountAdministrationTests(app);
