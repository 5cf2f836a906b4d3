using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Audit;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

public sealed record RegisterInput(string? Phone, string? Password, string? DisplayName);

public sealed record ConfirmInput(string? Phone, string? Code);

public sealed record NewStaffInput(string? UserName, string? DisplayName, string? Password, string? Phone, IReadOnlyList<string>? Roles);

public sealed class AccountCommands(
    UserManager<AppUser> users, GongzhiDb db, IOneTimeCodeSender sender, IResidentLinker linker, CurrentUser current, AuditLog audit, TimeProvider clock)
{
    public async Task RegisterResidentAsync(RegisterInput input, CancellationToken ct = default)
    {
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? throw new ValidationFailure("Phone", "Validation.Required") : PhoneNumber.Normalize(input.Phone);
        var name = Guard.Text(input.DisplayName, 30, "DisplayName");
        if (string.IsNullOrEmpty(input.Password)) throw new ValidationFailure("Password", "Validation.Required");
        var existing = await users.FindByNameAsync(phone);
        if (existing is { PhoneNumberConfirmed: true }) throw new DuplicateFailure("Phone", "Account.Error.PhoneTaken");

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

    public async Task ResendCodeAsync(string? phone, CancellationToken ct = default)
    {
        var user = await FindUnconfirmedAsync(phone);
        await SendCodeAsync(user, ct);
    }

    public async Task ConfirmPhoneAsync(ConfirmInput input, CancellationToken ct = default)
    {
        var user = await FindUnconfirmedAsync(input.Phone);
        var code = input.Code?.Trim() ?? "";
        if (code.Length == 0) throw new ValidationFailure("Code", "Validation.Required");
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

    // Identity's own error descriptions are English; map the ones a user can cause to our keys.
    private static void Check(IdentityResult result, string field)
    {
        if (result.Succeeded) return;
        var errors = result.Errors.Select(e => e.Code switch
        {
            "PasswordTooShort" => new FieldError("Password", "Account.Error.PasswordTooShort", 8),
            "PasswordRequiresDigit" => new FieldError("Password", "Account.Error.PasswordDigit"),
            "DuplicateUserName" => new FieldError("UserName", "Account.Error.UserNameTaken"),
            "InvalidUserName" => new FieldError("UserName", "Account.Error.UserNameChars"),
            _ => new FieldError(field, "Account.Error.Generic"),
        }).ToList();
        throw new ValidationFailure(errors);
    }
}
