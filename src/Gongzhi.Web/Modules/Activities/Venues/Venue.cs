namespace Gongzhi.Web.Modules.Activities.Venues;

// 场地 of the community: 党群服务中心, 文化活动室, 议事室, 健身广场. Version is bumped by every booking
// change: that UPDATE takes the venue's row lock, so overlapping bookings cannot both pass the check.
public sealed class Venue
{
    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public VenueKind Kind { get; private set; }
    public int Capacity { get; private set; }
    public string? Equipment { get; private set; }
    public TimeOnly OpensAt { get; private set; }
    public TimeOnly ClosesAt { get; private set; }
    // Residents' and teams' bookings wait for staff approval; staff bookings never do.
    public bool ApprovalRequired { get; private set; }
    public int Version { get; private set; }

    private Venue() { } // for EF

    public Venue(long communityId, string name, VenueKind kind, int capacity, string? equipment, TimeOnly opensAt, TimeOnly closesAt, bool approvalRequired)
    {
        CommunityId = communityId;
        Name = Guard.Text(name, 30, "Name");
        Kind = Enum.IsDefined(kind) ? kind : throw new ValidationFailure("Kind", "Validation.Invalid");
        Capacity = Guard.Range(capacity, 1, 10000, "Capacity");
        Equipment = Guard.OptionalText(equipment, 200, "Equipment");
        if (closesAt <= opensAt) throw new ValidationFailure("ClosesAt", "Activities.Error.EndBeforeStart");
        OpensAt = opensAt;
        ClosesAt = closesAt;
        ApprovalRequired = approvalRequired;
    }

    // Within opening hours on the local day it starts (no booking runs past midnight).
    public void CheckOpen(DateTime startUtc, DateTime endUtc)
    {
        var start = BeijingTime.ToLocal(startUtc);
        var end = BeijingTime.ToLocal(endUtc);
        if (end <= start) throw new ValidationFailure("EndsAt", "Activities.Error.EndBeforeStart");
        if (end.Date != start.Date && end.TimeOfDay != TimeSpan.Zero) throw new ValidationFailure("EndsAt", "Activities.Error.OutsideHours", OpensAt.ToString("HH:mm"), ClosesAt.ToString("HH:mm"));
        var from = TimeOnly.FromDateTime(start);
        var to = end.Date != start.Date ? TimeOnly.MaxValue : TimeOnly.FromDateTime(end);
        if (from < OpensAt || to > ClosesAt) throw new ValidationFailure("StartsAt", "Activities.Error.OutsideHours", OpensAt.ToString("HH:mm"), ClosesAt.ToString("HH:mm"));
    }
}

// 场地预约: one occupied stretch of a venue. A weekly booking is one row per week sharing SeriesKey;
// an event held in the venue holds one row per session (EventId set). Pending rows hold the time too,
// so two requests for the same evening cannot both be approved.
public sealed class Booking
{
    public long Id { get; private set; }
    public long VenueId { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public string? SeriesKey { get; private set; }
    public long? EventId { get; private set; }
    public string Purpose { get; private set; } = "";
    public string BookedByUserId { get; private set; } = "";
    public string BookedByName { get; private set; } = "";
    public BookingStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public DateTime? DecidedAt { get; private set; }

    private Booking() { } // for EF

    public Booking(long venueId, DateTime startsAt, DateTime endsAt, string? seriesKey, long? eventId, string purpose,
        string bookedByUserId, string bookedByName, bool approved, DateTime now)
    {
        VenueId = venueId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        SeriesKey = seriesKey;
        EventId = eventId;
        Purpose = Guard.Text(purpose, 100, "Purpose");
        BookedByUserId = bookedByUserId;
        BookedByName = bookedByName.Length > 30 ? bookedByName[..30] : bookedByName;
        Status = approved ? BookingStatus.Approved : BookingStatus.Pending;
        CreatedAt = now;
    }


    public void Decide(bool approve, string userId, DateTime now)
    {
        if (Status != BookingStatus.Pending) throw new ValidationFailure("BookingId", "Activities.Error.NotPending");
        Status = approve ? BookingStatus.Approved : BookingStatus.Rejected;
        DecidedByUserId = userId;
        DecidedAt = now;
    }

    public void Cancel(DateTime now)
    {
        if (Status is BookingStatus.Rejected or BookingStatus.Cancelled) throw new ValidationFailure("BookingId", "Activities.Error.AlreadyCancelled");
        Status = BookingStatus.Cancelled;
        DecidedAt ??= now;
    }
}
