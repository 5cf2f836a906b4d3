using Gongzhi.Web.Data;

namespace Gongzhi.Web.Platform.Accounts;

public sealed record AccountRow(string UserName, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, bool Linked, DateTime? LastSignInAt = null);

public sealed record AccountPage(IReadOnlyList<AccountRow> Rows, int Total, int Page, int PageSize);

// The administrator's list of accounts, a page at a time.
public sealed class AccountList(GongzhiDb db, CurrentUser user, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task<AccountPage> RunAsync(string? query, int page, CancellationToken ct = default)
    {
        user.Require(Capability.ManageAccounts);
        var q = query?.Trim() ?? "";
        if (q.Length > 50) throw new ValidationFailure("q", "Validation.TooLong", 50);
        var users = db.Users.AsNoTracking();
        if (q.Length > 0)
        {
            var upper = q.ToUpperInvariant();
            users = users.Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.Contains(q));
        }
        var total = await users.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await users.OrderBy(u => u.CreatedAt).ThenBy(u => u.UserName).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.LockoutEnd, u.ResidentId, u.LastSignInAt }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId) select new { ur.UserId, r.Name }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new AccountPage(rows.Select(r => new AccountRow(r.UserName ?? "", r.DisplayName,
            roles.Where(x => x.UserId == r.Id).Select(x => x.Name ?? "").OrderBy(n => Array.IndexOf(Roles.All, n)).ToList(),
            r.LockoutEnd is { } end && end > now, r.ResidentId is not null, r.LastSignInAt)).ToList(), total, page, PageSize);
    }
}
