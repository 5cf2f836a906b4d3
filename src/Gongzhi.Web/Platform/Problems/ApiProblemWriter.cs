using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Platform.Problems;

// Under /api the answer to an error is always problem details, whatever Accept says. The framework's
// writer declines when Accept excludes JSON (Accept: text/html), and the exception then fell through
// to the HTML error page as a 500. Registered before the default writer, so it is asked first.
internal sealed class ApiProblemWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Path.StartsWithSegments("/api");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        problem.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier);
        var type = problem is HttpValidationProblemDetails ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, type, json.Value.SerializerOptions, "application/problem+json", http.RequestAborted));
    }
}
