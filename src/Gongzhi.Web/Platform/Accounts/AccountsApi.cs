using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

public sealed record LoginRequest(string? UserName, string? Password);

public static class AccountsApi
{
    public static void MapAccountsApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts").AllowAnonymous();
        auth.MapPost("/login", LoginAsync).WithSummary("Exchange a user name (or phone) and password for a bearer token");
        auth.MapPost("/register", async (RegisterInput input, AccountCommands commands, CancellationToken ct) =>
        {
            await commands.RegisterResidentAsync(input, ct);
            return TypedResults.Accepted("/api/v1/auth/confirm");
        }).WithSummary("Register a resident account; a one-time code is sent to the phone");
        auth.MapPost("/confirm", async (ConfirmInput input, AccountCommands commands, CancellationToken ct) =>
        {
            await commands.ConfirmPhoneAsync(input, ct);
            return TypedResults.NoContent();
        }).WithSummary("Confirm a registration with the one-time code");

        var accounts = api.MapGroup("/accounts").WithTags("Accounts").ProducesErrors(404, 409);
        accounts.MapPost("/", async (NewStaffInput input, AccountCommands commands, CancellationToken ct) =>
        {
            var id = await commands.CreateStaffAsync(input, ct);
            return TypedResults.Created($"/api/v1/accounts/{id}", new { id });
        }).WithSummary("Create a staff account (administrators)");
        accounts.MapGet("/me", (CurrentUser user) => TypedResults.Ok(new { user.Id, user.Name, Roles = user.Roles.ToArray() }));
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInManager<AppUser> signIn, Microsoft.Extensions.Localization.IStringLocalizer text)
    {
        var user = string.IsNullOrWhiteSpace(request.UserName) ? null : await signIn.UserManager.FindByNameAsync(request.UserName.Trim());
        if (user is null || string.IsNullOrEmpty(request.Password))
            return TypedResults.Problem(text["Account.Error.BadLogin"], statusCode: 401, title: text["Problem.401"]);
        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (result.IsLockedOut) return TypedResults.Problem(text["Account.Error.LockedOut"], statusCode: 423, title: text["Problem.423"]);
        if (result.IsNotAllowed) return TypedResults.Problem(text["Account.Error.NotConfirmed"], statusCode: 403, title: text["Problem.403"]);
        if (!result.Succeeded) return TypedResults.Problem(text["Account.Error.BadLogin"], statusCode: 401, title: text["Problem.401"]);
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        await signIn.SignInAsync(user, isPersistent: false);
        return TypedResults.Empty;
    }
}
