using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Web.Modules.Requests.Retention;

public sealed record RetentionResult(bool Enabled, int Anonymised);

// 保存期限 (PIPL Art. 19, 47): the personal fields of a case closed more than Requests:RetentionYears ago —
// the reporter's name and phone, the rating comment, the form answers, the mediation parties' names and
// phones, the reporter's name on the timeline — are removed, once. Off unless configured (0 or absent):
// how long to keep is the operator's decision, not ours. The case itself stays, with its category, place,
// times and status, so every figure computed from cases is unchanged.
// Safe on several instances without a lease: each batch is claimed by a conditional UPDATE of AnonymisedAt
// (only rows still null move), so a case is counted and audited by exactly one run; the follow-up updates
// of that batch only ever write the same anonymous values, so doing them twice changes nothing.
public sealed class CaseRetention(GongzhiDb db, IConfiguration configuration, TimeProvider clock)
{
    public const string Action = "RetentionAnonymise";
    public const string Placeholder = "（已按保存期限匿名）";
    private const int Batch = 500;

    public int? ConfiguredYears => configuration.GetValue<int?>("Requests:RetentionYears") is { } y && y > 0 ? y : null;

    public async Task<RetentionResult> RunAsync(DateTime? at = null, int? years = null, CancellationToken ct = default)
    {
        var keep = years ?? ConfiguredYears;
        if (keep is not { } y || y <= 0) return new RetentionResult(false, 0);
        var now = at ?? clock.GetUtcNow().UtcDateTime;
        var cutoff = now.AddYears(-y);
        var total = 0;
        while (true)
        {
            var ids = await db.Cases.AsNoTracking().Where(c => c.ClosedAt != null && c.ClosedAt < cutoff && c.AnonymisedAt == null)
                .OrderBy(c => c.Id).Select(c => c.Id).Take(Batch).ToListAsync(ct);
            if (ids.Count == 0) break;
            total += await AnonymiseAsync(ids, now, cutoff, ct);
        }
        return new RetentionResult(true, total);
    }

    private async Task<int> AnonymiseAsync(List<long> ids, DateTime now, DateTime cutoff, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Cases.Where(c => ids.Contains(c.Id) && c.AnonymisedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.AnonymisedAt, now)
            .SetProperty(c => c.ReporterName, c => c.ReporterName == null ? null : Placeholder)
            .SetProperty(c => c.ReporterPhone, (string?)null)
            .SetProperty(c => c.RatingComment, (string?)null)
            .SetProperty(c => c.AnswersJson, (string?)null)
            .SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (claimed > 0)
        {
            await db.DisputeParties.Where(p => ids.Contains(p.CaseId)).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Name, Placeholder).SetProperty(p => p.Phone, (string?)null), ct);
            // The reporter's own lines (comments, ratings) are signed by them; staff lines keep the staff name.
            await db.CaseEvents.Where(e => ids.Contains(e.CaseId) && e.ActorUserId != null
                    && db.Cases.Any(c => c.Id == e.CaseId && c.ReporterUserId == e.ActorUserId))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, Placeholder), ct);
            db.AuditEntries.Add(new AuditEntry(now, null, "system", Action, "Cases", $"{claimed} cases closed before {cutoff:yyyy-MM-dd}", null));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return claimed;
    }
}

public sealed class CaseRetentionWorker(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<CaseRetentionWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration.GetValue<int?>("Requests:RetentionYears") is not > 0) return; // off by default
        // Once a day is plenty for a limit counted in years; the first pass runs shortly after start.
        var hours = configuration.GetValue<double?>("Requests:RetentionSweepHours") ?? 24;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(hours));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<CaseRetention>().RunAsync(ct: stoppingToken);
                if (result.Anonymised > 0) log.LogInformation("Retention sweep: {Count} closed cases anonymised", result.Anonymised);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Retention sweep failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
