using System.Net;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Platform.Problems;

// The page a person sees when something unexpected breaks. Written directly rather than by
// re-executing a Razor page: re-rendering components inside a request whose render already failed
// is itself fragile, and this page must never fail.
public static class ErrorPage
{
    public static async Task WriteAsync(HttpContext http)
    {
        var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        http.Response.ContentType = "text/html; charset=utf-8";
        var title = WebUtility.HtmlEncode(text["Problem.500"]);
        var detail = WebUtility.HtmlEncode(text["Error.Unexpected"]);
        var home = WebUtility.HtmlEncode(text["Layout.Home"]);
        await http.Response.WriteAsync($"""
            <!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title><link rel="stylesheet" href="/lib/bootstrap/bootstrap.min.css"></head>
            <body><main class="container py-4"><h1 class="h4">{title}</h1><p>{detail}</p><a href="/">{home}</a></main></body></html>
            """);
    }
}
