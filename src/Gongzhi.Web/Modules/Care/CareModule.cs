using Gongzhi.Web.Platform.Export;
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
        services.AddScoped<Gongzhi.Web.Platform.Privacy.IPersonalDataEraser, CareEraser>();
        services.AddScoped<CareAccess>();
        services.AddScoped<CareCommands>();
        services.AddScoped<RecordVisit>();
        services.AddScoped<WishCommands>();
        services.AddScoped<PairCommands>();
        services.AddScoped<CareService>();
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

        services.AddNav(new NavEntry("/care", "Care.Nav", Visits, 65, "nav-care", Icon: "bi-heart-pulse"), new NavEntry("/care/wishes", "Care.Wishes.Nav", u => !Visits(u), 66, "nav-wishes", Icon: "bi-gift"));
        services.AddHomeTiles(new HomeTile("/care", "Care.Nav", "Care.Home.Hint", Visits, 65, "home-care"),
            new HomeTile("/care/wishes", "Care.Wishes.Nav", "Care.Wishes.Hint", _ => true, 66, "home-wishes"));
        services.AddWorkSection<Pages.DueVisits>(5);
        // Demo:Care=false leaves care out of the demo: the bench writes its own 5,000 recipients and would
        // otherwise wait for EF to make (and then delete) tens of thousands at city size.
        services.AddDemoData(50, (sp, demo, ct) => demo.Config.GetValue("Demo:Care", true)
            ? CareDemo.SeedAsync(sp.GetRequiredService<Data.GongzhiDb>(), demo.Now, ct) : Task.CompletedTask);
        services.AddScoped<CareExports>();
        services.AddExport("care-recipients", (http, ct) =>
        {
            var q = http.Request.Query;
            return http.RequestServices.GetRequiredService<CareExports>().RecipientsAsync(new CareFilter(q.Long("gridId"), q.Enum<Registry.CareTagKind>("reason"),
                q.Enum<CareRisk>("risk"), q.Enum<CareStatus>("status") ?? CareStatus.Active), http.RequestServices.GetRequiredService<IStringLocalizer>(), ct);
        });
        services.AddExport("care-visits", (http, ct) =>
        {
            var q = http.Request.Query;
            return http.RequestServices.GetRequiredService<CareExports>().VisitsAsync(q.Long("gridId"), q.Date("from"), q.Date("to"),
                http.RequestServices.GetRequiredService<IStringLocalizer>(), ct);
        });
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
        // A visit's photo for the pages (cookie sign-in): whoever may see the recipient.
        app.MapGet("/care/visits/{id:long}/photo", async (long id, CareQueries q, Requests.Photos.PhotoStore store, CancellationToken ct) =>
        {
            try
            {
                var (name, type) = await q.VisitPhotoAsync(id, ct);
                var path = store.PathOf(name);
                return File.Exists(path) ? Results.File(path, type) : Results.NotFound();
            }
            catch (NotFound) { return Results.NotFound(); }
            catch (Forbidden) { return Results.StatusCode(403); }
        }).RequireAuthorization();
        return app;
    }
}
