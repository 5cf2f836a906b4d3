using Gongzhi.Web.Demo;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;
using Gongzhi.Web.Platform.Problems;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Care;

public static class CareModule
{
    internal static bool Visits(CurrentUser u) => u.Can(Capability.VisitCare);

    public static WebApplicationBuilder AddCare(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CareAccess>();
        services.AddScoped<CareCommands>();
        services.AddScoped<RecordVisit>();
        services.AddScoped<WishCommands>();
        services.AddScoped<CareQueries>();
        services.AddScoped<CareSweep>();
        services.AddHostedService<CareSweepWorker>();
        services.AddWebhookEvents(40, RecordVisit.UrgentEvent);
        // An urgent visit (to the grid leader) and an overdue visit (to the visitor) go out by SMS too.
        services.AddOutboundKinds("care.urgent", "care.overdue");

        string[] gridAndCommunity = [Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff];
        // Leaders of a building or entrance visit their neighbours; they see who, never the notes.
        services.AddGrant(Capability.VisitCare, [.. gridAndCommunity, Roles.SubdistrictOfficial, Roles.BuildingLeader, Roles.EntranceLeader, Roles.NeighbourLeader]);
        services.AddGrant(Capability.ManageCare, gridAndCommunity);
        services.AddGrant(Capability.SeeCareNotes, gridAndCommunity);

        services.AddNav(new NavEntry("/care", "Care.Nav", Visits, 65, "nav-care"), new NavEntry("/care/wishes", "Care.Wishes.Nav", u => !Visits(u), 66, "nav-wishes"));
        services.AddHomeTiles(new HomeTile("/care", "Care.Nav", "Care.Home.Hint", Visits, 65, "home-care"),
            new HomeTile("/care/wishes", "Care.Wishes.Nav", "Care.Wishes.Hint", _ => true, 66, "home-wishes"));
        services.AddWorkSection<Pages.DueVisits>(5);
        services.AddDemoData(50, (sp, demo, ct) => CareDemo.SeedAsync(sp.GetRequiredService<Data.GongzhiDb>(), demo.Now, ct));
        return builder;
    }

    public static WebApplication MapCare(this WebApplication app)
    {
        app.MapApi().MapCareApi();
        // The export link of the /care page (cookie sign-in, unlike the bearer-token API).
        app.MapGet("/care/export.csv", async (HttpContext http, CareQueries q, IStringLocalizer text, CancellationToken ct) =>
        {
            try
            {
                var filter = new CareFilter(long.TryParse(http.Request.Query["grid"], out var g) ? g : null,
                    Enum.TryParse<Registry.CareTagKind>(http.Request.Query["reason"], out var reason) ? reason : null,
                    Enum.TryParse<CareRisk>(http.Request.Query["risk"], out var risk) ? risk : null,
                    Enum.TryParse<CareStatus>(http.Request.Query["status"], out var status) ? status : CareStatus.Active);
                var csv = "\uFEFF" + await q.ExportCsvAsync(filter, ct);
                return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "关爱对象.csv");
            }
            catch (DomainException e)
            {
                var (code, problem) = ProblemsModule.ToProblem(e, text);
                return Results.Text(problem.Detail ?? problem.Title ?? "", "text/plain; charset=utf-8", statusCode: code);
            }
        }).RequireAuthorization();
        return app;
    }
}
