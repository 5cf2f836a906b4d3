using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Activities.Appointments;

public sealed record SlotsInput(DateTime? StartsAt, int Count, string? StaffName);
public sealed record AppointmentInput(long? ResidentId, string? Note);
public sealed record OutcomeInput(AppointmentStatus Outcome);

// Service appointments. A slot is claimed with one conditional UPDATE (free and still in the future),
// so of two people pressing "book" at once one gets it and the other a clear refusal; the
// appointment row is written in the same transaction, so a failed write frees the slot again.
public sealed class AppointmentCommands(GongzhiDb db, ActivitiesAccess access, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IReadOnlyList<long>> AddSlotsAsync(long serviceId, SlotsInput input, CancellationToken ct = default)
    {
        var service = await db.CentreServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, ct) ?? throw new NotFound();
        await access.RequireManageAsync(service.CommunityId, ct);
        if (input.StartsAt is null) throw new ValidationFailure("StartsAt", "Validation.Required");
        var start = BeijingTime.ToUtc(input.StartsAt.Value);
        if (start <= Now) throw new ValidationFailure("StartsAt", "Activities.Error.InThePast");
        var count = Guard.Range(input.Count, 1, 40, "Count");
        var staffName = string.IsNullOrWhiteSpace(input.StaffName) ? access.UserName : input.StaffName;
        var slots = Enumerable.Range(0, count).Select(i => new AppointmentSlot(serviceId,
            start.AddMinutes(i * service.SlotMinutes), start.AddMinutes((i + 1) * service.SlotMinutes), access.UserId, staffName)).ToList();
        var ends = slots[^1].EndsAt;
        if (await db.AppointmentSlots.AnyAsync(s => s.ServiceId == serviceId && s.StartsAt < ends && start < s.EndsAt, ct))
            throw new DuplicateFailure("StartsAt", "Activities.Error.SlotsOverlap");
        db.AppointmentSlots.AddRange(slots);
        await db.SaveChangesAsync(ct);
        return slots.Select(s => s.Id).ToList();
    }

    public async Task<long> BookAsync(long slotId, AppointmentInput input, CancellationToken ct = default)
    {
        var slot = await db.AppointmentSlots.AsNoTracking().FirstOrDefaultAsync(s => s.Id == slotId, ct) ?? throw new NotFound();
        var service = await db.CentreServices.AsNoTracking().SingleAsync(s => s.Id == slot.ServiceId, ct);
        await access.RequireVisibleAsync(service.CommunityId, ct);
        var self = await access.SelfAsync(ct);
        long residentId;
        bool onBehalf;
        if (input.ResidentId is { } rid && rid != self?.ResidentId)
        {
            // 代办: staff book for a resident of their community (often an elderly person without a phone).
            await access.RequireManageAsync(service.CommunityId, ct);
            var community = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                                   where r.Id == rid && r.Status == ResidentStatus.Active select (long?)g.CommunityId).FirstOrDefaultAsync(ct);
            if (community != service.CommunityId) throw new ValidationFailure("ResidentId", "Activities.Error.UnknownResident");
            (residentId, onBehalf) = (rid, true);
        }
        else
        {
            if (self is null) throw new Forbidden("Activities.Error.NotAResident");
            if (self.CommunityId != service.CommunityId) throw new ValidationFailure("SlotId", "Activities.Error.OtherCommunity", self.Name);
            (residentId, onBehalf) = (self.ResidentId, false);
        }
        var now = Now;
        if (slot.StartsAt <= now) throw new ValidationFailure("SlotId", "Activities.Error.SlotPast");
        var name = await db.Residents.Where(r => r.Id == residentId).Select(r => r.Name).SingleAsync(ct);
        var userId = await db.Users.Where(u => u.ResidentId == residentId).Select(u => u.Id).FirstOrDefaultAsync(ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.AppointmentSlots.Where(s => s.Id == slotId && !s.Taken && s.StartsAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, true), ct);
        if (claimed == 0) throw new DuplicateFailure("SlotId", "Activities.Error.SlotTaken");
        var appointment = new Appointment(slot, residentId, name, userId, access.UserId, onBehalf, input.Note, now);
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return appointment.Id;
    }

    public async Task CloseAsync(long appointmentId, OutcomeInput input, CancellationToken ct = default)
    {
        var a = await db.Appointments.FirstOrDefaultAsync(x => x.Id == appointmentId, ct) ?? throw new NotFound();
        var service = await db.CentreServices.AsNoTracking().SingleAsync(s => s.Id == a.ServiceId, ct);
        await access.RequireVisibleAsync(service.CommunityId, ct);
        var manages = await access.ManagesAsync(service.CommunityId, ct);
        var own = a.UserId == access.UserId || a.BookedByUserId == access.UserId;
        if (!manages && !(own && input.Outcome == AppointmentStatus.Cancelled)) throw manages || own ? new Forbidden() : new NotFound();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        a.Close(input.Outcome, Now);
        await db.SaveChangesAsync(ct);
        if (input.Outcome == AppointmentStatus.Cancelled)
            await db.AppointmentSlots.Where(s => s.Id == a.SlotId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, false), ct);
        await tx.CommitAsync(ct);
    }
}

// Reminders go out the day before: each appointment is claimed by a conditional UPDATE of
// ReminderSentAt, so two app instances never remind twice.
public sealed class AppointmentReminders(GongzhiDb db, TimeProvider clock)
{
    public static readonly TimeSpan Ahead = TimeSpan.FromHours(24);

    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Ahead;
        var due = await (from a in db.Appointments
                         join s in db.CentreServices on a.ServiceId equals s.Id
                         where a.Status == AppointmentStatus.Booked && a.ReminderSentAt == null && a.StartsAt > now && a.StartsAt <= until
                         select new { a.Id, a.UserId, a.BookedByUserId, a.ResidentName, a.StartsAt, Service = s.Name }).Take(500).ToListAsync(ct);
        var sent = 0;
        foreach (var a in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Appointments.Where(x => x.Id == a.Id && x.ReminderSentAt == null).ExecuteUpdateAsync(x => x.SetProperty(p => p.ReminderSentAt, now), ct);
            if (claimed == 0) continue;
            db.Notifications.Add(new Notification(a.UserId ?? a.BookedByUserId, "appointment.reminder", "Activities.Notice.Reminder",
                [a.Service, BeijingTime.Format(a.StartsAt), a.ResidentName], "/activities/mine", now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            sent++;
        }
        return sent;
    }
}

public sealed class ReminderWorker(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ReminderWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue<int?>("Activities:ReminderSeconds") ?? 300;
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AppointmentReminders>().SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Appointment reminder sweep failed");
            }
        }
    }
}
