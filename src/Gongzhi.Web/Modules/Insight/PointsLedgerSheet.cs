using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering.Points;

namespace Gongzhi.Web.Modules.Insight;

// 积分台账: every entry on a volunteer's points account in the period, one row each (reversals show as their own
// negative rows, as a ledger keeps corrections), with the net total. Volunteers belong to a community, so a grid's
// ledger is its community's. Names shortened.
public sealed class PointsLedgerSheet(ReadDb read, LedgerFrame frame)
{
    public async Task<(string FileName, byte[] Content)> RunAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var run = await frame.OpenAsync(level, id, period, ct);
        var communities = run.CommunityIds.ToList();
        var entries = await (from e in read.Context.PointsEntries.AsNoTracking()
                             where e.CreatedAt >= run.Start && e.CreatedAt < run.End
                             join a in read.Context.PointsAccounts on e.AccountId equals a.Id
                             where a.Kind == AccountKind.Volunteer
                             join v in read.Context.Volunteers on a.VolunteerId equals v.Id
                             where communities.Contains(v.CommunityId)
                             join t in read.Context.PointsTransactions on e.TransactionId equals t.Id
                             orderby v.CommunityId, e.CreatedAt, e.Id
                             select new { v.CommunityId, e.CreatedAt, v.Name, t.Kind, t.Memo, e.Amount }).ToListAsync(ct);
        var text = frame.Text;
        string T(string key, params object[] args) => text[$"Insight.Ledger.Points.{key}", args];
        LedgerColumn[] columns = [new(T("At"), 16), new(T("Volunteer"), 12), new(T("Kind"), 12), new(T("Memo"), 40), new(T("Amount"), 10, Number: true)];
        return await frame.WriteAsync(run, "points", columns, cid =>
        {
            var mine = entries.Where(e => e.CommunityId == cid).ToList();
            var lines = mine.Select(e => new string?[]
            {
                ChinaTime.Format(e.CreatedAt), FigureList.Shorten(e.Name), text[$"Enum.TransactionKind.{e.Kind}"], e.Memo, LedgerFrame.Count(e.Amount),
            }).ToList();
            return (lines, [T("TotalLine", mine.Count), null, null, null, LedgerFrame.Count(mine.Sum(e => e.Amount))]);
        }, entries.Count, ct);
    }
}
