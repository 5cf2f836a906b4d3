using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

public enum LoginOutcome { Ok, BadLogin, LockedOut, NotConfirmed }

// The one password check behind the login page and the API. An unknown user name costs the same
// password hash as a known one and gets the same answer, and lock-out counts per user name and
// client address whether the name exists or not, so neither the time, the answer nor the lock-out
// tells which names exist.
public sealed class PasswordLogin(UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, AccountThrottle throttle, IHttpContextAccessor http, TimeProvider clock)
{
    private static string? _dummyHash;

    public async Task<(LoginOutcome Outcome, AppUser? User)> CheckAsync(string? userName, string? password)
    {
        var name = userName?.Trim() ?? "";
        var key = AccountThrottle.LoginKey(name, AccountThrottle.Address(http.HttpContext));
        if (throttle.IsLockedOut(key)) return (LoginOutcome.LockedOut, null);
        var user = name.Length == 0 ? null : await users.FindByNameAsync(name);
        bool ok;
        if (user is null || string.IsNullOrEmpty(password))
        {
            var dummy = new AppUser();
            _dummyHash ??= hasher.HashPassword(dummy, Guid.NewGuid().ToString("N"));
            hasher.VerifyHashedPassword(dummy, _dummyHash, password ?? "");
            ok = false;
        }
        else ok = await users.CheckPasswordAsync(user, password);
        if (!ok)
        {
            throttle.Failed(key);
            return (throttle.IsLockedOut(key) ? LoginOutcome.LockedOut : LoginOutcome.BadLogin, null);
        }
        throttle.Succeeded(key);
        // A disabled account (locked by an administrator) is told apart only to its holder, who knows the password.
        if (await users.IsLockedOutAsync(user!)) return (LoginOutcome.LockedOut, null);
        if (!user!.PhoneNumberConfirmed) return (LoginOutcome.NotConfirmed, null);
        // Shown to administrators ("last signed in"), so a forgotten account is noticed and disabled.
        user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        return (LoginOutcome.Ok, user);
    }
}
