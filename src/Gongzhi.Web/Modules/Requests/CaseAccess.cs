using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Requests;

// Which cases the caller may see and in what capacity, decided on the server per request.
// Staff see the cases of their grids (a community or subdistrict post covers all its grids);
// the property company and departments see the cases referred to them; a resident sees the
// cases they raised; a building leader the ones they relayed. Outside that, a case is 404.
public sealed class CaseAccess(GongzhiDb db, CurrentUser user, RegistryScope scope)
{
    public enum Capacity { None, Reporter, Partner, Staff }

    private List<long>? _departments;

    public Task<IQueryable<Case>> VisibleAsync(CancellationToken ct = default) => VisibleAsync(db, ct);

    // The same cases read from another context (the read replica, Data/ReadReplica); the scope itself
    // is always decided from the primary.
    public async Task<IQueryable<Case>> VisibleAsync(GongzhiDb from, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return from.Cases.Where(_ => false);
        var s = await scope.GetAsync(ct);
        if (s.All) return from.Cases;
        var me = user.RequiredId;
        var grids = user.Can(Capability.HandleCases) ? s.GridIds.ToList() : [];
        var estates = user.IsInRole(Roles.PropertyButler) ? s.EstateIds.Select(e => (long?)e).ToList() : [];
        var departments = (await DepartmentsAsync(ct)).Select(d => (long?)d).ToList();
        // The referral test only for those who can be referred to: on PostgreSQL an EXISTS with empty
        // lists is still evaluated for every row.
        if (estates.Count == 0 && departments.Count == 0)
            return from.Cases.Where(c => grids.Contains(c.GridId) || c.ReporterUserId == me || c.EnteredByUserId == me);
        return from.Cases.Where(c => grids.Contains(c.GridId) || c.ReporterUserId == me || c.EnteredByUserId == me
            || from.Referrals.Any(r => r.CaseId == c.Id && (estates.Contains(r.EstateId) || departments.Contains(r.DepartmentId))));
    }

    // VisibleAsync as "the cases of these grids, and those I raised or entered": what an index that knows each
    // case's grid can narrow by (case_search on PostgreSQL). Null when the caller sees more than that (everything,
    // or cases referred to them), and then nothing can be narrowed. Kept in step with VisibleAsync above.
    public async Task<CaseReach?> ReachAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return new CaseReach([], null);
        var s = await scope.GetAsync(ct);
        if (s.All) return null;
        var estates = user.IsInRole(Roles.PropertyButler) ? s.EstateIds.Count : 0;
        if (estates > 0 || (await DepartmentsAsync(ct)).Count > 0) return null;
        return new CaseReach(user.Can(Capability.HandleCases) ? s.GridIds.ToArray() : [], user.RequiredId);
    }

    public async Task<Capacity> CapacityForAsync(Case c, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) return Capacity.None;
        var s = await scope.GetAsync(ct);
        if (user.Can(Capability.HandleCases) && (s.All || s.GridIds.Contains(c.GridId))) return Capacity.Staff;
        if (await IsPartnerAsync(c.Id, ct)) return Capacity.Partner;
        var me = user.RequiredId;
        if (c.ReporterUserId == me || c.EnteredByUserId == me) return Capacity.Reporter;
        return Capacity.None;
    }

    public async Task<bool> IsPartnerAsync(long caseId, CancellationToken ct = default) => (await PartnerReferralAsync(caseId, ct)) is not null;

    // The first referral of the case the caller answers for (their estate's property company, their department), if any.
    public async Task<long?> PartnerReferralAsync(long caseId, CancellationToken ct = default)
    {
        if (!user.Can(Capability.ReplyReferrals)) return null;
        var s = await scope.GetAsync(ct);
        var estates = user.IsInRole(Roles.PropertyButler) ? s.EstateIds.Select(e => (long?)e).ToList() : [];
        var departments = (await DepartmentsAsync(ct)).Select(d => (long?)d).ToList();
        return await db.Referrals.Where(r => r.CaseId == caseId && (s.All || estates.Contains(r.EstateId) || departments.Contains(r.DepartmentId)))
            .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
    }

    // Whether the caller answers for this referral: their estate's property company, or their department.
    // Seeing the case (any referral of theirs) is not enough to answer another partner's.
    public async Task<bool> AnswersForAsync(Referral referral, CancellationToken ct = default)
    {
        if (!user.Can(Capability.ReplyReferrals)) return false;
        var s = await scope.GetAsync(ct);
        if (s.All) return true;
        if (referral.EstateId is { } estate && user.IsInRole(Roles.PropertyButler) && s.EstateIds.Contains(estate)) return true;
        return referral.DepartmentId is { } department && (await DepartmentsAsync(ct)).Contains(department);
    }

    public async Task<List<long>> DepartmentsAsync(CancellationToken ct = default)
    {
        if (_departments is not null) return _departments;
        if (!user.IsInRole(Roles.DepartmentOfficer)) return _departments = [];
        var me = user.RequiredId;
        return _departments = await db.DepartmentMembers.Where(m => m.UserId == me).Select(m => m.DepartmentId).ToListAsync(ct);
    }

    // Whether the caller works the cases of a grid as staff: only they see an anonymous reporter's door.
    public async Task<Func<long, bool>> StaffForGridAsync(CancellationToken ct = default)
    {
        if (!user.IsAuthenticated || !user.Can(Capability.HandleCases)) return _ => false;
        var s = await scope.GetAsync(ct);
        return s.All ? _ => true : s.GridIds.Contains;
    }

    // A case the caller works on as staff, tracked for a change.
    public async Task<Case> ForStaffAsync(long id, CancellationToken ct = default)
    {
        user.Require(Capability.HandleCases);
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        var s = await scope.GetAsync(ct);
        if (!s.All && !s.GridIds.Contains(c.GridId)) throw new NotFound();
        return c;
    }

    public async Task<(Case Case, Capacity Capacity)> ForAnyAsync(long id, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var c = await db.Cases.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        var capacity = await CapacityForAsync(c, ct);
        if (capacity == Capacity.None) throw new NotFound();
        return (c, capacity);
    }
}

// Me: the caller, for the cases they raised or entered wherever they are; null when only the grids count.
public sealed record CaseReach(long[] GridIds, string? Me);
