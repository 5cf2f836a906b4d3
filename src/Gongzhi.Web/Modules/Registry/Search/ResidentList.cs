using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Export;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Registry.Search;

// The active residents of the caller's scope, narrowed to a grid or a building, as a file (导出). Masked as the
// registry's lists are: the phone as its last four digits, no ID number (the full roster with ID numbers is the
// community's import/export on /registry/transfer, for those who hold that right). A grid or building outside the
// scope answers 404, as its page does.
public sealed class ResidentList(GongzhiDb db, RegistryScope scope, CurrentUser user, TimeProvider clock)
{
    public async Task<ExportTable> ExportAsync(long? gridId, long? buildingId, IStringLocalizer text, CancellationToken ct = default)
    {
        user.Require(Capability.ViewRegistry);
        var households = await scope.HouseholdsAsync(ct);
        if (gridId is { } g)
        {
            if (!await households.AnyAsync(h => h.GridId == g, ct) && !await scope.CanEditGridAsync(g, ct)) throw new NotFound();
            households = households.Where(h => h.GridId == g);
        }
        if (buildingId is { } b)
        {
            if (!await households.AnyAsync(h => h.BuildingId == b, ct)) throw new NotFound();
            households = households.Where(h => h.BuildingId == b);
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        var rows = (from r in db.Residents.AsNoTracking()
                    where r.Status == ResidentStatus.Active
                    join h in households on r.HouseholdId equals h.Id
                    join e in db.Estates on h.EstateId equals e.Id
                    join bu in db.Buildings on h.BuildingId equals bu.Id
                    join en in db.Entrances on h.EntranceId equals en.Id
                    join gr in db.Grids on h.GridId equals gr.Id
                    orderby e.Name, bu.Number, en.Number, h.Room, r.Id
                    select new { r.Name, r.Gender, r.BirthDate, r.PhoneTail, r.Relation, Estate = e.Name, Building = bu.Number, Entrance = en.Number, h.Room, Grid = gr.Name })
            .AsAsyncEnumerable();
        string T(string key) => text[$"Export.Col.{key}"];
        ExportColumn[] columns = [new(T("Name")), new(T("Gender")), new(T("Age"), Number: true), new(T("Phone")), new(T("Household")), new(T("Address")), new(T("Grid"))];
        async IAsyncEnumerable<string?[]> Rows()
        {
            await foreach (var r in rows)
                yield return [r.Name, text[$"Enum.Gender.{r.Gender}"], r.BirthDate is { } born ? Age(born, today).ToString(CultureInfo.InvariantCulture) : null,
                    r.PhoneTail is { } tail ? "*******" + tail : null, r.Relation, RegistryText.Address(r.Estate, r.Building, r.Entrance, r.Room), r.Grid];
        }
        return new ExportTable(text["Registry.Nav.Registry"], ExportParts.Describe(("gridId", gridId), ("buildingId", buildingId)), columns, Rows());
    }

    private static int Age(DateOnly born, DateOnly today) => today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0);
}
