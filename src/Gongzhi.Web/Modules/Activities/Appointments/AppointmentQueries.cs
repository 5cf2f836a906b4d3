using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Activities.Appointments;

public sealed record ServiceRow(long Id, long CommunityId, string Name, ServiceKind Kind, string? Description, int SlotMinutes, IReadOnlyList<SlotRow> Slots);

public sealed record SlotRow(long Id, DateTime StartsAt, DateTime EndsAt, string StaffName, bool Taken);

public sealed record AppointmentRow(long Id, string Service, DateTime StartsAt, DateTime EndsAt, string ResidentName, AppointmentStatus Status, bool OnBehalf, string StaffName);

public sealed class AppointmentQueries(GongzhiDb db, ActivitiesAccess access, TimeProvider clock)
{
    // Services of the caller's communities with the free slots of the next two weeks.
    // A community's centre services with their slot length, for the staff page that opens slots.
    public async Task<List<(long Id, string Name, int SlotMinutes)>> OfCommunityAsync(long communityId, CancellationToken ct = default) =>
        (await db.CentreServices.AsNoTracking().Where(s => s.CommunityId == communityId).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.SlotMinutes }).ToListAsync(ct)).Select(s => (s.Id, s.Name, s.SlotMinutes)).ToList();

    public async Task<List<ServiceRow>> ServicesAsync(CancellationToken ct = default)
    {
        var visible = (await access.VisibleCommunitiesAsync(ct)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now.AddDays(14);
        var services = await db.CentreServices.AsNoTracking().Where(s => visible.Contains(s.CommunityId)).OrderBy(s => s.Id).ToListAsync(ct);
        var ids = services.Select(s => s.Id).ToList();
        var slots = await db.AppointmentSlots.AsNoTracking().Where(s => ids.Contains(s.ServiceId) && s.StartsAt > now && s.StartsAt < until)
            .OrderBy(s => s.StartsAt).Select(s => new { s.ServiceId, Row = new SlotRow(s.Id, s.StartsAt, s.EndsAt, s.StaffName, s.Taken) }).ToListAsync(ct);
        return services.Select(s => new ServiceRow(s.Id, s.CommunityId, s.Name, s.Kind, s.Description, s.SlotMinutes,
            slots.Where(x => x.ServiceId == s.Id).Select(x => x.Row).ToList())).ToList();
    }

    public async Task<List<AppointmentRow>> MineAsync(CancellationToken ct = default)
    {
        var userId = access.UserId;
        return (await Rows(db.Appointments.Where(a => a.UserId == userId || (a.BookedByUserId == userId && !a.OnBehalf))
            .OrderByDescending(a => a.StartsAt).Take(50)).ToListAsync(ct)).OrderByDescending(a => a.StartsAt).ToList();
    }

    // Staff: the appointments of the coming days in the communities they manage.
    public async Task<List<AppointmentRow>> ForStaffAsync(CancellationToken ct = default)
    {
        var managed = (await access.ManagedCommunitiesAsync(ct)).ToList();
        if (managed.Count == 0) throw new Forbidden();
        var from = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var services = db.CentreServices.Where(s => managed.Contains(s.CommunityId)).Select(s => s.Id);
        return (await Rows(db.Appointments.Where(a => services.Contains(a.ServiceId) && a.StartsAt >= from)
            .OrderBy(a => a.StartsAt).Take(200)).ToListAsync(ct)).OrderBy(a => a.StartsAt).ToList();
    }

    private IQueryable<AppointmentRow> Rows(IQueryable<Appointment> query) =>
        from a in query
        join s in db.CentreServices on a.ServiceId equals s.Id
        join slot in db.AppointmentSlots on a.SlotId equals slot.Id
        select new AppointmentRow(a.Id, s.Name, a.StartsAt, a.EndsAt, a.ResidentName, a.Status, a.OnBehalf, slot.StaffName);
}
