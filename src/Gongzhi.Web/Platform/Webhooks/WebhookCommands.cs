using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Platform.Webhooks;

public sealed record WebhookInput(string? Url, string[]? Events);

public sealed record WebhookCreated(long Id, string Secret);

public sealed record WebhookRow(long Id, string Url, IReadOnlyList<string> Events, WebhookStatus Status, DateTime CreatedAt, DateTime? FailingSince,
    DateTime? PausedAt, int Version, int Pending, int Delivered, int GaveUp);

public sealed record DeliveryRow(long Id, string EventId, string Event, DateTime CreatedAt, int Attempts, DateTime? DeliveredAt, DateTime? GaveUpAt,
    DateTime NextAttemptAt, int? LastStatus, string? LastResponse, DateTime? LastAttemptAt);

public sealed record WebhookDetail(WebhookRow Hook, string Secret, IReadOnlyList<DeliveryRow> Deliveries);

// Administrators register other systems' URLs, read each hook's delivery log, and resume a paused one.
public sealed class WebhookCommands(GongzhiDb db, CurrentUser user, WebhookEventNames names, TimeProvider clock)
{
    public async Task<WebhookCreated> CreateAsync(WebhookInput input, CancellationToken ct = default)
    {
        user.Require(Capability.ManageWebhooks);
        var hook = new Webhook(input.Url ?? "", input.Events ?? [], names.All, WebhookSignature.NewSecret(), user.RequiredId, clock.GetUtcNow().UtcDateTime);
        db.Add(hook);
        await db.SaveChangesAsync(ct);
        return new WebhookCreated(hook.Id, hook.Secret);
    }

    public async Task<List<WebhookRow>> ListAsync(CancellationToken ct = default)
    {
        user.Require(Capability.ManageWebhooks);
        var hooks = await db.Set<Webhook>().AsNoTracking().OrderBy(h => h.Id).ToListAsync(ct);
        var counts = await db.Set<WebhookDelivery>().GroupBy(d => d.WebhookId).Select(g => new
        {
            g.Key,
            Pending = g.Count(d => d.DeliveredAt == null && d.GaveUpAt == null),
            Delivered = g.Count(d => d.DeliveredAt != null),
            GaveUp = g.Count(d => d.GaveUpAt != null),
        }).ToDictionaryAsync(x => x.Key, ct);
        return hooks.Select(h => Row(h, counts.TryGetValue(h.Id, out var c) ? (c.Pending, c.Delivered, c.GaveUp) : (0, 0, 0))).ToList();
    }

    public async Task<WebhookDetail> GetAsync(long id, CancellationToken ct = default)
    {
        var row = (await ListAsync(ct)).FirstOrDefault(h => h.Id == id) ?? throw new NotFound();
        var secret = await db.Set<Webhook>().Where(h => h.Id == id).Select(h => h.Secret).FirstAsync(ct);
        var log = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.WebhookId == id).OrderByDescending(d => d.Id).Take(50)
            .Select(d => new DeliveryRow(d.Id, d.EventId, d.Event, d.CreatedAt, d.Attempts, d.DeliveredAt, d.GaveUpAt, d.NextAttemptAt, d.LastStatus,
                d.LastResponse, d.LastAttemptAt)).ToListAsync(ct);
        return new WebhookDetail(row, secret, log);
    }

    public async Task ResumeAsync(long id, int version, CancellationToken ct = default)
    {
        user.Require(Capability.ManageWebhooks);
        var hook = await db.Set<Webhook>().FirstOrDefaultAsync(h => h.Id == id, ct) ?? throw new NotFound();
        hook.Resume(version);
        await db.SaveChangesAsync(ct);
    }

    private static WebhookRow Row(Webhook h, (int Pending, int Delivered, int GaveUp) c) =>
        new(h.Id, h.Url, h.EventList, h.Status, h.CreatedAt, h.FailingSince, h.PausedAt, h.Version, c.Pending, c.Delivered, c.GaveUp);
}
