using System.Diagnostics;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Demo;

public sealed record DemoAccount(string UserName, string Role, string Description);

public static class DemoModule
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddScoped<DemoSeeder>();
        return services;
    }

    public static async Task SeedAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().RunAsync();
    }
}

// The place tree, duty posts and demo accounts are every module's ground, so the seeder makes them
// itself; then each module's ModuleDemo adds its own data, in order, in the same transaction.
// Creates the demo accounts the modules' demo data asks for, and remembers them to print at the end.
public sealed class DemoAccounts(UserManager<AppUser> users, TimeProvider clock, string password)
{
    public List<DemoAccount> Created { get; } = [];

    public async Task<string> CreateAsync(string userName, string display, string role, string description, string? phone = null, long? residentId = null)
    {
        var user = new AppUser { UserName = userName, DisplayName = display, PhoneNumber = phone, PhoneNumberConfirmed = true, ResidentId = residentId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        Created.Add(new DemoAccount(userName, role, description));
        return user.Id;
    }
}

public sealed class DemoSeeder(
    GongzhiDb db, RegistryDemo registry, RegistryDemoPeople people, IEnumerable<ModuleDemo> modules, IEnumerable<ModuleDefaults> defaults, IServiceProvider services,
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IConfiguration config, TimeProvider clock, ILogger<DemoSeeder> log)
{
    public const int MinimumHouseholds = 80;

    public async Task RunAsync(CancellationToken ct = default)
    {
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(ct);
        foreach (var role in Roles.All.Except(existing))
            await roles.CreateAsync(new IdentityRole(role!));
        foreach (var d in defaults) await d.EnsureAsync(services, ct);
        if (await registry.HasPlacesAsync(ct)) return;

        if (!config.GetValue("Demo:Enabled", true))
        {
            await EnsureAdministratorAsync(ct);
            return;
        }
        var watch = Stopwatch.StartNew();
        var households = config.GetValue("Demo:Households", 3000);
        // Below 80 households the first grid has too few people for every demo account
        // (a resident with a registry entry, two entrance posts held by different neighbours).
        if (households < MinimumHouseholds)
        {
            log.LogWarning("Demo:Households is {Asked}; the demo needs at least {Minimum}, so it writes {Minimum}", households, MinimumHouseholds, MinimumHouseholds);
            households = MinimumHouseholds;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var step = Stopwatch.StartNew();
        // Each step's time at Debug: the demo is written by every test host, so its cost is the test suite's.
        void Took(string what) { log.LogDebug("Demo step {Step}: {Ms} ms", what, step.ElapsedMilliseconds); step.Restart(); }
        var places = await registry.GenerateAsync(households, ct: ct);
        Took("places");
        var accounts = new DemoAccounts(users, clock, config["Demo:Password"] ?? "Gongzhi@2026");
        await people.SeedAsync(places, accounts, ct);
        Took("people");
        var context = new DemoContext(households, clock.GetUtcNow().UtcDateTime, config);
        foreach (var module in modules.OrderBy(m => m.Order))
        {
            await module.SeedAsync(services, context, ct);
            Took("module " + module.Order);
        }
        await tx.CommitAsync(ct);
        await DataModule.RefreshStatisticsAsync(db, ct);
        Took("commit and statistics");
        watch.Stop();
        Print(accounts.Created, watch.Elapsed);
    }

    private async Task EnsureAdministratorAsync(CancellationToken ct)
    {
        if ((await users.GetUsersInRoleAsync(Roles.Administrator)).Count > 0) return;
        var password = config["Admin:InitialPassword"] ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) + "1a";
        var admin = new AppUser { UserName = "admin", DisplayName = "系统管理员", PhoneNumberConfirmed = true, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(admin, Roles.Administrator);
        log.LogWarning("Created administrator 'admin' with password {Password}. Change it after the first login.", password);
        _ = ct;
    }

    private void Print(List<DemoAccount> accounts, TimeSpan elapsed)
    {
        var password = config["Demo:Password"] ?? "Gongzhi@2026";
        var lines = new List<string>
        {
            "",
            $"  共治 Gongzhi demo community generated in {elapsed.TotalSeconds:0.0} s. Demo accounts (password: {password}):",
        };
        lines.AddRange(accounts.Select(a => $"    {a.UserName,-14} {a.Role,-20} {a.Description}"));
        lines.Add("");
        // Straight to the console as well as the log, so the accounts are there on a plain `dotnet run`.
        Console.WriteLine(string.Join(Environment.NewLine, lines));
        log.LogInformation("Demo data generated in {Seconds:0.0} s with {Count} accounts", elapsed.TotalSeconds, accounts.Count);
    }
}
