using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Notices.Webhooks;

// What a module calls to tell other systems about a change: one delivery row per hook that asked
// for the event, added to the caller's context and saved in its transaction (the outbox).
public static class WebhookEvents
{
    // Chinese stays readable UTF-8 in the body rather than \uXXXX escapes; markup-significant characters are still escaped.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static async Task<string?> RaiseAsync(GongzhiDb db, string eventName, object data, DateTime now, CancellationToken ct = default)
    {
        var pattern = "%" + eventName + "%";
        var hooks = await db.Set<Webhook>().AsNoTracking()
            .Where(h => h.Status == WebhookStatus.Active && EF.Functions.Like(h.Events, pattern)).ToListAsync(ct);
        hooks = hooks.Where(h => h.Wants(eventName)).ToList();
        if (hooks.Count == 0) return null;
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var payload = JsonSerializer.Serialize(new { id = eventId, @event = eventName, occurredAt = now, data }, Json);
        foreach (var hook in hooks) db.Set<WebhookDelivery>().Add(new WebhookDelivery(hook.Id, eventId, eventName, payload, now));
        return eventId;
    }
}

// The signature a receiver checks: HMAC-SHA256 with the hook's secret over "{timestamp}.{body}",
// hex, sent as "X-Gongzhi-Signature: sha256=<hex>" beside "X-Gongzhi-Timestamp: <unix seconds>".
// The timestamp is signed so an old delivery cannot be replayed as new (receivers reject > 5 min).
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Gongzhi-Signature";
    public const string TimestampHeader = "X-Gongzhi-Timestamp";
    public const string EventHeader = "X-Gongzhi-Event";
    public const string DeliveryHeader = "X-Gongzhi-Delivery";

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
