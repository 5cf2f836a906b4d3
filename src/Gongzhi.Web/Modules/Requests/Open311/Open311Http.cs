using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Requests.Open311;

// A refusal with the HTTP status the spec asks for: 403 for a missing or bad api_key, 404 for a
// resource that does not exist, 400 for everything else.
public sealed class Open311Failure(int status, string? field, string messageKey, params object[] args) : DomainException(messageKey, args)
{
    public int Status { get; } = status;
    public string? Field { get; } = field;

    public static Open311Failure BadRequest(string field, string messageKey, params object[] args) => new(400, field, messageKey, args);
    public static Open311Failure NotFound(string messageKey, params object[] args) => new(404, null, messageKey, args);
}

// Runs an Open311 resource and writes its answer, or its errors, as the GeoReport v2 spec shapes
// them, in the format the URL asked for. Nothing here binds typed parameters: a bad number in a URL
// must become an Open311 error, not the framework's own 400 page.
public static class Open311Http
{
    // Our field names, as an Open311 client knows them, for the errors of the shared intake code.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Description"] = "description",
        ["Name"] = "first_name",
        ["ReporterName"] = "first_name",
        ["Phone"] = "phone",
        ["Lat"] = "lat",
        ["Long"] = "long",
        ["HouseholdId"] = "address_id",
        ["BuildingId"] = "address_id",
        ["CategoryId"] = "service_code",
        ["Address"] = "address_string",
        ["IdempotencyKey"] = "Idempotency-Key",
    };

    public static O311Format? FormatOf(string? value) => value switch
    {
        "xml" => O311Format.Xml,
        "json" => O311Format.Json,
        _ => null,
    };

    // Unknown paths under /open311 still answer in the error format, guessing it from the extension.
    public static O311Format GuessFormat(PathString path) =>
        path.Value?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true ? O311Format.Json : O311Format.Xml;

    public static async Task RunAsync(HttpContext http, Func<O311Format, Task<O311Document>> work)
    {
        var format = FormatOf(http.Request.RouteValues["format"] as string);
        if (format is null)
        {
            await WriteErrorsAsync(http, O311Format.Xml, 404, [(404, Text(http)["Requests.Open311.Error.Format"])]);
            return;
        }
        O311Document document;
        try
        {
            document = await work(format.Value);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            var (status, errors) = Errors(http, e);
            await WriteErrorsAsync(http, format.Value, status, errors);
            return;
        }
        await WriteAsync(http, format.Value, document);
    }

    public static async Task WriteAsync(HttpContext http, O311Format format, O311Document document)
    {
        var body = O311Writer.Write(document, format);
        http.Response.StatusCode = document.Status;
        http.Response.ContentType = format == O311Format.Xml ? O311Writer.XmlType : O311Writer.JsonType;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    public static Task WriteErrorsAsync(HttpContext http, O311Format format, int status, IEnumerable<(int Code, string Description)> errors) =>
        WriteAsync(http, format, new O311Document("errors",
            new O311List("error", errors.Select(e => new O311Object(("code", e.Code), ("description", e.Description)))), status));

    private static IStringLocalizer Text(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer>();

    private static (int Status, List<(int Code, string Description)> Errors) Errors(HttpContext http, Exception exception)
    {
        var text = Text(http);
        string Say(string? field, string key, object[] args)
        {
            var message = text[key, args].Value;
            var name = field is null ? null : Fields.GetValueOrDefault(field, field);
            return name is null ? message : $"{name}: {message}";
        }
        switch (exception)
        {
            case Open311Failure f:
                return (f.Status, [(f.Status, Say(f.Field, f.MessageKey, f.Args))]);
            case ValidationFailure v:
                return (400, v.Errors.Select(e => (400, Say(e.Field, e.MessageKey, e.Args))).ToList());
            case DuplicateFailure d:
                return (400, [(400, Say(d.Field, d.MessageKey, d.Args))]);
            case NotFound n:
                return (404, [(404, text[n.MessageKey].Value)]);
            case Forbidden f:
                return (403, [(403, text[f.MessageKey].Value)]);
            case DomainException d:
                return (400, [(400, text[d.MessageKey, d.Args].Value)]);
            case BadHttpRequestException or InvalidDataException:
                return (400, [(400, text["Requests.Open311.Error.BadForm"].Value)]);
            default:
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Open311Http))
                    .LogError(exception, "Open311 request failed on {Path}", http.Request.Path.Value);
                return (500, [(500, text["Error.Unexpected"].Value)]);
        }
    }
}
