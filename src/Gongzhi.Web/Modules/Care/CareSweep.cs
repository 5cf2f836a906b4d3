using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Care;

public sealed record SweepResult(int Warned, int Escalated);

// Reminders about visits: the visitor the day before a visit is due, the grid leader once a visit is
// a week overdue. Each step claims its recipient with a conditional UPDATE of WarnedFor /
// EscalatedFor (… WHERE the column differs from NextDueOn) inside the transaction that writes the
// messages, so several instances sweeping one database send each message once.
public sealed class CareSweep(GongzhiDb db)
{
    public const int EscalateAfterDays = 7;

    public async Task<SweepResult> RunAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var today = CareRecipient.BeijingDay(nowUtc);
        var tomorrow = today.AddDays(1);
        var lateSince = today.AddDays(-EscalateAfterDays);
        var recipients = db.Set<CareRecipient>().AsNoTracking().Where(r => r.Status == CareStatus.Active);

        var toWarn = await recipients.Where(r => r.NextDueOn == tomorrow && (r.WarnedFor == null || r.WarnedFor != r.NextDueOn))
            .Select(r => new { r.Id, r.NextDueOn }).Take(500).ToListAsync(ct);
        var warned = 0;
        foreach (var r in toWarn)
            if (await StepAsync(r.Id, r.NextDueOn, escalate: false, nowUtc, today, ct)) warned++;

        var toEscalate = await recipients.Where(r => r.NextDueOn <= lateSince && (r.EscalatedFor == null || r.EscalatedFor != r.NextDueOn))
            .Select(r => new { r.Id, r.NextDueOn }).Take(500).ToListAsync(ct);
        var escalated = 0;
        foreach (var r in toEscalate)
            if (await StepAsync(r.Id, r.NextDueOn, escalate: true, nowUtc, today, ct)) escalated++;
        return new SweepResult(warned, escalated);
    }

    private async Task<bool> StepAsync(long id, DateOnly due, bool escalate, DateTime now, DateOnly today, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var set = db.Set<CareRecipient>().Where(r => r.Id == id && r.Status == CareStatus.Active && r.NextDueOn == due);
        var claimed = escalate
            ? await set.Where(r => r.EscalatedFor == null || r.EscalatedFor != due).ExecuteUpdateAsync(s => s.SetProperty(r => r.EscalatedFor, due), ct)
            : await set.Where(r => r.WarnedFor == null || r.WarnedFor != due).ExecuteUpdateAsync(s => s.SetProperty(r => r.WarnedFor, due), ct);
        if (claimed == 0) return false; // another instance took it, or a visit moved the date meanwhile

        var r = await (from c in db.Set<CareRecipient>().AsNoTracking()
                       join res in db.Residents on c.ResidentId equals res.Id
                       join h in db.Households on c.HouseholdId equals h.Id
                       where c.Id == id
                       select new { res.Name, h.GridId, c.VisitorUserId }).FirstAsync(ct);
        var to = escalate ? await CareAccess.GridLeadersAsync(db, r.GridId, today, ct)
            : r.VisitorUserId is { } visitor ? [visitor] : await CareAccess.GridWorkersAsync(db, r.GridId, today, ct);
        var dueText = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var late = (today.DayNumber - due.DayNumber).ToString(CultureInfo.InvariantCulture);
        foreach (var userId in to)
            db.Notifications.Add(escalate
                ? new Notification(userId, "care.overdue", "Care.Notice.Overdue", [r.Name, late], $"/care/recipients/{id}", now)
                : new Notification(userId, "care.due", "Care.Notice.DueTomorrow", [r.Name, dueText], $"/care/recipients/{id}/visit", now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}

// Runs the sweep every Care:SweepSeconds (300 by default; 0 turns it off), the first time one interval after start.
public sealed class CareSweepWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<CareSweepWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Care:SweepSeconds", 300);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CareSweep>().RunAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Care sweep failed");
            }
        }
    }
}
