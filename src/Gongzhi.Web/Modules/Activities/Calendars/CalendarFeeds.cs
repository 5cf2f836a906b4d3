using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Activities.Calendars;

// The three feeds. Community and venue feeds are public (what a notice board shows: titles and
// times; residents' own bookings show only that the room is taken). The personal feed is found by its
// secret token alone, since calendar apps cannot log in; revoking the token ends it.
public sealed class CalendarFeeds(GongzhiDb db, TimeProvider clock, IStringLocalizer text)
{
    private static readonly TimeSpan Back = TimeSpan.FromDays(60);
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<string?> CommunityAsync(long communityId, string host, CancellationToken ct = default)
    {
        var name = await db.Communities.Where(c => c.Id == communityId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (name is null) return null;
        var since = Now - Back;
        var rows = await (from s in db.EventSessions
                          join e in db.Events on s.EventId equals e.Id
                          join v in db.Venues on e.VenueId equals v.Id into vs
                          from v in vs.DefaultIfEmpty()
                          where e.CommunityId == communityId && s.EndsAt >= since
                          orderby s.StartsAt
                          select new { s.Id, s.StartsAt, s.EndsAt, e.Title, e.Description, e.Address, Venue = v == null ? null : v.Name, e.Status, e.CreatedAt, EventId = e.Id })
            .Take(2000).ToListAsync(ct);
        return ICalendar.Write(name, rows.Select(r => new CalendarItem($"session-{r.Id}@{host}", r.StartsAt, r.EndsAt, r.Title, r.Venue ?? r.Address,
            r.Description, r.CreatedAt, r.Status == EventStatus.Cancelled)));
    }

    public async Task<string?> VenueAsync(long venueId, string host, CancellationToken ct = default)
    {
        var venue = await db.Venues.AsNoTracking().FirstOrDefaultAsync(v => v.Id == venueId, ct);
        if (venue is null) return null;
        var since = Now - Back;
        var rows = await db.Bookings.AsNoTracking()
            .Where(b => b.VenueId == venueId && b.EndsAt >= since && (b.Status == BookingStatus.Approved || b.Status == BookingStatus.Pending))
            .OrderBy(b => b.StartsAt).Take(2000).ToListAsync(ct);
        return ICalendar.Write(venue.Name, rows.Select(b => new CalendarItem($"booking-{b.Id}@{host}", b.StartsAt, b.EndsAt,
            b.EventId is null ? text["Activities.Feed.Taken"] : b.Purpose, venue.Name, null, b.CreatedAt)));
    }

    public async Task<string?> PersonalAsync(string token, string host, CancellationToken ct = default)
    {
        if (token.Length is < 10 or > 40) return null;
        var userId = await db.CalendarTokens.Where(t => t.Token == token).Select(t => t.UserId).FirstOrDefaultAsync(ct);
        if (userId is null) return null;
        var since = Now - Back;
        var sessions = await (from r in db.Registrations
                              join e in db.Events on r.EventId equals e.Id
                              join s in db.EventSessions on e.Id equals s.EventId
                              join v in db.Venues on e.VenueId equals v.Id into vs
                              from v in vs.DefaultIfEmpty()
                              where (r.UserId == userId || r.RegisteredByUserId == userId) && r.Status != RegistrationStatus.Cancelled && s.EndsAt >= since
                              orderby s.StartsAt
                              select new { s.Id, s.StartsAt, s.EndsAt, e.Title, r.Name, r.Status, e.Address, Venue = v == null ? null : v.Name, r.CreatedAt, RegistrationId = r.Id })
            .Take(1000).ToListAsync(ct);
        var appointments = await (from a in db.Appointments
                                  join s in db.CentreServices on a.ServiceId equals s.Id
                                  where (a.UserId == userId || a.BookedByUserId == userId) && a.Status == AppointmentStatus.Booked && a.EndsAt >= since
                                  orderby a.StartsAt
                                  select new { a.Id, a.StartsAt, a.EndsAt, s.Name, a.ResidentName, a.CreatedAt }).Take(500).ToListAsync(ct);
        var items = sessions.Select(r => new CalendarItem($"registration-{r.RegistrationId}-{r.Id}@{host}", r.StartsAt, r.EndsAt,
                r.Status == RegistrationStatus.Waitlisted ? text["Activities.Feed.Waitlisted", r.Title] : r.Title, r.Venue ?? r.Address, r.Name, r.CreatedAt))
            .Concat(appointments.Select(a => new CalendarItem($"appointment-{a.Id}@{host}", a.StartsAt, a.EndsAt, a.Name, null, a.ResidentName, a.CreatedAt)));
        return ICalendar.Write(text["Activities.Feed.Personal"], items.OrderBy(i => i.StartsUtc));
    }

    public async Task<string> TokenForAsync(string userId, bool renew, CancellationToken ct = default)
    {
        var token = await db.CalendarTokens.FirstOrDefaultAsync(t => t.UserId == userId, ct);
        if (token is null)
        {
            token = new CalendarToken(userId, Now);
            db.CalendarTokens.Add(token);
        }
        else if (renew)
        {
            token.Renew(Now);
        }
        await db.SaveChangesAsync(ct);
        return token.Token;
    }

    public async Task RevokeAsync(string userId, CancellationToken ct = default) =>
        await db.CalendarTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
}
