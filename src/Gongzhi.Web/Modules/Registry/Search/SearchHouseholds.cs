using System.Text;
using System.Text.RegularExpressions;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Households;

namespace Gongzhi.Web.Modules.Registry.Search;

public sealed record HouseholdHit(HouseholdRow Household, IReadOnlyList<string> MatchedNames);

// One box for everything a grid worker types on a stairwell: a name ("王建国", "建国", "王"),
// a phone tail ("1234") or whole number, or an address ("3栋2单元501", "阳光花园3-2-501", "3号楼501").
public sealed partial class SearchHouseholds(GongzhiDb db, RegistryScope scope)
{
    public const int MaxResults = 50;

    public async Task<IReadOnlyList<HouseholdHit>> RunAsync(string? query, bool includeInactive = false, CancellationToken ct = default)
    {
        var q = Normalize(query);
        if (q.Length == 0) return [];
        if (q.Length > 50) throw new ValidationFailure("q", "Validation.TooLong", 50);
        var households = await scope.HouseholdsAsync(ct);

        var address = ParseAddress(q);
        if (address is not null) return await ByAddressAsync(households, address, ct);

        var residents = db.Residents.AsNoTracking().Where(r => includeInactive || r.Status == ResidentStatus.Active);
        if (q.All(char.IsAsciiDigit))
        {
            if (q.Length == 4) residents = residents.Where(r => r.PhoneTail == q);
            else if (q.Length >= 7) residents = residents.Where(r => r.Phone == q);
            else return await ByAddressAsync(households, new AddressQuery(null, null, null, q), ct);
        }
        else if (q.Length == 1)
        {
            // One character: a surname. A range on the name index, not a scan.
            var upper = q + '\uffff';
            residents = residents.Where(r => string.Compare(r.Name, q) >= 0 && string.Compare(r.Name, upper) < 0);
        }
        else
        {
            // Driven from the bigram's primary key, then confirmed on the whole query. Grams skip spaces
            // and the middle dot (欧阳·秀英 is typed 欧阳秀英), so the confirmation must too.
            var name = q.Replace("·", "", StringComparison.Ordinal);
            if (name.Length < 2) return [];
            var gram = name[..2];
            residents = from g in db.NameGrams
                        where g.Gram == gram
                        join r in residents on g.ResidentId equals r.Id
                        where r.Name.Replace(" ", "").Replace("·", "").Contains(name)
                        select r;
        }

        // No ORDER BY here: a common surname matches thousands, and the first few hundred are enough to show.
        var matches = await (from r in residents
                             join h in households on r.HouseholdId equals h.Id
                             select new { r.HouseholdId, r.Name }).Take(MaxResults * 4).ToListAsync(ct);
        var ids = matches.Select(m => m.HouseholdId).Distinct().Take(MaxResults).ToList();
        var rows = await HouseholdRows.Project(db.Households.Where(h => ids.Contains(h.Id)), db).ToListAsync(ct);
        return rows.OrderBy(r => r.EstateName, StringComparer.Ordinal).ThenBy(r => r.Building).ThenBy(r => r.Entrance).ThenBy(r => r.Room, StringComparer.Ordinal)
            .Select(r => new HouseholdHit(r, matches.Where(m => m.HouseholdId == r.Id).Select(m => m.Name).Distinct().ToList()))
            .ToList();
    }

    private async Task<IReadOnlyList<HouseholdHit>> ByAddressAsync(IQueryable<Household> households, AddressQuery a, CancellationToken ct)
    {
        var ids = await HouseholdIdsAt(db, households, a).Take(MaxResults).ToListAsync(ct);
        var rows = await HouseholdRows.Project(db.Households.Where(h => ids.Contains(h.Id)), db).ToListAsync(ct);
        return rows.OrderBy(r => ids.IndexOf(r.Id)).Select(r => new HouseholdHit(r, [])).ToList();
    }

    // The households at a parsed address, in address order. Public for other ways in (Open311's
    // address_string), which pass their own set of households to search.
    public static IQueryable<long> HouseholdIdsAt(GongzhiDb db, IQueryable<Household> households, AddressQuery a)
    {
        var q = from h in households
                join b in db.Buildings on h.BuildingId equals b.Id
                join en in db.Entrances on h.EntranceId equals en.Id
                join e in db.Estates on h.EstateId equals e.Id
                select new { h, b, en, e };
        if (a.Building is { } building) q = q.Where(x => x.b.Number == building);
        if (a.Entrance is { } entrance) q = q.Where(x => x.en.Number == entrance);
        if (a.Room is { } room) q = q.Where(x => x.h.Room == room);
        if (!string.IsNullOrEmpty(a.Estate)) q = q.Where(x => x.e.Name.Contains(a.Estate));
        return q.OrderBy(x => x.e.Name).ThenBy(x => x.b.Number).ThenBy(x => x.en.Number).ThenBy(x => x.h.Room).Select(x => x.h.Id);
    }

    public sealed record AddressQuery(string? Estate, int? Building, int? Entrance, string? Room);

    public static string Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return "";
        var sb = new StringBuilder(input.Length);
        foreach (var c in input.Trim())
        {
            if (char.IsWhiteSpace(c)) continue;
            sb.Append(c switch
            {
                >= '０' and <= '９' => (char)(c - '０' + '0'),
                '－' or '—' or '–' => '-',
                _ => c,
            });
        }
        return sb.ToString().Replace("号楼", "栋", StringComparison.Ordinal).Replace("幢", "栋", StringComparison.Ordinal)
            .Replace("室", "", StringComparison.Ordinal);
    }

    public static AddressQuery? ParseAddress(string q)
    {
        var m = ChineseAddress().Match(q);
        if (m.Success)
        {
            return new AddressQuery(
                NullIfEmpty(m.Groups["estate"].Value),
                int.Parse(m.Groups["b"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["e"].Success ? int.Parse(m.Groups["e"].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
                m.Groups["r"].Success ? m.Groups["r"].Value : null);
        }
        m = DashAddress().Match(q);
        if (m.Success)
        {
            return new AddressQuery(
                NullIfEmpty(m.Groups["estate"].Value),
                int.Parse(m.Groups["b"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["e"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["r"].Value);
        }
        return null;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    [GeneratedRegex(@"^(?<estate>.*?)(?<b>\d{1,3})栋(?:(?<e>\d{1,2})单元)?(?<r>\d{1,6})?(?:号)?$")]
    private static partial Regex ChineseAddress();

    [GeneratedRegex(@"^(?<estate>\D*?)(?<b>\d{1,3})-(?<e>\d{1,2})-(?<r>\d{1,6})$")]
    private static partial Regex DashAddress();
}
