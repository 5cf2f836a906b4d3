using Gongzhi.Web.Data;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Platform.Notifications;

// Hands new inbox messages to the outbound channel. Each row is claimed with a conditional update
// before sending, so several app instances on one database send every message once.
public sealed class OutboxWorker(IServiceScopeFactory scopes, ILogger<OutboxWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OutboxDispatch>().RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Outbox dispatch failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

// Only the kinds the modules declared outbound (ModuleParts.AddOutboundKinds: 紧急通知, an urgent
// visit, …) go to the channel; the rest are settled as inbox-only in one statement, so a notice to
// ten thousand households or a volunteer's points never become ten thousand text messages.
public sealed class OutboxDispatch(GongzhiDb db, IOutboundSender sender, IStringLocalizer text, TimeProvider clock, IEnumerable<OutboundKind> outbound)
{
    private readonly string[] _outbound = outbound.Select(k => k.Kind).Distinct().ToArray();

    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var kinds = _outbound;
        await db.Notifications.Where(n => n.SentAt == null && !kinds.Contains(n.Kind))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.SentAt, n => n.CreatedAt), ct);
        var pending = await db.Notifications.AsNoTracking().Where(n => n.SentAt == null && kinds.Contains(n.Kind))
            .OrderBy(n => n.Id).Take(100).ToListAsync(ct);
        if (pending.Count == 0) return 0;
        // Outbound text goes out in Simplified Chinese: SMS and template messages have no reader's browser to ask.
        var sent = 0;
        foreach (var n in pending)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.Notifications.Where(x => x.Id == n.Id && x.SentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.SentAt, now), ct);
            if (claimed == 0) continue;
            var phone = await db.Users.Where(u => u.Id == n.UserId).Select(u => u.PhoneNumber).FirstOrDefaultAsync(ct);
            string body;
            using (new CultureScope("zh-Hans")) body = n.Text(text);
            try
            {
                await sender.SendAsync(new OutboundMessage(n.UserId, phone, n.Kind, body, n.Link), ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // The channel failed: release the claim so a later pass tries again.
                await db.Notifications.Where(x => x.Id == n.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.SentAt, (DateTime?)null), CancellationToken.None);
                throw;
            }
            sent++;
        }
        return sent;
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly System.Globalization.CultureInfo _culture = System.Globalization.CultureInfo.CurrentUICulture;

        public CultureScope(string name) => System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(name);

        public void Dispose() => System.Globalization.CultureInfo.CurrentUICulture = _culture;
    }
}
