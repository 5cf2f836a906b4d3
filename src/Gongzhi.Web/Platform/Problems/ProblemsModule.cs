using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Platform.Problems;

// Every API error leaves as RFC 7807 problem details, its title and messages in the caller's language.
public static class ProblemsModule
{
    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var text = ctx.HttpContext.RequestServices.GetRequiredService<IStringLocalizer>();
            var status = ctx.ProblemDetails.Status ?? 500;
            if (string.IsNullOrEmpty(ctx.ProblemDetails.Detail) || ctx.ProblemDetails.Title == ctx.ProblemDetails.Detail)
                ctx.ProblemDetails.Detail = text[$"Problem.{status}.Detail"] is { ResourceNotFound: false } d ? d.Value : null;
            var title = text[$"Problem.{status}"];
            if (!title.ResourceNotFound) ctx.ProblemDetails.Title = title;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Without this, minimal APIs answer a body they cannot bind (malformed JSON, a string where a number
        // belongs, no body) with a bare 400 outside Development; thrown, it reaches ToProblem and is explained.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static (int Status, ProblemDetails Problem) ToProblem(Exception exception, IStringLocalizer text)
    {
        switch (exception)
        {
            case ValidationFailure v:
                var errors = v.Errors.GroupBy(e => e.Field)
                    .ToDictionary(g => CamelCase(g.Key), g => g.Select(e => text[e.MessageKey, e.Args].Value).ToArray());
                return (400, new HttpValidationProblemDetails(errors) { Status = 400, Title = text["Problem.400"], Detail = text[v.MessageKey, v.Args] });
            case DuplicateFailure d:
                return (409, new HttpValidationProblemDetails(new Dictionary<string, string[]> { [CamelCase(d.Field)] = [text[d.MessageKey, d.Args]] })
                    { Status = 409, Title = text["Problem.409"], Detail = text[d.MessageKey, d.Args] });
            case ConcurrencyConflict c:
                return (409, new ProblemDetails { Status = 409, Title = text["Problem.409"], Detail = text[c.MessageKey, c.Args] });
            case DbUpdateConcurrencyException:
                return (409, new ProblemDetails { Status = 409, Title = text["Problem.409"], Detail = text["Error.Concurrency"] });
            case NotFound n:
                return (404, new ProblemDetails { Status = 404, Title = text["Problem.404"], Detail = text[n.MessageKey] });
            case Forbidden f:
                return (403, new ProblemDetails { Status = 403, Title = text["Problem.403"], Detail = text[f.MessageKey] });
            case Accounts.TooManyRequests t:
                return (429, new ProblemDetails { Status = 429, Title = text["Problem.429"], Detail = text[t.MessageKey] });
            case DomainException e:
                return (400, new ProblemDetails { Status = 400, Title = text["Problem.400"], Detail = text[e.MessageKey, e.Args] });
            case Npgsql.PostgresException p when p.SqlState.StartsWith("22", StringComparison.Ordinal):
            case DbUpdateException { InnerException: Npgsql.PostgresException q } when q.SqlState.StartsWith("22", StringComparison.Ordinal):
                // PostgreSQL's data exceptions (class 22): a value it cannot take, such as a NUL character in
                // text (SQLite stores it) or a number out of its range. The input is refused, not the server.
                return (400, new ProblemDetails { Status = 400, Title = text["Problem.400"], Detail = text["Error.BadRequest"] });
            case DbUpdateException u when IsMissingReference(u):
                // A row pointing at something that is not there (a community id nobody has): the caller's mistake, not ours.
                return (400, new ProblemDetails { Status = 400, Title = text["Problem.400"], Detail = text["Error.ReferenceMissing"] });
            case InvalidDataException:
                // A form the reader cannot parse (multipart/form-data without a boundary, a broken part).
                return (400, new ProblemDetails { Status = 400, Title = text["Problem.400"], Detail = text["Error.BadRequest"] });
            case BadHttpRequestException { InnerException: JsonException } or JsonException:
                return (400, new ProblemDetails { Status = 400, Title = text["Problem.400"], Detail = text["Error.MalformedJson"] });
            case BadHttpRequestException b:
                var detail = text[$"Problem.{b.StatusCode}.Detail"];
                return (b.StatusCode, new ProblemDetails
                {
                    Status = b.StatusCode, Title = text[$"Problem.{b.StatusCode}"], Detail = detail.ResourceNotFound ? text["Error.BadRequest"] : detail,
                });
            default:
                return (500, new ProblemDetails { Status = 500, Title = text["Problem.500"], Detail = text["Error.Unexpected"] });
        }
    }

    // SQLite: SQLITE_CONSTRAINT_FOREIGNKEY (787); PostgreSQL: foreign_key_violation (23503).
    private static bool IsMissingReference(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteExtendedErrorCode == 787,
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.ForeignKeyViolation,
        _ => false,
    };

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, IStringLocalizer text, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, problem) = ProblemsModule.ToProblem(exception, text);
        // The middleware has already pointed the request at the error page; the path the caller asked for is kept here.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value;
        if (status >= 500) log.LogError(exception, "Unhandled error on {Path}", path);
        // Pages show their own error page; only API callers get problem details.
        if (path is null || !new PathString(path).StartsWithSegments("/api")) return false;
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
