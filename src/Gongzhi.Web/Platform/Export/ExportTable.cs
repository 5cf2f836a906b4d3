namespace Gongzhi.Web.Platform.Export;

public sealed record ExportColumn(string Header, bool Number = false);

// One staff list as a file: built (role, scope and filters checked) before the first byte is sent, so a refusal is
// still a 403/404; then read row by row from the database while the file is written, so 100,000 rows never sit in
// memory. Filters describes what was asked, in words for the audit line.
public sealed record ExportTable(string FileName, string Filters, IReadOnlyList<ExportColumn> Columns, IAsyncEnumerable<string?[]> Rows);

public enum ExportFormat { Csv, Xlsx }

// A list a module offers for export: its name in /export/{name}.csv and how to build it from the request's query
// string (the same names as the list's API parameters, so the page link and Accept: text/csv mean the same list).
public sealed record ExportSource(string Name, Func<HttpContext, CancellationToken, Task<ExportTable>> Build);

public static class ExportParts
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IServiceCollection AddExport(this IServiceCollection services, string name, Func<HttpContext, CancellationToken, Task<ExportTable>> build) =>
        services.AddSingleton(new ExportSource(name, build));

    // The file a client asked for with its Accept header, or null for the usual JSON.
    public static ExportFormat? Requested(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains(XlsxType, StringComparison.OrdinalIgnoreCase)) return ExportFormat.Xlsx;
        if (accept.Contains("text/csv", StringComparison.OrdinalIgnoreCase)) return ExportFormat.Csv;
        return null;
    }

    // On an API list route: `Accept: text/csv` (or the xlsx type) answers with the same list as a file instead of JSON.
    // The OpenAPI document lists the two file types beside JSON on the operation's 200 answer.
    public static RouteHandlerBuilder WithExport(this RouteHandlerBuilder route, string name) =>
        route.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (Requested(http.Request) is not { } format) return await next(context);
            var source = http.RequestServices.GetServices<ExportSource>().Single(s => s.Name == name);
            return new ExportResult(name, format, await source.Build(http, http.RequestAborted));
        }).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= new Microsoft.OpenApi.OpenApiResponses();
            if (!operation.Responses.TryGetValue("200", out var ok) || ok is not Microsoft.OpenApi.OpenApiResponse response)
                operation.Responses["200"] = response = new Microsoft.OpenApi.OpenApiResponse { Description = "OK" };
            response.Content ??= new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>();
            response.Content["text/csv"] = new Microsoft.OpenApi.OpenApiMediaType
            {
                Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Description = "UTF-8 with BOM, RFC 4180" },
            };
            response.Content[XlsxType] = new Microsoft.OpenApi.OpenApiMediaType
            {
                Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary" },
            };
            return Task.CompletedTask;
        });

    // Query string helpers for the sources.
    public static long? Long(this IQueryCollection q, string name) =>
        long.TryParse(q[name], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    public static T? Enum<T>(this IQueryCollection q, string name) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(q[name], ignoreCase: true, out var v) && System.Enum.IsDefined(v) ? v : null;

    public static DateOnly? Date(this IQueryCollection q, string name) =>
        DateOnly.TryParseExact(q[name], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var v) ? v : null;

    public static string? Text(this IQueryCollection q, string name) => string.IsNullOrWhiteSpace(q[name]) ? null : q[name].ToString().Trim();

    // "grid=3 status=Open" from what was set, for the audit line.
    public static string Describe(params (string Name, object? Value)[] filters) =>
        string.Join(' ', filters.Where(f => f.Value is not null && f.Value is not "").Select(f => FormattableString.Invariant($"{f.Name}={f.Value}")));
}
