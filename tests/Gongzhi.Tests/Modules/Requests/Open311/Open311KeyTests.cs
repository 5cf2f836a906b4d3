using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Requests.Open311;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongzhi.Tests.Modules.Requests.Open311;

// Administrators issue and revoke keys, through the API and through their page; only a hash is kept.
public abstract partial class Open311KeyTests(GongzhiApp app)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("data-testid=\"issued-key\">([^<]+)<")]
    private static partial Regex IssuedKey();

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private async Task<(long Id, string Key)> IssueAsync(string name)
    {
        var admin = await app.ClientForAsync("admin");
        var json = await (await admin.PostAsJsonAsync("/api/v1/open311-keys", new { name })).JsonAsync(HttpStatusCode.Created);
        json["name"]!.GetValue<string>().ShouldBe(name);
        return (json.Long("id"), json["key"]!.GetValue<string>());
    }

    private async Task<HttpStatusCode> SubmitWithAsync(string key)
    {
        var home = (await RegistryPlaces.HomesAsync(app))[40];
        var response = await Open311Wire.PostAsync(app.Anonymous(), Fmt.Xml, null, ("api_key", key), ("service_code", "other"),
            ("address_id", $"h{home.Id}"), ("description", "希望小区增加快递柜"));
        return response.StatusCode;
    }

    [Fact]
    public async Task The_demo_key_exists_and_only_its_hash_is_stored()
    {
        await using var db = app.NewDb();
        var hash = Sha256(Open311Wire.DemoKey);
        var demo = await db.Set<Open311Key>().SingleAsync(k => k.KeyHash == hash);
        demo.Name.ShouldBe("演示客户端");
        demo.RevokedAt.ShouldBeNull();
        // Nothing stored could give a key back: every stored value is a 64-digit hex hash.
        (await db.Set<Open311Key>().Select(k => k.KeyHash).ToListAsync()).ShouldAllBe(h => Regex.IsMatch(h, "^[0-9a-f]{64}$"));
        (await SubmitWithAsync(Open311Wire.DemoKey)).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_api_issues_lists_and_revokes_keys()
    {
        var name = "区12345热线" + Guid.NewGuid().ToString("N")[..6];
        var (id, key) = await IssueAsync(name);
        key.Length.ShouldBeGreaterThanOrEqualTo(40);
        (await SubmitWithAsync(key)).ShouldBe(HttpStatusCode.Created);

        var admin = await app.ClientForAsync("admin");
        var list = (await (await admin.GetAsync("/api/v1/open311-keys")).JsonAsync()).AsArray();
        var row = list.Single(k => k!["id"]!.GetValue<long>() == id)!;
        row["name"]!.GetValue<string>().ShouldBe(name);
        row["revokedAt"].ShouldBeNull();
        list.ToJsonString().ShouldNotContain(key);

        // A second key in use cannot take the same name.
        (await admin.PostAsJsonAsync("/api/v1/open311-keys", new { name })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await admin.PostAsync($"/api/v1/open311-keys/{id}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsync($"/api/v1/open311-keys/{id}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await SubmitWithAsync(key)).ShouldBe(HttpStatusCode.Forbidden);
        var after = (await (await admin.GetAsync("/api/v1/open311-keys")).JsonAsync()).AsArray();
        after.Single(k => k!["id"]!.GetValue<long>() == id)!["revokedAt"].ShouldNotBeNull();
        (await admin.PostAsync("/api/v1/open311-keys/999999999/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("wangge.li")]
    [InlineData("tuanjie")]
    [InlineData("jiedao")]
    public async Task Only_administrators_manage_keys(string account)
    {
        var client = await app.ClientForAsync(account, "en");
        await (await client.GetAsync("/api/v1/open311-keys")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/v1/open311-keys", new { name = "不该签发" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync("/api/v1/open311-keys")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_needs_a_short_name()
    {
        var admin = await app.ClientForAsync("admin", "en");
        var empty = await (await admin.PostAsJsonAsync("/api/v1/open311-keys", new { name = " " })).ProblemAsync(HttpStatusCode.BadRequest);
        empty.ErrorsFor("name").ShouldBe(["This field is required"]);
        await (await admin.PostAsJsonAsync("/api/v1/open311-keys", new { name = new string('长', 31) })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_admin_page_issues_a_key_once_and_revokes_it()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var login = await client.GetStringAsync("/login");
        var loggedIn = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = "admin", ["Input.Password"] = GongzhiApp.Password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(login).Groups[1].Value),
        }));
        loggedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await client.GetStringAsync("/admin/open311-keys");
        page.ShouldContain("Open311 API keys");
        WebUtility.HtmlDecode(page).ShouldContain("演示客户端");
        var name = "网页签发" + Guid.NewGuid().ToString("N")[..6];
        var issued = await client.PostAsync("/admin/open311-keys", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "open311-key-new", ["Input.Name"] = name,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value),
        }));
        var html = await issued.Content.ReadAsStringAsync();
        issued.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var key = WebUtility.HtmlDecode(IssuedKey().Match(html).Groups[1].Value);
        key.ShouldStartWith("gz311_");
        (await SubmitWithAsync(key)).ShouldBe(HttpStatusCode.Created);

        // Shown once: the list afterwards names the key but never shows it.
        var again = await client.GetStringAsync("/admin/open311-keys");
        WebUtility.HtmlDecode(again).ShouldContain(name);
        again.ShouldNotContain(key);

        await using var db = app.NewDb();
        var id = await db.Set<Open311Key>().Where(k => k.Name == name).Select(k => k.Id).SingleAsync();
        var revoked = await client.PostAsync("/admin/open311-keys", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "open311-key-revoke", ["KeyId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryField().Match(again).Groups[1].Value),
        }));
        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect, await revoked.Content.ReadAsStringAsync());
        revoked.Headers.Location!.OriginalString.ShouldEndWith("/admin/open311-keys?revoked=1");
        (await SubmitWithAsync(key)).ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetStringAsync("/admin/open311-keys?revoked=1")).ShouldContain("The key has been revoked");
    }

    [Fact]
    public async Task The_admin_page_is_for_administrators_only()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.GetAsync("/admin/open311-keys");
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Found);
        response.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOpen311KeyTests(SqliteApp app) : Open311KeyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOpen311KeyTests(PostgresApp app) : Open311KeyTests(app);
