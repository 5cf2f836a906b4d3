using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Events;

namespace Gongzhi.Web.Modules.Party;

public sealed record PartyActivityInput(long OrganisationId, long EventId, PartyActivityKind Kind);

public sealed record PartyActivityRow(long Id, long EventId, string Title, DateTime StartsAt, PartyActivityKind Kind, long OrganisationId, string Organisation,
    int Attended, int Members);

public sealed record AttendanceRow(long MemberId, string Name, bool Masked, string? Organisation, int Attended);

public sealed record EventChoice(long Id, string Title, DateTime StartsAt);

// 主题党日、党课、组织生活会: staff say which Activities event a party organisation holds; attendance
// is read from the event's check-ins, matched to members by their registry entry or account.
public sealed class PartyActivities(GongzhiDb db, PartyAccess access, PartyQueries queries)
{
    public async Task<long> LinkAsync(PartyActivityInput input, CancellationToken ct = default)
    {
        access.RequireManagerRole();
        var org = await db.Set<PartyOrganisation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == input.OrganisationId, ct);
        if (org?.CommunityId is not { } communityId) throw new ValidationFailure("OrganisationId", "Party.Error.OrganisationUnknown");
        await access.RequireManageAsync(communityId, ct);
        var ev = await db.Set<Event>().AsNoTracking().Where(e => e.Id == input.EventId).Select(e => new { e.CommunityId, e.Status }).FirstOrDefaultAsync(ct);
        if (ev is null || ev.CommunityId != communityId) throw new ValidationFailure("EventId", "Party.Error.EventUnknown");
        if (ev.Status == EventStatus.Cancelled) throw new ValidationFailure("EventId", "Party.Error.EventCancelled");
        var activity = new PartyActivity(org.Id, input.EventId, input.Kind, access.User.RequiredId, access.Now);
        if (await db.Set<PartyActivity>().AnyAsync(a => a.EventId == input.EventId, ct)) throw new DuplicateFailure("EventId", "Party.Error.EventLinked");
        db.Add(activity);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateFailure("EventId", "Party.Error.EventLinked");
        }
        return activity.Id;
    }

    // The year's party activities of a community, with how many of the organisation's members came.
    public async Task<IReadOnlyList<PartyActivityRow>> ListAsync(long communityId, int? year, CancellationToken ct = default)
    {
        await access.RequireManageAsync(communityId, ct);
        var (start, end) = Year(year);
        var rows = await (from a in db.Set<PartyActivity>()
                          join o in db.Set<PartyOrganisation>() on a.OrganisationId equals o.Id
                          join e in db.Set<Event>() on a.EventId equals e.Id
                          where o.CommunityId == communityId && e.StartsAt >= start && e.StartsAt < end
                          orderby e.StartsAt descending
                          select new { a.Id, a.EventId, e.Title, e.StartsAt, a.Kind, a.OrganisationId, Organisation = o.Name }).ToListAsync(ct);
        var attended = await AttendedAsync(communityId, start, end, ct);
        var members = await db.Set<PartyMember>().Where(m => m.CommunityId == communityId && m.OrganisationId != null)
            .GroupBy(m => m.OrganisationId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return rows.Select(r => new PartyActivityRow(r.Id, r.EventId, r.Title, r.StartsAt, r.Kind, r.OrganisationId, r.Organisation,
            attended.Count(x => x.ActivityId == r.Id), members.GetValueOrDefault(r.OrganisationId))).ToList();
    }

    // Attendance per member in a year: names as the caller may see them (unmasked views audited by the member list).
    public async Task<IReadOnlyList<AttendanceRow>> AttendanceAsync(long communityId, int? year, CancellationToken ct = default)
    {
        var members = await queries.MembersAsync(communityId, null, null, year, ct);
        var (start, end) = Year(year);
        var attended = await AttendedAsync(communityId, start, end, ct);
        return members.Select(m => new AttendanceRow(m.Id, m.Name, m.Masked, m.Organisation, attended.Count(x => x.MemberId == m.Id)))
            .OrderByDescending(r => r.Attended).ThenBy(r => r.MemberId).ToList();
    }

    // Events of the community from three months back that no organisation holds yet: what staff can link.
    public async Task<IReadOnlyList<EventChoice>> ChoicesAsync(long communityId, CancellationToken ct = default)
    {
        await access.RequireManageAsync(communityId, ct);
        var from = access.Now.AddDays(-90);
        var linked = db.Set<PartyActivity>().Select(a => a.EventId);
        return await db.Set<Event>().AsNoTracking()
            .Where(e => e.CommunityId == communityId && e.Status != EventStatus.Cancelled && e.StartsAt >= from && !linked.Contains(e.Id))
            .OrderBy(e => e.StartsAt).Take(100).Select(e => new EventChoice(e.Id, e.Title, e.StartsAt)).ToListAsync(ct);
    }

    private (DateTime Start, DateTime End) Year(int? year)
    {
        var y = year ?? access.Today.Year;
        if (y < 2000 || y > access.Today.Year + 1) throw new ValidationFailure("Year", "Validation.Range", 2000, access.Today.Year + 1);
        var start = new DateTime(y, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);
        return (start, start.AddYears(1));
    }

    // (activity, member) pairs where the member checked in: one registration per person and event,
    // a check-in per session, so distinct pairs count each activity once per member.
    private async Task<List<(long ActivityId, long MemberId)>> AttendedAsync(long communityId, DateTime start, DateTime end, CancellationToken ct)
    {
        var present = await (from a in db.Set<PartyActivity>()
                             join e in db.Set<Event>() on a.EventId equals e.Id
                             join r in db.Set<Registration>() on e.Id equals r.EventId
                             where e.CommunityId == communityId && e.StartsAt >= start && e.StartsAt < end
                                   && db.Set<CheckIn>().Any(c => c.RegistrationId == r.Id)
                             select new { ActivityId = a.Id, r.ResidentId, r.UserId }).ToListAsync(ct);
        if (present.Count == 0) return [];
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.CommunityId == communityId)
            .Select(m => new { m.Id, m.ResidentId, m.UserId }).ToListAsync(ct);
        var byResident = members.Where(m => m.ResidentId != null).ToDictionary(m => m.ResidentId!.Value, m => m.Id);
        var byUser = members.Where(m => m.UserId != null).GroupBy(m => m.UserId!).ToDictionary(g => g.Key, g => g.First().Id);
        return present.Select(p => (p.ActivityId, Member: byResident.TryGetValue(p.ResidentId, out var id) ? id : p.UserId is { } u && byUser.TryGetValue(u, out var id2) ? id2 : 0))
            .Where(x => x.Member != 0).Distinct().ToList();
    }
}
