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
            case DomainException e:
                return (400, new ProblemDetails { Status = 400, Title = text["Problem.400"], Detail = text[e.MessageKey, e.Args] });
            case BadHttpRequestException { InnerException: JsonException } or JsonException:
                return (400, new ProblemDetails { Status = 400, Title = text["Problem.400"], Detail = text["Error.MalformedJson"] });
            case BadHttpRequestException b:
                return (b.StatusCode, new ProblemDetails { Status = b.StatusCode, Title = text[$"Problem.{b.StatusCode}"], Detail = text["Error.BadRequest"] });
            default:
                return (500, new ProblemDetails { Status = 500, Title = text["Problem.500"], Detail = text["Error.Unexpected"] });
        }
    }

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, IStringLocalizer text, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, problem) = ProblemsModule.ToProblem(exception, text);
        if (status >= 500) log.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
        // Pages show their own error page; only API callers get problem details.
        if (!http.Request.Path.StartsWithSegments("/api")) return false;
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
