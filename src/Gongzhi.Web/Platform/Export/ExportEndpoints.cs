using Gongzhi.Web.Platform.Problems;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Platform.Export;

// The 导出 CSV / 导出 Excel links of the staff list pages (cookie sign-in, like the pages): /export/{list}.csv and
// .xlsx with the list's current filters in the query string. The source checks role and scope as its list does.
public static class ExportEndpoints
{
    public static WebApplication MapExports(this WebApplication app)
    {
        app.MapGet("/export/{name}.csv", (string name, HttpContext http, IStringLocalizer text) => RunAsync(name, ExportFormat.Csv, http, text)).RequireAuthorization();
        app.MapGet("/export/{name}.xlsx", (string name, HttpContext http, IStringLocalizer text) => RunAsync(name, ExportFormat.Xlsx, http, text)).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> RunAsync(string name, ExportFormat format, HttpContext http, IStringLocalizer text)
    {
        var source = http.RequestServices.GetServices<ExportSource>().FirstOrDefault(s => s.Name == name);
        if (source is null) return Results.NotFound();
        try
        {
            return new ExportResult(name, format, await source.Build(http, http.RequestAborted));
        }
        catch (DomainException e)
        {
            var (code, problem) = ProblemsModule.ToProblem(e, text);
            return Results.Text(problem.Detail ?? problem.Title ?? "", "text/plain; charset=utf-8", statusCode: code);
        }
    }
}
