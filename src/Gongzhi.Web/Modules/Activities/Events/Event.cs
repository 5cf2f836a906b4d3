namespace Gongzhi.Web.Modules.Activities.Events;

// 活动: one-off or weekly (RepeatWeeks sessions, e.g. every Wednesday afternoon 健身气功), held in a
// venue of the community or at an address. Capacity counts people, one place per registration.
// Seq is bumped at the start of every registration change: that UPDATE takes the event's row lock,
// so registrations and cancellations of one event queue behind each other on both providers,
// and its value orders the waitlist.
public sealed class Event
{
    public const int MaxWeeks = 26;

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Title { get; private set; } = "";
    public EventKind Kind { get; private set; }
    public string? Description { get; private set; }
    public long? VenueId { get; private set; }
    public string? Address { get; private set; }
    public OrganiserKind OrganiserKind { get; private set; }
    public string OrganiserName { get; private set; } = "";
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public int RepeatWeeks { get; private set; }
    public int Capacity { get; private set; }
    public int? MinAge { get; private set; }
    public int? MaxAge { get; private set; }
    public long? EstateId { get; private set; }
    public bool FamiliesOnly { get; private set; }
    public DateTime RegistrationOpensAt { get; private set; }
    public DateTime RegistrationClosesAt { get; private set; }
    public EventStatus Status { get; private set; }
    public string? Report { get; private set; }
    public DateTime? ReportedAt { get; private set; }
    public string CreatedByUserId { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public long Seq { get; private set; }
    public int Version { get; private set; }
    public string? CoverName { get; private set; }
    public string? CoverType { get; private set; }

    // Sets or clears the cover picture; returns the stored name it replaced (deleted once this is saved).
    public string? SetCover(Requests.Photos.StoredPhoto? photo)
    {
        var old = CoverName;
        (CoverName, CoverType) = (photo?.StoredName, photo?.ContentType);
        Version++;
        return old;
    }

    private Event() { } // for EF

    public Event(long communityId, EventDraft d, string createdByUserId, DateTime now)
    {
        CommunityId = communityId;
        Title = Guard.Text(d.Title, 60, "Title");
        Kind = Enum.IsDefined(d.Kind) ? d.Kind : throw new ValidationFailure("Kind", "Validation.Invalid");
        Description = Guard.OptionalText(d.Description, 2000, "Description");
        VenueId = d.VenueId;
        Address = Guard.OptionalText(d.Address, 200, "Address");
        if (VenueId is null && Address is null) throw new ValidationFailure("Address", "Activities.Error.PlaceRequired");
        OrganiserKind = Enum.IsDefined(d.OrganiserKind) ? d.OrganiserKind : throw new ValidationFailure("OrganiserKind", "Validation.Invalid");
        OrganiserName = Guard.Text(d.OrganiserName, 50, "OrganiserName");
        StartsAt = d.StartsAt;
        EndsAt = d.EndsAt;
        if (EndsAt <= StartsAt) throw new ValidationFailure("EndsAt", "Activities.Error.EndBeforeStart");
        if (EndsAt - StartsAt > TimeSpan.FromHours(24)) throw new ValidationFailure("EndsAt", "Activities.Error.TooLong");
        if (StartsAt <= now) throw new ValidationFailure("StartsAt", "Activities.Error.InThePast");
        RepeatWeeks = Guard.Range(d.RepeatWeeks, 1, MaxWeeks, "RepeatWeeks");
        Capacity = Guard.Range(d.Capacity, 1, 5000, "Capacity");
        if (d.MinAge is { } min) MinAge = Guard.Range(min, 0, 120, "MinAge");
        if (d.MaxAge is { } max) MaxAge = Guard.Range(max, 0, 120, "MaxAge");
        if (MinAge > MaxAge) throw new ValidationFailure("MaxAge", "Activities.Error.AgeRange");
        EstateId = d.EstateId;
        FamiliesOnly = d.FamiliesOnly;
        RegistrationOpensAt = d.RegistrationOpensAt ?? now;
        RegistrationClosesAt = d.RegistrationClosesAt ?? StartsAt;
        if (RegistrationClosesAt <= RegistrationOpensAt) throw new ValidationFailure("RegistrationClosesAt", "Activities.Error.WindowEmpty");
        if (RegistrationClosesAt > StartsAt) throw new ValidationFailure("RegistrationClosesAt", "Activities.Error.WindowAfterStart");
        CreatedByUserId = createdByUserId;
        CreatedAt = now;
    }

    // Session times: the same local time each week (no daylight saving in China, so UTC + 7 days).
    public IEnumerable<(DateTime Start, DateTime End)> Sessions() =>
        Enumerable.Range(0, RepeatWeeks).Select(i => (StartsAt.AddDays(7 * i), EndsAt.AddDays(7 * i)));

    public DateTime LastEndsAt => EndsAt.AddDays(7 * (RepeatWeeks - 1));

    public void CheckRegistrationOpen(DateTime now)
    {
        if (Status == EventStatus.Cancelled) throw new ValidationFailure("EventId", "Activities.Error.EventCancelled");
        if (now < RegistrationOpensAt) throw new ValidationFailure("EventId", "Activities.Error.NotYetOpen", BeijingTime.Format(RegistrationOpensAt));
        if (now >= RegistrationClosesAt) throw new ValidationFailure("EventId", "Activities.Error.Closed");
    }

    public void SetCapacity(int capacity, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        Capacity = Guard.Range(capacity, 1, 5000, "Capacity");
        Version++;
    }

    public void Cancel(int expectedVersion)
    {
        CheckVersion(expectedVersion);
        if (Status == EventStatus.Cancelled) throw new ValidationFailure("EventId", "Activities.Error.EventCancelled");
        Status = EventStatus.Cancelled;
        Version++;
    }

    public void WriteReport(string? text, DateTime now)
    {
        if (now < StartsAt) throw new ValidationFailure("Report", "Activities.Error.ReportTooEarly");
        Report = Guard.Text(text, 1000, "Report");
        ReportedAt = now;
        Version++;
    }

    private void CheckVersion(int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
    }
}

public sealed record EventDraft(
    string? Title, EventKind Kind, string? Description, long? VenueId, string? Address,
    OrganiserKind OrganiserKind, string? OrganiserName, DateTime StartsAt, DateTime EndsAt, int RepeatWeeks, int Capacity,
    int? MinAge, int? MaxAge, long? EstateId, bool FamiliesOnly, DateTime? RegistrationOpensAt, DateTime? RegistrationClosesAt);

public sealed class EventSession
{
    public long Id { get; private set; }
    public long EventId { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }

