using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Requests;

// Who answers for a place today: the grid's worker (the longest-serving one with an account),
// else its grid leader, else a community worker. Escalation goes to the community's staff and
// then the subdistrict's officials.
public sealed class CaseRouting(GongzhiDb db, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime + Deadlines.WorkingTime.ChinaOffset);

    public async Task<(string? UserId, string Name)> OwnerForAsync(long gridId, long communityId, CancellationToken ct = default) =>
        (await OwnerCandidatesAsync(gridId, communityId, ct)) is [var first, ..] ? first : (null, "");

    // Staff who may own a case of this grid, in the order routing picks them: grid workers, then grid
    // leaders, then the community's staff, the longest-serving first.
    public async Task<List<(string? UserId, string Name)>> OwnerCandidatesAsync(long gridId, long communityId, CancellationToken ct = default)
    {
        var today = Today;
        var rows = await db.DutyPosts.AsNoTracking().Where(DutyPost.ActiveOn(today))
            .Where(p => p.UserId != null && ((p.PlaceKind == PlaceKind.Grid && p.PlaceId == gridId && (p.Kind == DutyPostKind.GridWorker || p.Kind == DutyPostKind.GridLeader))
                || (p.PlaceKind == PlaceKind.Community && p.PlaceId == communityId && p.Kind == DutyPostKind.CommunityStaff)))
            .Select(p => new { p.Kind, p.UserId, p.HolderName, p.From, p.Id })
            .ToListAsync(ct);
        return rows.OrderBy(p => p.Kind switch { DutyPostKind.GridWorker => 0, DutyPostKind.GridLeader => 1, _ => 2 })
            .ThenBy(p => p.From).ThenBy(p => p.Id)
            .DistinctBy(p => p.UserId).Select(p => ((string?)p.UserId, p.HolderName)).ToList();
    }

    public async Task<List<string>> HoldersAsync(DutyPostKind kind, PlaceKind placeKind, long placeId, CancellationToken ct = default)
    {
        var today = Today;
        return await db.DutyPosts.AsNoTracking().Where(DutyPost.ActiveOn(today))
            .Where(p => p.Kind == kind && p.PlaceKind == placeKind && p.PlaceId == placeId && p.UserId != null)
            .Select(p => p.UserId!).Distinct().ToListAsync(ct);
    }

    public async Task<List<string>> EscalationTargetsAsync(Case c, EscalationLevel level, CancellationToken ct = default) =>
        level == EscalationLevel.Subdistrict
            ? await HoldersAsync(DutyPostKind.SubdistrictOfficial, PlaceKind.Subdistrict, c.SubdistrictId, ct)
            : await HoldersAsync(DutyPostKind.CommunityStaff, PlaceKind.Community, c.CommunityId, ct);

    public Task<List<string>> PartnerUsersAsync(Referral r, CancellationToken ct = default) =>
        PartnerUsersAsync(r.Kind, r.EstateId, r.DepartmentId, ct);

    // The property company's butlers of the estate, or the department's members.
    public async Task<List<string>> PartnerUsersAsync(ReferralKind kind, long? estateId, long? departmentId, CancellationToken ct = default) =>
        kind == ReferralKind.PropertyCompany
            ? await HoldersAsync(DutyPostKind.PropertyButler, PlaceKind.Estate, estateId!.Value, ct)
            : await db.DepartmentMembers.Where(m => m.DepartmentId == departmentId).Select(m => m.UserId).ToListAsync(ct);
}
