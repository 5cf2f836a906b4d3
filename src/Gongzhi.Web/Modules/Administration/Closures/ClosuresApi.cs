using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Administration.Closures;

public sealed record ClosureRequestInput(string? Reason);

public sealed record ClosureDecisionInput(int Version);

public sealed record ClosureIdResponse(long Id);

public sealed record ClosureResponse(long Id, string Status, DateTime CreatedAt, DateTime? HandledAt, string? Reason, int Version,
    string DisplayName, string? Phone, long? HouseholdId, string? Address);

public static class ClosuresApi
{
    public static void MapClosuresApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/account-closures").WithTags("Administration").ProducesErrors(404, 409);
        g.MapPost("", RequestClosure).WithSummary("Ask to close one's own account (residents; PIPL Art. 47). One waiting request per account");
        g.MapGet("/mine", GetMine).WithSummary("The caller's newest closure request and its status");
        g.MapGet("", ListPending).WithSummary("Waiting closure requests in the caller's scope (staff), oldest first; phones masked");
        g.MapPost("/{id:long}/close", Close)
            .WithSummary("Carry out a request ({version}): the account and the person's fields are anonymised; cases, ballots and ledgers keep their counts. A second handler gets 409");
    }

    private static async Task<Created<ClosureIdResponse>> RequestClosure(ClosureRequestInput input, ClosureCommands commands, CancellationToken ct)
    {
        var id = await commands.RequestAsync(input.Reason, ct);
        return TypedResults.Created("/api/v1/account-closures/mine", new ClosureIdResponse(id));
    }

    private static async Task<Ok<ClosureResponse>> GetMine(ClosureQueries queries, CancellationToken ct) =>
        TypedResults.Ok(Response(await queries.MineAsync(ct) ?? throw new Gongzhi.Web.Platform.NotFound()));

    private static async Task<Ok<ClosureResponse[]>> ListPending(ClosureQueries queries, CancellationToken ct) =>
        TypedResults.Ok((await queries.PendingAsync(ct)).Select(Response).ToArray());

    private static async Task<NoContent> Close(long id, ClosureDecisionInput input, ClosureCommands commands, CancellationToken ct)
    {
        await commands.CloseAsync(id, input.Version, ct);
        return TypedResults.NoContent();
    }

    private static ClosureResponse Response(ClosureRow r) =>
        new(r.Id, r.Status.ToString(), r.CreatedAt, r.HandledAt, r.Reason, r.Version, r.DisplayName, r.MaskedPhone, r.HouseholdId, r.Address);
}
