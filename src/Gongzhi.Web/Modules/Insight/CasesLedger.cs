using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Insight;

// 诉求办理台账: every case that came in during the period in the place, one row each, a sheet per community.
// The reporter's name and phone are not in it (the ledger records the work, not who asked). Audited.
public sealed class CasesLedger(ReadDb read, InsightScope scope, CurrentUser user, AuditLog audit, IStringLocalizer text, TimeProvider clock)
{
    public async Task<(string FileName, byte[] Content)> RunAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct = default)
    {
        var place = await scope.PlaceAsync(level, id, ct);
        user.Require(Capability.MakeLedgers);
        var start = WorkingTime.FromChina(period.From.ToDateTime(TimeOnly.MinValue));
        var end = WorkingTime.FromChina(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var cases = read.Context.Cases.AsNoTracking().Where(c => c.SubmittedAt >= start && c.SubmittedAt < end);
        cases = level switch
        {
            InsightLevel.Subdistrict => cases.Where(c => c.SubdistrictId == id),
            InsightLevel.Community => cases.Where(c => c.CommunityId == id),
            _ => cases.Where(c => c.GridId == id),
        };
        var rows = await cases.OrderBy(c => c.CommunityId).ThenBy(c => c.SubmittedAt).ThenBy(c => c.Id)
            .Join(read.Context.CaseCategories, c => c.CategoryId, k => k.Id, (c, k) => new
            {
                c.Id, c.CommunityId, c.SubmittedAt, c.Channel, Category = k.Name, c.Address, c.Description, c.Status, c.ResolvedAt, c.ClosedAt, c.Rating, c.OwnerName,
            }).ToListAsync(ct);
        var communityNames = await read.Context.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var communityIds = level == InsightLevel.Subdistrict
            ? await read.Context.Communities.Where(c => c.SubdistrictId == id).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct)
            : [place.CommunityId];
        LedgerColumn[] columns =
        [
            new(T("No"), 6, Number: true), new(T("Submitted"), 16), new(T("Channel"), 10), new(T("Category"), 12), new(T("Address"), 20),
            new(T("Content"), 40), new(T("Status"), 10), new(T("Done"), 16), new(T("Rating"), 10), new(T("Owner"), 10),
        ];
        var madeBy = T("MadeBy", user.Name, ChinaTime.Format(clock.GetUtcNow().UtcDateTime));
        var periodLine = T("PeriodLine", Day(period.From), Day(period.To));
        var sheets = communityIds.Select(cid =>
        {
            var mine = rows.Where(r => r.CommunityId == cid).ToList();
            var lines = mine.Select((r, i) => new string?[]
            {
                (i + 1).ToString(CultureInfo.InvariantCulture), ChinaTime.Format(r.SubmittedAt), Channel(r.Channel), r.Category, r.Address, r.Description,
                text[$"Enum.CaseStatus.{r.Status}"], (r.ClosedAt ?? r.ResolvedAt) is { } done ? ChinaTime.Format(done) : "",
                r.Rating is { } rating ? text[$"Enum.Rating.{rating}"] : "", r.OwnerName,
            }).ToList();
            var done = mine.Count(r => r.Status is CaseStatus.Resolved or CaseStatus.Closed);
            var satisfied = mine.Count(r => r.Rating is Rating.Satisfied or Rating.BasicallySatisfied);
            var name = communityNames.GetValueOrDefault(cid) ?? "";
            var placeLine = level == InsightLevel.Grid ? T("PlaceLine", $"{name} {place.Name}") : T("PlaceLine", name);
            return new LedgerSheet(name.Length > 0 ? name : cid.ToString(CultureInfo.InvariantCulture), T("Title"), [placeLine, periodLine, madeBy], columns, lines,
                [T("Total"), mine.Count.ToString(CultureInfo.InvariantCulture), null, null, null, T("TotalLine", mine.Count, done, satisfied), null, null, null, null]);
        }).ToList();
        var content = LedgerWriter.Write(sheets);
        await audit.WriteAsync(AuditActions.Export, $"{InsightScope.Slug(level)}/{id}", $"ledger=cases from={Day(period.From)} to={Day(period.To)} rows={rows.Count}", ct);
        return ($"{place.Name}-{T("Title")}-{Day(period.From)}-{Day(period.To)}.xlsx", content);
    }

    private string T(string key, params object[] args) => text[$"Insight.Ledger.Cases.{key}", args];

    private string Channel(Channel c) => c == Requests.Channel.Open311 ? "Open311" : text[$"Enum.Channel.{c}"];

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
