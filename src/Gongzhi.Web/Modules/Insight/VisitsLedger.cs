using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Care;

namespace Gongzhi.Web.Modules.Insight;

// 走访台账: every visit recorded in the period, one row each, a sheet per community. The person visited is shown
// shortened (张*明): the ledger proves the visits were made; the full name is on the care pages, behind their own checks.
public sealed class VisitsLedger(GongzhiDb db, LedgerFrame frame)
{
    public async Task<(string FileName, byte[] Content)> RunAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var run = await frame.OpenAsync(level, id, period, ct);
        var communities = run.CommunityIds.ToList();
        var q = from v in db.Set<Visit>().AsNoTracking()
                where v.At >= run.Start && v.At < run.End
                join g in db.Grids on v.GridId equals g.Id
                where level == InsightLevel.Grid ? v.GridId == id : communities.Contains(g.CommunityId)
                join r in db.Set<CareRecipient>() on v.RecipientId equals r.Id
                join p in db.Residents on r.ResidentId equals p.Id
                orderby g.CommunityId, v.At, v.Id
                select new { g.CommunityId, v.At, Grid = g.Name, Person = p.Name, v.Kind, v.Condition, v.VisitorName, v.Note };
        var rows = await q.ToListAsync(ct);
        var text = frame.Text;
        string T(string key, params object[] args) => text[$"Insight.Ledger.Visits.{key}", args];
        LedgerColumn[] columns = [new(T("At"), 16), new(T("Grid"), 12), new(T("Person"), 10), new(T("Kind"), 10), new(T("Condition"), 10), new(T("Visitor"), 10), new(T("Note"), 40)];
        return await frame.WriteAsync(run, "visits", columns, cid =>
        {
            var mine = rows.Where(r => r.CommunityId == cid).ToList();
            var lines = mine.Select(r => new string?[]
            {
                ChinaTime.Format(r.At), r.Grid, FigureList.Shorten(r.Person), text[$"Enum.VisitKind.{r.Kind}"], text[$"Enum.VisitCondition.{r.Condition}"], r.VisitorName, r.Note,
            }).ToList();
            var home = mine.Count(r => r.Kind == VisitKind.Home);
            var concern = mine.Count(r => r.Condition is VisitCondition.Concern or VisitCondition.Urgent);
            return (lines, [LedgerFrame.Count(mine.Count), null, null, T("TotalLine", mine.Count, home, concern), null, null, null]);
        }, rows.Count, ct);
    }
}
