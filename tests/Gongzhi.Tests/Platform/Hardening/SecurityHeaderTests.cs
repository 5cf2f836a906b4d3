using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongzhi.Tests.Platform.Hardening;

// Every response carries the security headers; the pages pass their own Content-Security-Policy
// (no inline script, no inline event handlers); cookies are Secure when the site is served over HTTPS.
public abstract partial class SecurityHeaderTests(GongzhiApp app)
{
    private static void ShouldCarryTheHeaders(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("script-src 'self';");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("object-src 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
    }

    [Fact]
    public async Task Pages_api_open311_and_errors_carry_the_headers()
    {
        var admin = await app.ClientForAsync("admin");
        ShouldCarryTheHeaders(await app.Anonymous().GetAsync("/"));
        ShouldCarryTheHeaders(await app.Anonymous().GetAsync("/no-such-page"));
        ShouldCarryTheHeaders(await admin.GetAsync("/api/v1/cases/987654321"));
        ShouldCarryTheHeaders(await app.Anonymous().GetAsync("/open311/v2/services.json"));
        ShouldCarryTheHeaders(await app.Anonymous().GetAsync("/css/app.css"));
    }

    [Fact]
    public async Task Every_page_in_the_navigation_runs_no_inline_script()
    {
        var session = await PageSession.LogInAsync(app, "admin");
        var home = await session.Client.GetStringAsync("/");
        var pages = Href().Matches(home).Select(m => m.Groups[1].Value).Where(h => h.StartsWith('/') && !h.StartsWith("//")).Distinct().ToList();
        await using (var db = app.NewDb())
            pages.Add($"/registry/buildings/{await db.Buildings.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync()}/plates");
        pages.Count.ShouldBeGreaterThan(10);
        foreach (var page in pages)
        {
            var response = await session.Client.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBeLessThan(500, page);
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            foreach (Match script in Script().Matches(html))
            {
                var attributes = script.Groups[1].Value;
                (attributes.Contains("src=") || attributes.Contains("type=\"application/json\"")).ShouldBeTrue($"{page}: inline script {script.Value[..Math.Min(120, script.Value.Length)]}");
            }
            Handler().IsMatch(html).ShouldBeFalse($"{page}: inline event handler {Handler().Match(html).Value}");
            JavascriptUrl().IsMatch(html).ShouldBeFalse($"{page}: javascript: URL");
        }
    }

    [Fact]
    public async Task Cookies_are_Secure_over_https_only()
    {
        using var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var secure = await https.GetAsync("/culture?c=en&returnUrl=/");
        secure.Headers.GetValues("Set-Cookie").ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var plain = await http.GetAsync("/culture?c=en&returnUrl=/");
        plain.Headers.GetValues("Set-Cookie").ShouldAllBe(c => !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("href=\"([^\"#?]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<script\\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex Script();

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex Handler();

    [GeneratedRegex("(href|src|action)=\"\\s*javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex JavascriptUrl();
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSecurityHeaderTests(SqliteApp app) : SecurityHeaderTests(app);
