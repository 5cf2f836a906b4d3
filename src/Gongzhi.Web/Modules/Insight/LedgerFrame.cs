using System.Globalization;
using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Insight;

// What every ledger after the 诉求办理台账 shares: the scope check (404 outside it), the period in UTC, the
// communities that get a sheet, the header block, and the audit line written with the file. A ledger only says
// which rows, which columns and what the totals row reads.
public sealed class LedgerFrame(GongzhiDb db, InsightScope scope, CurrentUser user, AuditLog audit, IStringLocalizer text, TimeProvider clock)
{
    public IStringLocalizer Text => text;

    public async Task<LedgerRun> OpenAsync(InsightLevel level, long id, InsightPeriod period, CancellationToken ct)
    {
        var place = await scope.PlaceAsync(level, id, ct);
        user.Require(Capability.MakeLedgers);
        var start = WorkingTime.FromChina(period.From.ToDateTime(TimeOnly.MinValue));
        var end = WorkingTime.FromChina(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var communityIds = level == InsightLevel.Subdistrict
            ? await db.Communities.AsNoTracking().Where(c => c.SubdistrictId == id).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct)
            : [place.CommunityId];
        var names = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return new LedgerRun(place, period, start, end, communityIds, names);
    }

    // One sheet per community of the run, then the audit line; `rows` is the number of items in the whole file.
    public async Task<(string FileName, byte[] Content)> WriteAsync(LedgerRun run, string kind, IReadOnlyList<LedgerColumn> columns,
        Func<long, (IReadOnlyList<string?[]> Rows, string?[] Totals)> sheet, int rows, CancellationToken ct)
    {
        var title = text[$"Insight.Ledger.{Capitalised(kind)}.Title"].Value;
        var madeBy = text["Insight.Ledger.Cases.MadeBy", user.Name, ChinaTime.Format(clock.GetUtcNow().UtcDateTime)].Value;
        var periodLine = text["Insight.Ledger.Cases.PeriodLine", Day(run.Period.From), Day(run.Period.To)].Value;
        var sheets = run.CommunityIds.Select(cid =>
        {
            var name = run.CommunityNames.GetValueOrDefault(cid) ?? "";
            var placeLine = text["Insight.Ledger.Cases.PlaceLine", run.Place.Level == InsightLevel.Grid ? $"{name} {run.Place.Name}" : name].Value;
            var (lines, totals) = sheet(cid);
            var numbered = lines.Select((l, i) => (string?[])[(i + 1).ToString(CultureInfo.InvariantCulture), .. l]).ToList();
            return new LedgerSheet(name.Length > 0 ? name : cid.ToString(CultureInfo.InvariantCulture), title, [placeLine, periodLine, madeBy],
                [new LedgerColumn(text["Insight.Ledger.Cases.No"], 6, Number: true), .. columns], numbered, [text["Insight.Ledger.Cases.Total"], .. totals]);
        }).ToList();
        var content = LedgerWriter.Write(sheets);
        await audit.WriteAsync(AuditActions.Export, $"{InsightScope.Slug(run.Place.Level)}/{run.Place.Id}",
            $"ledger={kind} from={Day(run.Period.From)} to={Day(run.Period.To)} rows={rows}", ct);
        return ($"{run.Place.Name}-{title}-{Day(run.Period.From)}-{Day(run.Period.To)}.xlsx", content);
    }

    public static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Capitalised(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..];
}

public sealed record LedgerRun(InsightPlace Place, InsightPeriod Period, DateTime Start, DateTime End, IReadOnlyList<long> CommunityIds,
    IReadOnlyDictionary<long, string> CommunityNames);
