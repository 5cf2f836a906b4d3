using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Platform.Webhooks;

public sealed record HookVersionInput(int Version);

public static class WebhooksApi
{
    internal static bool Manages(CurrentUser u) => u.Can(Capability.ManageWebhooks);

    public static void MapWebhooksApi(this RouteGroupBuilder api)
    {
        // A hook that is not there is a 404; resuming one from a stale version is a 409.
        var g = api.MapGroup("/webhooks").WithTags("Webhooks").ProducesErrors(404, 409);
        g.MapGet("", Hooks);
        g.MapPost("", CreateHook).WithSummary("Register a URL for events; the answer carries the signing secret");
        g.MapGet("/{id:long}", Hook).WithSummary("A hook with its last 50 deliveries");
        g.MapPost("/{id:long}/resume", Resume);
    }

    private static async Task<Ok<List<WebhookRow>>> Hooks(WebhookCommands c, CancellationToken ct) => TypedResults.Ok(await c.ListAsync(ct));

    private static async Task<Created<WebhookCreated>> CreateHook(WebhookInput input, WebhookCommands c, CancellationToken ct)
    {
        var created = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/webhooks/{created.Id}", created);
    }

    private static async Task<Ok<WebhookDetail>> Hook(long id, WebhookCommands c, CancellationToken ct) => TypedResults.Ok(await c.GetAsync(id, ct));

    private static async Task<NoContent> Resume(long id, HookVersionInput input, WebhookCommands c, CancellationToken ct)
    {
        await c.ResumeAsync(id, input.Version, ct);
        return TypedResults.NoContent();
    }
}
