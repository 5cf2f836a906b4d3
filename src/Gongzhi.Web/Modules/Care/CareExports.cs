using System.Globalization;
using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Export;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Care;

// 导出 for Care's lists (Platform/Export): the recipients as /care filters them, and the visits of the recipients the
// caller may see, by grid and date. Recipients are read a page at a time so a district's list never sits in memory.
public sealed class CareExports(GongzhiDb db, CareAccess access, CareQueries queries, CurrentUser user, RegistryScope scope)
{
    public const int Batch = 500;

    public async Task<ExportTable> RecipientsAsync(CareFilter filter, IStringLocalizer text, CancellationToken ct = default)
    {
        user.Require(Capability.ManageCare);
        await RequireGridAsync(filter.GridId, ct);
        var query = await queries.FilteredForExportAsync(filter, ct);
        string T(string key) => text[$"Export.Col.{key}"];
        ExportColumn[] columns = [new(T("Name")), new(T("Gender")), new(T("Age"), Number: true), new(T("Address")), new(T("Grid")), new(text["Care.Reason"]),
            new(text["Care.Risk"]), new(T("Status")), new(text["Care.NextDue"]), new(text["Care.LastVisit"])];
        async IAsyncEnumerable<string?[]> Rows()
        {
            for (var after = 0L; ;)
            {
                var page = await queries.RowsForExportAsync(query.Where(r => r.Id > after).OrderBy(r => r.Id).Take(Batch), ct);
                foreach (var r in page.OrderBy(r => r.Id))
                    yield return [r.Name, text[$"Enum.Gender.{r.Gender}"], r.Age?.ToString(CultureInfo.InvariantCulture), r.Address, r.GridName,
                        string.Join("、", r.Reasons.Select(k => text[$"Enum.CareTagKind.{k}"].Value)), text[$"Enum.CareRisk.{r.Risk}"], text[$"Enum.CareStatus.{r.Status}"],
                        r.NextDueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.LastVisitAt is { } at ? ChinaTime.Format(at) : null];
                if (page.Count < Batch) yield break;
                after = page.Max(r => r.Id);
            }
        }
        return new ExportTable(text["Care.Title"], ExportParts.Describe(("gridId", filter.GridId), ("reason", filter.Reason), ("risk", filter.Risk), ("status", filter.Status)),
            columns, Rows());
    }

    public async Task<ExportTable> VisitsAsync(long? gridId, DateOnly? from, DateOnly? to, IStringLocalizer text, CancellationToken ct = default)
    {
        user.Require(Capability.ManageCare);
        if (from is { } f && to is { } t && t < f) throw new ValidationFailure("to", "Requests.Error.DateRange");
        await RequireGridAsync(gridId, ct);
        var recipients = await access.VisibleAsync(ct);
        var visits = db.Set<Visit>().AsNoTracking().Where(v => recipients.Any(r => r.Id == v.RecipientId));
        if (gridId is { } g) visits = visits.Where(v => v.GridId == g);
        if (from is { } start) { var s = start.ToDateTime(TimeOnly.MinValue).AddHours(-8); visits = visits.Where(v => v.At >= s); }
        if (to is { } end) { var e = end.AddDays(1).ToDateTime(TimeOnly.MinValue).AddHours(-8); visits = visits.Where(v => v.At < e); }
        var rows = (from v in visits
                    join r in db.Set<CareRecipient>() on v.RecipientId equals r.Id
                    join res in db.Residents on r.ResidentId equals res.Id
                    join gr in db.Grids on v.GridId equals gr.Id
                    orderby v.At descending, v.Id descending
                    select new { v.At, res.Name, Grid = gr.Name, v.VisitorName, v.Kind, v.Condition, v.Note }).AsAsyncEnumerable();
        string T(string key) => text[$"Export.Col.{key}"];
        ExportColumn[] columns = [new(T("Time")), new(T("Recipient")), new(T("Grid")), new(T("Visitor")), new(T("Kind")), new(T("Condition")), new(T("Note"))];
        async IAsyncEnumerable<string?[]> Rows()
        {
            await foreach (var v in rows)
                yield return [ChinaTime.Format(v.At), v.Name, v.Grid, v.VisitorName, text[$"Enum.VisitKind.{v.Kind}"], text[$"Enum.VisitCondition.{v.Condition}"], v.Note];
        }
        return new ExportTable(text["Care.Visits.Export"], ExportParts.Describe(("gridId", gridId), ("from", from), ("to", to)), columns, Rows());
    }

    // Another grid than one's own is refused (404, as its pages answer), not exported empty.
    private async Task RequireGridAsync(long? gridId, CancellationToken ct)
    {
        if (gridId is not { } g) return;
        var s = await scope.GetAsync(ct);
        if (!s.All && !s.GridIds.Contains(g)) throw new NotFound();
    }
}
