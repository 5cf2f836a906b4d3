using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Modules.Administration.Closures;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Modules.Administration;

public static class AdministrationModule
{
    internal static bool SetsUp(CurrentUser u) => u.Can(Capability.ManagePlaces);
    // Grid staff confirm the household claims of their grids.
    internal static bool ConfirmsClaims(CurrentUser u) => u.Can(Capability.EditRegistry);
    internal static bool HandlesClosures(CurrentUser u) => u.Can(Capability.HandleAccountClosures);

    public static WebApplicationBuilder AddAdministration(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<AdministrationScope>();
        services.AddScoped<PlaceCommands>();
        services.AddScoped<AddBuilding>();
        services.AddScoped<SetupQueries>();
        services.AddSingleton<FirstRun>();
        services.AddScoped<Claims.ClaimCommands>();
        services.AddScoped<Claims.ClaimQueries>();
        services.AddScoped<Companies.CompanyCommands>();
        services.AddScoped<Companies.CompanyQueries>();
        services.AddScoped<PlaceHistory>();
        services.AddScoped<Import.PlaceImport>();
        services.AddMemoryCache();
        services.AddScoped<Closures.ClosureCommands>();
        services.AddScoped<Closures.ClosureQueries>();
        services.AddWorkSection<Pages.PendingClosures>(4);
        services.AddGrant(Capability.HandleAccountClosures, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddNav(new NavEntry("/administration/closures", "Administration.Closures.Nav", HandlesClosures, 107, "nav-closures", Icon: "bi-person-x"));
        services.AddWorkSection<Pages.PendingClaims>(3);
        services.AddNav(new NavEntry("/administration/claims", "Administration.Claims.Nav", ConfirmsClaims, 106, "nav-claims", Icon: "bi-house-check"));
        services.AddGrant(Capability.ManagePlaces, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddNav(new NavEntry("/administration", "Administration.Nav", SetsUp, 105, "nav-administration", Icon: "bi-diagram-3"));
        services.AddHomeTiles(new HomeTile("/administration", "Administration.Nav", "Administration.Home.Hint", SetsUp, 105, "home-administration"));
        return builder;
    }

    public static WebApplication MapAdministration(this WebApplication app)
    {
        app.MapApi().MapClosuresApi();
        // First run: an administrator arriving at the home page of a database without a subdistrict
        // is taken to the setup, since nothing else works until the place tree exists.
        app.Use(async (http, next) =>
        {
            if (http.Request.Path == "/" && HttpMethods.IsGet(http.Request.Method) && http.User.IsInRole(Roles.Administrator)
                && await http.RequestServices.GetRequiredService<FirstRun>().NeedsSetupAsync(http.RequestServices, http.RequestAborted))
            {
                http.Response.Redirect("/administration/setup");
                return;
            }
            await next(http);
        });
        return app;
    }
}

// Remembers, once a subdistrict exists, that setup is done, so the home page does not ask the database each time.
public sealed class FirstRun
{
    private volatile bool _done;

    public async Task<bool> NeedsSetupAsync(IServiceProvider services, CancellationToken ct)
    {
        if (_done) return false;
        _done = await services.GetRequiredService<Gongzhi.Web.Data.GongzhiDb>().Subdistricts.AnyAsync(ct);
        return !_done;
    }
}
