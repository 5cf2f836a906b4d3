using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

public sealed record PasswordChangeInput(string? CurrentPassword, string? NewPassword);

// What everyone does to their own account: change the password, sign out everywhere. Both change the
// security stamp, so every other cookie and bearer token of the account stops working at once.
public sealed class AccountSelfService(UserManager<AppUser> users, CurrentUser current)
{
    public async Task<AppUser> ChangePasswordAsync(PasswordChangeInput input, CancellationToken ct = default)
    {
        var user = await MeAsync();
        if (string.IsNullOrEmpty(input.CurrentPassword)) throw new ValidationFailure("CurrentPassword", "Validation.Required");
        if (string.IsNullOrEmpty(input.NewPassword)) throw new ValidationFailure("NewPassword", "Validation.Required");
        if (!await users.CheckPasswordAsync(user, input.CurrentPassword)) throw new ValidationFailure("CurrentPassword", "Account.Error.WrongPassword");
        var result = await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword);
        if (!result.Succeeded) throw new ValidationFailure(AccountCommands.Errors(result, "NewPassword"));
        return user;
    }

    public async Task<AppUser> SignOutEverywhereAsync(CancellationToken ct = default)
    {
        var user = await MeAsync();
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded) throw new ConcurrencyConflict();
        return user;
    }

    private async Task<AppUser> MeAsync() =>
        await users.FindByIdAsync(current.RequiredId) ?? throw new Forbidden("Error.LoginRequired");
}
