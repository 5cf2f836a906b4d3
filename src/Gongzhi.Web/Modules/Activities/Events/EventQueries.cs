using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Activities.Events;

public sealed record EventSummary(long Id, string Title, EventKind Kind, DateTime StartsAt, DateTime EndsAt, int RepeatWeeks, string Place,
    int Capacity, int Confirmed, int Waitlisted, EventStatus Status, string Community, string? Cover = null);

public sealed record SessionRow(long Id, DateTime StartsAt, DateTime EndsAt, int Attended);

public sealed record MyRegistration(long Id, long ResidentId, string Name, RegistrationStatus Status, int? WaitlistPosition, string CheckInCode, bool CheckedIn);

public sealed record StaffRegistration(long Id, string Name, RegistrationStatus Status, long Seq, bool CheckedIn);

public sealed record EventView(
    long Id, long CommunityId, string Title, EventKind Kind, string? Description, string Place, long? VenueId, OrganiserKind OrganiserKind, string OrganiserName,
    DateTime StartsAt, DateTime EndsAt, int RepeatWeeks, int Capacity, int Confirmed, int Waitlisted,
    int? MinAge, int? MaxAge, string? EstateName, bool FamiliesOnly, DateTime RegistrationOpensAt, DateTime RegistrationClosesAt,
    EventStatus Status, bool RegistrationOpen, string? Report, DateTime? ReportedAt, IReadOnlyList<long> PhotoIds, int Version,
    IReadOnlyList<SessionRow> Sessions, IReadOnlyList<MyRegistration> Mine, IReadOnlyList<HouseholdMember> Household,
    bool CanManage, IReadOnlyList<StaffRegistration>? All, string? Cover = null);

// WhyNotKey: why this member cannot join (a short reason key, "Activities.Why.TooYoung"), with
// its argument (the age limit), or null when they can.
public sealed record HouseholdMember(long ResidentId, string Name, string? WhyNotKey = null, int? WhyNotLimit = null);

public sealed record MyEventRow(long RegistrationId, long EventId, string Title, DateTime StartsAt, int RepeatWeeks, string Name, RegistrationStatus Status);

public sealed record EventFormChoices(List<(long Id, string Name)> Venues, List<(long Id, string Name)> Estates);

public sealed class EventQueries(GongzhiDb db, ActivitiesAccess access, TimeProvider clock)
{
    // The venues and estates of a community the caller manages, for the new-event form's pickers (the page checks the right first).
    public async Task<EventFormChoices> FormChoicesAsync(long communityId, CancellationToken ct = default)
    {
        var venues = await db.Venues.Where(v => v.CommunityId == communityId).OrderBy(v => v.Id).Select(v => new { v.Id, v.Name }).ToListAsync(ct);
        var estates = await db.Estates.Where(e => e.CommunityId == communityId).OrderBy(e => e.Id).Select(e => new { e.Id, e.Name }).ToListAsync(ct);
        return new EventFormChoices(venues.Select(v => (v.Id, v.Name)).ToList(), estates.Select(e => (e.Id, e.Name)).ToList());
    }

    public async Task<List<EventSummary>> ListAsync(long? communityId, bool past = false, CancellationToken ct = default)
    {
        var visible = (await access.VisibleCommunitiesAsync(ct)).ToList();
        if (communityId is { } only) visible = visible.Where(c => c == only).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Events.AsNoTracking().Where(e => visible.Contains(e.CommunityId));
        // A weekly event runs until its last session; RepeatWeeks is at most 26, so half a year back is enough.
        query = past ? query.Where(e => e.StartsAt < now) : query.Where(e => e.StartsAt >= now.AddDays(-7 * Event.MaxWeeks));
        var rows = await (from e in query
                          join c in db.Communities on e.CommunityId equals c.Id
                          join v in db.Venues on e.VenueId equals v.Id into vs
                          from v in vs.DefaultIfEmpty()
                          orderby e.StartsAt
                          select new
                          {
                              e.Id, e.Title, e.Kind, e.StartsAt, e.EndsAt, e.RepeatWeeks, Place = v != null ? v.Name : e.Address ?? "", e.Capacity, e.Status, Community = c.Name, e.CoverName,
                              Confirmed = db.Registrations.Count(r => r.EventId == e.Id && r.Status == RegistrationStatus.Confirmed),
                              Waitlisted = db.Registrations.Count(r => r.EventId == e.Id && r.Status == RegistrationStatus.Waitlisted),
                          }).Take(300).ToListAsync(ct);
        return rows.Where(r => past || r.EndsAt.AddDays(7 * (r.RepeatWeeks - 1)) >= now)
            .Select(r => new EventSummary(r.Id, r.Title, r.Kind, r.StartsAt, r.EndsAt, r.RepeatWeeks, r.Place, r.Capacity, r.Confirmed, r.Waitlisted, r.Status, r.Community, CoverUrl(r.Id, r.CoverName)))
            .ToList();
    }

