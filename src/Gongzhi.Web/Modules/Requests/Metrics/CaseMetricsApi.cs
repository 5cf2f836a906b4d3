using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Requests.Metrics;

public static class CaseMetricsApi
{
    public static IServiceCollection AddCaseMetrics(this IServiceCollection services) => services.AddScoped<CaseMetrics>();

    // Only 400 (a bad date or grouping), 401 and 403, declared on the API root: a figure never names one row that could be missing.
    public static void MapCaseMetricsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Requests");
        g.MapGet("/case-metrics", GetMetrics)
            .WithSummary("三率 (response, resolution, satisfaction) with open, overdue and escalated counts of the cases in the caller's scope, "
                + "by grid, community, subdistrict, category, owner or month, for cases submitted from one day to another (yyyy-MM-dd, China time, both included; default the last twelve months), "
                + "optionally of one categoryId or gridId. Rates are exact fractions with a percentage, null when nothing counts yet");
    }

    // Dates and grouping come in as text so that a bad value is a 400 naming the field, in the caller's language.
    static async Task<Ok<MetricsReport>> GetMetrics(string? by, string? from, string? to, long? categoryId, long? gridId, CaseMetrics metrics, CancellationToken ct) =>
        TypedResults.Ok(await metrics.RunAsync(new MetricsQuery(by, from, to, categoryId, gridId), ct));
}
