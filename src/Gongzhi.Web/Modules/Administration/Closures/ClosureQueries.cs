using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Administration.Closures;

public sealed record ClosureRow(long Id, ClosureStatus Status, DateTime CreatedAt, DateTime? HandledAt, string? Reason, int Version,
    string DisplayName, string? MaskedPhone, long? HouseholdId, string? Address);

public sealed class ClosureQueries(GongzhiDb db, RegistryScope scope, CurrentUser user)
{
    public const int PageSize = 50;

    // The caller's own newest request, for their account page.
    public async Task<ClosureRow?> MineAsync(CancellationToken ct = default)
    {
        var me = user.RequiredId;
        var rows = await Rows(db.Set<AccountClosure>().Where(c => c.UserId == me).OrderByDescending(c => c.Id).Take(1), ct);
        return rows.Count > 0 ? rows[0] : null;
    }

    // Waiting requests the caller may carry out, oldest first (they have waited longest). Phones masked:
    // the handler checks who asked by name and home, and may call through the registry if in doubt.
    public async Task<IReadOnlyList<ClosureRow>> PendingAsync(CancellationToken ct = default)
    {
        user.Require(Capability.HandleAccountClosures);
        return await Rows((await InScopeAsync(ct)).OrderBy(c => c.Id).Take(PageSize), ct);
    }

    public async Task<int> PendingCountAsync(CancellationToken ct = default) =>
        user.Can(Capability.HandleAccountClosures) ? await (await InScopeAsync(ct)).CountAsync(ct) : 0;

    private async Task<IQueryable<AccountClosure>> InScopeAsync(CancellationToken ct)
    {
        var pending = db.Set<AccountClosure>().Where(c => c.Status == ClosureStatus.Pending);
        var s = await scope.GetAsync(ct);
        if (s.All) return pending;
        var homes = await scope.HouseholdsAsync(ct);
        return pending.Where(c => c.HouseholdId != null && homes.Any(h => h.Id == c.HouseholdId));
    }

    private async Task<IReadOnlyList<ClosureRow>> Rows(IQueryable<AccountClosure> closures, CancellationToken ct)
    {
        var rows = await (from c in closures.AsNoTracking()
                          join u in db.Users on c.UserId equals u.Id
                          select new { c.Id, c.Status, c.CreatedAt, c.HandledAt, c.Reason, c.Version, u.DisplayName, u.PhoneNumber, c.HouseholdId }).ToListAsync(ct);
        var homeIds = rows.Where(r => r.HouseholdId != null).Select(r => r.HouseholdId!.Value).Distinct().ToList();
        var addresses = await (from h in db.Households.AsNoTracking() where homeIds.Contains(h.Id)
                               join e in db.Estates on h.EstateId equals e.Id
                               join b in db.Buildings on h.BuildingId equals b.Id
                               join n in db.Entrances on h.EntranceId equals n.Id
                               select new { h.Id, e.Name, Building = b.Number, Entrance = n.Number, h.Room })
            .ToDictionaryAsync(h => h.Id, h => $"{h.Name}{h.Building}栋{h.Entrance}单元{h.Room}", ct);
        return rows.OrderBy(r => r.Id).Select(r => new ClosureRow(r.Id, r.Status, r.CreatedAt, r.HandledAt, r.Reason, r.Version, r.DisplayName,
            r.PhoneNumber is null ? null : PhoneNumber.Mask(r.PhoneNumber), r.HouseholdId,
            r.HouseholdId is { } h ? addresses.GetValueOrDefault(h) : null)).ToList();
    }
}
