using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Modules.Insight;

public static class InsightModule
{
    internal static bool Views(CurrentUser u) => u.Can(Capability.ViewInsight);

    public static WebApplicationBuilder AddInsight(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<InsightScope>();
        services.AddScoped<InsightQueries>();
        services.AddScoped<FigureList>();
        services.AddScoped<InsightSweep>();
        services.AddHostedService<InsightSweepWorker>();
        string[] staff = [Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff, Roles.SubdistrictOfficial];
        services.AddGrant(Capability.ViewInsight, staff);
        services.AddGrant(Capability.MakeLedgers, staff);
        services.AddNav(new NavEntry("/insight", "Insight.Nav", Views, 90, "nav-insight"));
        services.AddHomeTiles(new HomeTile("/insight", "Insight.Nav", "Insight.Home.Hint", Views, 90, "home-insight"));
        return builder;
    }

    public static WebApplication MapInsight(this WebApplication app) => app;
}
