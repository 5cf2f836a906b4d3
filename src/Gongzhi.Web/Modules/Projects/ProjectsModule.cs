using Microsoft.Extensions.Localization;
using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;
using Gongzhi.Web.Modules.Requests.Photos;

namespace Gongzhi.Web.Modules.Projects;

public static class ProjectsModule
{
    // Anyone signed in may lead an organisation, sit on a panel or follow a project; merchants have nothing here.
    internal static bool Takes(CurrentUser u) => u.IsAuthenticated && !u.IsInRole(Roles.Merchant);

    public static WebApplicationBuilder AddProjects(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ProjectsAccess>();
        services.AddScoped<OrganisationCommands>();
        services.AddScoped<CallCommands>();
        services.AddScoped<ApplicationCommands>();
        services.AddScoped<ReviewCommands>();
        services.AddScoped<FundingCommands>();
        services.AddScoped<MilestoneCommands>();
        services.AddScoped<ProjectsQueries>();
        services.AddScoped<ShowcaseQueries>();
        services.AddScoped<ProjectsExports>();
        services.TryAddSingletonPhotoStore();
        services.AddGrant(Capability.ManageProjects, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddNav(new NavEntry("/projects", "Projects.Nav", Takes, 75, "nav-projects", Icon: "bi-clipboard-check"));
        services.AddWorkSection<Pages.ReportsToAccept>(30);
        services.AddHomeTiles(new HomeTile("/projects", "Projects.Nav", "Projects.Home.Hint", Takes, 95, "home-projects"));
        services.AddDemoData(70, (sp, demo, ct) => ProjectsDemo.SeedAsync(sp, demo.Now, ct));
        // 导出 the social organisations list (Platform/Export).
        services.AddExport("organisations", async (http, ct) =>
        {
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var rows = await http.RequestServices.GetRequiredService<ProjectsQueries>().OrganisationsAsync(ct);
            return ExportRows.Of(rows, text["Export.File.Organisations"], "", text,
                ("No", r => r.Id), ("Organisation", r => r.Name), ("Field", r => r.Field), ("Stage", r => r.Stage), ("Leader", r => r.LeaderName));
        });
        return builder;
    }

    private static void TryAddSingletonPhotoStore(this IServiceCollection services)
    {
        if (services.All(s => s.ServiceType != typeof(PhotoStore))) services.AddSingleton<PhotoStore>();
    }

    public static WebApplication MapProjects(this WebApplication app)
    {
        app.MapApi().MapProjectsApi();
        // Files are plain GETs: public photos for anyone, receipts and pending reports for those who may read the application.
        app.MapGet("/projects/applications/{id:long}/files/{fileId:long}", async (long id, long fileId, HttpContext http, ShowcaseQueries q, PhotoStore store, CancellationToken ct) =>
        {
            var file = await q.FileAsync(id, fileId, ct);
            if (file is null || !File.Exists(store.PathOf(file.StoredName))) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(store.PathOf(file.StoredName), file.ContentType);
        });
        app.MapGet("/projects/calls/{id:long}/guide", async (long id, HttpContext http, ShowcaseQueries q, PhotoStore store, CancellationToken ct) =>
        {
            var call = await q.GuideAsync(id, ct);
            if (call is null || !File.Exists(store.PathOf(call.Value.StoredName))) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(store.PathOf(call.Value.StoredName), call.Value.ContentType, call.Value.FileName);
        });
        // The exports for staff signed in on the pages (the API has the same under /api/v1 for bearer tokens).
        app.MapGet("/projects/calls/{id:long}/applications.xlsx", async (long id, ProjectsExports exports, CancellationToken ct) =>
        {
            var file = await exports.ApplicationsAsync(id, ct);
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).RequireAuthorization();
        app.MapGet("/projects/calls/{id:long}/ledger.xlsx", async (long id, ProjectsExports exports, CancellationToken ct) =>
        {
            var file = await exports.LedgerAsync(id, ct);
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).RequireAuthorization();
        return app;
    }
}
