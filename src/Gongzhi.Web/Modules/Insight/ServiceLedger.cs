using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering.Activities;

namespace Gongzhi.Web.Modules.Insight;

// 志愿服务台账: one row per volunteer who served in the period — the teams they belong to, shifts served and the
// confirmed hours (the same rule as the figure: confirmed signups, on the shift's day). Volunteers belong to a
// community, so a grid's ledger is its community's. Names shortened like every other list in Insight.
public sealed class ServiceLedger(GongzhiDb db, LedgerFrame frame)
{
    public async Task<(string FileName, byte[] Content)> RunAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var run = await frame.OpenAsync(level, id, period, ct);
        var communities = run.CommunityIds.ToList();
        var served = await (from s in db.ShiftSignups.AsNoTracking()
                            where s.Status == SignupStatus.Confirmed && s.ConfirmedMinutes != null
                            join sh in db.Shifts on s.ShiftId equals sh.Id
                            where sh.StartsAt >= run.Start && sh.StartsAt < run.End
                            join a in db.VolunteerActivities on sh.ActivityId equals a.Id
                            where communities.Contains(a.CommunityId)
                            select new { a.CommunityId, s.VolunteerId, sh.ActivityId, Minutes = s.ConfirmedMinutes!.Value }).ToListAsync(ct);
        var ids = served.Select(s => s.VolunteerId).Distinct().ToList();
        var names = await db.Volunteers.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Name, ct);
        var teams = (await db.TeamMembers.AsNoTracking().Where(m => ids.Contains(m.VolunteerId)).Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => new { m.VolunteerId, t.Name })
            .ToListAsync(ct)).ToLookup(m => m.VolunteerId, m => m.Name);
        var text = frame.Text;
        string T(string key, params object[] args) => text[$"Insight.Ledger.Service.{key}", args];
        LedgerColumn[] columns =
        [
            new(T("Volunteer"), 12), new(T("Teams"), 30), new(T("Activities"), 10, Number: true), new(T("Shifts"), 10, Number: true), new(T("Hours"), 12, Number: true),
        ];
        return await frame.WriteAsync(run, "service", columns, cid =>
        {
            // Served for the community's activities; a volunteer counted once per community sheet.
            var mine = served.Where(s => s.CommunityId == cid).GroupBy(s => s.VolunteerId)
                .Select(g => new { Id = g.Key, Activities = g.Select(s => s.ActivityId).Distinct().Count(), Shifts = g.Count(), Minutes = g.Sum(s => (long)s.Minutes) })
                .OrderByDescending(v => v.Minutes).ThenBy(v => v.Id).ToList();
            var lines = mine.Select(v => new string?[]
            {
                FigureList.Shorten(names.GetValueOrDefault(v.Id) ?? ""), string.Join("、", teams[v.Id]), LedgerFrame.Count(v.Activities), LedgerFrame.Count(v.Shifts), Hours(v.Minutes),
            }).ToList();
            return (lines, [T("TotalLine", mine.Count), null, null, LedgerFrame.Count(mine.Sum(v => v.Shifts)), Hours(mine.Sum(v => v.Minutes))]);
        }, served.Select(s => (s.CommunityId, s.VolunteerId)).Distinct().Count(), ct);
    }

    // Hours with one decimal, as 台账 give them (90 minutes → 1.5).
    public static string Hours(long minutes) => (minutes / 60m).ToString("0.#", CultureInfo.InvariantCulture);
}
