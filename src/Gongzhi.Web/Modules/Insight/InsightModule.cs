using Gongzhi.Web.Platform.Accounts;
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
        services.AddHostedService<InsightSweepWorker>();
        string[] staff = [Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff, Roles.SubdistrictOfficial];
        services.AddGrant(Capability.ViewInsight, staff);
        services.AddGrant(Capability.MakeLedgers, staff);
        services.AddNav(new NavEntry("/insight", "Insight.Nav", Views, 90, "nav-insight"));
        services.AddHomeTiles(new HomeTile("/insight", "Insight.Nav", "Insight.Home.Hint", Views, 90, "home-insight"));
        return builder;
    }

    public static WebApplication MapInsight(this WebApplication app)
    {
        // The ledger links of the dashboard (cookie sign-in, like the pages).
        app.MapGet("/insight/{level}/{id:long}/ledgers/cases.xlsx", async (string level, long id, HttpContext http, CasesLedger ledger, InsightQueries queries,
            IStringLocalizer text, CancellationToken ct) =>
        {
            try
            {
                var q = http.Request.Query;
                var period = InsightPeriod.Parse(q["p"], q["on"], q["from"], q["to"], queries.Today);
                var (name, content) = await ledger.RunAsync(InsightScope.ParseLevel(level), id, period, ct);
                return Results.File(content, LedgerWriter.ContentType, name);
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
