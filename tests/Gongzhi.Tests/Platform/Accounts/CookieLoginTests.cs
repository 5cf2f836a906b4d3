using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongzhi.Tests.Platform.Accounts;

// Pages use a cookie session from the /login form (with its anti-forgery token); that cookie
// opens pages only, never the bearer-token API.
public abstract partial class CookieLoginTests(GongzhiApp app)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private async Task<(HttpClient Client, HttpResponseMessage Response)> LogInAsync(string userName, string password, bool withToken = true)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var form = await client.GetStringAsync("/login");
        var token = AntiforgeryField().Match(form);
        token.Success.ShouldBeTrue();
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = userName, ["Input.Password"] = password,
        };
        if (withToken) fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(fields));
        return (client, response);
    }

    [Theory]
    [InlineData("wangge.li", true, false)]
    [InlineData("tuanjie", true, false)]
    [InlineData("wuye", true, false)]
    [InlineData("bumen", false, false)]
    [InlineData("shanghu", false, false)]
    [InlineData("resident", false, true)]
    public async Task The_form_logs_in_and_the_home_page_offers_what_the_role_may_use(string account, bool registry, bool me)
    {
        var userName = account == "resident" ? (await DemoFacts.ForAsync(app)).ResidentUserName : account;
        var (client, response) = await LogInAsync(userName, GongzhiApp.Password);
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Found, HttpStatusCode.SeeOther);
        response.Headers.Location!.AbsolutePath.ShouldBe("/");

        var home = await client.GetStringAsync("/");
        home.Contains("href=\"/registry\"").ShouldBe(registry);
        home.Contains("href=\"/me\"").ShouldBe(me);
        // Departments and the property company answer the cases referred to them from their to-do list.
        home.Contains("href=\"/work\"").ShouldBe(account is "wangge.li" or "tuanjie" or "wuye" or "bumen");
        // The alliance merchant verifies volunteers' codes; every demo account now has something to do.
        home.Contains("href=\"/points/merchant\"").ShouldBe(account == "shanghu");
        home.Contains("There is nothing for your account here yet", StringComparison.Ordinal).ShouldBeFalse();

        // The session cookie is for pages; the API answers only to bearer tokens.
        (await (await client.GetAsync("/api/v1/places")).ProblemAsync(HttpStatusCode.Unauthorized))["title"]!.GetValue<string>().ShouldBe("Login required");
    }

    [Fact]
    public async Task A_wrong_password_shows_a_localized_message_and_no_session()
    {
        var (client, response) = await LogInAsync("wangge.li", "not-the-password");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Wrong user name or password");
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith(".Gongzhi.Session=", StringComparison.Ordinal));
        (await client.GetStringAsync("/")).ShouldContain("href=\"/login\"");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var (_, response) = await LogInAsync("wangge.li", GongzhiApp.Password, withToken: false);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith(".Gongzhi.Session=", StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCookieLoginTests(SqliteApp app) : CookieLoginTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCookieLoginTests(PostgresApp app) : CookieLoginTests(app);
