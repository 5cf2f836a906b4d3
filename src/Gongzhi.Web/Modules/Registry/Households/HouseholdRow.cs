using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Registry.Households;

public sealed record HouseholdRow(
    long Id, string EstateName, int Building, int Entrance, string Room, long GridId, string GridName,
    string? HeadName, int Members)
{
    public string Address => RegistryText.Address(EstateName, Building, Entrance, Room);
}

public static class HouseholdRows
{
    public static IQueryable<HouseholdRow> Project(IQueryable<Household> households, GongzhiDb db) =>
        from h in households
        join e in db.Estates on h.EstateId equals e.Id
        join b in db.Buildings on h.BuildingId equals b.Id
        join en in db.Entrances on h.EntranceId equals en.Id
        join g in db.Grids on h.GridId equals g.Id
        select new HouseholdRow(
            h.Id, e.Name, b.Number, en.Number, h.Room, g.Id, g.Name,
            db.Residents.Where(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active && r.Relation == "户主").Select(r => r.Name).FirstOrDefault(),
            db.Residents.Count(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active));
}

public static class RegistryText
{
    public static string Address(string estate, int building, int entrance, string room) => $"{estate}{building}栋{entrance}单元{room}";
}
