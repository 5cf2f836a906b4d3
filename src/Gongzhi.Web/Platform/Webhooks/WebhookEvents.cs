using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gongzhi.Web.Data;

namespace Gongzhi.Web.Platform.Webhooks;

// What a module calls to tell other systems about a change: one delivery row per hook that asked
// for the event, added to the caller's context and written by the caller's SaveChanges, in the
// transaction of the change itself (the outbox): no event for a change that rolled back, none lost.
public interface IWebhookEvents
{
    // communityId: the community the change belongs to (null for a subdistrict-wide one), sent with
    // the event so a receiver serving several communities can route it. Returns the event id, or
    // null when no hook wants it.
    Task<string?> RaiseAsync(string eventName, long? communityId, object data, DateTime now, CancellationToken ct = default);
}

// The event names the modules raise, declared with ModuleParts.AddWebhookEvents: the list an
// administrator picks from, and the check that a module raises only what it declared.
public sealed record WebhookEventName(string Name, int Order = 0);

public sealed class WebhookEventNames(IEnumerable<WebhookEventName> declared)
{
    public IReadOnlyList<string> All { get; } = declared.OrderBy(e => e.Order).Select(e => e.Name).Distinct().ToList();
}

public sealed class WebhookEvents(GongzhiDb db, WebhookEventNames names) : IWebhookEvents
{
    // Chinese stays readable UTF-8 in the body rather than \uXXXX escapes; markup-significant characters are still escaped.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    // Compiled (per provider): intake raises an event on every case.
    private static readonly PerProvider<Func<GongzhiDb, string, IAsyncEnumerable<Webhook>>> ActiveLike = new(() =>
        EF.CompileAsyncQuery((GongzhiDb db, string pattern) =>
            db.Set<Webhook>().AsNoTracking().Where(h => h.Status == WebhookStatus.Active && EF.Functions.Like(h.Events, pattern))));

    public async Task<string?> RaiseAsync(string eventName, long? communityId, object data, DateTime now, CancellationToken ct = default)
    {
        if (!names.All.Contains(eventName)) throw new InvalidOperationException($"Webhook event {eventName} was not declared with AddWebhookEvents");
        var pattern = "%" + eventName + "%";
        var hooks = new List<Webhook>();
        await foreach (var hook in ActiveLike.For(db)(db, pattern).WithCancellation(ct))
            if (hook.Wants(eventName)) hooks.Add(hook);
        if (hooks.Count == 0) return null;
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var payload = JsonSerializer.Serialize(new { id = eventId, @event = eventName, occurredAt = now, communityId, data }, Json);
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
