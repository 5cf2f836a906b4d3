using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Platform.Notifications;
using Gongzhi.Web.Platform.Webhooks;

namespace Gongzhi.Web.Modules.Requests.Escalation;

// More: some step found a full batch of candidates, so more may be waiting (a backlog after an outage) and the
// worker runs again at once instead of leaving the rest for its next tick, 200 cases per step and minute.
public sealed record SweepResult(int ToCommunity, int ToSubdistrict, int Warned, int AutoClosed, bool More = false);

// 督办: the periodic pass over open cases. Each step first claims its case with a conditional
// UPDATE (only the instance whose update changes the row goes on) and writes the timeline line and
// the messages in the same transaction as the claim. So with several app instances on one
// database every escalation, warning and closing happens exactly once.
public sealed class EscalationSweep(GongzhiDb db, CaseRouting routing, WorkCalendar calendar, IWebhookEvents webhooks, TimeProvider clock,
    IConfiguration configuration)
{
    internal const int Batch = 200;
    private const int ClaimBatch = 25;
    private static readonly CaseStatus[] Open = [CaseStatus.Submitted, CaseStatus.Accepted, CaseStatus.Referred, CaseStatus.Reopened];
    private bool _more;

    public async Task<SweepResult> RunAsync(DateTime? at = null, CancellationToken ct = default)
    {
        var now = at ?? clock.GetUtcNow().UtcDateTime;
        _more = false;
        var time = await calendar.GetAsync(ct);
        var toCommunity = await ToCommunityAsync(now, ct);
        var toSubdistrict = await ToSubdistrictAsync(now, time, ct);
        var warned = await WarnAsync(now, time, ct);
        var closed = await CloseUnratedAsync(now, ct);
        return new SweepResult(toCommunity, toSubdistrict, warned, closed, _more);
    }

    // Overdue (not taken in time, or not resolved in time): up to the community's staff.
    private async Task<int> ToCommunityAsync(DateTime now, CancellationToken ct) =>
        await EscalateAllAsync(Full(await OverdueQuery(db, now).ToListAsync(ct)), EscalationLevel.None, EscalationLevel.Community, now, ct);

    // Notes a full batch of candidates: there may be more behind it.
    private List<T> Full<T>(List<T> candidates)
    {
        if (candidates.Count >= Batch) _more = true;
        return candidates;
    }

    // Read from the partial index on open cases (OpenCases), in id order: at city scale the primary key walked
    // from the oldest case passed millions of closed ones first (docs/benchmarks.md). A test checks the plan.
    internal static IQueryable<long> OverdueQuery(GongzhiDb db, DateTime now) =>
        db.Cases.AsNoTracking().Where(OpenCases.Only)
            .Where(c => c.EscalationLevel == EscalationLevel.None && ((c.Status == CaseStatus.Submitted && c.RespondBy < now) || c.ResolveBy < now))
            .OrderBy(c => c.Id).Select(c => c.Id).Take(Batch);

    // SQLite (one instance): one transaction per case. PostgreSQL (several instances): claimed batches —
    // each instance locks the next few candidates nobody else holds (FOR UPDATE SKIP LOCKED) and escalates
    // them in one transaction, so instances split a backlog instead of racing for the same rows. The
    // conditional UPDATE inside stays the guarantee either way.
    private async Task<int> EscalateAllAsync(List<long> candidates, EscalationLevel from, EscalationLevel to, DateTime now, CancellationToken ct)
    {
        var count = 0;
        if (!db.Database.IsNpgsql())
        {
            foreach (var id in candidates)
                if (await EscalateAsync(id, from, to, now, ct)) count++;
            return count;
        }
        var ids = candidates.ToArray();
        var level = (int)from;
        while (true)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var batch = await db.Database.SqlQuery<long>($"""
                SELECT "Id" AS "Value" FROM "Cases" WHERE "Id" = ANY({ids}) AND "EscalationLevel" = {level}
                ORDER BY "Id" LIMIT {ClaimBatch} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
            if (batch.Count == 0) return count;
            foreach (var id in batch)
                if (await EscalateAsync(id, from, to, now, ct)) count++;
            await tx.CommitAsync(ct);
        }
    }

    // Still open some working days after the resolution deadline: up to the subdistrict.
    private async Task<int> ToSubdistrictAsync(DateTime now, WorkingTime time, CancellationToken ct)
    {
        var graceDays = configuration.GetValue<int?>("Requests:SubdistrictAfterDays") ?? 2;
        var roughly = now.AddDays(-graceDays); // a working day is never shorter than a calendar day
        var candidates = await db.Cases.AsNoTracking().Where(OpenCases.Only)
            .Where(c => c.EscalationLevel == EscalationLevel.Community && c.ResolveBy < roughly)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.ResolveBy }).Take(Batch).ToListAsync(ct);
        Full(candidates);
        return await EscalateAllAsync(candidates.Where(c => time.AddDays(c.ResolveBy, graceDays) < now).Select(c => c.Id).ToList(),
            EscalationLevel.Community, EscalationLevel.Subdistrict, now, ct);
    }

    // Inside a claimed batch's transaction, or in its own.
    private async Task<bool> EscalateAsync(long id, EscalationLevel from, EscalationLevel to, DateTime now, CancellationToken ct)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var claimed = await db.Cases.Where(c => c.Id == id && c.EscalationLevel == from)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.EscalationLevel, to).SetProperty(c => c.Version, c => c.Version + 1).SetProperty(c => c.UpdatedAt, now), ct);
        if (claimed == 0) return false;
        var c = await db.Cases.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        db.CaseEvents.Add(new CaseEvent(id, CaseEventKind.Escalated, now, null, "", to.ToString(), @internal: true));
        var targets = await routing.EscalationTargetsAsync(c, to, ct);
        if (c.OwnerUserId is not null) targets.Add(c.OwnerUserId);
        foreach (var user in targets.Distinct())
            db.Notifications.Add(new Notification(user, "case.escalated", "Requests.Notice.Escalated", [Id(id)], $"/cases/{id}", now));
        await webhooks.RaiseAsync(RequestsWebhooks.Overdue, c.CommunityId, new
        {
            id, status = c.Status.ToString(), escalatedTo = to.ToString(), c.RespondBy, c.ResolveBy, url = $"/cases/{id}",
        }, now, ct);
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    // A warning to the owner before the resolution deadline, once per deadline (a reopened case gets a new one).
    private async Task<int> WarnAsync(DateTime now, WorkingTime time, CancellationToken ct)
    {
        var before = configuration.GetValue<int?>("Requests:WarnBeforeMinutes") ?? 120;
        var horizon = now.AddDays(7);
        var candidates = await db.Cases.AsNoTracking()
            .Where(c => Open.Contains(c.Status) && c.OwnerUserId != null && c.ResolveBy > now && c.ResolveBy < horizon
                && (c.WarnedFor == null || c.WarnedFor != c.ResolveBy))
            .OrderBy(c => c.ResolveBy).Select(c => new { c.Id, c.ResolveBy, c.OwnerUserId }).Take(Batch * 5).ToListAsync(ct);
        var due = Full(candidates.Where(c => time.MinutesBetween(now, c.ResolveBy) <= before).Take(Batch).ToList());
        var count = 0;
        foreach (var c in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var deadline = c.ResolveBy;
            var claimed = await db.Cases.Where(x => x.Id == c.Id && x.ResolveBy == deadline && (x.WarnedFor == null || x.WarnedFor != deadline))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.WarnedFor, deadline), ct);
            if (claimed == 0) continue;
            db.Notifications.Add(new Notification(c.OwnerUserId!, "case.due", "Requests.Notice.DeadlineNear", [Id(c.Id)], $"/cases/{c.Id}", now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            count++;
        }
        return count;
    }

    // A resolved case the resident did not rate within the follow-up period closes without a rating.
    private async Task<int> CloseUnratedAsync(DateTime now, CancellationToken ct)
    {
        var days = configuration.GetValue<int?>("Requests:RateWithinDays") ?? 7;
        var cutoff = now.AddDays(-days);
        var due = await db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Resolved && c.ResolvedAt < cutoff)
            .OrderBy(c => c.Id).Select(c => c.Id).Take(Batch).ToListAsync(ct);
        Full(due);
        var count = 0;
        foreach (var id in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Cases.Where(c => c.Id == id && c.Status == CaseStatus.Resolved)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CaseStatus.Closed).SetProperty(c => c.ClosedAt, now)
                    .SetProperty(c => c.Version, c => c.Version + 1).SetProperty(c => c.UpdatedAt, now), ct);
            if (claimed == 0) continue;
            db.CaseEvents.Add(new CaseEvent(id, CaseEventKind.Closed, now, null, "", null, toStatus: CaseStatus.Closed));
            var community = await db.Cases.Where(c => c.Id == id).Select(c => c.CommunityId).FirstAsync(ct);
            await webhooks.RaiseAsync(RequestsWebhooks.StatusChanged, community, new
            {
                id, from = nameof(CaseStatus.Resolved), to = nameof(CaseStatus.Closed), url = $"/cases/{id}",
            }, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            count++;
        }
        return count;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

public sealed class EscalationWorker(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<EscalationWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue<int?>("Requests:SweepSeconds") ?? 60;
        if (seconds <= 0) return; // switched off (tests drive the sweep themselves)
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                // Again at once while a run found full batches, for up to one period (then the next tick decides).
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                SweepResult result;
                do
                {
                    var run = System.Diagnostics.Stopwatch.GetTimestamp();
                    await using var scope = scopes.CreateAsyncScope();
                    result = await scope.ServiceProvider.GetRequiredService<EscalationSweep>().RunAsync(ct: stoppingToken);
                    // The duration is what tells an operator whether one run keeps up at city volume (docs/benchmarks.md).
                    if (result != new SweepResult(0, 0, 0, 0))
                        log.LogInformation("Escalation sweep: {Result} in {Milliseconds} ms", result, (long)System.Diagnostics.Stopwatch.GetElapsedTime(run).TotalMilliseconds);
                }
                while (result.More && System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds < seconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Escalation sweep failed; will retry");
            }
        }
    }
}
