using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities;

namespace Gongzhi.Web.Modules.Insight;

// 活动台账: every event of the period that was not cancelled (the same rule as the figure "场次"), with its place,
// the places offered and the attendance (check-ins, one per person and session). Events belong to a community, so a
// grid's ledger is its community's.
public sealed class EventsLedger(ReadDb read, LedgerFrame frame)
{
    public async Task<(string FileName, byte[] Content)> RunAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var run = await frame.OpenAsync(level, id, period, ct);
        var communities = run.CommunityIds.ToList();
        var events = await read.Context.Events.AsNoTracking()
            .Where(e => communities.Contains(e.CommunityId) && e.StartsAt >= run.Start && e.StartsAt < run.End && e.Status != EventStatus.Cancelled)
            .OrderBy(e => e.CommunityId).ThenBy(e => e.StartsAt).ThenBy(e => e.Id)
            .Select(e => new
            {
                e.Id, e.CommunityId, e.StartsAt, e.Title, e.Kind, Venue = read.Context.Venues.Where(v => v.Id == e.VenueId).Select(v => v.Name).FirstOrDefault(), e.Address,
                e.OrganiserName, e.Capacity,
                Attendance = read.Context.CheckIns.Count(c => read.Context.Registrations.Any(r => r.Id == c.RegistrationId && r.EventId == e.Id)),
            }).ToListAsync(ct);
        var text = frame.Text;
        string T(string key, params object[] args) => text[$"Insight.Ledger.Events.{key}", args];
        LedgerColumn[] columns =
        [
            new(T("At"), 16), new(T("Name"), 28), new(T("Kind"), 12), new(T("Place"), 22), new(T("Organiser"), 16),
            new(T("Places"), 8, Number: true), new(T("Attendance"), 10, Number: true),
        ];
        return await frame.WriteAsync(run, "events", columns, cid =>
        {
            var mine = events.Where(e => e.CommunityId == cid).ToList();
            var lines = mine.Select(e => new string?[]
            {
                ChinaTime.Format(e.StartsAt), e.Title, text[$"Enum.EventKind.{e.Kind}"], e.Venue ?? e.Address, e.OrganiserName,
                LedgerFrame.Count(e.Capacity), LedgerFrame.Count(e.Attendance),
            }).ToList();
            return (lines, [T("TotalLine", mine.Count), null, null, null, null, LedgerFrame.Count(mine.Sum(e => e.Capacity)), LedgerFrame.Count(mine.Sum(e => e.Attendance))]);
        }, events.Count, ct);
    }
}
