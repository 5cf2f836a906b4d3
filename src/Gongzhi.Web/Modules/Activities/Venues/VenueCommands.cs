using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Activities.Venues;

public sealed record BookingInput(DateTime? StartsAt, DateTime? EndsAt, int? Weeks, string? Purpose);
public sealed record DecideInput(bool Approve);
public sealed record VenueInput(long CommunityId, string? Name, VenueKind Kind, int Capacity, string? Equipment, TimeOnly? OpensAt, TimeOnly? ClosesAt, bool ApprovalRequired);
public sealed record BookingResult(string? SeriesKey, IReadOnlyList<long> Ids, BookingStatus Status);

// Venue bookings. A change starts by bumping Venue.Version with one UPDATE, which takes the venue's
// row lock until commit (SQLite: the write transaction), so two overlapping requests cannot both pass
// the overlap check. Overlap is on half-open intervals: 14:00–16:00 and 16:00–18:00 do not clash.
public sealed class VenueCommands(GongzhiDb db, ActivitiesAccess access, TimeProvider clock)
{
    public const int MaxWeeks = 26;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<long> CreateAsync(VenueInput input, CancellationToken ct = default)
    {
        await access.RequireManageAsync(input.CommunityId, ct);
        var venue = new Venue(input.CommunityId, input.Name ?? "", input.Kind, input.Capacity, input.Equipment,
            input.OpensAt ?? new TimeOnly(8, 30), input.ClosesAt ?? new TimeOnly(21, 0), input.ApprovalRequired);
        db.Venues.Add(venue);
        await db.SaveChangesAsync(ct);
        return venue.Id;
    }

    public async Task<BookingResult> BookAsync(long venueId, BookingInput input, CancellationToken ct = default)
    {
        var venue = await db.Venues.AsNoTracking().FirstOrDefaultAsync(v => v.Id == venueId, ct) ?? throw new NotFound();
        await access.RequireVisibleAsync(venue.CommunityId, ct);
        var staff = await access.ManagesAsync(venue.CommunityId, ct);
        if (input.StartsAt is null) throw new ValidationFailure("StartsAt", "Validation.Required");
        if (input.EndsAt is null) throw new ValidationFailure("EndsAt", "Validation.Required");
        var start = BeijingTime.ToUtc(input.StartsAt.Value);
        var end = BeijingTime.ToUtc(input.EndsAt.Value);
        var weeks = Guard.Range(input.Weeks ?? 1, 1, MaxWeeks, "Weeks");
        var purpose = Guard.Text(input.Purpose, 100, "Purpose");
        var now = Now;
        if (start <= now) throw new ValidationFailure("StartsAt", "Activities.Error.InThePast");
        venue.CheckOpen(start, end);
        var seriesKey = weeks > 1 ? Guid.NewGuid().ToString("N") : null;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await LockAsync(venueId, ct);
        var rows = new List<Booking>();
        for (var i = 0; i < weeks; i++)
        {
            var (s, e) = (start.AddDays(7 * i), end.AddDays(7 * i));
            await CheckFreeAsync(locked, s, e, ct);
            rows.Add(new Booking(venueId, s, e, seriesKey, null, purpose, access.UserId, access.UserName, approved: staff || !venue.ApprovalRequired, now));
        }
        db.Bookings.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new BookingResult(seriesKey, rows.Select(r => r.Id).ToList(), rows[0].Status);
    }

    public async Task DecideAsync(long bookingId, DecideInput input, CancellationToken ct = default)
    {
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct) ?? throw new NotFound();
        var venue = await db.Venues.AsNoTracking().SingleAsync(v => v.Id == booking.VenueId, ct);
        await access.RequireManageAsync(venue.CommunityId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(venue.Id, ct);
        var series = booking.SeriesKey is null ? [booking]
            : await db.Bookings.Where(b => b.SeriesKey == booking.SeriesKey && b.Status == BookingStatus.Pending).ToListAsync(ct);
        foreach (var b in series) b.Decide(input.Approve, access.UserId, Now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task CancelAsync(long bookingId, CancellationToken ct = default)
    {
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, ct) ?? throw new NotFound();
        var venue = await db.Venues.AsNoTracking().SingleAsync(v => v.Id == booking.VenueId, ct);
        await access.RequireVisibleAsync(venue.CommunityId, ct);
        if (booking.BookedByUserId != access.UserId) await access.RequireManageAsync(venue.CommunityId, ct);
        if (booking.EventId is not null) throw new ValidationFailure("BookingId", "Activities.Error.EventBooking");
        booking.Cancel(Now);
        await db.SaveChangesAsync(ct);
    }

    // Within a transaction: takes the venue's row lock and returns the venue as it is now.
    public async Task<Venue> LockAsync(long venueId, CancellationToken ct)
    {
        var n = await db.Venues.Where(v => v.Id == venueId).ExecuteUpdateAsync(s => s.SetProperty(v => v.Version, v => v.Version + 1), ct);
        if (n == 0) throw new NotFound();
        return await db.Venues.AsNoTracking().SingleAsync(v => v.Id == venueId, ct);
    }

    public async Task CheckFreeAsync(Venue venue, DateTime start, DateTime end, CancellationToken ct)
    {
        venue.CheckOpen(start, end);
        var clash = await db.Bookings.AsNoTracking()
            .Where(b => b.VenueId == venue.Id && b.StartsAt < end && start < b.EndsAt && (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Approved))
            .OrderBy(b => b.StartsAt).Select(b => new { b.StartsAt, b.EndsAt, b.Purpose }).FirstOrDefaultAsync(ct);
        if (clash is not null)
            throw new DuplicateFailure("StartsAt", "Activities.Error.VenueTaken", venue.Name, BeijingTime.Format(clash.StartsAt), BeijingTime.ToLocal(clash.EndsAt).ToString("HH:mm"));
    }
}
