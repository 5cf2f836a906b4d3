using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record ResendInput(string? Phone);

public static class AccountsApi
{
    public static void MapAccountsApi(this RouteGroupBuilder api)
    {
        // Anonymous: a phone or user name already taken is 409; a locked account is 423 (login only).
        var auth = api.MapGroup("/auth").WithTags("Accounts").AllowAnonymous().ProducesErrors(409);
        auth.MapPost("/login", LoginAsync).ProducesErrors(423).WithSummary("Exchange a user name (or phone) and password for a bearer token");
        auth.MapPost("/register", RegisterAsync).WithSummary("Register a resident account; a one-time code is sent to the phone");
        auth.MapPost("/confirm", ConfirmAsync).WithSummary("Confirm a registration with the one-time code");
        auth.MapPost("/resend", ResendAsync).WithSummary("Send a new one-time code for a pending registration (the old one stops working)");

        var accounts = api.MapGroup("/accounts").WithTags("Accounts").ProducesErrors(404, 409);
        accounts.MapPost("/", CreateStaffAsync).WithSummary("Create a staff account (administrators)");
        accounts.MapGet("/me", GetMe);
        accounts.MapGet("/me/data", ExportMyDataAsync).WithSummary("Everything Gongzhi holds about the caller (PIPL Art. 45), one list per kind");
        accounts.MapPost("/me/password", ChangePasswordAsync)
            .WithSummary("Change one's own password; every other session and token of the account stops working");
        accounts.MapPost("/me/sign-out-everywhere", SignOutEverywhereAsync)
            .WithSummary("Revoke every session cookie and bearer token of the caller's account, this one included");
    }

    private static async Task<Accepted> RegisterAsync(RegisterInput input, AccountCommands commands, CancellationToken ct)
    {
        await commands.RegisterResidentAsync(input, ct);
        return TypedResults.Accepted("/api/v1/auth/confirm");
    }

    private static async Task<NoContent> ConfirmAsync(ConfirmInput input, AccountCommands commands, CancellationToken ct)
    {
        await commands.ConfirmPhoneAsync(input, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Accepted> ResendAsync(ResendInput input, AccountCommands commands, CancellationToken ct)
    {
        await commands.ResendCodeAsync(input.Phone, ct);
        return TypedResults.Accepted("/api/v1/auth/confirm");
    }

    private static async Task<Created<AccountIdResponse>> CreateStaffAsync(NewStaffInput input, AccountCommands commands, CancellationToken ct)
    {
        var id = await commands.CreateStaffAsync(input, ct);
        return TypedResults.Created($"/api/v1/accounts/{id}", new AccountIdResponse(id));
    }

    private static Ok<MeResponse> GetMe(CurrentUser user) => TypedResults.Ok(new MeResponse(user.Id, user.Name, user.Roles.ToArray()));

    private static async Task<Ok<Dictionary<string, object>>> ExportMyDataAsync(Privacy.PersonalDataExport export, CancellationToken ct) =>
        TypedResults.Ok(Privacy.PersonalDataExport.ToJson(await export.RunAsync(ct)));

    private static async Task<NoContent> ChangePasswordAsync(PasswordChangeInput input, AccountSelfService self, CancellationToken ct)
    {
        await self.ChangePasswordAsync(input, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutEverywhereAsync(AccountSelfService self, CancellationToken ct)
    {
        await self.SignOutEverywhereAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest request, PasswordLogin login, SignInManager<AppUser> signIn, Microsoft.Extensions.Localization.IStringLocalizer text)
    {
        var (outcome, user) = await login.CheckAsync(request.UserName, request.Password);
        switch (outcome)
        {
            case LoginOutcome.LockedOut: return TypedResults.Problem(text["Account.Error.LockedOut"], statusCode: 423, title: text["Problem.423"]);
            case LoginOutcome.NotConfirmed: return TypedResults.Problem(text["Account.Error.NotConfirmed"], statusCode: 403, title: text["Problem.403"]);
            case LoginOutcome.BadLogin: return TypedResults.Problem(text["Account.Error.BadLogin"], statusCode: 401, title: text["Problem.401"]);
        }
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signIn.SignInAsync(user!, isPersistent: false);
        return TypedResults.Empty;
    }
}

// {"id": "…"}: the new account's id (a string, as the identity store keys accounts).
public sealed record AccountIdResponse(string Id);

// The caller as the token says: id, display name and roles.
public sealed record MeResponse(string? Id, string Name, string[] Roles);