    // The caller's and their household's registrations for events not yet over.
    public async Task<List<MyEventRow>> MineAsync(CancellationToken ct = default)
    {
        var userId = access.UserId;
        var self = await access.SelfAsync(ct);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-7 * Event.MaxWeeks);
        var rows = await (from r in db.Registrations
                          join e in db.Events on r.EventId equals e.Id
                          where r.Status != RegistrationStatus.Cancelled && e.StartsAt >= since
                                && (r.UserId == userId || r.RegisteredByUserId == userId || (self != null && r.HouseholdId == self.HouseholdId))
                          orderby e.StartsAt
                          select new { r.Id, EventId = e.Id, e.Title, e.StartsAt, e.EndsAt, e.RepeatWeeks, r.Name, r.Status }).Take(100).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return rows.Where(r => r.EndsAt.AddDays(7 * (r.RepeatWeeks - 1)) >= now)
            .Select(r => new MyEventRow(r.Id, r.EventId, r.Title, r.StartsAt, r.RepeatWeeks, r.Name, r.Status)).ToList();
    }

    public async Task<EventView> GetAsync(long id, CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        await access.RequireVisibleAsync(e.CommunityId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var place = e.VenueId is { } vid ? await db.Venues.Where(v => v.Id == vid).Select(v => v.Name).SingleAsync(ct) : e.Address ?? "";
        var estate = e.EstateId is { } eid ? await db.Estates.Where(x => x.Id == eid).Select(x => x.Name).SingleAsync(ct) : null;
        var counts = await db.Registrations.Where(r => r.EventId == id && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var sessions = await db.EventSessions.AsNoTracking().Where(s => s.EventId == id).OrderBy(s => s.StartsAt)
            .Select(s => new SessionRow(s.Id, s.StartsAt, s.EndsAt, db.CheckIns.Count(c => c.SessionId == s.Id))).ToListAsync(ct);
        var current = sessions.FirstOrDefault(s => s.EndsAt > now.AddHours(-12)) ?? sessions[^1];
        var self = await access.SelfAsync(ct);
        var userId = access.UserId;
        var mineRows = await db.Registrations.AsNoTracking()
            .Where(r => r.EventId == id && r.Status != RegistrationStatus.Cancelled
                && (r.UserId == userId || r.RegisteredByUserId == userId || (self != null && r.HouseholdId == self.HouseholdId)))
            .OrderBy(r => r.Seq)
            .Select(r => new { r.Id, r.ResidentId, r.Name, r.Status, r.Seq, r.CheckInCode, CheckedIn = db.CheckIns.Any(c => c.RegistrationId == r.Id && c.SessionId == current.Id) })
            .ToListAsync(ct);
        var mine = new List<MyRegistration>();
        foreach (var r in mineRows)
        {
            int? position = r.Status == RegistrationStatus.Waitlisted
                ? await db.Registrations.CountAsync(x => x.EventId == id && x.Status == RegistrationStatus.Waitlisted && x.Seq <= r.Seq, ct) : null;
            mine.Add(new MyRegistration(r.Id, r.ResidentId, r.Name, r.Status, position, r.CheckInCode, r.CheckedIn));
        }
        var people = self is null ? [] : await (from r in db.Residents.AsNoTracking()
                                                 join h in db.Households on r.HouseholdId equals h.Id
                                                 join g in db.Grids on h.GridId equals g.Id
                                                 where r.HouseholdId == self.HouseholdId && r.Status == Registry.ResidentStatus.Active
                                                 orderby r.Id
                                                 select new Person(r.Id, r.Name, r.BirthDate, h.Id, h.EstateId, g.CommunityId)).ToListAsync(ct);
        var household = people.Select(p => Member(e, p)).ToList();
        var manage = await access.ManagesAsync(e.CommunityId, ct);
        List<StaffRegistration>? all = null;
        if (manage)
        {
            all = await db.Registrations.AsNoTracking().Where(r => r.EventId == id && r.Status != RegistrationStatus.Cancelled)
                .OrderBy(r => r.Status).ThenBy(r => r.Seq)
                .Select(r => new StaffRegistration(r.Id, r.Name, r.Status, r.Seq, db.CheckIns.Any(c => c.RegistrationId == r.Id && c.SessionId == current.Id)))
                .ToListAsync(ct);
        }
        var photos = await db.EventPhotos.Where(p => p.EventId == id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var open = e.Status == EventStatus.Open && now >= e.RegistrationOpensAt && now < e.RegistrationClosesAt;
        return new EventView(e.Id, e.CommunityId, e.Title, e.Kind, e.Description, place, e.VenueId, e.OrganiserKind, e.OrganiserName, e.StartsAt, e.EndsAt, e.RepeatWeeks,
            e.Capacity, counts.FirstOrDefault(c => c.Key == RegistrationStatus.Confirmed)?.Count ?? 0, counts.FirstOrDefault(c => c.Key == RegistrationStatus.Waitlisted)?.Count ?? 0,
            e.MinAge, e.MaxAge, estate, e.FamiliesOnly, e.RegistrationOpensAt, e.RegistrationClosesAt, e.Status, open, e.Report, e.ReportedAt, photos, e.Version,
            sessions, mine, household, manage, all, CoverUrl(e.Id, e.CoverName));
    }

    public static string? CoverUrl(long eventId, string? storedName) => Requests.Photos.CoverPictures.Url($"/activities/events/{eventId}", storedName);

    private static HouseholdMember Member(Event e, Person p)
    {
        if (Audience.WhyNot(e, p) is not { } why) return new HouseholdMember(p.ResidentId, p.Name);
        var limit = why.Errors[0].Args.Skip(1).OfType<int>().Cast<int?>().FirstOrDefault();
        return new HouseholdMember(p.ResidentId, p.Name, "Activities.Why." + why.MessageKey.Split('.')[^1], limit);
    }
}
