namespace Gongzhi.Web.Platform.Webhooks;

public enum WebhookStatus { Active = 1, Paused = 2 }

// Another system's URL that is POSTed the events it asked for. Paused by itself when every
// delivery has failed for a day (and its owner told); an administrator resumes it.
public sealed class Webhook
{
    public const int UrlMax = 300;

    public long Id { get; private set; }
    public string Url { get; private set; } = "";
    public string Secret { get; private set; } = "";
    public string Events { get; private set; } = "";
    public string OwnerUserId { get; private set; } = "";
    public WebhookStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? FailingSince { get; private set; }
    public DateTime? PausedAt { get; private set; }
    public int Version { get; private set; }

    private Webhook() { } // for EF

    // knownEvents: what the modules declared they raise (ModuleParts.AddWebhookEvents).
    public Webhook(string url, IEnumerable<string> events, IReadOnlyCollection<string> knownEvents, string secret, string ownerUserId, DateTime now)
    {
        Url = CheckUrl(url);
        var list = events.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct().ToList();
        if (list.Count == 0) throw new ValidationFailure("Events", "Webhooks.Error.HookEvents");
        if (list.Any(e => !knownEvents.Contains(e))) throw new ValidationFailure("Events", "Webhooks.Error.HookEventUnknown");
        Events = string.Join(",", list);
        Secret = secret;
        OwnerUserId = ownerUserId;
        Status = WebhookStatus.Active;
        CreatedAt = now;
    }

    public IReadOnlyList<string> EventList => Events.Split(',');

    public bool Wants(string eventName) => Status == WebhookStatus.Active && EventList.Contains(eventName);

    public void Succeeded() => FailingSince = null;

    // True when this failure is the one that pauses the hook.
    public bool Failed(DateTime now, TimeSpan pauseAfter)
    {
        FailingSince ??= now;
        if (Status != WebhookStatus.Active || now - FailingSince < pauseAfter) return false;
        Status = WebhookStatus.Paused;
        PausedAt = now;
        Version++;
        return true;
    }

    public void Resume(int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
        if (Status != WebhookStatus.Paused) throw new DomainException("Webhooks.Error.HookNotPaused");
        Status = WebhookStatus.Active;
        FailingSince = null;
        PausedAt = null;
        Version++;
    }

    private static string CheckUrl(string url)
    {
        var text = Guard.Text(url, UrlMax, "Url");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo))
            throw new ValidationFailure("Url", "Webhooks.Error.HookUrl");
        return uri.ToString();
    }
}

// One event for one hook: written in the transaction of the change it reports (the outbox), sent
// after. EventId stays the same over retries, so the receiver can drop a duplicate.
public sealed class WebhookDelivery
{
    public long Id { get; private set; }
    public long WebhookId { get; private set; }
    public string EventId { get; private set; } = "";
    public string Event { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime? ClaimedUntil { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? DeliveredAt { get; private set; }
    public DateTime? GaveUpAt { get; private set; }
    public int? LastStatus { get; private set; }
    public string? LastResponse { get; private set; }
    public DateTime? LastAttemptAt { get; private set; }

    private WebhookDelivery() { } // for EF

    public WebhookDelivery(long webhookId, string eventId, string eventName, string payload, DateTime now)
    {
        WebhookId = webhookId;
        EventId = eventId;
        Event = eventName;
        Payload = payload;
        CreatedAt = now;
        NextAttemptAt = now;
    }
}
