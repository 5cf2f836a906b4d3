using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gongzhi.Web.Data;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Modules.WeChat;

// The Official Account's access_token (cgi-bin/token) and JS-SDK ticket (cgi-bin/ticket/getticket),
// shared by every instance through a WeChatCredential row per AppId and kind, kept in this process
// too, and fetched again five minutes before WeChat's expires_in runs out. WeChat limits how often a
// token may be fetched per day and a new token retires the old one, so exactly one caller fetches:
// in this process behind a semaphore, across instances by a lease taken with a conditional update;
// everyone else waits for the row.
// https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html (附录1)
public sealed class WeChatTokens(IHttpClientFactory clients, IServiceScopeFactory scopes, IOptions<WeChatOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
    // Longer than the HTTP client's timeout: a lease outlives the fetch it guards unless the holder died.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private readonly ConcurrentDictionary<string, Cached> _cache = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    private sealed record Cached(string Value, DateTime ExpiresAt);

    public Task<string> AccessTokenAsync(OfficialAccount account, CancellationToken ct) =>
        GetAsync(account.AppId, WeChatCredential.AccessToken, () =>
            $"cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(account.AppId)}&secret={Uri.EscapeDataString(account.Secret)}", a => a.AccessToken, ct);

    public async Task<string> JsApiTicketAsync(OfficialAccount account, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await AccessTokenAsync(account, ct);
            try
            {
                return await GetAsync(account.AppId, WeChatCredential.JsApiTicket, () => $"cgi-bin/ticket/getticket?access_token={Uri.EscapeDataString(token)}&type=jsapi", a => a.Ticket, ct);
            }
            catch (WeChatApiException e) when (e.TokenExpired && attempt == 0)
            {
                await ForgetAsync(account, token, ct);
            }
        }
    }

    // WeChat said this token (or ticket) is no longer valid (40001/42001): drop it here and in the shared
    // row, unless another caller already replaced it, so the next caller anywhere fetches once.
    public async Task ForgetAsync(OfficialAccount account, string value, CancellationToken ct)
    {
        foreach (var (key, cached) in _cache)
            if (cached.Value == value) _cache.TryRemove(KeyValuePair.Create(key, cached));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        var stale = DateTime.UnixEpoch;
        await db.Set<WeChatCredential>().Where(c => c.AppId == account.AppId && c.Value == value)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, stale), ct); // Version untouched: a fetch under way still writes its answer
    }

    private async Task<string> GetAsync(string appId, string kind, Func<string> path, Func<Answer, string?> pick, CancellationToken ct)
    {
        var key = kind + ":" + appId;
        if (Fresh(key) is { } hit) return hit;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh(key) is { } again) return again;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            var rows = db.Set<WeChatCredential>().Where(c => c.AppId == appId && c.Kind == kind);
            var giveUp = clock.GetUtcNow().UtcDateTime + Patience;
            while (true)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var row = await rows.AsNoTracking().FirstOrDefaultAsync(ct);
                if (row is null)
                {
                    // The first fetch ever for this account: make the row the lease lives on (a racing instance's insert wins the same way).
                    db.Set<WeChatCredential>().Add(WeChatCredential.Empty(appId, kind));
                    try { await db.SaveChangesAsync(ct); }
                    catch (DbUpdateException) { }
                    db.ChangeTracker.Clear();
                    continue;
                }
                if (row.Value is { Length: > 0 } shared && row.ExpiresAt - Margin > now)
                {
                    _cache[key] = new Cached(shared, row.ExpiresAt);
                    return shared;
                }
                var version = row.Version;
                var until = now + Lease;
                var taken = await rows.Where(c => c.Version == version && (c.LeaseUntil == null || c.LeaseUntil < now))
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, until).SetProperty(c => c.Version, version + 1), ct);
                if (taken == 1) return await FetchAsync(db, rows, key, version + 1, path, pick, ct);
                // Another instance holds the lease (or just refreshed): wait for its row.
                if (now > giveUp) throw new WeChatApiException(-1, "another instance holds the token lease");
                await Task.Delay(TimeSpan.FromMilliseconds(150), ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> FetchAsync(GongzhiDb db, IQueryable<WeChatCredential> rows, string key, long leased, Func<string> path, Func<Answer, string?> pick, CancellationToken ct)
    {
        string value;
        DateTime expires;
        try
        {
            var answer = await WeChatApi.GetJsonAsync<Answer>(clients.CreateClient(nameof(WeChatTokens)), $"{options.Value.ApiBase.TrimEnd('/')}/{path()}", ct);
            if (answer.ErrCode is not (null or 0) || pick(answer) is not { Length: > 0 and <= WeChatCredential.ValueLength } got)
                throw new WeChatApiException(answer.ErrCode ?? -1, answer.ErrMsg);
            value = got;
            expires = clock.GetUtcNow().UtcDateTime.AddSeconds(answer.ExpiresIn is > 0 ? answer.ExpiresIn.Value : 7200);
        }
        catch
        {
            // Let the next caller (here or elsewhere) try at once instead of waiting out the lease.
            await rows.Where(c => c.Version == leased).ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseUntil, (DateTime?)null), CancellationToken.None);
            throw;
        }
        await rows.Where(c => c.Version == leased).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, value).SetProperty(c => c.ExpiresAt, expires)
            .SetProperty(c => c.LeaseUntil, (DateTime?)null).SetProperty(c => c.Version, leased + 1), CancellationToken.None);
        _cache[key] = new Cached(value, expires);
        return value;
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
