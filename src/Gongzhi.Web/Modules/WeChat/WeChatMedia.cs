using System.Text.Json;
using System.Text.Json.Serialization;
using Gongzhi.Web.Platform.Media;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Modules.WeChat;

// Photos a page took with wx.chooseImage and handed to WeChat with wx.uploadImage: the form posts
// the serverIds, and we fetch each from WeChat's temporary media store (kept there for three days).
// https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
// GET cgi-bin/media/get?access_token=…&media_id=… answers the file itself (Content-Type of the file,
// Content-disposition with its name), or a JSON error such as {"errcode":40007,"errmsg":"invalid media_id"}.
public sealed class WeChatMedia(WeChatTokens tokens, IHttpClientFactory clients, IOptions<WeChatOptions> options, Microsoft.Extensions.Localization.IStringLocalizer text)
    : IClientMediaSource
{
    // WeChat's own limit for an uploaded image is 10 MB; the photo checks apply the site's smaller one.
    private const int MaxBytes = 10 * 1024 * 1024;
    private const int MaxIdLength = 128;

    public async Task<IReadOnlyList<FetchedMedia>> FetchAsync(IReadOnlyList<string> mediaIds, CancellationToken ct)
    {
        // The page signed wx.config with the default account (see /wechat/jssdk without a community), so its media live there.
        var account = options.Value.Default ?? throw new ValidationFailure("Photos", "WeChat.Error.MediaGone");
        foreach (var id in mediaIds)
            if (id.Length is 0 or > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new ValidationFailure("Photos", "WeChat.Error.MediaGone");
        var fetched = new List<FetchedMedia>();
        foreach (var id in mediaIds) fetched.Add(new FetchedMedia(text["WeChat.Photos.Name", fetched.Count + 1], await FetchOneAsync(account, id, ct)));
        return fetched;
    }

    private async Task<byte[]> FetchOneAsync(OfficialAccount account, string id, CancellationToken ct)
    {
        var http = clients.CreateClient(nameof(WeChatMedia));
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(account, ct);
            try
            {
                using var response = await http.GetAsync(
                    $"{options.Value.ApiBase.TrimEnd('/')}/cgi-bin/media/get?access_token={Uri.EscapeDataString(token)}&media_id={Uri.EscapeDataString(id)}",
                    HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode) throw new ValidationFailure("Photos", "WeChat.Error.Unreachable");
                var type = response.Content.Headers.ContentType?.MediaType ?? "";
                var bytes = await ReadCappedAsync(response, ct);
                if (type is "application/json" or "text/plain" && Error(bytes) is { } errCode)
                {
                    if (errCode is 40001 or 40014 or 42001 && attempt == 0)
                    {
                        await tokens.ForgetAsync(account, token, ct);
                        continue;
                    }
                    throw new ValidationFailure("Photos", errCode == 40007 ? "WeChat.Error.MediaGone" : "WeChat.Error.Refused");
                }
                // Whatever came back goes to the photo checks, which look at the bytes, not at WeChat's Content-Type.
                return bytes;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new ValidationFailure("Photos", "WeChat.Error.Unreachable");
            }
        }
    }

    private async Task<string> TokenAsync(OfficialAccount account, CancellationToken ct)
    {
        try
        {
            return await tokens.AccessTokenAsync(account, ct);
        }
        catch (Exception e) when (e is HttpRequestException or WeChatApiException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new ValidationFailure("Photos", "WeChat.Error.Unreachable");
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxBytes) throw new ValidationFailure("Photos", "WeChat.Error.MediaTooLarge", MaxBytes / 1024 / 1024);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new ValidationFailure("Photos", "WeChat.Error.MediaTooLarge", MaxBytes / 1024 / 1024);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static int? Error(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<ErrorAnswer>(body)?.ErrCode is { } code and not 0 ? code : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ErrorAnswer([property: JsonPropertyName("errcode")] int? ErrCode);
}
