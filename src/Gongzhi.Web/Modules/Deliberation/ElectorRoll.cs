using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Deliberation;

// Who may vote, taken from the registry when a vote opens.
//
// Owners (Art. 278), following the Supreme People's Court interpretation on building distinct
// ownership: each exclusive unit counts once, with the area of its best source (property register,
// else survey, else contract); a unit's owner rows beyond the first do not add a second owner; an
// owner of several units is one person holding all their area; the developer's unsold units are one
// owner. An owner known to the registry as a resident is keyed by that resident; an owner known only
// by name is an owner of their own (staff record their paper ballot).
public static class ElectorRoll
{
    public const string ResidentPrefix = "R:", HouseholdPrefix = "H:", DeveloperPrefix = "D:", OwnerRowPrefix = "O:";

    public static string ResidentKey(long residentId) => ResidentPrefix + residentId;

    public static string HouseholdKey(long householdId) => HouseholdPrefix + householdId;

    public sealed record OwnerRow(long Id, long HouseholdId, long? ResidentId, string OwnerName, decimal FloorArea, AreaSource AreaSource, bool IsDeveloper);

    public sealed record RollEntry(string Key, string Name, long? ResidentId, long? HouseholdId, long AreaCenti, int Units);

    // Pure, so the counting rules are tested without a database.
    public static List<RollEntry> Owners(IEnumerable<OwnerRow> rows)
    {
        var units = rows.GroupBy(r => r.HouseholdId)
            .Select(g => g.OrderBy(r => r.AreaSource).ThenBy(r => r.Id).First());
        return units
            .GroupBy(u => u.IsDeveloper ? DeveloperPrefix + u.OwnerName
                : u.ResidentId is { } rid ? ResidentKey(rid)
                : OwnerRowPrefix + u.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.OrderBy(u => u.HouseholdId).First();
                var area = g.Sum(u => (long)decimal.Round(u.FloorArea * 100m, 0, MidpointRounding.AwayFromZero));
                var household = g.Count() == 1 ? first.HouseholdId : (long?)null;
                return new RollEntry(g.Key, first.OwnerName, first.IsDeveloper ? null : first.ResidentId, household, area, g.Count());
            })
            .OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
    }

    public static async Task<List<RollEntry>> BuildAsync(GongzhiDb db, TopicPlace place, VoteBasis basis, DateOnly today, CancellationToken ct)
    {
        var households = DeliberationAccess.HouseholdsIn(db, place);
        switch (basis)
        {
            case VoteBasis.Owners278:
            {
                var rows = await db.Ownerships.AsNoTracking().Where(o => households.Any(h => h.Id == o.HouseholdId))
                    .Select(o => new OwnerRow(o.Id, o.HouseholdId, o.ResidentId, o.OwnerName, o.FloorArea, o.AreaSource, o.IsDeveloper)).ToListAsync(ct);
                return Owners(rows);
            }
            case VoteBasis.PerPerson:
            {
                var adultBorn = today.AddYears(-18);
                var people = await db.Residents.AsNoTracking()
                    .Where(r => r.Status == ResidentStatus.Active && r.BirthDate != null && r.BirthDate <= adultBorn && households.Any(h => h.Id == r.HouseholdId))
                    .Select(r => new { r.Id, r.Name, r.HouseholdId }).ToListAsync(ct);
                return people.Select(p => new RollEntry(ResidentKey(p.Id), p.Name, p.Id, p.HouseholdId, 0, 1)).ToList();
            }
            default:
            {
                var rows = await (from h in households
                                  join b in db.Buildings on h.BuildingId equals b.Id
                                  join e in db.Entrances on h.EntranceId equals e.Id
                                  where db.Residents.Any(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active)
                                  select new { h.Id, Building = b.Number, Entrance = e.Number, h.Room }).ToListAsync(ct);
                return rows.Select(h => new RollEntry(HouseholdKey(h.Id), $"{h.Building}栋{h.Entrance}单元{h.Room}", null, h.Id, 0, 1)).ToList();
            }
        }
    }
}
