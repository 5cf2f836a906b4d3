using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Board;

namespace Gongzhi.Web.Modules.Party;

// 亮身份 on the grid board and the door plates: only members who turned it on show, so the
// public board never tells who is a member against their will.
public sealed class PartyBadges(GongzhiDb db) : IBoardBadges
{
    public async Task<IReadOnlySet<long>> ResidentsAsync(IReadOnlyCollection<long> residentIds, CancellationToken ct = default) =>
        residentIds.Count == 0 ? new HashSet<long>() : await db.Set<PartyMember>().Where(m => m.ShowBadge && m.ResidentId != null && residentIds.Contains(m.ResidentId.Value))
            .Select(m => m.ResidentId!.Value).ToHashSetAsync(ct);

    public async Task<IReadOnlySet<string>> UsersAsync(IReadOnlyCollection<string> userIds, CancellationToken ct = default) =>
        userIds.Count == 0 ? new HashSet<string>() : await db.Set<PartyMember>().Where(m => m.ShowBadge && m.UserId != null && userIds.Contains(m.UserId))
            .Select(m => m.UserId!).ToHashSetAsync(ct);

    public async Task<IReadOnlySet<long>> HouseholdsAsync(IReadOnlyCollection<long> householdIds, CancellationToken ct = default) =>
        householdIds.Count == 0 ? new HashSet<long>() : await db.Set<PartyMember>().Where(m => m.ShowBadge && m.HouseholdId != null && householdIds.Contains(m.HouseholdId.Value))
            .Select(m => m.HouseholdId!.Value).ToHashSetAsync(ct);
}
