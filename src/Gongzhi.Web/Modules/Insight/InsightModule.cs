using System.Globalization;
using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Modules;
using Gongzhi.Web.Platform.Problems;
using Microsoft.Extensions.Localization;

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
        services.AddScoped<CasesLedger>();
        services.AddScoped<LedgerFrame>();
        services.AddScoped<VisitsLedger>();
        services.AddScoped<EventsLedger>();
        services.AddScoped<ServiceLedger>();
        services.AddScoped<PointsLedgerSheet>();
        services.AddScoped<MeetingsLedger>();
        services.AddScoped<DisputesLedger>();
        services.AddScoped<NoticesLedger>();
        services.AddScoped<YearInFigures>();
        services.AddHostedService<InsightSweepWorker>();
        string[] staff = [Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff, Roles.SubdistrictOfficial];
        services.AddGrant(Capability.ViewInsight, staff);
        services.AddGrant(Capability.MakeLedgers, staff);
        services.AddNav(new NavEntry("/insight", "Insight.Nav", Views, 90, "nav-insight", Icon: "bi-bar-chart"));
        services.AddHomeTiles(new HomeTile("/insight", "Insight.Nav", "Insight.Home.Hint", Views, 90, "home-insight"));
        return builder;
    }

    public static WebApplication MapInsight(this WebApplication app)
    {
        // The ledger links of the dashboard (cookie sign-in, like the pages).
        MapLedger(app, "cases", (sp, level, id, period, ct) => sp.GetRequiredService<CasesLedger>().RunAsync(level, id, period, ct));
        MapLedger(app, "visits", (sp, level, id, period, ct) => sp.GetRequiredService<VisitsLedger>().RunAsync(level, id, period, ct));
        MapLedger(app, "events", (sp, level, id, period, ct) => sp.GetRequiredService<EventsLedger>().RunAsync(level, id, period, ct));
        MapLedger(app, "service", (sp, level, id, period, ct) => sp.GetRequiredService<ServiceLedger>().RunAsync(level, id, period, ct));
        MapLedger(app, "points", (sp, level, id, period, ct) => sp.GetRequiredService<PointsLedgerSheet>().RunAsync(level, id, period, ct));
        MapLedger(app, "meetings", (sp, level, id, period, ct) => sp.GetRequiredService<MeetingsLedger>().RunAsync(level, id, period, ct));
        MapLedger(app, "disputes", (sp, level, id, period, ct) => sp.GetRequiredService<DisputesLedger>().RunAsync(level, id, period, ct));
        MapLedger(app, "notices", (sp, level, id, period, ct) => sp.GetRequiredService<NoticesLedger>().RunAsync(level, id, period, ct));
        app.MapGet("/insight/year.docx", YearDocxAsync).RequireAuthorization();
        return app;
    }

    // The year in figures as .docx; audited like a ledger (it leaves the system as a file).
    private static async Task<IResult> YearDocxAsync(HttpContext http, YearInFigures year, InsightQueries queries, AuditLog audit, IStringLocalizer text, CancellationToken ct)
    {
        try
        {
            var q = http.Request.Query;
            var community = long.TryParse(q["community"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : throw new NotFound();
            var y = string.IsNullOrEmpty(q["year"]) ? queries.Today.Year
                : int.TryParse(q["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var yy) ? yy : throw new ValidationFailure("year", "Insight.Error.Period");
            var report = await year.RunAsync(community, y, ct);
            var asOf = report.AsOf is { } at ? text["Insight.AsOf", ChinaTime.Format(at)].Value : text["Insight.NotYet"].Value;
            var content = YearDocument.Write(report, text, asOf);
            await audit.WriteAsync(AuditActions.Export, $"community/{community}", FormattableString.Invariant($"year-in-figures year={y}"), ct);
            return Results.File(content, YearDocument.ContentType, $"{report.Title}.docx");
        }
        catch (DomainException e)
        {
            var (code, problem) = ProblemsModule.ToProblem(e, text);
            return Results.Text(problem.Detail ?? problem.Title ?? "", "text/plain; charset=utf-8", statusCode: code);
        }
    }

    private static void MapLedger(WebApplication app, string kind,
        Func<IServiceProvider, InsightLevel, long, InsightPeriod, CancellationToken, Task<(string FileName, byte[] Content)>> run) =>
        app.MapGet($"/insight/{{level}}/{{id:long}}/ledgers/{kind}.xlsx", async (string level, long id, HttpContext http, InsightQueries queries,
            IStringLocalizer text, CancellationToken ct) =>
        {
            try
            {
                var q = http.Request.Query;
                var period = InsightPeriod.Parse(q["p"], q["on"], q["from"], q["to"], queries.Today);
                var (name, content) = await run(http.RequestServices, InsightScope.ParseLevel(level), id, period, ct);
                return Results.File(content, LedgerWriter.ContentType, name);
            }
            catch (DomainException e)
            {
                var (code, problem) = ProblemsModule.ToProblem(e, text);
                return Results.Text(problem.Detail ?? problem.Title ?? "", "text/plain; charset=utf-8", statusCode: code);
            }
        }).RequireAuthorization();
}
