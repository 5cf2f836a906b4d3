using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities.Venues;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Activities.Events;

public sealed record EventInput(
    long CommunityId, string? Title, EventKind Kind, string? Description, long? VenueId, string? Address,
    OrganiserKind OrganiserKind, string? OrganiserName, DateTime? StartsAt, DateTime? EndsAt, int? RepeatWeeks, int Capacity,
    int? MinAge, int? MaxAge, long? EstateId, bool FamiliesOnly, DateTime? RegistrationOpensAt, DateTime? RegistrationClosesAt);

public sealed record RegistrationInput(long[]? ResidentIds);
public sealed record CancelManyInput(long[]? RegistrationIds);
public sealed record CapacityInput(int Capacity, int Version);
public sealed record EventVersionInput(int Version);
public sealed record CheckInInput(string? Code, long? RegistrationId, long? SessionId);
public sealed record ReportInput(string? Text);

public sealed record RegistrationRow(long Id, long ResidentId, string Name, RegistrationStatus Status, int? WaitlistPosition);

// Events and their registrations. Every change to an event's places starts by bumping Event.Seq with
// one UPDATE: the row lock it takes makes registrations, cancellations and promotions of one event run
// one after another (on SQLite the write transaction does the same), so capacity is never exceeded
// under a rush, the waitlist keeps arrival order, and a freed place goes to the first in line.
public sealed class EventCommands(GongzhiDb db, ActivitiesAccess access, VenueCommands venues, PhotoStore photos, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<long> CreateAsync(EventInput input, CancellationToken ct = default)
    {
        await access.RequireManageAsync(input.CommunityId, ct);
        var now = Now;
        if (input.StartsAt is null) throw new ValidationFailure("StartsAt", "Validation.Required");
        if (input.EndsAt is null) throw new ValidationFailure("EndsAt", "Validation.Required");
        var draft = new EventDraft(input.Title, input.Kind, input.Description, input.VenueId, input.Address, input.OrganiserKind, input.OrganiserName,
            BeijingTime.ToUtc(input.StartsAt.Value), BeijingTime.ToUtc(input.EndsAt.Value), input.RepeatWeeks ?? 1, input.Capacity,
            input.MinAge, input.MaxAge, input.EstateId, input.FamiliesOnly,
            input.RegistrationOpensAt is { } o ? BeijingTime.ToUtc(o) : null, input.RegistrationClosesAt is { } c ? BeijingTime.ToUtc(c) : null);
        var ev = new Event(input.CommunityId, draft, access.UserId, now);
        if (ev.EstateId is { } estateId && !await db.Estates.AnyAsync(e => e.Id == estateId && e.CommunityId == ev.CommunityId, ct))
            throw new ValidationFailure("EstateId", "Activities.Error.EstateNotInCommunity");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (ev.VenueId is { } venueId)
        {
            var venue = await venues.LockAsync(venueId, ct);
            if (venue.CommunityId != ev.CommunityId) throw new ValidationFailure("VenueId", "Activities.Error.VenueNotInCommunity");
            if (ev.Capacity > venue.Capacity) throw new ValidationFailure("Capacity", "Activities.Error.OverVenueCapacity", venue.Capacity);
            foreach (var (start, end) in ev.Sessions()) await venues.CheckFreeAsync(venue, start, end, ct);
        }
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);
        foreach (var (start, end) in ev.Sessions())
        {
            db.EventSessions.Add(new EventSession(ev.Id, start, end));
            if (ev.VenueId is { } v) db.Bookings.Add(new Booking(v, start, end, null, ev.Id, ev.Title, access.UserId, access.UserName, approved: true, now));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ev.Id;
    }

    public async Task<IReadOnlyList<RegistrationRow>> RegisterAsync(long eventId, RegistrationInput input, CancellationToken ct = default)
    {
        var ev = await VisibleEventAsync(eventId, ct);
        var now = Now;
        // Left out, residentIds means "myself" (a one-person app's sign-up button). An empty list is a
        // household picker sent with nobody ticked: a question left unanswered, never "register me".
        if (input.ResidentIds is { Length: 0 }) throw new ValidationFailure("ResidentIds", "Activities.Error.NobodyChosen");
        var wanted = (input.ResidentIds ?? []).Distinct().ToList();
        var self = await access.SelfAsync(ct);
        var onBehalf = await access.ManagesAsync(ev.CommunityId, ct) && wanted.Count > 0 && (self is null || wanted.Any(id => id != self.ResidentId));
        if (!onBehalf)
        {
            if (self is null) throw new Forbidden("Activities.Error.NotAResident");
            if (wanted.Count == 0) wanted.Add(self.ResidentId);
        }
        if (wanted.Count > 10) throw new ValidationFailure("ResidentIds", "Validation.Range", 1, 10);

        var people = await (from r in db.Residents
                            join h in db.Households on r.HouseholdId equals h.Id
                            join g in db.Grids on h.GridId equals g.Id
                            where wanted.Contains(r.Id) && r.Status == ResidentStatus.Active
                            select new Person(r.Id, r.Name, r.BirthDate, h.Id, h.EstateId, g.CommunityId)).ToListAsync(ct);
        if (people.Count != wanted.Count) throw new ValidationFailure("ResidentIds", "Activities.Error.UnknownResident");
        if (!onBehalf && people.Any(p => p.HouseholdId != self!.HouseholdId)) throw new ValidationFailure("ResidentIds", "Activities.Error.NotYourHousehold");

        ev.CheckRegistrationOpen(now);
        Audience.Check(ev, people);
        // Each person's own account is told about a promotion; registering oneself, that is the caller.
        var accounts = !onBehalf && wanted.Count == 1 && wanted[0] == self!.ResidentId
            ? new Dictionary<long, string> { [self.ResidentId] = access.UserId }
            : await db.Users.Where(u => u.ResidentId != null && wanted.Contains(u.ResidentId.Value))
                .Select(u => new { u.Id, ResidentId = u.ResidentId!.Value }).ToDictionaryAsync(u => u.ResidentId, u => u.Id, ct);

        // The critical section, one event at a time: four statements between BEGIN and COMMIT.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(eventId, wanted.Count, ct);
        var state = await db.Events.Where(e => e.Id == eventId).Select(e => new
        {
            e.Seq, e.Capacity,
            Confirmed = db.Registrations.Count(r => r.EventId == eventId && r.Status == RegistrationStatus.Confirmed),
            Waitlisted = db.Registrations.Count(r => r.EventId == eventId && r.Status == RegistrationStatus.Waitlisted),
        }).SingleAsync(ct);
        var existing = await db.Registrations.Where(r => r.EventId == eventId && wanted.Contains(r.ResidentId)).ToListAsync(ct);
        var (seq, confirmed, waitlisted) = (state.Seq - wanted.Count, state.Confirmed, state.Waitlisted);
        var taken = new List<(Registration Row, int? Position)>();
        foreach (var p in people.OrderBy(p => wanted.IndexOf(p.ResidentId)))
        {
            var userId = accounts.GetValueOrDefault(p.ResidentId) ?? (onBehalf ? null : access.UserId);
            var row = existing.FirstOrDefault(r => r.ResidentId == p.ResidentId);
            if (row is null)
            {
                row = new Registration(eventId, p.ResidentId, p.HouseholdId, p.Name, userId, access.UserId, now);
                db.Registrations.Add(row);
            }
            row.Take(confirmed < state.Capacity, ++seq, userId, access.UserId, now);
            if (row.Status == RegistrationStatus.Confirmed) confirmed++;
            else waitlisted++;
            taken.Add((row, row.Status == RegistrationStatus.Waitlisted ? waitlisted : null));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return taken.Select(t => new RegistrationRow(t.Row.Id, t.Row.ResidentId, t.Row.Name, t.Row.Status, t.Position)).ToList();
    }

    public async Task CancelAsync(long registrationId, CancellationToken ct = default)
    {
        var reg = await db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, ct) ?? throw new NotFound();
        var ev = await VisibleEventAsync(reg.EventId, ct);
        var self = await access.SelfAsync(ct);
        var mine = reg.UserId == access.UserId || reg.RegisteredByUserId == access.UserId || (self is not null && self.HouseholdId == reg.HouseholdId);
        if (!mine && !await access.ManagesAsync(ev.CommunityId, ct)) throw new NotFound();
        await CancelManyCoreAsync(ev, [registrationId], ct);
    }

    // Staff cancel several at once (e.g. a family that phoned in): one transaction, then the waitlist
    // moves up by as many places, in order.
    public async Task CancelManyAsync(long eventId, CancelManyInput input, CancellationToken ct = default)
    {
        var ev = await VisibleEventAsync(eventId, ct);
        await access.RequireManageAsync(ev.CommunityId, ct);
        var ids = (input.RegistrationIds ?? []).Distinct().ToList();
        if (ids.Count == 0) throw new ValidationFailure("RegistrationIds", "Validation.Required");
        await CancelManyCoreAsync(ev, ids, ct);
    }

    private async Task CancelManyCoreAsync(Event ev, List<long> ids, CancellationToken ct)
    {
        var now = Now;
        if (now >= ev.StartsAt) throw new ValidationFailure("RegistrationId", "Activities.Error.AlreadyStarted");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(ev.Id, 0, ct);
        var rows = await db.Registrations.Where(r => r.EventId == ev.Id && ids.Contains(r.Id)).ToListAsync(ct);
        if (rows.Count != ids.Count) throw new NotFound();
        foreach (var r in rows) r.Cancel(now);
        await db.SaveChangesAsync(ct);
        await PromoteAsync(ev, now, ct);
        await tx.CommitAsync(ct);
    }

    public async Task SetCapacityAsync(long eventId, CapacityInput input, CancellationToken ct = default)
    {
        var ev = await VisibleEventAsync(eventId, ct);
        await access.RequireManageAsync(ev.CommunityId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(eventId, 0, ct);
        var tracked = await db.Events.SingleAsync(e => e.Id == eventId, ct);
        var confirmed = await db.Registrations.CountAsync(r => r.EventId == eventId && r.Status == RegistrationStatus.Confirmed, ct);
        if (input.Capacity < confirmed) throw new ValidationFailure("Capacity", "Activities.Error.BelowConfirmed", confirmed);
        // The room does not grow with the sign-up list: the same limit as when the event was created.
        if (tracked.VenueId is { } venueId && await db.Venues.Where(v => v.Id == venueId).Select(v => v.Capacity).SingleAsync(ct) is var room && input.Capacity > room)
            throw new ValidationFailure("Capacity", "Activities.Error.OverVenueCapacity", room);
        tracked.SetCapacity(input.Capacity, input.Version);
        await db.SaveChangesAsync(ct);
        await PromoteAsync(tracked, Now, ct);
        await tx.CommitAsync(ct);
    }

    // Staff call an event off: its venue bookings are released and everyone registered is told.
    public async Task CancelEventAsync(long eventId, int version, CancellationToken ct = default)
    {
        var ev = await VisibleEventAsync(eventId, ct);
        await access.RequireManageAsync(ev.CommunityId, ct);
        var now = Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(eventId, 0, ct);
        var tracked = await db.Events.SingleAsync(e => e.Id == eventId, ct);
        tracked.Cancel(version);
        foreach (var b in await db.Bookings.Where(b => b.EventId == eventId && (b.Status == BookingStatus.Approved || b.Status == BookingStatus.Pending)).ToListAsync(ct))
            b.Cancel(now);
        var told = await db.Registrations.Where(r => r.EventId == eventId && r.Status != RegistrationStatus.Cancelled)
            .Select(r => r.UserId ?? r.RegisteredByUserId).Distinct().ToListAsync(ct);
        foreach (var userId in told)
            db.Notifications.Add(new Notification(userId, "event.cancelled", "Activities.Notice.EventCancelled", [ev.Title, BeijingTime.Format(ev.StartsAt)], $"/activities/events/{ev.Id}", now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    // Called with the event locked: fills free places from the waitlist, first come first served,
    // and tells each promoted person (or whoever registered them) in their inbox.
    private async Task PromoteAsync(Event ev, DateTime now, CancellationToken ct)
    {
        if (now >= ev.StartsAt) return;
        var capacity = await db.Events.Where(e => e.Id == ev.Id).Select(e => e.Capacity).SingleAsync(ct);
        var confirmed = await db.Registrations.CountAsync(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Confirmed, ct);
        if (confirmed >= capacity) return;
        var next = await db.Registrations.Where(r => r.EventId == ev.Id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.Seq).Take(capacity - confirmed).ToListAsync(ct);
        foreach (var r in next)
        {
            r.Promote(now);
            db.Notifications.Add(new Notification(r.UserId ?? r.RegisteredByUserId, "event.promoted", "Activities.Notice.Promoted",
                [ev.Title, r.Name, BeijingTime.Format(ev.StartsAt)], $"/activities/events/{ev.Id}", now));
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<string> CheckInAsync(long eventId, CheckInInput input, CancellationToken ct = default)
    {
        var ev = await VisibleEventAsync(eventId, ct);
        await access.RequireManageAsync(ev.CommunityId, ct);
        var code = input.Code?.Trim().ToLowerInvariant();
        var reg = await db.Registrations.AsNoTracking().FirstOrDefaultAsync(r => r.EventId == eventId
            && (code != null && code != "" ? r.CheckInCode == code : r.Id == input.RegistrationId), ct)
            ?? throw new ValidationFailure(code is { Length: > 0 } ? "Code" : "RegistrationId", "Activities.Error.UnknownCode");
        if (reg.Status != RegistrationStatus.Confirmed) throw new ValidationFailure("Code", "Activities.Error.NotConfirmed", reg.Name);
        var now = Now;
        var sessions = await db.EventSessions.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var session = input.SessionId is { } sid
            ? sessions.FirstOrDefault(s => s.Id == sid) ?? throw new ValidationFailure("SessionId", "Validation.Invalid")
            : sessions.FirstOrDefault(s => s.EndsAt > now.AddHours(-12)) ?? sessions[^1];
        if (await db.CheckIns.AnyAsync(c => c.RegistrationId == reg.Id && c.SessionId == session.Id, ct))
            throw new DuplicateFailure("Code", "Activities.Error.AlreadyCheckedIn", reg.Name);
        db.CheckIns.Add(new CheckIn(reg.Id, session.Id, code is { Length: > 0 } ? CheckInMethod.Qr : CheckInMethod.List, access.UserId, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new DuplicateFailure("Code", "Activities.Error.AlreadyCheckedIn", reg.Name);
        }
        return reg.Name;
    }

    // 批量签到: the organiser ticks on the roster who came and checks them in with one submit. All or
    // nothing: someone not confirmed or already checked in is named and nobody is checked in by it.
    public async Task<int> CheckInManyAsync(long eventId, IReadOnlyList<long> registrationIds, CancellationToken ct = default)
    {
        var ev = await VisibleEventAsync(eventId, ct);
        await access.RequireManageAsync(ev.CommunityId, ct);
        var ids = registrationIds.Distinct().ToList();
        if (ids.Count == 0) throw new ValidationFailure("RegistrationIds", "Activities.Error.NobodyToCheckIn");
        var regs = await db.Registrations.AsNoTracking().Where(r => r.EventId == eventId && ids.Contains(r.Id)).ToListAsync(ct);
        if (regs.Count != ids.Count) throw new ValidationFailure("RegistrationIds", "Activities.Error.UnknownCode");
        var now = Now;
        var sessions = await db.EventSessions.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.StartsAt).ToListAsync(ct);
        var session = sessions.FirstOrDefault(s => s.EndsAt > now.AddHours(-12)) ?? sessions[^1];
        var already = await db.CheckIns.AsNoTracking().Where(c => ids.Contains(c.RegistrationId) && c.SessionId == session.Id).Select(c => c.RegistrationId).ToListAsync(ct);
        var errors = regs.Where(r => r.Status != RegistrationStatus.Confirmed).Select(r => new FieldError("RegistrationIds", "Activities.Error.NotConfirmed", r.Name))
            .Concat(regs.Where(r => already.Contains(r.Id)).Select(r => new FieldError("RegistrationIds", "Activities.Error.AlreadyCheckedIn", r.Name))).ToList();
        if (errors.Count > 0) throw new ValidationFailure(errors);
        foreach (var r in regs) db.CheckIns.Add(new CheckIn(r.Id, session.Id, CheckInMethod.List, access.UserId, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Somebody checked one of them in meanwhile (the unique index): this submit wrote nothing.
            db.ChangeTracker.Clear();
            throw new DuplicateFailure("RegistrationIds", "Activities.Error.CheckedInMeanwhile");
        }
        return regs.Count;
    }

    public async Task ReportAsync(long eventId, ReportInput input, IReadOnlyList<PhotoUpload> uploads, CancellationToken ct = default)
    {
        var ev = await VisibleEventAsync(eventId, ct);
        await access.RequireManageAsync(ev.CommunityId, ct);
        var now = Now;
        var tracked = await db.Events.SingleAsync(e => e.Id == eventId, ct);
        tracked.WriteReport(input.Text, now);
        var checkedPhotos = await photos.CheckAsync(uploads, ct);
        var saved = await photos.SaveAsync(checkedPhotos, now, ct);
        try
        {
            foreach (var p in saved) db.EventPhotos.Add(new EventPhoto(eventId, p.StoredName, p.ContentType, now));
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            photos.Delete(saved);
            throw;
        }
    }

    // Staff of the event's community set, replace or remove its cover picture.
    public async Task SetCoverAsync(long eventId, PhotoUpload? upload, bool remove, CancellationToken ct = default)
    {
        var ev = await VisibleEventAsync(eventId, ct);
        await access.RequireManageAsync(ev.CommunityId, ct);
        var tracked = await db.Events.SingleAsync(e => e.Id == eventId, ct);
        await CoverPictures.ReplaceAsync(photos, upload, remove, Now, tracked.SetCover, () => db.SaveChangesAsync(ct), ct);
    }

    public async Task<Event> VisibleEventAsync(long eventId, CancellationToken ct)
    {
        var ev = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, ct) ?? throw new NotFound();
        await access.RequireVisibleAsync(ev.CommunityId, ct);
        return ev;
    }

    // Takes the event's row lock for the rest of the transaction (and moves the queue counter on by `by`).
    private async Task LockAsync(long eventId, int by, CancellationToken ct)
    {
        var n = await db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Seq, e => e.Seq + by), ct);
        if (n == 0) throw new NotFound();
    }
}

public sealed record Person(long ResidentId, string Name, DateOnly? BirthDate, long HouseholdId, long EstateId, long CommunityId);
