using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Care;

// Who may see and change which recipients: the role says what (VisitCare, ManageCare, SeeCareNotes),
// Registry's scope says where. Outside the scope a recipient does not exist (404); inside it but
// beyond the role, 403. Notes and changes need a grid-level scope, so a building leader sees the
// recipients of their building and records visits, but never reads health notes.
public sealed class CareAccess(GongzhiDb db, RegistryScope scope, CurrentUser user, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    public async Task<IQueryable<CareRecipient>> VisibleAsync(CancellationToken ct = default)
    {
        user.Require(Capability.VisitCare);
        var households = await scope.HouseholdsAsync(ct);
        return from r in db.Set<CareRecipient>().AsNoTracking()
               join h in households on r.HouseholdId equals h.Id
               select r;
    }

    // The recipient and the grid of its household, after checking the caller may see it.
    // A pair's helper (结对帮扶) may see and visit their own recipient whatever their role and place.
    public async Task<(CareRecipient Recipient, long GridId)> ForVisitAsync(long id, bool tracked = false, CancellationToken ct = default)
    {
        long? gridId = null;
        if (user.Can(Capability.VisitCare))
        {
            var households = await scope.HouseholdsAsync(ct);
            gridId = await (from r in db.Set<CareRecipient>() join h in households on r.HouseholdId equals h.Id where r.Id == id select (long?)h.GridId)
                .FirstOrDefaultAsync(ct);
        }
        gridId ??= await HelperGridAsync(id, ct);
        if (gridId is null)
        {
            user.Require(Capability.VisitCare);
            throw new NotFound();
        }
        var set = tracked ? db.Set<CareRecipient>() : db.Set<CareRecipient>().AsNoTracking();
        return (await set.Include(r => r.Contacts).FirstAsync(r => r.Id == id, ct), gridId.Value);
    }

    private async Task<long?> HelperGridAsync(long recipientId, CancellationToken ct)
    {
        if (user.Id is not { } me) return null;
        return await (from p in db.Set<CarePair>()
                      join r in db.Set<CareRecipient>() on p.RecipientId equals r.Id
                      join h in db.Households on r.HouseholdId equals h.Id
                      where p.RecipientId == recipientId && p.HelperUserId == me && p.To == null
                      select (long?)h.GridId).FirstOrDefaultAsync(ct);
    }

    public async Task<(CareRecipient Recipient, long GridId)> ForManageAsync(long id, CancellationToken ct = default)
    {
        var (recipient, gridId) = await ForVisitAsync(id, tracked: true, ct);
        if (!user.Can(Capability.ManageCare) || !await scope.CanEditGridAsync(gridId, ct)) throw new Forbidden();
        return (recipient, gridId);
    }

    public async Task<bool> CanManageAsync(long gridId, CancellationToken ct = default) =>
        user.Can(Capability.ManageCare) && await scope.CanEditGridAsync(gridId, ct);

    public async Task<bool> CanSeeNotesAsync(long gridId, CancellationToken ct = default) =>
        user.Can(Capability.SeeCareNotes) && await scope.CanEditGridAsync(gridId, ct);

    // Active grid leaders of a grid with an account: those told about urgent and missed visits.
    public static Task<List<string>> GridLeadersAsync(GongzhiDb db, long gridId, DateOnly today, CancellationToken ct) =>
        db.DutyPosts.AsNoTracking()
            .Where(p => p.Kind == DutyPostKind.GridLeader && p.PlaceKind == PlaceKind.Grid && p.PlaceId == gridId && p.UserId != null)
            .Where(DutyPost.ActiveOn(today)).Select(p => p.UserId!).Distinct().ToListAsync(ct);

    // Who visits when the plan names no one: the grid's workers with an account.
    public static Task<List<string>> GridWorkersAsync(GongzhiDb db, long gridId, DateOnly today, CancellationToken ct) =>
        db.DutyPosts.AsNoTracking()
            .Where(p => p.Kind == DutyPostKind.GridWorker && p.PlaceKind == PlaceKind.Grid && p.PlaceId == gridId && p.UserId != null)
            .Where(DutyPost.ActiveOn(today)).Select(p => p.UserId!).Distinct().ToListAsync(ct);
}
