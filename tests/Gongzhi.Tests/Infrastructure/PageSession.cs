using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongzhi.Tests.Infrastructure;

// A browser-like session for the server-rendered pages: a cookie from the /login form, and the
// anti-forgery token read from each form before it is posted.
public sealed partial class PageSession(HttpClient client)
{
    public HttpClient Client { get; } = client;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static async Task<PageSession> LogInAsync(GongzhiApp app, string userName, string language = "zh-Hans")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var session = new PageSession(client);
        var response = await session.PostFormAsync("/login", "login", new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = GongzhiApp.Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return session;
    }

    public async Task<string> TokenAsync(string page)
    {
        var html = await Client.GetStringAsync(page);
        var match = AntiforgeryField().Match(html);
        match.Success.ShouldBeTrue(page);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string page, string handler, Dictionary<string, string> fields)
    {
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = await TokenAsync(page);
        return await Client.PostAsync(page, new FormUrlEncodedContent(fields));
    }

    // A multipart post, as a form with a file input sends it.
    public async Task<HttpResponseMessage> PostMultipartAsync(string page, string handler, Dictionary<string, string> fields, IEnumerable<(string Field, string FileName, byte[] Content, string ContentType)> files)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(handler), "_handler" },
            { new StringContent(await TokenAsync(page)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        foreach (var (field, fileName, bytes, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            content.Add(file, field, fileName);
        }
        return await Client.PostAsync(page, content);
    }
}