    private EventSession() { } // for EF

    public EventSession(long eventId, DateTime startsAt, DateTime endsAt)
    {
        EventId = eventId;
        StartsAt = startsAt;
        EndsAt = endsAt;
    }
}

// 报名: one place for one person. A cancelled registration stays (one row per person and event) and
// is taken up again, with a new place in the queue, if they register once more.
public sealed class Registration
{
    public long Id { get; private set; }
    public long EventId { get; private set; }
    public long ResidentId { get; private set; }
    public long HouseholdId { get; private set; }
    public string Name { get; private set; } = "";
    public string? UserId { get; private set; }
    public string RegisteredByUserId { get; private set; } = "";
    public RegistrationStatus Status { get; private set; }
    public long Seq { get; private set; }
    public string CheckInCode { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? PromotedAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }

    private Registration() { } // for EF

    public Registration(long eventId, long residentId, long householdId, string name, string? userId, string registeredByUserId, DateTime now)
    {
        EventId = eventId;
        ResidentId = residentId;
        HouseholdId = householdId;
        Name = name;
        UserId = userId;
        RegisteredByUserId = registeredByUserId;
        CreatedAt = now;
        CheckInCode = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        Status = RegistrationStatus.Cancelled;
    }

    public bool Active => Status != RegistrationStatus.Cancelled;

    public void Take(bool confirmed, long seq, string? userId, string registeredByUserId, DateTime now)
    {
        if (Active) throw new DuplicateFailure("ResidentIds", "Activities.Error.AlreadyRegistered", Name);
        Status = confirmed ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
        Seq = seq;
        UserId = userId ?? UserId;
        RegisteredByUserId = registeredByUserId;
        CreatedAt = now;
        PromotedAt = null;
        CancelledAt = null;
    }

    public void Cancel(DateTime now)
    {
        if (!Active) throw new ValidationFailure("RegistrationId", "Activities.Error.AlreadyCancelled");
        Status = RegistrationStatus.Cancelled;
        CancelledAt = now;
    }

    public void Promote(DateTime now)
    {
        if (Status != RegistrationStatus.Waitlisted) throw new InvalidOperationException("Only a waitlisted registration is promoted.");
        Status = RegistrationStatus.Confirmed;
        PromotedAt = now;
    }
}

// 签到: one per registration and session.
public sealed class CheckIn
{
    public long Id { get; private set; }
    public long RegistrationId { get; private set; }
    public long SessionId { get; private set; }
    public CheckInMethod Method { get; private set; }
    public string ByUserId { get; private set; } = "";
    public DateTime At { get; private set; }

    private CheckIn() { } // for EF

    public CheckIn(long registrationId, long sessionId, CheckInMethod method, string byUserId, DateTime at)
    {
        RegistrationId = registrationId;
        SessionId = sessionId;
        Method = method;
        ByUserId = byUserId;
        At = at;
    }
}

public sealed class EventPhoto
{
    public long Id { get; private set; }
    public long EventId { get; private set; }
    public string StoredName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public DateTime At { get; private set; }

    private EventPhoto() { } // for EF

    public EventPhoto(long eventId, string storedName, string contentType, DateTime at)
    {
        EventId = eventId;
        StoredName = storedName;
        ContentType = contentType;
        At = at;
    }
}
