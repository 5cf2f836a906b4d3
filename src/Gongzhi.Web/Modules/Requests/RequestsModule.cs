using Gongzhi.Web.Platform.Export;
using Microsoft.Extensions.Localization;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Requests.Escalation;
using Gongzhi.Web.Modules.Requests.Intake;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Modules.Requests.Search;
using Gongzhi.Web.Modules.Requests.Work;
using Gongzhi.Web.Data;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Modules.Requests.Admin;
using Gongzhi.Web.Modules.Requests.Metrics;
using Gongzhi.Web.Modules.Requests.Open311;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Modules.Requests;

public static class RequestsModule
{
    // Who sees what of this module: written once, used by the nav and the home tiles.
    internal static bool Works(CurrentUser u) => u.Can(Capability.HandleCases) || u.Can(Capability.ReplyReferrals);
    internal static bool Enters(CurrentUser u) => u.Can(Capability.EnterCases) || u.Can(Capability.RelayCases);
    internal static bool Reports(CurrentUser u) => u.IsInRole(Roles.Resident);

    public static WebApplicationBuilder AddRequests(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRequestServices();
        services.AddOpen311();
        services.AddCaseMetrics();
        services.AddRequestsAdmin();

        services.AddGrant(Capability.HandleCases, Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddGrant(Capability.EnterCases, Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff);
        services.AddGrant(Capability.RelayCases, Roles.BuildingLeader, Roles.EntranceLeader, Roles.NeighbourLeader);
        services.AddGrant(Capability.ReplyReferrals, Roles.PropertyButler, Roles.DepartmentOfficer);
        services.AddGrant(Capability.ViewCaseMetrics, Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddGrant(Capability.ManageRequests);
        services.AddWebhookEvents(20, RequestsWebhooks.Created, RequestsWebhooks.StatusChanged, RequestsWebhooks.Overdue);
        // 督办 and "resolved — please rate" reach people by SMS too; the rest of a case's messages stay in the inbox.
        services.AddOutboundKinds("case.escalated", "case.resolved");

        services.AddNav(
            new NavEntry("/work", "Requests.Nav.Work", Works, 10, "nav-work", Icon: "bi-briefcase", Work: true),
            new NavEntry("/cases/search", "Requests.Nav.CaseSearch", Works, 20, Icon: "bi-search"),
            new NavEntry("/requests/new", "Requests.Nav.NewCase", Enters, 30, "nav-new-case", Icon: "bi-pencil-square"),
            new NavEntry("/me/requests", "Requests.Nav.MyRequests", Reports, 40, "nav-my-requests", Icon: "bi-chat-left-dots"),
            new NavEntry("/cases/metrics", "Requests.Metrics.Title", u => u.Can(Capability.ViewCaseMetrics), 120, "nav-metrics", Icon: "bi-graph-up"),
            new NavEntry("/admin/requests", "Requests.Admin.Title", u => u.Can(Capability.ManageRequests), 130, Icon: "bi-sliders"),
            new NavEntry("/admin/open311-keys", "Requests.Nav.Open311Keys", u => u.Can(Capability.ManageRequests), 140, Icon: "bi-key"));
        services.AddHomeTiles(
            new HomeTile("/requests/new", "Requests.New.Title", "Requests.Home.ReportHint", Reports, 10, "home-report", Urgent: true),
            new HomeTile("/me/requests", "Requests.Nav.MyRequests", "Requests.Home.MineHint", Reports, 20),
            new HomeTile("/work", "Requests.Work.Title", "Requests.Home.WorkHint", Works, 50, "home-work", Urgent: true));

        services.AddDefaults((sp, ct) => RequestsDefaults.EnsureAsync(sp.GetRequiredService<GongzhiDb>(), ct));
        services.AddScoped<RequestsDemo>();
        services.AddDemoData(10, async (sp, demo, ct) =>
        {
            await sp.GetRequiredService<RequestsDemo>().GenerateAsync(demo.Config.GetValue("Demo:Cases", Math.Clamp(demo.Households / 10, 50, 400)), ct);
            await Open311.Open311Demo.SeedAsync(sp.GetRequiredService<GongzhiDb>(), demo.Now, ct);
        });
        return builder;
    }

    public static WebApplication MapRequests(this WebApplication app)
    {
        var api = app.MapApi();
        api.MapRequestsApi();
        api.MapCaseMetricsApi();
        api.MapRequestsAdminApi();
        app.MapRequestsPageEndpoints();
        app.MapOpen311();
        return app;
    }

    private static IServiceCollection AddRequestServices(this IServiceCollection services)
    {
        services.AddSingleton<WorkCalendar>();
        services.AddSingleton<PhotoStore>();
        services.AddScoped<CaseAccess>();
        services.AddScoped<CaseRouting>();
        services.AddScoped<SubmitCase>();
        services.AddSingleton<IntakeReference>();
        services.AddScoped<CaseCommands>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<BulkAssign>();
        services.AddScoped<Platform.Privacy.IPersonalDataSource, RequestsPersonalData>();
        services.AddScoped<Platform.Privacy.IPersonalDataEraser, RequestsEraser>();
        services.AddScoped<Retention.CaseRetention>();
        services.AddHostedService<Retention.CaseRetentionWorker>();
        services.AddScoped<SearchCases>();
        // 导出: the search and the work list, as on their pages and APIs (Platform/Export).
        services.AddExport("cases", (http, ct) =>
        {
            var q = http.Request.Query;
            return http.RequestServices.GetRequiredService<SearchCases>().ExportAsync(new CaseSearchFilter(q.Text("q"), q.Enum<CaseStatus>("status"),
                q.Long("categoryId"), q.Long("gridId"), q.Date("from"), q.Date("to")), http.RequestServices.GetRequiredService<IStringLocalizer>(), ct);
        });
        services.AddExport("worklist", async (http, ct) =>
        {
            var q = http.Request.Query;
            var queries = http.RequestServices.GetRequiredService<CaseQueries>();
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var filter = new WorkListFilter(!string.Equals(q["mine"], "false", StringComparison.OrdinalIgnoreCase), q.Long("gridId"), 1);
            return await queries.ExportAsync(await queries.WorkListQueryAsync(filter, ct), filter.GridId, text["Requests.Work.Title"],
                ExportParts.Describe(("mine", filter.Mine), ("gridId", filter.GridId)), text, ct);
        });
        services.AddScoped<EscalationSweep>();
        services.AddHostedService<EscalationWorker>();
        return services;
    }
}
