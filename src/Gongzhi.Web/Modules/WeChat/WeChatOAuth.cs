using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Modules.WeChat;

// WeChat's web authorization (网页授权) as its documentation publishes it:
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
public sealed class WeChatOAuth(HttpClient http, IOptions<WeChatOptions> options)
{
    // Step 1: the page the person's WeChat opens. The fragment is required by WeChat's browser.
    public string AuthorizeUrl(OfficialAccount account, string redirectUri, bool userInfo, string state) =>
        $"{options.Value.OpenBase.TrimEnd('/')}/connect/oauth2/authorize?appid={Uri.EscapeDataString(account.AppId)}" +
        $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope={(userInfo ? "snsapi_userinfo" : "snsapi_base")}" +
        $"&state={Uri.EscapeDataString(state)}#wechat_redirect";

    // Step 2: the code for the openid, server to server (the secret never leaves this process).
    // WeChat answers 200 with either the token JSON or {"errcode":40029,"errmsg":"invalid code"};
    // a code can be used once (40163 "code been used") and expires after five minutes.
    public async Task<WeChatIdentity> ExchangeAsync(OfficialAccount account, string code, CancellationToken ct)
    {
        var url = $"{options.Value.ApiBase.TrimEnd('/')}/sns/oauth2/access_token?appid={Uri.EscapeDataString(account.AppId)}" +
                  $"&secret={Uri.EscapeDataString(account.Secret)}&code={Uri.EscapeDataString(code)}&grant_type=authorization_code";
        TokenAnswer? answer;
        try
        {
            using var response = await http.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode) throw new DomainException("WeChat.Error.Unreachable");
            answer = await JsonSerializer.DeserializeAsync<TokenAnswer>(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new DomainException("WeChat.Error.Unreachable");
        }
        if (answer is null || answer.ErrCode is not (null or 0) || string.IsNullOrEmpty(answer.OpenId))
            throw new DomainException(answer?.ErrCode is 40029 or 40163 ? "WeChat.Error.CodeUsed" : "WeChat.Error.Refused");
        return new WeChatIdentity(account.AppId, answer.OpenId, string.IsNullOrEmpty(answer.UnionId) ? null : answer.UnionId,
            answer.Scope?.Contains("snsapi_userinfo", StringComparison.Ordinal) == true ? answer.AccessToken : null);
    }

    // Step 4, only when the person agreed to snsapi_userinfo: their WeChat nickname, to suggest as the
    // name of a new account. Nothing else of the answer is kept (no avatar, sex, province or city);
    // the nickname itself is stored only if the person keeps it on the bind form. A failure here is not
    // a failed sign-in: the form simply starts empty.
    // GET sns/userinfo?access_token=…&openid=…&lang=zh_CN → {"openid","nickname","sex","province","city",
    // "country","headimgurl","privilege":[],"unionid"} or {"errcode":40003,"errmsg":"invalid openid"}.
    public async Task<string?> NicknameAsync(WeChatIdentity identity, CancellationToken ct)
    {
        if (identity.UserInfoToken is not { Length: > 0 } token) return null;
        var url = $"{options.Value.ApiBase.TrimEnd('/')}/sns/userinfo?access_token={Uri.EscapeDataString(token)}" +
                  $"&openid={Uri.EscapeDataString(identity.OpenId)}&lang=zh_CN";
        try
        {
            using var response = await http.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode) return null;
            var info = await JsonSerializer.DeserializeAsync<UserInfoAnswer>(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            if (info is null || info.ErrCode is not (null or 0) || info.OpenId != identity.OpenId) return null;
            var name = info.Nickname?.Trim();
            return string.IsNullOrEmpty(name) ? null : name.Length > 30 ? name[..30] : name;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private sealed record UserInfoAnswer(
        [property: JsonPropertyName("openid")] string? OpenId,
        [property: JsonPropertyName("nickname")] string? Nickname,
        [property: JsonPropertyName("errcode")] int? ErrCode);

    private sealed record TokenAnswer(
        [property: JsonPropertyName("openid")] string? OpenId,
        [property: JsonPropertyName("unionid")] string? UnionId,
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("scope")] string? Scope,
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}

// UserInfoToken: the web-authorization access_token when the person agreed to snsapi_userinfo; it is
// used once for the nickname and never stored.
public sealed record WeChatIdentity(string AppId, string OpenId, string? UnionId, string? UserInfoToken = null);
