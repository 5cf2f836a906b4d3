using Gongzhi.Web.Platform.Export;
using Microsoft.Extensions.Localization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Board;
using Gongzhi.Web.Modules.Registry.Browse;
using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Modules.Registry.Posts;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Registry.Search;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Modules.Registry;

public static class RegistryModule
{
    internal static bool Views(CurrentUser u) => u.Can(Capability.ViewRegistry);
    internal static bool IsResident(CurrentUser u) => u.IsInRole(Roles.Resident);

    public static WebApplicationBuilder AddRegistry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRegistryServices();

        string[] leaders = [Roles.BuildingLeader, Roles.EntranceLeader, Roles.NeighbourLeader];
        string[] gridAndCommunity = [Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff];
        services.AddGrant(Capability.ViewRegistry, [.. leaders, Roles.PropertyButler, .. gridAndCommunity, Roles.SubdistrictOfficial]);
        services.AddGrant(Capability.EditRegistry, gridAndCommunity);
        services.AddGrant(Capability.MoveHousehold, Roles.GridLeader, Roles.CommunityStaff);
        services.AddGrant(Capability.ManageDutyPosts, Roles.CommunityStaff);
        services.AddGrant(Capability.RevealIdNumber, gridAndCommunity);
        services.AddGrant(Capability.SeeCareTags, [.. gridAndCommunity, Roles.SubdistrictOfficial]);
        services.AddGrant(Capability.ImportExport, Roles.CommunityStaff);

        services.AddNav(
            new NavEntry("/registry", "Registry.Nav.Registry", Views, 70, Icon: "bi-people"),
            new NavEntry("/registry/posts", "Registry.Nav.Posts", u => u.Can(Capability.ManageDutyPosts) || Views(u), 80, Icon: "bi-person-badge"),
            new NavEntry("/registry/transfer", "Registry.Nav.Transfer", u => u.Can(Capability.ImportExport), 90, Icon: "bi-arrow-left-right"),
            new NavEntry("/me", "Registry.Nav.Me", IsResident, 100, Icon: "bi-house-heart"));
        services.AddHomeTiles(
            new HomeTile("/registry", "Registry.Nav.Registry", "Registry.Home.RegistryHint", Views, 70),
            new HomeTile("/registry/posts", "Registry.Nav.Posts", "Registry.Home.PostsHint", Views, 80),
            new HomeTile("/me", "Registry.Nav.Me", "Registry.Home.MeHint", IsResident, 120));
        return builder;
    }

    public static WebApplication MapRegistry(this WebApplication app)
    {
        app.MapApi().MapRegistryApi();
        app.MapRegistryPageEndpoints();
        return app;
    }

    private static IServiceCollection AddRegistryServices(this IServiceCollection services)
    {
        services.AddScoped<RegistryScope>();
        services.AddScoped<RegistryDemo>();
        services.AddScoped<RegistryDemoPeople>();
        services.AddSingleton(new IdNumberSample((db, ct) => db.Residents.AsNoTracking().Where(r => r.IdNumberCipher != null)
            .OrderBy(r => r.Id).Select(r => r.IdNumberCipher).FirstOrDefaultAsync(ct)));
        services.AddScoped<RegistryAccess>();
        services.AddScoped<SearchHouseholds>();
        services.AddScoped<GetHousehold>();
        services.AddScoped<HouseholdCommands>();
        services.AddScoped<ResidentCommands>();
        services.AddScoped<DutyPostCommands>();
        services.AddScoped<PlaceTree>();
        services.AddScoped<GridBoard>();
        services.AddScoped<DoorPlates>();
        services.AddScoped<BuildingHouseholds>();
        services.AddScoped<Browse.CommunityPlaces>();
        services.AddScoped<Browse.PlacePicker>();
        services.AddScoped<ResidentImport>();
        services.AddScoped<ResidentExport>();
        services.AddScoped<Search.ResidentList>();
        services.AddExport("residents", (http, ct) => http.RequestServices.GetRequiredService<Search.ResidentList>().ExportAsync(
            http.Request.Query.Long("gridId"), http.Request.Query.Long("buildingId"), http.RequestServices.GetRequiredService<IStringLocalizer>(), ct));
        services.AddScoped<IResidentLinker, ResidentLinker>();
        services.AddScoped<Platform.Privacy.IPersonalDataSource, RegistryPersonalData>();
        services.AddScoped<Platform.Privacy.IPersonalDataEraser, RegistryEraser>();
        return services;
    }
}

internal sealed class ResidentLinker(GongzhiDb db) : IResidentLinker
{
    public async Task<long?> FindResidentByPhoneAsync(string phone, CancellationToken ct = default) =>
        await db.Residents.Where(r => r.Phone == phone && r.Status == ResidentStatus.Active)
            .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
}
