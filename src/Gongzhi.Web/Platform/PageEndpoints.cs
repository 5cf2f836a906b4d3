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
        // Logging out ends every session of the account (its security stamp changes), so a copied cookie
        // dies with it; the anti-forgery token keeps other sites from logging people out.
        app.MapPost("/logout", async (HttpContext http, SignInManager<AppUser> signIn, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery,
            Microsoft.Extensions.Localization.IStringLocalizer text) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.Text(text["Error.BadRequest"], "text/plain; charset=utf-8", statusCode: 400);
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).DisableAntiforgery();

        // The JSON copy of /account/data for the signed-in person (cookie session).
        app.MapGet("/account/data.json", async (HttpContext http, Privacy.PersonalDataExport export, CancellationToken ct) =>
        {
            http.Response.Headers.ContentDisposition = "attachment; filename=\"gongzhi-my-data.json\"";
            return Results.Json(Privacy.PersonalDataExport.ToJson(await export.RunAsync(ct)));
        }).RequireAuthorization();

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
