using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Registry.Browse;

public sealed record BuildingChoice(long Id, string EstateName, int Number)
{
    public string Label => $"{EstateName}{Number}栋";
}

// Buildings anyone signed in may name as where a problem is (as FixMyStreet takes any located
// report): the names of estates and building numbers only, nothing about who lives there.
public sealed class PlacePicker(GongzhiDb db)
{
    public async Task<IReadOnlyList<BuildingChoice>> BuildingsAsync(CancellationToken ct = default) =>
        await (from b in db.Buildings.AsNoTracking() join e in db.Estates on b.EstateId equals e.Id
               where b.RetiredOn == null
               orderby e.Name, b.Number select new BuildingChoice(b.Id, e.Name, b.Number)).ToListAsync(ct);
}
