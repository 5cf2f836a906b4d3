using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Search;

namespace Gongzhi.Web.Modules.Requests.Open311;

public sealed record Open311Location(string? AddressId, string? AddressString, string? Lat, string? Long);

public sealed record Open311Place(long? HouseholdId, long? BuildingId, double? Latitude, double? Longitude);

// Where a request submitted through Open311 happens, from whichever location parameter it sent:
// - address_id: "h123" is household 123, "b45" is building 45, a bare number is a household;
// - address_string: a registry address ("团结新村3栋2单元501", "3栋2单元501", "3-2-501", "团结新村3栋");
// - lat/long (WGS 84): the nearest building with coordinates within Open311:MaxDistanceMeters (500 m).
// When more than one is given, address_id wins, then address_string; lat/long are kept on the case either way.
public sealed class Open311Places(GongzhiDb db, IConfiguration configuration)
{
    private const double MetresPerDegree = 111_320;

    public async Task<Open311Place> ResolveAsync(Open311Location location, CancellationToken ct)
    {
        var (lat, lng) = Coordinates(location.Lat, location.Long);
        if (!string.IsNullOrWhiteSpace(location.AddressId))
        {
            var (household, building) = ParseAddressId(location.AddressId);
            return new Open311Place(household, building, lat, lng);
        }
        if (!string.IsNullOrWhiteSpace(location.AddressString))
        {
            var (household, building) = await ByAddressAsync(location.AddressString, ct);
            return new Open311Place(household, building, lat, lng);
        }
        if (lat is { } la && lng is { } lo) return new Open311Place(null, await NearestBuildingAsync(la, lo, ct), la, lo);
        throw Open311Failure.BadRequest("lat", "Requests.Open311.Error.LocationRequired");
    }

    public static (long? HouseholdId, long? BuildingId) ParseAddressId(string text)
    {
        var s = text.Trim();
        var (kind, digits) = s.Length > 1 && s[0] is 'h' or 'H' or 'b' or 'B' ? (char.ToLowerInvariant(s[0]), s[1..]) : ('h', s);
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            throw Open311Failure.BadRequest("address_id", "Requests.Open311.Error.AddressId");
        return kind == 'b' ? (null, id) : (id, null);
    }

    public static (double? Lat, double? Long) Coordinates(string? lat, string? lng)
    {
        var hasLat = !string.IsNullOrWhiteSpace(lat);
        var hasLong = !string.IsNullOrWhiteSpace(lng);
        if (!hasLat && !hasLong) return (null, null);
        if (hasLat != hasLong) throw Open311Failure.BadRequest(hasLat ? "long" : "lat", "Requests.Open311.Error.LatLongPair");
        if (!double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var la) || !double.IsFinite(la) || la is < -90 or > 90)
            throw Open311Failure.BadRequest("lat", "Requests.Open311.Error.Lat");
        if (!double.TryParse(lng, NumberStyles.Float, CultureInfo.InvariantCulture, out var lo) || !double.IsFinite(lo) || lo is < -180 or > 180)
            throw Open311Failure.BadRequest("long", "Requests.Open311.Error.Long");
        return (la, lo);
    }

    // The registry's own address parser; a leading estate name may be longer than the estate's
    // ("骆岗街道团结新村3栋…"), so an estate whose name the text contains counts too.
    private async Task<(long? HouseholdId, long? BuildingId)> ByAddressAsync(string text, CancellationToken ct)
    {
        if (text.Length > 200) throw Open311Failure.BadRequest("address_string", "Validation.TooLong", 200);
        var parsed = SearchHouseholds.ParseAddress(SearchHouseholds.Normalize(text))
            ?? throw Open311Failure.BadRequest("address_string", "Requests.Open311.Error.AddressUnparsed");
        List<long>? estateIds = null;
        if (parsed.Estate is { } estateText)
        {
            var estates = await db.Estates.AsNoTracking().Select(e => new { e.Id, e.Name }).ToListAsync(ct);
            var named = estates.Where(e => e.Name.Contains(estateText, StringComparison.Ordinal)).ToList();
            if (named.Count == 0)
            {
                var inside = estates.Where(e => estateText.Contains(e.Name, StringComparison.Ordinal)).ToList();
                var longest = inside.Count == 0 ? 0 : inside.Max(e => e.Name.Length);
                named = inside.Where(e => e.Name.Length == longest).ToList();
            }
            if (named.Count == 0) throw Open311Failure.BadRequest("address_string", "Requests.Open311.Error.AddressUnknown");
            estateIds = named.Select(e => e.Id).ToList();
        }

        if (parsed.Room is null)
        {
            var buildings = db.Buildings.AsNoTracking().Where(b => b.Number == parsed.Building);
            if (estateIds is not null) buildings = buildings.Where(b => estateIds.Contains(b.EstateId));
            var found = await buildings.Select(b => b.Id).Take(2).ToListAsync(ct);
            return found.Count switch
            {
                0 => throw Open311Failure.BadRequest("address_string", "Requests.Open311.Error.AddressUnknown"),
                1 => (null, found[0]),
                _ => throw Open311Failure.BadRequest("address_string", "Requests.Open311.Error.AddressAmbiguous"),
            };
        }
        var households = db.Households.AsNoTracking();
        if (estateIds is not null) households = households.Where(h => estateIds.Contains(h.EstateId));
        var ids = await SearchHouseholds.HouseholdIdsAt(db, households, parsed with { Estate = null }).Take(2).ToListAsync(ct);
        return ids.Count switch
        {
            0 => throw Open311Failure.BadRequest("address_string", "Requests.Open311.Error.AddressUnknown"),
            1 => (ids[0], null),
            _ => throw Open311Failure.BadRequest("address_string", "Requests.Open311.Error.AddressAmbiguous"),
        };
    }

    private async Task<long> NearestBuildingAsync(double lat, double lng, CancellationToken ct)
    {
        var radius = configuration.GetValue<double?>("Open311:MaxDistanceMeters") ?? 500;
        var dLat = radius / MetresPerDegree;
        var dLong = radius / (MetresPerDegree * Math.Max(Math.Cos(lat * Math.PI / 180), 0.01));
        var (minLat, maxLat, minLong, maxLong) = (lat - dLat, lat + dLat, lng - dLong, lng + dLong);
        var near = await db.Buildings.AsNoTracking()
            .Where(b => b.Latitude != null && b.Longitude != null && b.Latitude >= minLat && b.Latitude <= maxLat && b.Longitude >= minLong && b.Longitude <= maxLong)
            .Select(b => new { b.Id, Lat = b.Latitude!.Value, Long = b.Longitude!.Value }).ToListAsync(ct);
        var best = near.Select(b => (b.Id, Metres: Distance(lat, lng, b.Lat, b.Long))).Where(b => b.Metres <= radius)
            .OrderBy(b => b.Metres).ThenBy(b => b.Id).FirstOrDefault();
        return best.Id != 0 ? best.Id : throw Open311Failure.BadRequest("lat", "Requests.Open311.Error.NoBuildingNear", (int)radius);
    }

    // Great-circle distance in metres (haversine): exact enough for a few hundred metres anywhere.
    public static double Distance(double lat1, double long1, double lat2, double long2)
    {
        const double EarthRadius = 6_371_000;
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLong = Rad(long2 - long1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLong / 2) * Math.Sin(dLong / 2);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
