using System.Globalization;
using System.Text;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Platform.Webhooks;

// Sends due deliveries. Each is claimed with a conditional update before the POST, so several app
// instances on one database send each once; a claim that is never settled (the instance died)
// lapses after ClaimFor and the delivery is tried again — at least once, deduplicated by its id.
public sealed class WebhookDispatch(GongzhiDb db, IHttpClientFactory http, ILogger<WebhookDispatch> log)
{
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan RetryFor = TimeSpan.FromDays(1);
    public static readonly TimeSpan PauseAfter = TimeSpan.FromDays(1);

    // 30 s, 1, 2, 4 … minutes, at most an hour apart: about 30 tries in the day a delivery is retried.
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), 3600));

    public async Task<int> RunAsync(DateTime now, CancellationToken ct = default)
    {
        var due = await (from d in db.Set<WebhookDelivery>().AsNoTracking()
                         join h in db.Set<Webhook>() on d.WebhookId equals h.Id
                         where d.DeliveredAt == null && d.GaveUpAt == null && d.NextAttemptAt <= now
                               && (d.ClaimedUntil == null || d.ClaimedUntil < now) && h.Status == WebhookStatus.Active
                         orderby d.Id
                         select new { d.Id, d.EventId, d.Event, d.Payload, d.CreatedAt, d.Attempts, h.Url, h.Secret, HookId = h.Id, h.OwnerUserId })
            .Take(50).ToListAsync(ct);
        var sent = 0;
        foreach (var d in due)
        {
            var until = now + ClaimFor;
            var claimed = await db.Set<WebhookDelivery>()
                .Where(x => x.Id == d.Id && x.DeliveredAt == null && x.GaveUpAt == null && (x.ClaimedUntil == null || x.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedUntil, until).SetProperty(x => x.Attempts, x => x.Attempts + 1), ct);
            if (claimed == 0) continue;

            var (status, response) = await PostAsync(d.Url, d.Secret, d.Event, d.EventId, d.Payload, now, ct);
            var attempts = d.Attempts + 1;
            if (status is >= 200 and < 300)
            {
                await db.Set<WebhookDelivery>().Where(x => x.Id == d.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.DeliveredAt, now).SetProperty(x => x.ClaimedUntil, (DateTime?)null)
                    .SetProperty(x => x.LastStatus, status).SetProperty(x => x.LastResponse, response).SetProperty(x => x.LastAttemptAt, now), ct);
                await db.Set<Webhook>().Where(h => h.Id == d.HookId && h.FailingSince != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(h => h.FailingSince, (DateTime?)null), ct);
                sent++;
                continue;
            }
            var giveUp = now - d.CreatedAt >= RetryFor;
            var next = now + Backoff(attempts);
            await db.Set<WebhookDelivery>().Where(x => x.Id == d.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.NextAttemptAt, next).SetProperty(x => x.ClaimedUntil, (DateTime?)null)
                .SetProperty(x => x.GaveUpAt, giveUp ? now : null)
                .SetProperty(x => x.LastStatus, status).SetProperty(x => x.LastResponse, response).SetProperty(x => x.LastAttemptAt, now), ct);
            await HookFailedAsync(d.HookId, d.OwnerUserId, now, ct);
        }
        return sent;
    }

    private async Task HookFailedAsync(long hookId, string ownerUserId, DateTime now, CancellationToken ct)
    {
        await db.Set<Webhook>().Where(h => h.Id == hookId && h.FailingSince == null)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.FailingSince, now), ct);
        // Only the instance whose update pauses the hook tells the owner.
        var since = now - PauseAfter;
        var paused = await db.Set<Webhook>().Where(h => h.Id == hookId && h.Status == WebhookStatus.Active && h.FailingSince <= since)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, WebhookStatus.Paused).SetProperty(h => h.PausedAt, now)
                .SetProperty(h => h.Version, h => h.Version + 1), ct);
        if (paused == 0) return;
        var url = await db.Set<Webhook>().Where(h => h.Id == hookId).Select(h => h.Url).FirstAsync(ct);
        var note = new Notification(ownerUserId, "webhook", "Webhooks.Paused", [url], "/admin/webhooks/" + hookId.ToString(CultureInfo.InvariantCulture), now);
        note.KeepInInbox();
        db.Notifications.Add(note);
        await db.SaveChangesAsync(ct);
        log.LogWarning("Webhook {Id} paused after failing for a day", hookId);
    }

    private async Task<(int Status, string Response)> PostAsync(string url, string secret, string eventName, string eventId, string payload, DateTime now,
        CancellationToken ct)
    {
        var timestamp = new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc)).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.EventHeader, eventName);
        request.Headers.Add(WebhookSignature.DeliveryHeader, eventId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, payload));
        try
        {
            using var response = await http.CreateClient("webhooks").SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return ((int)response.StatusCode, body.Length > 200 ? body[..200] : body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            // No answer at all: recorded as status 0 with the reason, retried like any failure.
            return (0, e.GetType().Name + ": " + (e.Message.Length > 150 ? e.Message[..150] : e.Message));
        }
    }
}
