using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Deliberation;

namespace Gongzhi.Web.Modules.Insight;

// 议事协商台账: every meeting held in the period (its time has come, the same rule as the figure "召开会议"), one row
// each: who was invited and who signed in, the topics on the agenda, and what the room decided on each with the show
// of hands. Delegates attend in a public capacity, so their names are written out as on the sign-in sheet.
// Meetings belong to a community, so a grid's ledger is its community's.
public sealed class MeetingsLedger(ReadDb read, LedgerFrame frame, TimeProvider clock)
{
    public async Task<(string FileName, byte[] Content)> RunAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var run = await frame.OpenAsync(level, id, period, ct);
        var communities = run.CommunityIds.ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var meetings = await read.Context.Meetings.AsNoTracking()
            .Where(m => communities.Contains(m.CommunityId) && m.StartsAt >= run.Start && m.StartsAt < run.End && m.StartsAt <= now)
            .OrderBy(m => m.CommunityId).ThenBy(m => m.StartsAt).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.CommunityId, m.StartsAt, m.Title, m.Kind, m.Place, m.Minutes }).ToListAsync(ct);
        var ids = meetings.Select(m => m.Id).ToList();
        var attendees = (await read.Context.MeetingAttendees.AsNoTracking().Where(a => ids.Contains(a.MeetingId)).OrderBy(a => a.Id)
            .Select(a => new { a.MeetingId, a.Name, a.Capacity, SignedIn = a.SignedInAt != null }).ToListAsync(ct)).ToLookup(a => a.MeetingId);
        var items = (await read.Context.MeetingItems.AsNoTracking().Where(i => ids.Contains(i.MeetingId)).OrderBy(i => i.Position)
            .Join(read.Context.Topics, i => i.TopicId, t => t.Id, (i, t) => new { i.MeetingId, t.Title, i.Resolution, i.VotesFor, i.VotesAgainst, i.VotesAbstain, i.Adopted })
            .ToListAsync(ct)).ToLookup(i => i.MeetingId);
        var text = frame.Text;
        string T(string key, params object[] args) => text[$"Insight.Ledger.Meetings.{key}", args];
        LedgerColumn[] columns =
        [
            new(T("At"), 16), new(T("Name"), 22), new(T("Kind"), 12), new(T("Place"), 18), new(T("Invited"), 8, Number: true), new(T("Present"), 8, Number: true),
            new(T("Attendees"), 24), new(T("Topics"), 24), new(T("Resolutions"), 36), new(T("Minutes"), 36),
        ];
        return await frame.WriteAsync(run, "meetings", columns, cid =>
        {
            var mine = meetings.Where(m => m.CommunityId == cid).ToList();
            var lines = mine.Select(m =>
            {
                var present = attendees[m.Id].Where(a => a.SignedIn).ToList();
                var agenda = items[m.Id].ToList();
                return new string?[]
                {
                    ChinaTime.Format(m.StartsAt), m.Title, text[$"Enum.MeetingKind.{m.Kind}"], m.Place,
                    LedgerFrame.Count(attendees[m.Id].Count()), LedgerFrame.Count(present.Count),
                    string.Join("、", present.Select(a => $"{a.Name}（{text[$"Enum.DelegateCapacity.{a.Capacity}"]}）")),
                    string.Join("\n", agenda.Select((i, n) => $"{n + 1}. {i.Title}")),
                    string.Join("\n", agenda.Select((i, n) => i.Adopted is { } adopted
                        ? $"{n + 1}. {T(adopted ? "Adopted" : "NotAdopted")}（{T("Hands", i.VotesFor, i.VotesAgainst, i.VotesAbstain)}）{i.Resolution}"
                        : $"{n + 1}. {T("Undecided")}")),
                    m.Minutes,
                };
            }).ToList();
            var topics = mine.Sum(m => items[m.Id].Count());
            var adopted = mine.Sum(m => items[m.Id].Count(i => i.Adopted == true));
            return (lines, [T("TotalLine", mine.Count, topics, adopted), null, null, null,
                LedgerFrame.Count(mine.Sum(m => attendees[m.Id].Count())), LedgerFrame.Count(mine.Sum(m => attendees[m.Id].Count(a => a.SignedIn))), null, null, null, null]);
        }, meetings.Count, ct);
    }
}
