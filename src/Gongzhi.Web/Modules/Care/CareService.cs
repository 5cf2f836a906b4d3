using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Care;

public sealed record CareServiceCount(int Visits, int Wishes)
{
    public static readonly CareServiceCount None = new(0, 0);
}

// What people did for Care in a Beijing year, for other modules' statements (a unit's in-post party
// members): visits they made where someone was seen, and small wishes they fulfilled (claimed and
// marked done, confirmed or not yet).
public sealed class CareService(GongzhiDb db)
{
    public async Task<Dictionary<string, CareServiceCount>> ForAccountsAsync(IReadOnlyCollection<string> userIds, int year, CancellationToken ct = default)
    {
        if (userIds.Count == 0) return [];
        var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);
        var end = start.AddYears(1);
        var ids = userIds.Distinct().ToList();
        var visits = await db.Set<Visit>().Where(v => ids.Contains(v.VisitorUserId) && v.At >= start && v.At < end && v.Kind != VisitKind.NotSeen)
            .GroupBy(v => v.VisitorUserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var wishes = await db.Set<Wish>().Where(w => w.ClaimantUserId != null && ids.Contains(w.ClaimantUserId) && w.FulfilledAt >= start && w.FulfilledAt < end
                                                     && (w.Status == WishStatus.Fulfilled || w.Status == WishStatus.Confirmed))
            .GroupBy(w => w.ClaimantUserId!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return ids.ToDictionary(id => id, id => new CareServiceCount(visits.GetValueOrDefault(id), wishes.GetValueOrDefault(id)));
    }
}
