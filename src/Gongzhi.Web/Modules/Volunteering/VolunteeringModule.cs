using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;

namespace Gongzhi.Web.Modules.Volunteering;

public static class VolunteeringModule
{
    public static IServiceCollection AddVolunteering(this IServiceCollection services)
    {
        services.AddScoped<VolunteeringAccess>();
        services.AddScoped<PointsLedger>();
        services.AddScoped<PointsCommands>();
        services.AddScoped<PointsExpiry>();
        services.AddScoped<VolunteerCommands>();
        services.AddScoped<ShiftCommands>();
        services.AddScoped<ShopCommands>();
        services.AddScoped<MerchantCommands>();
        services.AddScoped<HonourCommands>();
        services.AddScoped<VolunteeringQueries>();
        return services;
    }
}
