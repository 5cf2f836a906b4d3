using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Gongzhi.Tests.Platform.Accounts;

// A password change, "sign out everywhere", logging out and disabling an account take effect at once
// for every cookie and bearer token of the account; passwords are long and not common. Each test
// uses an account of its own: changing a demo account's stamp would log the rest of the suite out.
public abstract class SessionTests(GongzhiApp app)
{
    private const string FirstPassword = "Suoding2026";

    private async Task<string> StaffAsync()
    {
        var userName = "session." + Guid.NewGuid().ToString("N")[..10];
        var admin = await app.ClientForAsync("admin", "en");
        var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName, displayName = "会话测试", password = FirstPassword, roles = new[] { Roles.GridWorker } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
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
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var session = new PageSession(client);
        var response = await session.PostFormAsync("/login", "login", new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return session;
    }

    private static async Task ShouldBeInAsync(HttpClient bearer) => (await bearer.GetAsync("/api/v1/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
    private static async Task ShouldBeOutAsync(HttpClient bearer) => (await bearer.GetAsync("/api/v1/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    private static async Task<HttpStatusCode> PageAsync(PageSession session) => (await session.Client.GetAsync("/account")).StatusCode;

    [Fact]
    public async Task A_password_change_and_sign_out_everywhere_revoke_every_token_and_cookie_at_once()
    {
        var userName = await StaffAsync();
        var phone = await BearerAsync(userName, FirstPassword);
        var laptop = await BearerAsync(userName, FirstPassword);
        var browser = await CookieAsync(userName, FirstPassword);
        await ShouldBeInAsync(phone);
        await ShouldBeInAsync(laptop);
        (await PageAsync(browser)).ShouldBe(HttpStatusCode.OK);

        var wrong = await phone.PostAsJsonAsync("/api/v1/accounts/me/password", new { currentPassword = "not-my-password", newPassword = "Xinmima2026x" });
        (await wrong.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("currentPassword").ShouldBe(["The current password is wrong"]);
        await ShouldBeInAsync(laptop);

        var changed = await phone.PostAsJsonAsync("/api/v1/accounts/me/password", new { currentPassword = FirstPassword, newPassword = "Xinmima2026x" });
        changed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await changed.Content.ReadAsStringAsync());
        await ShouldBeOutAsync(phone);
        await ShouldBeOutAsync(laptop);
        (await PageAsync(browser)).ShouldBe(HttpStatusCode.Redirect);
        (await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { userName, password = FirstPassword })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var again = await BearerAsync(userName, "Xinmima2026x");
        var page = await CookieAsync(userName, "Xinmima2026x");
        (await again.PostAsync("/api/v1/accounts/me/sign-out-everywhere", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldBeOutAsync(again);
        (await PageAsync(page)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_at_once()
    {
        var userName = await StaffAsync();
        var bearer = await BearerAsync(userName, FirstPassword);
        var browser = await CookieAsync(userName, FirstPassword);
        await ShouldBeInAsync(bearer);
        // What the administrators' page does to disable an account.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            (await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue)).Succeeded.ShouldBeTrue();
        }
        await ShouldBeOutAsync(bearer);
        (await PageAsync(browser)).ShouldBe(HttpStatusCode.Redirect);
        (await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { userName, password = FirstPassword })).StatusCode.ShouldBe((HttpStatusCode)423);
    }

    [Fact]
    public async Task Logging_out_needs_the_antiforgery_token_and_ends_every_session_of_the_account()
    {
        var userName = await StaffAsync();
        var here = await CookieAsync(userName, FirstPassword);
        var there = await CookieAsync(userName, FirstPassword);
        var bearer = await BearerAsync(userName, FirstPassword);

        // Another site's form (no token) cannot log anybody out.
        var forged = await here.Client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await PageAsync(here)).ShouldBe(HttpStatusCode.OK);

        var token = await here.TokenAsync("/account");
        var logout = await here.Client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PageAsync(here)).ShouldBe(HttpStatusCode.Redirect);
        (await PageAsync(there)).ShouldBe(HttpStatusCode.Redirect);
        await ShouldBeOutAsync(bearer);
    }

    [Fact]
    public async Task The_account_page_changes_the_password_and_keeps_this_session()
    {
        var userName = await StaffAsync();
        var browser = await CookieAsync(userName, FirstPassword);
        var other = await BearerAsync(userName, FirstPassword);
        var common = await browser.PostFormAsync("/account", "password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = FirstPassword, ["Input.NewPassword"] = "qwertyuiop",
        });
        common.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await common.Content.ReadAsStringAsync()).ShouldContain("This password is among the most common ones; please choose another");
        await ShouldBeInAsync(other);

        var done = await browser.PostFormAsync("/account", "password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = FirstPassword, ["Input.NewPassword"] = "Xinmima2026y",
        });
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PageAsync(browser)).ShouldBe(HttpStatusCode.OK);
        await ShouldBeOutAsync(other);
    }

    // The stamp check hands the bearer handler the token it already read; the handler's own rules still hold.
    [Fact]
    public async Task A_bearer_token_past_its_expiry_or_under_another_spelling_of_the_scheme_is_refused()
    {
        var userName = await StaffAsync();
        var login = await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { userName, password = FirstPassword });
        var token = (await login.JsonAsync())["accessToken"]!.GetValue<string>();
        HttpClient With(string scheme, string value)
        {
            var client = app.Anonymous("en");
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", scheme + " " + value);
            return client;
        }
        await ShouldBeInAsync(With("Bearer", token));
        await ShouldBeOutAsync(With("bearer", token));

        // The same account, stamp and claims, but expired a minute ago.
        var protector = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).BearerTokenProtector;
        var ticket = protector.Unprotect(token).ShouldNotBeNull();
        ticket.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddMinutes(-1);
        await ShouldBeOutAsync(With("Bearer", protector.Protect(ticket)));
        await ShouldBeInAsync(With("Bearer", token));
    }

    [Theory]
    [InlineData("1234567890", "This password is among the most common ones; please choose another")]
    [InlineData("password123", "This password is among the most common ones; please choose another")]
    [InlineData("Zhong2026", "The password needs at least 10 characters")]
    public async Task Short_and_common_passwords_are_refused_for_residents_and_staff(string password, string message)
    {
        // 10,000 lines, fewer once the same password in other capitals counts once.
        app.Services.GetRequiredService<IEnumerable<IPasswordValidator<AppUser>>>().OfType<CommonPasswords>().Single().Count.ShouldBeGreaterThan(9_900);
        var phone = "138" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var register = await app.Anonymous("en").PostAsJsonAsync("/api/v1/auth/register", new { phone, password, displayName = "李四" });
        (await register.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("password").ShouldBe([message]);
        var admin = await app.ClientForAsync("admin", "en");
        var userName = "weak." + Guid.NewGuid().ToString("N")[..8];
        var staff = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName, displayName = "弱密码", password, roles = new[] { Roles.GridWorker } });
        (await staff.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("password").ShouldBe([message]);
        await using var db = app.NewDb();
        (await db.Users.AnyAsync(u => u.UserName == phone || u.UserName == userName)).ShouldBeFalse();
        var codes = Path.Combine(app.DataDirectory, "outbox", "codes.log");
        if (File.Exists(codes)) (await File.ReadAllTextAsync(codes)).ShouldNotContain(phone);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSessionTests(SqliteApp app) : SessionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSessionTests(PostgresApp app) : SessionTests(app);
