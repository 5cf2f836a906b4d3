using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace Gongzhi.Web.Platform;

// Small non-page endpoints the pages link or post to.
public static class PageEndpoints
{
    public static void MapPageEndpoints(this WebApplication app)
    {
        app.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        });

        app.MapGet("/culture", (string? c, string? returnUrl, HttpContext http) =>
        {
            var culture = JsonText.Cultures.Contains(c) ? c! : JsonText.Default;
            http.Response.Cookies.Append(LocalizationModule.CookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(SafeLocal(returnUrl));
        });

        app.MapGet("/elder", (string? returnUrl, HttpContext http) =>
        {
            var on = http.Request.Cookies["gz-elder"] == "1";
            http.Response.Cookies.Append("gz-elder", on ? "0" : "1", new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(SafeLocal(returnUrl));
        });
    }

    public static string SafeLocal(string? url) => IsLocalPath(url) ? url! : "/";

    // A path on this site: one leading slash (not "//host" or "/\\host"), no control characters —
    // the same test LocalRedirect applies, which throws (a 500) instead of answering.
    public static bool IsLocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
