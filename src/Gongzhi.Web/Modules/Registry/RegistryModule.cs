using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Board;
using Gongzhi.Web.Modules.Registry.Browse;
using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Modules.Registry.Posts;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Registry.Search;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry;

public static class RegistryModule
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddScoped<RegistryScope>();
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
        services.AddScoped<ResidentImport>();
        services.AddScoped<ResidentExport>();
        services.AddScoped<IResidentLinker, ResidentLinker>();
        return services;
    }
}

internal sealed class ResidentLinker(GongzhiDb db) : IResidentLinker
{
    public async Task<long?> FindResidentByPhoneAsync(string phone, CancellationToken ct = default) =>
        await db.Residents.Where(r => r.Phone == phone && r.Status == ResidentStatus.Active)
            .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
}
