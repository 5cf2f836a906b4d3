using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Audit;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

public sealed record RegisterInput(string? Phone, string? Password, string? DisplayName);

public sealed record ConfirmInput(string? Phone, string? Code);

public sealed record NewStaffInput(string? UserName, string? DisplayName, string? Password, string? Phone, IReadOnlyList<string>? Roles);

public sealed class AccountCommands(
    UserManager<AppUser> users, GongzhiDb db, IOneTimeCodeSender sender, IResidentLinker linker, CurrentUser current, AuditLog audit, TimeProvider clock,
    AccountThrottle throttle, AccountLimits limits, IHttpContextAccessor http)
{
    public const int MinPasswordLength = 10;

    public async Task RegisterResidentAsync(RegisterInput input, CancellationToken ct = default)
    {
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? throw new ValidationFailure("Phone", "Validation.Required") : PhoneNumber.Normalize(input.Phone);
        var name = Guard.Text(input.DisplayName, 30, "DisplayName");
        if (string.IsNullOrEmpty(input.Password)) throw new ValidationFailure("Password", "Validation.Required");
        var existing = await users.FindByNameAsync(phone);
        if (existing is { PhoneNumberConfirmed: true }) throw new DuplicateFailure("Phone", "Account.Error.PhoneTaken");
        // Checked before anything is written: a refused password must not cost the phone a code.
        var policy = await ValidatePasswordAsync(new AppUser { UserName = phone }, input.Password);
        if (!policy.Succeeded) Check(policy, "Password");
        throttle.TakeCode(phone, AccountThrottle.Address(http.HttpContext));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // An unconfirmed registration for the same phone is replaced: whoever holds the phone proves it with the code.
        if (existing is not null) Check(await users.DeleteAsync(existing), "Password");
        var user = new AppUser
        {
            UserName = phone, PhoneNumber = phone, DisplayName = name, CreatedAt = clock.GetUtcNow().UtcDateTime,
            ResidentId = await linker.FindResidentByPhoneAsync(phone, ct),
        };
        Check(await users.CreateAsync(user, input.Password), "Password");
        Check(await users.AddToRoleAsync(user, Roles.Resident), "Phone");
        await tx.CommitAsync(ct);
        await SendCodeAsync(user, ct);
    }

    // A new code replaces the old one (the security stamp it was made from changes) and gives a fresh set of attempts.
    public async Task ResendCodeAsync(string? phone, CancellationToken ct = default)
    {
        var user = await FindUnconfirmedAsync(phone);
        throttle.TakeCode(user.PhoneNumber!, AccountThrottle.Address(http.HttpContext));
        user.AccessFailedCount = 0;
        Check(await users.UpdateSecurityStampAsync(user), "Code");
        await SendCodeAsync(user, ct);
    }

    // A code is good for CodeAttempts guesses (counted on the registration, so every instance agrees),
    // then a new one is needed; a code that confirmed once is spent with the security stamp it was made from.
    public async Task ConfirmPhoneAsync(ConfirmInput input, CancellationToken ct = default)
    {
        var user = await FindUnconfirmedAsync(input.Phone);
        var code = input.Code?.Trim() ?? "";
        if (code.Length == 0) throw new ValidationFailure("Code", "Validation.Required");
        if (user.AccessFailedCount >= limits.CodeAttempts) throw new ValidationFailure("Code", "Account.Error.CodeSpent");
        throttle.TakeConfirm(user.PhoneNumber!);
        if (!await users.VerifyChangePhoneNumberTokenAsync(user, code, user.PhoneNumber!))
        {
            user.AccessFailedCount++;
            // The last allowed guess spends the code: the stamp it was made from changes.
            var saved = user.AccessFailedCount >= limits.CodeAttempts ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
            if (!saved.Succeeded) throw new ValidationFailure("Code", "Account.Error.BadCode");
            throw new ValidationFailure("Code", user.AccessFailedCount >= limits.CodeAttempts ? "Account.Error.CodeSpent" : "Account.Error.BadCode");
        }
        user.AccessFailedCount = 0;
        var result = await users.ChangePhoneNumberAsync(user, user.PhoneNumber!, code);
        if (!result.Succeeded) throw new ValidationFailure("Code", "Account.Error.BadCode");
    }

    public async Task<string> CreateStaffAsync(NewStaffInput input, CancellationToken ct = default)
    {
        current.Require(Capability.ManageAccounts);
        var userName = Guard.Text(input.UserName, 50, "UserName");
        if (!userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            throw new ValidationFailure("UserName", "Account.Error.UserNameChars");
        var roles = input.Roles?.Distinct().ToList() ?? [];
        if (roles.Count == 0) throw new ValidationFailure("Roles", "Validation.Required");
        if (roles.Any(r => !Accounts.Roles.All.Contains(r))) throw new ValidationFailure("Roles", "Validation.Invalid");
        if (await users.FindByNameAsync(userName) is not null) throw new DuplicateFailure("UserName", "Account.Error.UserNameTaken");
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : PhoneNumber.Normalize(input.Phone);
        if (string.IsNullOrEmpty(input.Password)) throw new ValidationFailure("Password", "Validation.Required");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser
        {
            UserName = userName, DisplayName = Guard.Text(input.DisplayName, 30, "DisplayName"), PhoneNumber = phone,
            PhoneNumberConfirmed = true, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        Check(await users.CreateAsync(user, input.Password), "Password");
        Check(await users.AddToRolesAsync(user, roles), "Roles");
        await tx.CommitAsync(ct);
        await audit.WriteAsync(AuditActions.CreateAccount, $"User/{user.UserName}", string.Join(",", roles), ct);
        return user.Id;
    }

    private async Task<AppUser> FindUnconfirmedAsync(string? phoneInput)
    {
        var phone = string.IsNullOrWhiteSpace(phoneInput) ? throw new ValidationFailure("Phone", "Validation.Required") : PhoneNumber.Normalize(phoneInput);
        var user = await users.FindByNameAsync(phone);
        if (user is null || user.PhoneNumberConfirmed) throw new ValidationFailure("Phone", "Account.Error.NoPendingRegistration");
        return user;
    }

    private async Task SendCodeAsync(AppUser user, CancellationToken ct)
    {
        var code = await users.GenerateChangePhoneNumberTokenAsync(user, user.PhoneNumber!);
        await sender.SendAsync(user.PhoneNumber!, code, ct);
    }

    private async Task<IdentityResult> ValidatePasswordAsync(AppUser user, string password)
    {
        foreach (var validator in users.PasswordValidators)
            if (await validator.ValidateAsync(users, user, password) is { Succeeded: false } failed) return failed;
        return IdentityResult.Success;
    }

    private static void Check(IdentityResult result, string field)
    {
        if (result.Succeeded) return;
        throw new ValidationFailure(Errors(result, field));
    }

    // Identity's own error descriptions are English; map the ones a user can cause to our keys.
    public static List<FieldError> Errors(IdentityResult result, string field, string passwordField = "Password")
    {
        var errors = result.Errors.Select(e => e.Code switch
        {
            "PasswordTooShort" => new FieldError(field == "NewPassword" ? field : passwordField, "Account.Error.PasswordTooShort", MinPasswordLength),
            "PasswordCommon" => new FieldError(field == "NewPassword" ? field : passwordField, "Account.Error.PasswordCommon"),
            "DuplicateUserName" => new FieldError("UserName", "Account.Error.UserNameTaken"),
            "InvalidUserName" => new FieldError("UserName", "Account.Error.UserNameChars"),
            _ => new FieldError(field, "Account.Error.Generic"),
        }).ToList();
        return errors.Count > 0 ? errors : [new FieldError(field, "Account.Error.Generic")];
    }
}
