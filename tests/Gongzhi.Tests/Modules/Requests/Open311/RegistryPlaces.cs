namespace Gongzhi.Tests.Modules.Requests.Open311;

// Places of the demo registry, read straight from the database, to address requests to.
public static class RegistryPlaces
{
    public sealed record Home(long Id, long BuildingId, string Estate, int Building, int Entrance, string Room);

    public sealed record Spot(long BuildingId, string Estate, int Number, double Latitude, double Longitude);

    public static async Task<List<Home>> HomesAsync(GongzhiApp app)
    {
        await using var db = app.NewDb();
        return await (from h in db.Households
                      join b in db.Buildings on h.BuildingId equals b.Id
                      join en in db.Entrances on h.EntranceId equals en.Id
                      join e in db.Estates on h.EstateId equals e.Id
                      orderby h.Id
                      select new Home(h.Id, b.Id, e.Name, b.Number, en.Number, h.Room)).ToListAsync();
    }

    // A household whose building-entrance-room is found nowhere else, so "3-2-501" names it alone.
    public static async Task<Home> UniqueHomeAsync(GongzhiApp app, int skip = 0)
    {
        var homes = await HomesAsync(app);
        return homes.GroupBy(h => (h.Building, h.Entrance, h.Room)).Where(g => g.Count() == 1).Select(g => g.Single())
            .OrderBy(h => h.Id).Skip(skip).First();
    }

    public static async Task<List<Spot>> SpotsAsync(GongzhiApp app)
    {
        await using var db = app.NewDb();
        return await (from b in db.Buildings
                      join e in db.Estates on b.EstateId equals e.Id
                      where b.Latitude != null && b.Longitude != null
                      orderby b.Id
                      select new Spot(b.Id, e.Name, b.Number, b.Latitude!.Value, b.Longitude!.Value)).ToListAsync();
    }

    // Metres on a local flat projection: plenty for telling neighbouring buildings apart.
    public static double Metres(double lat1, double long1, double lat2, double long2)
    {
        var x = (long2 - long1) * Math.Cos((lat1 + lat2) / 2 * Math.PI / 180) * 111_320;
        var y = (lat2 - lat1) * 110_574;
        return Math.Sqrt(x * x + y * y);
    }
}
