using Gongzhi.Web.Demo;
using Gongzhi.Web.Modules.Notices.Webhooks;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Modules.Notices;

public static class NoticesModule
{
    // Everyone signed in reads notices (residents theirs, staff and leaders what they publish or carry).
    internal static bool Reads(CurrentUser u) => u.IsAuthenticated && !u.IsInRole(Roles.Merchant);

    internal static bool ManagesHooks(CurrentUser u) => u.Can(Capability.ManageWebhooks);

    public static WebApplicationBuilder AddNotices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<NoticeAccess>();
        services.AddScoped<NoticePublisher>();
        services.AddScoped<NoticeCommands>();
        services.AddScoped<NoticeQueries>();
        services.AddScoped<PublicHome>();
        services.AddSingleton<NoticeFiles>();
        services.AddScoped<WebhookCommands>();
        services.AddScoped<WebhookDispatch>();
        services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<NoticeWorker>();

        services.AddGrant(Capability.ManageNotices, Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddGrant(Capability.TellInPerson, Roles.BuildingLeader, Roles.EntranceLeader, Roles.NeighbourLeader, Roles.GridWorker, Roles.GridLeader,
            Roles.CommunityStaff);
        services.AddGrant(Capability.ManageWebhooks);
        services.AddNav(new NavEntry("/notices", "Notices.Nav", Reads, 45, "nav-notices"),
            new NavEntry("/admin/webhooks", "Notices.Hooks.Nav", ManagesHooks, 140, "nav-webhooks"));
        services.AddHomeSection<Pages.PublicEntry>(10, signedIn: false).AddHomeSection<Pages.NewForMe>(10, signedIn: true);
        services.AddHomeTiles(new HomeTile("/notices", "Notices.Nav", "Notices.Home.Tile", Reads, 55, "home-notices"),
            new HomeTile("/admin/webhooks", "Notices.Hooks.Nav", "Notices.Hooks.Tile", ManagesHooks, 120, "home-webhooks"));
        services.AddDemoData(60, (sp, demo, ct) => NoticesDemo.SeedAsync(sp, demo, ct));
        return builder;
    }

    public static WebApplication MapNotices(this WebApplication app)
    {
        app.MapApi().MapNoticesApi();
        app.MapNoticesPublic();
        return app;
    }
}
