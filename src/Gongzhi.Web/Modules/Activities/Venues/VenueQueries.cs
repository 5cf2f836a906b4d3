using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Activities.Venues;

public sealed record VenueRow(long Id, long CommunityId, string Name, VenueKind Kind, int Capacity, string? Equipment, TimeOnly OpensAt, TimeOnly ClosesAt, bool ApprovalRequired);

public sealed record BookingRow(long Id, DateTime StartsAt, DateTime EndsAt, string Purpose, string BookedBy, BookingStatus Status, long? EventId, string? SeriesKey, bool Mine);

public sealed record WeekDay(DateOnly Date, IReadOnlyList<BookingRow> Bookings);

public sealed record VenueWeek(VenueRow Venue, DateOnly Monday, IReadOnlyList<WeekDay> Days, bool CanManage);

public sealed class VenueQueries(GongzhiDb db, ActivitiesAccess access, TimeProvider clock)
{
    // A community's venues as they are, for the staff page that edits them (the commands check the scope).
    public async Task<List<Venue>> OfCommunityAsync(long communityId, CancellationToken ct = default) =>
        await db.Venues.AsNoTracking().Where(v => v.CommunityId == communityId).OrderBy(v => v.Id).ToListAsync(ct);

    public async Task<List<VenueRow>> ListAsync(CancellationToken ct = default)
    {
        var visible = (await access.VisibleCommunitiesAsync(ct)).ToList();
        return await db.Venues.AsNoTracking().Where(v => visible.Contains(v.CommunityId)).OrderBy(v => v.CommunityId).ThenBy(v => v.Id)
            .Select(v => new VenueRow(v.Id, v.CommunityId, v.Name, v.Kind, v.Capacity, v.Equipment, v.OpensAt, v.ClosesAt, v.ApprovalRequired)).ToListAsync(ct);
    }

    // The week (Monday to Sunday, Beijing time) holding the given day. Residents see who booked only
    // for their own bookings; staff see every booker.
    public async Task<VenueWeek> WeekAsync(long venueId, DateOnly? day, CancellationToken ct = default)
    {
        var v = await db.Venues.AsNoTracking().FirstOrDefaultAsync(x => x.Id == venueId, ct) ?? throw new NotFound();
        await access.RequireVisibleAsync(v.CommunityId, ct);
        var manage = await access.ManagesAsync(v.CommunityId, ct);
        var d = Dates.Check(day, "Day") ?? BeijingTime.Today(clock);
        var monday = d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        var from = BeijingTime.ToUtc(monday.ToDateTime(TimeOnly.MinValue));
        var to = from.AddDays(7);
        var userId = access.UserId;
        var rows = await db.Bookings.AsNoTracking()
            .Where(b => b.VenueId == venueId && b.StartsAt < to && from < b.EndsAt && (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Approved))
            .OrderBy(b => b.StartsAt)
            .Select(b => new { b.Id, b.StartsAt, b.EndsAt, b.Purpose, b.BookedByName, b.BookedByUserId, b.Status, b.EventId, b.SeriesKey })
            .ToListAsync(ct);
        var list = rows.Select(b =>
        {
            var mine = b.BookedByUserId == userId;
            var open = manage || mine || b.EventId is not null;
            return new BookingRow(b.Id, b.StartsAt, b.EndsAt, open ? b.Purpose : "", open ? b.BookedByName : "", b.Status, b.EventId, b.SeriesKey, mine);
        }).ToList();
        var days = Enumerable.Range(0, 7).Select(i => monday.AddDays(i))
            .Select(date => new WeekDay(date, list.Where(b => DateOnly.FromDateTime(BeijingTime.ToLocal(b.StartsAt)) == date).ToList())).ToList();
        return new VenueWeek(new VenueRow(v.Id, v.CommunityId, v.Name, v.Kind, v.Capacity, v.Equipment, v.OpensAt, v.ClosesAt, v.ApprovalRequired), monday, days, manage);
    }
}
