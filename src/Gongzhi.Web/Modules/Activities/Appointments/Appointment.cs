namespace Gongzhi.Web.Modules.Activities.Appointments;

// 服务事项 offered at the centre: 代办帮办 (社保认证, 老年证, 居住证明), 预约延时服务, 周末加时服务.
public sealed class CentreService
{
    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public ServiceKind Kind { get; private set; }
    public string? Description { get; private set; }
    public int SlotMinutes { get; private set; }

    private CentreService() { } // for EF

    public CentreService(long communityId, string name, ServiceKind kind, string? description, int slotMinutes)
    {
        CommunityId = communityId;
        Name = Guard.Text(name, 30, "Name");
        Kind = Enum.IsDefined(kind) ? kind : throw new ValidationFailure("Kind", "Validation.Invalid");
        Description = Guard.OptionalText(description, 300, "Description");
        SlotMinutes = Guard.Range(slotMinutes, 5, 240, "SlotMinutes");
    }
}

// A time slot with the staff member who serves it; one appointment at a time. Taken is claimed
// with a conditional UPDATE (… WHERE Taken = false AND StartsAt > now), so a slot is never booked
// twice and never in the past, whatever arrives at the same moment.
public sealed class AppointmentSlot
{
    public long Id { get; private set; }
    public long ServiceId { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public string? StaffUserId { get; private set; }
    public string StaffName { get; private set; } = "";
    public bool Taken { get; private set; }

    private AppointmentSlot() { } // for EF

    public AppointmentSlot(long serviceId, DateTime startsAt, DateTime endsAt, string? staffUserId, string staffName)
    {
        if (endsAt <= startsAt) throw new ValidationFailure("EndsAt", "Activities.Error.EndBeforeStart");
        ServiceId = serviceId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        StaffUserId = staffUserId;
        StaffName = Guard.Text(staffName, 30, "StaffName");
    }
}

public sealed class Appointment
{
    public long Id { get; private set; }
    public long SlotId { get; private set; }
    public long ServiceId { get; private set; }
    public long ResidentId { get; private set; }
    public string ResidentName { get; private set; } = "";
    public string? UserId { get; private set; }
    public string BookedByUserId { get; private set; } = "";
    public bool OnBehalf { get; private set; }
    public AppointmentStatus Status { get; private set; }
    public string? Note { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ReminderSentAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }

    private Appointment() { } // for EF

    public Appointment(AppointmentSlot slot, long residentId, string residentName, string? userId, string bookedByUserId, bool onBehalf, string? note, DateTime now)
    {
        SlotId = slot.Id;
        ServiceId = slot.ServiceId;
        StartsAt = slot.StartsAt;
        EndsAt = slot.EndsAt;
        ResidentId = residentId;
        ResidentName = residentName;
        UserId = userId;
        BookedByUserId = bookedByUserId;
        OnBehalf = onBehalf;
        Note = Guard.OptionalText(note, 200, "Note");
        CreatedAt = now;
    }

    public void Close(AppointmentStatus outcome, DateTime now)
    {
        if (Status != AppointmentStatus.Booked) throw new ValidationFailure("AppointmentId", "Activities.Error.AppointmentClosed");
        if (outcome is not (AppointmentStatus.Done or AppointmentStatus.NoShow or AppointmentStatus.Cancelled))
            throw new ValidationFailure("Outcome", "Validation.Invalid");
        if (outcome != AppointmentStatus.Cancelled && now < StartsAt) throw new ValidationFailure("Outcome", "Activities.Error.NotStartedYet");
        Status = outcome;
        ClosedAt = now;
    }
}
