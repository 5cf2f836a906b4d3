using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

// Every session cookie and bearer token carries the account's security stamp. Logging out, changing or
// resetting the password and "sign out everywhere" change the stamp, and an administrator disables an
// account by locking it: from the next request on, every cookie and token issued before is worth
// nothing. Runs after each successful authentication (cookie or bearer), one primary-key read.
internal sealed class SecurityStampCheck(UserManager<AppUser> users, IHttpContextAccessor http) : IClaimsTransformation
{
    private const string Checked = "gz-stamp-checked";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return principal;
        var items = http.HttpContext?.Items;
        var stamp = principal.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var cacheKey = Checked + id + "\n" + stamp;
        if (items?[cacheKey] is bool known) return known ? principal : new ClaimsPrincipal(new ClaimsIdentity());
        var valid = false;
        if (id is not null && stamp is not null && await users.FindByIdAsync(id) is { } user)
            valid = string.Equals(stamp, user.SecurityStamp, StringComparison.Ordinal) && !await users.IsLockedOutAsync(user);
        if (items is not null) items[cacheKey] = valid;
        return valid ? principal : new ClaimsPrincipal(new ClaimsIdentity());
    }
}
