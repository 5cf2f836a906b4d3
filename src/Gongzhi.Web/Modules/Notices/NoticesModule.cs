using Microsoft.Extensions.Localization;
using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Modules.Notices;

public static class NoticesModule
{
    // Everyone signed in reads notices (residents theirs, staff and leaders what they publish or carry).
    internal static bool Reads(CurrentUser u) => u.IsAuthenticated && !u.IsInRole(Roles.Merchant);

    public static WebApplicationBuilder AddNotices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<NoticeAccess>();
        services.AddScoped<NoticePublisher>();
        services.AddScoped<NoticeCommands>();
        services.AddScoped<NoticeQueries>();
        services.AddScoped<PublicHome>();
        services.AddSingleton<NoticeFiles>();
        services.AddHostedService<NoticeWorker>();

        services.AddGrant(Capability.ManageNotices, Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddGrant(Capability.TellInPerson, Roles.BuildingLeader, Roles.EntranceLeader, Roles.NeighbourLeader, Roles.GridWorker, Roles.GridLeader,
            Roles.CommunityStaff);
        services.AddWebhookEvents(10, "notice.published", "notice.withdrawn");
        // 紧急通知 also goes out by SMS; every other notice waits in the inbox.
        services.AddOutboundKinds(NoticePublisher.UrgentKind);
        services.AddHomeSection<Pages.PublicEntry>(10, signedIn: false).AddHomeSection<Pages.NewForMe>(10, signedIn: true);
        services.AddNav(new NavEntry("/notices", "Notices.Nav", Reads, 45, "nav-notices", Icon: "bi-megaphone"));
        services.AddHomeTiles(new HomeTile("/notices", "Notices.Nav", "Notices.Home.Tile", Reads, 55, "home-notices"));
        services.AddDemoData(60, (sp, demo, ct) => NoticesDemo.SeedAsync(sp, demo, ct));
        // 导出 the staff notices list with reach (Platform/Export).
        services.AddExport("notices", async (http, ct) =>
        {
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var rows = await http.RequestServices.GetRequiredService<NoticeQueries>().ListAsync(ct);
            return ExportRows.Of(rows, text["Notices.Title"], "", text,
                ("No", r => r.Id), ("Title", r => r.Title), ("Kind2", r => text[$"Notices.Kind.{r.Kind}"].Value), ("Status", r => text[$"Notices.Status.{r.Status}"].Value),
                ("Published", r => r.PublishedAt), ("Recipients", r => r.Recipients), ("Reach", r => r.Reached));
        });
        return builder;
    }

    public static WebApplication MapNotices(this WebApplication app)
    {
        app.MapApi().MapNoticesApi();
        app.MapNoticesPublic();
        return app;
    }
}
