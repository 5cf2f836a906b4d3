using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Modules.WeChat;

// Template messages (模板消息) in front of the platform's outbound channel: a person with a bound
// openid on an Official Account that has a template for the message kind gets it in WeChat;
// everyone else goes on to the channel behind (SMS, or the development file) as before.
// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
// POST cgi-bin/message/template/send?access_token=… {"touser","template_id","url","data":{key:{"value"}}}
// answers {"errcode":0,"errmsg":"ok","msgid":…}.
public sealed class WeChatTemplateSender(
    IOutboundSender next, IServiceScopeFactory scopes, WeChatTokens tokens, IHttpClientFactory clients, IOptions<WeChatOptions> options,
    ILogger<WeChatTemplateSender> log, TimeProvider clock) : IOutboundSender
{
    public async Task SendAsync(OutboundMessage message, CancellationToken ct = default)
    {
        var target = await TargetAsync(message, ct);
        if (target is not var (account, template, binding))
        {
            await next.SendAsync(message, ct);
            return;
        }
        for (var attempt = 0; ; attempt++)
        {
            var token = await tokens.AccessTokenAsync(account, ct);
            var answer = await PostAsync(token, binding.OpenId, template, message, ct);
            if (answer.ErrCode is null or 0) return;
            var error = new WeChatApiException(answer.ErrCode.Value, answer.ErrMsg);
            if (error.TokenExpired && attempt == 0)
            {
                // Something outside Gongzhi fetched a new token (which retires ours): fetch once more and retry once.
                await tokens.ForgetAsync(account, token, ct);
                continue;
            }
            if (Transient(error.ErrCode)) throw error; // the outbox releases its claim and tries again later
            if (error.ErrCode == 43004)
            {
                // The person unfollowed the account: WeChat will not deliver now or later, so stop asking until they come back.
                await MarkUnsubscribedAsync(binding.Id, ct);
                log.LogInformation("Template {Kind} not sent: {UserId} does not follow {AppId} (43004); later sends skip WeChat", message.Kind, message.UserId, account.AppId);
            }
            else
            {
                log.LogWarning("Template {Kind} to {UserId} refused by {AppId}: {Error}; sent by the fallback channel", message.Kind, message.UserId, account.AppId, error.Message);
            }
            // Refused for good: the person still gets it by SMS where configured, else it stays in the inbox.
            await next.SendAsync(message, ct);
            return;
        }
    }

    // Worth trying again later: "system busy" and the daily/minute limits. Everything else (bad openid,
    // bad template id, data format, unfollowed) will be refused again whatever we do.
    private static bool Transient(int errCode) => errCode is -1 or 45009 or 45047 or 40001 or 40014 or 42001;

    private async Task MarkUnsubscribedAsync(long bindingId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.GongzhiDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<WeChatBinding>().Where(b => b.Id == bindingId && b.UnsubscribedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.UnsubscribedAt, now), ct);
    }

    private async Task<(OfficialAccount, TemplateSetting, WeChatBinding)?> TargetAsync(OutboundMessage message, CancellationToken ct)
    {
        var withTemplate = options.Value.Accounts.Where(a => a.Templates.ContainsKey(message.Kind)).ToList();
        if (withTemplate.Count == 0) return null;
        var appIds = withTemplate.Select(a => a.AppId).ToArray();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.GongzhiDb>();
        var binding = await db.Set<WeChatBinding>().AsNoTracking()
            .Where(b => b.UserId == message.UserId && appIds.Contains(b.AppId) && b.UnsubscribedAt == null).OrderBy(b => b.Id).FirstOrDefaultAsync(ct);
        if (binding is null) return null;
        var account = withTemplate.First(a => a.AppId == binding.AppId);
        return (account, account.Templates[message.Kind], binding);
    }

    private async Task<Answer> PostAsync(string token, string openId, TemplateSetting template, OutboundMessage message, CancellationToken ct)
    {
        var link = message.Link is { Length: > 0 } l && options.Value.PublicBase is { Length: > 0 } b
            ? (l.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || l.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? l : b.TrimEnd('/') + "/" + l.TrimStart('/'))
            : null;
        var body = new Dictionary<string, object>
        {
            ["touser"] = openId,
            ["template_id"] = template.Id,
            ["data"] = new Dictionary<string, object> { [template.Field] = new { value = message.Text } },
        };
        if (link is not null) body["url"] = link;
        var http = clients.CreateClient(nameof(WeChatTemplateSender));
        using var response = await http.PostAsJsonAsync(
            $"{options.Value.ApiBase.TrimEnd('/')}/cgi-bin/message/template/send?access_token={Uri.EscapeDataString(token)}", body, ct);
        return await WeChatApi.ReadAsync<Answer>(response, ct);
    }

    private sealed record Answer(
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg,
        [property: JsonPropertyName("msgid")] long? MsgId);
}
