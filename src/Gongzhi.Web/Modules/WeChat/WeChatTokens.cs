using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Modules.WeChat;

// The Official Account's access_token (cgi-bin/token) and JS-SDK ticket (cgi-bin/ticket/getticket),
// cached per AppId in this process and fetched again five minutes before WeChat's expires_in runs out.
// WeChat limits how often a token may be fetched per day and a new token retires the old one, so
// concurrent callers wait for one fetch instead of each asking.
// https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html (附录1)
public sealed class WeChatTokens(IHttpClientFactory clients, IOptions<WeChatOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Cached> _cache = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    private sealed record Cached(string Value, DateTime ExpiresAt);

    public Task<string> AccessTokenAsync(OfficialAccount account, CancellationToken ct) =>
        GetAsync("token:" + account.AppId, () =>
            $"cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(account.AppId)}&secret={Uri.EscapeDataString(account.Secret)}", a => a.AccessToken, ct);

    public async Task<string> JsApiTicketAsync(OfficialAccount account, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await AccessTokenAsync(account, ct);
            try
            {
                return await GetAsync("ticket:" + account.AppId, () => $"cgi-bin/ticket/getticket?access_token={Uri.EscapeDataString(token)}&type=jsapi", a => a.Ticket, ct);
            }
            catch (WeChatApiException e) when (e.TokenExpired && attempt == 0)
            {
                Forget(account, token);
            }
        }
    }

    // WeChat said the token is no longer valid (40001/42001): drop it unless another caller already replaced it.
    public void Forget(OfficialAccount account, string token)
    {
        var key = "token:" + account.AppId;
        if (_cache.TryGetValue(key, out var cached) && cached.Value == token) _cache.TryRemove(KeyValuePair.Create(key, cached));
    }

    private async Task<string> GetAsync(string key, Func<string> path, Func<Answer, string?> pick, CancellationToken ct)
    {
        if (Fresh(key) is { } hit) return hit;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh(key) is { } again) return again;
            var answer = await WeChatApi.GetJsonAsync<Answer>(clients.CreateClient(nameof(WeChatTokens)), $"{options.Value.ApiBase.TrimEnd('/')}/{path()}", ct);
            if (answer.ErrCode is not (null or 0) || pick(answer) is not { Length: > 0 } value) throw new WeChatApiException(answer.ErrCode ?? -1, answer.ErrMsg);
            _cache[key] = new Cached(value, clock.GetUtcNow().UtcDateTime.AddSeconds(answer.ExpiresIn is > 0 ? answer.ExpiresIn.Value : 7200));
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Fresh(string key) =>
        _cache.TryGetValue(key, out var c) && c.ExpiresAt - Margin > clock.GetUtcNow().UtcDateTime ? c.Value : null;

    private sealed record Answer(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("ticket")] string? Ticket,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}

// A WeChat answer with a non-zero errcode (WeChat answers HTTP 200 and reports errors in the body).
// https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
public sealed class WeChatApiException(int errCode, string? errMsg) : Exception($"WeChat errcode {errCode}: {errMsg}")
{
    public int ErrCode { get; } = errCode;
    public bool TokenExpired => ErrCode is 40001 or 40014 or 42001;
}

internal static class WeChatApi
{
    public static async Task<T> GetJsonAsync<T>(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        return await ReadAsync<T>(response, ct);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        response.EnsureSuccessStatusCode();
        return await JsonSerializer.DeserializeAsync<T>(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct)
               ?? throw new JsonException("Empty answer from WeChat.");
    }
}
