using System.Security.Claims;
using Gongzhi.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Platform.Accounts;

public static class AccountsModule
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, string dataDirectory, IConfiguration configuration)
    {
        var limits = configuration.GetSection("Accounts:Limits").Get<AccountLimits>() ?? new AccountLimits();
        services.AddSingleton(limits);
        services.AddSingleton<AccountThrottle>();
        services.AddScoped<PasswordLogin>();
        services.AddScoped<AccountSelfService>();
        services.AddScoped<Privacy.PersonalDataExport>();
        services.AddScoped<SecurityStampCheck>();
        services.AddAuthRateLimits(limits);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(8);
                o.Events.OnMessageReceived = SecurityStampCheck.ValidateBearerAsync;
            })
            .AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = ".Gongzhi.Session";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.HttpOnly = true;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.Events.OnValidatePrincipal = SecurityStampCheck.ValidateCookieAsync;
            }));
        // Stored passwords are PBKDF2 (HMAC-SHA512) with Identity's 100,000 rounds unless this says more (a city
        // may raise it as machines get faster). The test hosts lower it: hashing was a sixth of the suite's CPU.
        if (configuration.GetValue<int?>("Accounts:PasswordHashIterations") is > 0 and var rounds)
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = rounds);
        services.AddIdentityCore<AppUser>(o =>
            {
                // Length and not being common, as NIST SP 800-63B advises, rather than character classes.
                o.Password.RequiredLength = AccountCommands.MinPasswordLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GongzhiDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<GongzhiClaimsFactory>();
        // One list per app, not per request: AddPasswordValidator registers it scoped, and every request that
        // built a UserManager (the security stamp check: every signed-in request) read the 10,000 lines again.
        services.AddSingleton<IPasswordValidator<AppUser>, CommonPasswords>();
        services.AddScoped<IUserConfirmation<AppUser>, PhoneConfirmation>();
        services.AddAuthorization();
        services.AddSingleton<FileCodeSender>(sp => new FileCodeSender(dataDirectory, sp.GetRequiredService<ILogger<FileCodeSender>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOneTimeCodeSender>(sp => sp.GetRequiredService<FileCodeSender>());
        services.AddScoped<AccountCommands>();
        return services;
    }
}

// A self-registered resident must prove the phone first; staff accounts are vouched for by the administrator.
internal sealed class PhoneConfirmation : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(user.PhoneNumberConfirmed);
}

internal sealed class GongzhiClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("display_name", user.DisplayName));
        return identity;
    }
}

internal static class AuthRateLimits
{
    // Posts that try a password or a code, or send one: pages and API alike.
    private static readonly string[] Paths = ["/login", "/register", "/confirm", "/api/v1/auth"];

    public static bool IsAuthPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && Paths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    // ASP.NET Core's rate limiter, per client address, on those posts only; everything else passes.
    public static void AddAuthRateLimits(this IServiceCollection services, AccountLimits limits) =>
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(http => IsAuthPost(http.Request)
                ? System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter("auth:" + AccountThrottle.Address(http), _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.AuthPerAddress,
                    Window = TimeSpan.FromSeconds(limits.AuthWindowSeconds),
                    QueueLimit = 0,
                })
                : System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter(""));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                http.Response.Headers.RetryAfter = limits.AuthWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var text = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer>();
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                    await problems.WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = http,
                        ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 429, Title = text["Problem.429"], Detail = text["Account.Error.TooMany"] },
                    });
                }
                else
                {
                    http.Response.ContentType = "text/plain; charset=utf-8";
                    await http.Response.WriteAsync(text["Account.Error.TooMany"], ct);
                }
            };
        });
}
