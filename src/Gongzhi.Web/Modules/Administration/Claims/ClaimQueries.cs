using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Administration.Claims;

public sealed record EstateChoice(long Id, string Name, string CommunityName);

public sealed record ClaimRow(long Id, long HouseholdId, string EstateName, int Building, int Entrance, string Room, string Name, Gender Gender,
    ClaimRelation Relation, ClaimStatus Status, string? Reason, DateTime CreatedAt, int Version, string? AccountPhone)
{
    public string Address => $"{EstateName}{Building}栋{Entrance}单元{Room}";
}

public sealed class ClaimQueries(GongzhiDb db, RegistryScope scope, CurrentUser user)
{
    public const int PageSize = 50;

    // Estate names only, as any resident reads them on the gate: nothing about who lives there.
    public async Task<IReadOnlyList<EstateChoice>> EstatesAsync(CancellationToken ct = default) =>
        await (from e in db.Estates.AsNoTracking() join c in db.Communities on e.CommunityId equals c.Id
               orderby c.Name, e.Name select new EstateChoice(e.Id, e.Name, c.Name)).ToListAsync(ct);

    // The caller's own newest claim, for the resident's page.
    public async Task<ClaimRow?> MineAsync(CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var id = await db.Set<HouseholdClaim>().Where(c => c.UserId == me).OrderByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        if (id is null) return null;
        var row = await Rows(db.Set<HouseholdClaim>().Where(c => c.Id == id)).FirstOrDefaultAsync(ct);
        return row is null ? null : row with { AccountPhone = null };
    }

    // Waiting claims on households the caller may edit (the grid worker's, the community's): their task list.
    public async Task<IReadOnlyList<ClaimRow>> PendingAsync(CancellationToken ct = default)
    {
        user.Require(Capability.EditRegistry);
        var homes = await EditableHouseholdsAsync(ct);
        var claims = db.Set<HouseholdClaim>().Where(c => c.Status == ClaimStatus.Pending && homes.Any(h => h.Id == c.HouseholdId));
        // Oldest first (they have waited longest); ordered here, as a query cannot order by a record it builds.
        var rows = await Rows(claims.OrderBy(c => c.Id).Take(PageSize)).ToListAsync(ct);
        return rows.OrderBy(r => r.Id).Select(r => r with { AccountPhone = PhoneNumber.Mask(r.AccountPhone) }).ToList();
    }

    public async Task<int> PendingCountAsync(CancellationToken ct = default)
    {
        if (!user.Can(Capability.EditRegistry)) return 0;
        var homes = await EditableHouseholdsAsync(ct);
        return await db.Set<HouseholdClaim>().CountAsync(c => c.Status == ClaimStatus.Pending && homes.Any(h => h.Id == c.HouseholdId), ct);
    }

    private async Task<IQueryable<Household>> EditableHouseholdsAsync(CancellationToken ct)
    {
        var s = await scope.GetAsync(ct);
        if (s.All) return db.Households;
        var grids = s.GridIds.ToList();
        return db.Households.Where(h => grids.Contains(h.GridId));
    }

    private IQueryable<ClaimRow> Rows(IQueryable<HouseholdClaim> claims) =>
        from c in claims.AsNoTracking()
        join h in db.Households on c.HouseholdId equals h.Id
        join b in db.Buildings on h.BuildingId equals b.Id
        join n in db.Entrances on h.EntranceId equals n.Id
        join e in db.Estates on h.EstateId equals e.Id
        join u in db.Users on c.UserId equals u.Id
        select new ClaimRow(c.Id, h.Id, e.Name, b.Number, n.Number, h.Room, c.Name, c.Gender, c.Relation, c.Status,
            c.Reason, c.CreatedAt, c.Version, u.PhoneNumber);
}
