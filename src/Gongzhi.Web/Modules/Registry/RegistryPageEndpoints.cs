using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Problems;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Registry;

// Non-page endpoints the registry pages link to (cookie sign-in, unlike the bearer-token API).
public static class RegistryPageEndpoints
{
    public static void MapRegistryPageEndpoints(this WebApplication app)
    {
        app.MapGet("/registry/transfer/export", async (long communityId, ResidentExport export, IStringLocalizer text, CancellationToken ct) =>
        {
            try
            {
                var file = await export.RunAsync(communityId, ct);
                return Results.File(file.Content, file.ContentType, file.FileName);
            }
            catch (DomainException e)
            {
                // A download link has no page to show the refusal on: say it in plain text with the right status.
                var (status, problem) = ProblemsModule.ToProblem(e, text);
                return Results.Text(problem.Detail ?? problem.Title ?? "", "text/plain; charset=utf-8", statusCode: status);
            }
        }).RequireAuthorization();
    }
}
