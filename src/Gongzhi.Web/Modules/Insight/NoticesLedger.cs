using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Notices;

namespace Gongzhi.Web.Modules.Insight;

// 公告台账: every notice published in the period (withdrawn ones too, marked: they were seen), one row each, with its
// reach as the Notices module reads it — the households it was for, those where someone read it, those told in
// person, and those reached either way (a household once). A community's sheet holds its own notices and the
// subdistrict's, each counted among the community's households; a grid's, the households of the grid.
public sealed class NoticesLedger(ReadDb replica, LedgerFrame frame)
{
    public async Task<(string FileName, byte[] Content)> RunAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var run = await frame.OpenAsync(level, id, period, ct);
        var communities = run.CommunityIds.ToList();
        var subdistrictId = run.Place.SubdistrictId;
        var notices = await replica.Context.Set<Notice>().AsNoTracking()
            .Where(n => n.PublishedAt >= run.Start && n.PublishedAt < run.End && (n.Status == NoticeStatus.Published || n.Status == NoticeStatus.Withdrawn))
            .Where(n => (n.CommunityId != null && communities.Contains(n.CommunityId.Value)) || (n.CommunityId == null && n.SubdistrictId == subdistrictId))
            .OrderBy(n => n.PublishedAt).ThenBy(n => n.Id)
            .Select(n => new { n.Id, n.CommunityId, PublishedAt = n.PublishedAt!.Value, n.Title, n.Kind, n.AuthorName, n.Status }).ToListAsync(ct);
        var ids = notices.Select(n => n.Id).ToList();
        var recipients = await (from r in replica.Context.Set<NoticeRecipient>().AsNoTracking()
                                where ids.Contains(r.NoticeId)
                                join h in replica.Context.Households on r.HouseholdId equals h.Id
                                join g in replica.Context.Grids on h.GridId equals g.Id
                                where level == InsightLevel.Grid ? h.GridId == id : communities.Contains(g.CommunityId)
                                select new { r.NoticeId, r.HouseholdId, g.CommunityId, Told = r.ToldAt != null }).ToListAsync(ct);
        var read = (await replica.Context.Set<NoticeRead>().AsNoTracking().Where(x => ids.Contains(x.NoticeId)).Select(x => new { x.NoticeId, x.HouseholdId }).Distinct().ToListAsync(ct))
            .Select(x => (x.NoticeId, x.HouseholdId)).ToHashSet();
        var text = frame.Text;
        string T(string key, params object[] args) => text[$"Insight.Ledger.Notices.{key}", args];
        LedgerColumn[] columns =
        [
            new(T("At"), 16), new(T("Name"), 30), new(T("Kind"), 10), new(T("Scope"), 12), new(T("Author"), 10), new(T("Status"), 8),
            new(T("Households"), 9, Number: true), new(T("Read"), 9, Number: true), new(T("Told"), 9, Number: true), new(T("Reached"), 9, Number: true), new(T("Rate"), 9),
        ];
        return await frame.WriteAsync(run, "notices", columns, cid =>
        {
            var mine = notices.Where(n => n.CommunityId == null || n.CommunityId == cid).Select(n =>
            {
                var here = recipients.Where(r => r.NoticeId == n.Id && r.CommunityId == cid).ToList();
                var readHere = here.Count(r => read.Contains((n.Id, r.HouseholdId)));
                return (Notice: n, Households: here.Count, Read: readHere, Told: here.Count(r => r.Told),
                    Reached: here.Count(r => r.Told || read.Contains((n.Id, r.HouseholdId))));
            }).Where(x => x.Notice.CommunityId != null || x.Households > 0).ToList();
            var lines = mine.Select(x => new string?[]
            {
                ChinaTime.Format(x.Notice.PublishedAt), x.Notice.Title, text[$"Notices.Kind.{x.Notice.Kind}"],
                x.Notice.CommunityId is null ? T("Subdistrict") : T("Community"), x.Notice.AuthorName, text[$"Notices.Status.{x.Notice.Status}"],
                LedgerFrame.Count(x.Households), LedgerFrame.Count(x.Read), LedgerFrame.Count(x.Told), LedgerFrame.Count(x.Reached), Rate(x.Reached, x.Households),
            }).ToList();
            var (households, reached) = (mine.Sum(x => x.Households), mine.Sum(x => x.Reached));
            return (lines, [T("TotalLine", mine.Count), null, null, null, null, null, LedgerFrame.Count(households), LedgerFrame.Count(mine.Sum(x => x.Read)),
                LedgerFrame.Count(mine.Sum(x => x.Told)), LedgerFrame.Count(reached), Rate(reached, households)]);
        }, notices.Count, ct);
    }

    public static string Rate(long part, long whole) =>
        whole == 0 ? "—" : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
