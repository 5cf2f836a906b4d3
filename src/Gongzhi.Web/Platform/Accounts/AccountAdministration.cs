using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Audit;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

public sealed record AccountDetail(string UserName, string DisplayName, string? MaskedPhone, IReadOnlyList<string> Roles, bool Disabled,
    DateTime CreatedAt, DateTime? LastSignInAt, bool Linked, bool IsMe);

// What an administrator does to someone else's account: change its roles, disable and enable it,
// set a new password. Each changes the security stamp, so the holder's cookies and bearer tokens stop
// working at once (SecurityStampCheck); a disabled account is locked, so it cannot sign in again either.
public sealed class AccountAdministration(UserManager<AppUser> users, GongzhiDb db, CurrentUser current, AuditLog audit)
{
    public const string DisableAction = "DisableAccount";
    public const string EnableAction = "EnableAccount";
    public const string ResetAction = "ResetPassword";
    public const string RolesAction = "ChangeRoles";

    public async Task<AccountDetail> DetailAsync(string userName, CancellationToken ct = default)
    {
        var user = await FindAsync(userName);
        var roles = await users.GetRolesAsync(user);
        return new AccountDetail(user.UserName ?? "", user.DisplayName, user.PhoneNumber is null ? null : PhoneNumber.Mask(user.PhoneNumber),
            roles.OrderBy(r => Array.IndexOf(Accounts.Roles.All, r)).ToList(), await users.IsLockedOutAsync(user), user.CreatedAt, user.LastSignInAt,
            user.ResidentId is not null, user.Id == current.Id);
    }

    public async Task DisableAsync(string userName, CancellationToken ct = default)
    {
        var user = await FindOtherAsync(userName);
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        Check(await users.UpdateSecurityStampAsync(user));
        await audit.WriteAsync(DisableAction, $"User/{user.UserName}", null, ct);
    }

    public async Task EnableAsync(string userName, CancellationToken ct = default)
    {
        var user = await FindOtherAsync(userName);
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        Check(await users.UpdateAsync(user));
        await audit.WriteAsync(EnableAction, $"User/{user.UserName}", null, ct);
    }

    // The administrator tells the holder the new password in person; the old one and every session end now.
    public async Task ResetPasswordAsync(string userName, string? newPassword, CancellationToken ct = default)
    {
        var user = await FindOtherAsync(userName);
        if (string.IsNullOrEmpty(newPassword)) throw new ValidationFailure("NewPassword", "Validation.Required");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded) throw new ValidationFailure(AccountCommands.Errors(result, "NewPassword"));
        await audit.WriteAsync(ResetAction, $"User/{user.UserName}", null, ct);
    }

    public async Task SetRolesAsync(string userName, IReadOnlyList<string> roles, CancellationToken ct = default)
    {
        var user = await FindOtherAsync(userName);
        var wanted = roles.Distinct().ToList();
        if (wanted.Count == 0) throw new ValidationFailure("Roles", "Validation.Required");
        if (wanted.Any(r => !Accounts.Roles.All.Contains(r))) throw new ValidationFailure("Roles", "Validation.Invalid");
        var held = await users.GetRolesAsync(user);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Check(await users.RemoveFromRolesAsync(user, held.Except(wanted)));
        Check(await users.AddToRolesAsync(user, wanted.Except(held)));
        // Roles travel in the cookie and the token: the old ones must not outlive the change.
        Check(await users.UpdateSecurityStampAsync(user));
        await tx.CommitAsync(ct);
        await audit.WriteAsync(RolesAction, $"User/{user.UserName}", string.Join(",", wanted), ct);
    }

    private async Task<AppUser> FindAsync(string userName)
    {
        current.Require(Capability.ManageAccounts);
        return await users.FindByNameAsync(userName) ?? throw new NotFound();
    }

    // An administrator cannot lock themselves out or strip their own roles by a slip of the mouse.
    private async Task<AppUser> FindOtherAsync(string userName)
    {
        var user = await FindAsync(userName);
        if (user.Id == current.Id) throw new DomainException("Admin.Accounts.NotYourself");
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new ConcurrencyConflict();
    }
}
