using System.Security.Cryptography;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Modules.WeChat;

// The sign-in round trip: authorize redirect with a state bound to this browser, the code exchanged
// on the server, then either the bound account signed in or a one-time phone code to bind one.
// Both in-between facts (the state, the unbound openid) travel in short-lived encrypted cookies:
// they belong to the browser that started the round trip and to nobody else.
public sealed class WeChatSignIn(
    IHttpContextAccessor accessor, IOptions<WeChatOptions> options, WeChatOAuth oauth, GongzhiDb db, UserManager<AppUser> users,
    SignInManager<AppUser> signIn, IOneTimeCodeSender sender, IResidentLinker linker, IDataProtectionProvider protection, TimeProvider clock)
{
    private const string StateCookie = ".Gongzhi.WeChat.State";
    private const string PendingCookie = ".Gongzhi.WeChat.Pending";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No request.");
    private ITimeLimitedDataProtector Protector => protection.CreateProtector("Gongzhi.WeChat.v1").ToTimeLimitedDataProtector();

    public static bool InWeChat(HttpContext http) => http.Request.Headers.UserAgent.ToString().Contains("MicroMessenger", StringComparison.Ordinal);

    public string Start(long communityId, bool userInfo)
    {
        var account = options.Value.ForCommunity(communityId) ?? throw new NotFound();
        var state = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Write(StateCookie, $"{state}\n{account.AppId}");
        var request = Http.Request;
        var callback = $"{request.Scheme}://{request.Host}{request.PathBase}/wechat/callback";
        return oauth.AuthorizeUrl(account, callback, userInfo, state);
    }

    // Returns true when a bound account was signed in; false when the person must bind a phone first.
    public async Task<bool> CallbackAsync(string? code, string? state, CancellationToken ct)
    {
        var saved = Read(StateCookie)?.Split('\n');
        // The state is spent whatever happens next: a second try must start again from WeChat.
        Http.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = "/wechat" });
        if (saved is not [var expected, var appId] || string.IsNullOrEmpty(state)
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(state)))
            throw new DomainException("WeChat.Error.BadState");
        // No code means the person declined the authorization page.
        if (string.IsNullOrEmpty(code)) throw new DomainException("WeChat.Error.Declined");
        var account = options.Value.ForAppId(appId) ?? throw new NotFound();
        var identity = await oauth.ExchangeAsync(account, code, ct);

        var userId = await db.Set<WeChatBinding>().Where(b => b.AppId == identity.AppId && b.OpenId == identity.OpenId).Select(b => b.UserId).FirstOrDefaultAsync(ct);
        if (userId is not null && await users.FindByIdAsync(userId) is { } user && !await users.IsLockedOutAsync(user))
        {
            // Coming in from the account's menu again: template messages to this binding may be tried again.
            await db.Set<WeChatBinding>().Where(b => b.AppId == identity.AppId && b.OpenId == identity.OpenId && b.UnsubscribedAt != null)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.UnsubscribedAt, (DateTime?)null), ct);
            await signIn.SignInAsync(user, isPersistent: false);
            return true;
        }
        // Only a suggestion for the bind form's name field (snsapi_userinfo only); line breaks would break the cookie's lines.
        var nickname = (await oauth.NicknameAsync(identity, ct))?.ReplaceLineEndings(" ");
        Write(PendingCookie, $"{identity.AppId}\n{identity.OpenId}\n{identity.UnionId}\n{nickname}");
        return false;
    }

    public bool HasPending => Pending() is not null;

    // The WeChat nickname the person allowed us to read, if any, to suggest as a new account's name.
    public string? SuggestedName => Read(PendingCookie)?.Split('\n') is [_, _, _, { Length: > 0 } name] ? name : null;

    public async Task SendCodeAsync(string? phoneInput, string? name, CancellationToken ct)
    {
        _ = Pending() ?? throw new DomainException("WeChat.Error.Expired");
        var phone = Phone(phoneInput);
        var user = await AccountForAsync(phone, ct);
        if (user is null)
        {
            // A new resident, as a phone sign-up makes one, but without a password: WeChat is how they come in.
            user = new AppUser
            {
                UserName = phone, PhoneNumber = phone, DisplayName = Guard.Text(name, 30, "DisplayName"), CreatedAt = clock.GetUtcNow().UtcDateTime,
                ResidentId = await linker.FindResidentByPhoneAsync(phone, ct),
            };
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!(await users.CreateAsync(user)).Succeeded || !(await users.AddToRoleAsync(user, Roles.Resident)).Succeeded)
                throw new ValidationFailure("Phone", "Account.Error.Generic");
            await tx.CommitAsync(ct);
        }
        await sender.SendAsync(phone, await users.GenerateChangePhoneNumberTokenAsync(user, phone), ct);
    }

    public async Task LinkAsync(string? phoneInput, string? codeInput, CancellationToken ct)
    {
        var pending = Pending() ?? throw new DomainException("WeChat.Error.Expired");
        var phone = Phone(phoneInput);
        var code = codeInput?.Trim() ?? "";
        if (code.Length == 0) throw new ValidationFailure("Code", "Validation.Required");
        var user = await AccountForAsync(phone, ct);
        if (user is null || !await users.VerifyChangePhoneNumberTokenAsync(user, code, phone))
            throw new ValidationFailure("Code", "Account.Error.BadCode");
        if (await db.Set<WeChatBinding>().AnyAsync(b => b.AppId == pending.AppId && b.OpenId == pending.OpenId, ct))
            throw new DuplicateFailure("Phone", "WeChat.Error.AlreadyBound");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!user.PhoneNumberConfirmed)
        {
            user.PhoneNumberConfirmed = true;
            if (!(await users.UpdateAsync(user)).Succeeded) throw new ConcurrencyConflict();
        }
        db.Set<WeChatBinding>().Add(WeChatBinding.Bind(pending.AppId, pending.OpenId, pending.UnionId, user.Id, clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two tabs binding the same openid at once: the unique index lets one win.
            throw new DuplicateFailure("Phone", "WeChat.Error.AlreadyBound");
        }
        await tx.CommitAsync(ct);
        Http.Response.Cookies.Delete(PendingCookie, new CookieOptions { Path = "/wechat" });
        await signIn.SignInAsync(user, isPersistent: false);
    }

    // The account a phone proves: a confirmed one (resident or staff) first, else a pending registration.
    private async Task<AppUser?> AccountForAsync(string phone, CancellationToken ct) =>
        await users.Users.Where(u => u.PhoneNumber == phone)
            .OrderByDescending(u => u.PhoneNumberConfirmed).ThenByDescending(u => u.UserName == phone).FirstOrDefaultAsync(ct);

    private static string Phone(string? input) =>
        string.IsNullOrWhiteSpace(input) ? throw new ValidationFailure("Phone", "Validation.Required") : PhoneNumber.Normalize(input);

    private WeChatIdentity? Pending() =>
        Read(PendingCookie)?.Split('\n') is [var appId, var openId, var unionId, _] ? new WeChatIdentity(appId, openId, unionId.Length == 0 ? null : unionId) : null;

    private void Write(string name, string value) =>
        Http.Response.Cookies.Append(name, Protector.Protect(value, Lifetime), new CookieOptions
        {
            Path = "/wechat", HttpOnly = true, Secure = Http.Request.IsHttps, SameSite = SameSiteMode.Lax, MaxAge = Lifetime, IsEssential = true,
        });

    private string? Read(string name)
    {
        if (!Http.Request.Cookies.TryGetValue(name, out var value)) return null;
        try
        {
            return Protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
