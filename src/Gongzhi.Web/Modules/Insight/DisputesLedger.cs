using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Web.Modules.Insight;

// 矛盾纠纷调解台账: a dispute (矛盾纠纷) is a case whose category is marked a dispute, with its parties, its mediation
// sessions and, when one was reached, the agreement (Requests' DisputeParty, MediationSession, Case.Agreement).
// One row per dispute case that came in during the period, with every session held on it so far, so the month's
// ledger shows how each dispute of the month was handled. Parties' names shortened, phones left out: the ledger
// records the mediation, the case page holds the people. A grid's ledger is its own cases.
public sealed class DisputesLedger(ReadDb read, LedgerFrame frame)
{
    public async Task<(string FileName, byte[] Content)> RunAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var run = await frame.OpenAsync(level, id, period, ct);
        var communities = run.CommunityIds.ToList();
        var cases = read.Context.Cases.AsNoTracking().Where(c => c.SubmittedAt >= run.Start && c.SubmittedAt < run.End
            && read.Context.CaseCategories.Any(k => k.Id == c.CategoryId && k.IsDispute));
        cases = level == InsightLevel.Grid ? cases.Where(c => c.GridId == id) : cases.Where(c => communities.Contains(c.CommunityId));
        var rows = await cases.OrderBy(c => c.CommunityId).ThenBy(c => c.SubmittedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.CommunityId, c.SubmittedAt, c.Address, c.Description, c.Status, c.Agreement, c.OwnerName }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var parties = (await read.Context.DisputeParties.AsNoTracking().Where(p => ids.Contains(p.CaseId)).OrderBy(p => p.Id)
            .Select(p => new { p.CaseId, p.Name, p.Role }).ToListAsync(ct)).ToLookup(p => p.CaseId);
        var sessions = (await read.Context.MediationSessions.AsNoTracking().Where(s => ids.Contains(s.CaseId)).OrderBy(s => s.HeldAt).ThenBy(s => s.Id)
            .Select(s => new { s.CaseId, s.HeldAt, s.Place, s.Mediators, s.Summary }).ToListAsync(ct)).ToLookup(s => s.CaseId);
        var text = frame.Text;
        string T(string key, params object[] args) => text[$"Insight.Ledger.Disputes.{key}", args];
        LedgerColumn[] columns =
        [
            new(T("Submitted"), 16), new(T("Address"), 18), new(T("Content"), 30), new(T("Parties"), 18), new(T("Sessions"), 8, Number: true),
            new(T("Mediators"), 14), new(T("Record"), 40), new(T("Agreement"), 30), new(T("Status"), 10), new(T("Owner"), 10),
        ];
        return await frame.WriteAsync(run, "disputes", columns, cid =>
        {
            var mine = rows.Where(r => r.CommunityId == cid).ToList();
            var lines = mine.Select(r => new string?[]
            {
                ChinaTime.Format(r.SubmittedAt), r.Address, r.Description,
                string.Join("、", parties[r.Id].Select(p => p.Role is { Length: > 0 } role ? $"{FigureList.Shorten(p.Name)}（{role}）" : FigureList.Shorten(p.Name))),
                LedgerFrame.Count(sessions[r.Id].Count()),
                string.Join("、", sessions[r.Id].SelectMany(s => s.Mediators.Split(['、', '，', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()),
                string.Join("\n", sessions[r.Id].Select(s => $"{ChinaTime.Format(s.HeldAt)} {s.Place}：{s.Summary}")),
                r.Agreement, text[$"Enum.CaseStatus.{r.Status}"], r.OwnerName,
            }).ToList();
            var held = mine.Sum(r => sessions[r.Id].Count());
            var agreed = mine.Count(r => !string.IsNullOrEmpty(r.Agreement));
            var done = mine.Count(r => r.Status is CaseStatus.Resolved or CaseStatus.Closed);
            return (lines, [T("TotalLine", mine.Count, agreed, done), null, null, null, LedgerFrame.Count(held), null, null, null, null, null]);
        }, rows.Count, ct);
    }
}
