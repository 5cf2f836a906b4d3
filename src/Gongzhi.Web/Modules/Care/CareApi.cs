using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Web.Modules.Care;

// Refusals (400/403/404/409) are problem details from the exceptions the handlers throw (Platform/Problems);
// the group declares them so the OpenAPI document lists them for every operation.
public static class CareApi
{
    public static void MapCareApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/care").WithTags("Care").ProducesErrors(404, 409);
        g.MapGet("/recipients", ListAsync).WithExport("care-recipients").WithSummary("关爱对象 in the caller's scope, filtered by grid, reason (CareTagKind), risk and status; the view is audited");
        g.MapGet("/recipients.csv", ExportAsync).WithSummary("The same list as CSV (audited)");
        g.MapPost("/recipients", AddAsync).WithSummary("Make a registry resident a care recipient (reasons default to the resident's care tags)");
        g.MapGet("/recipients/{id:long}", GetAsync).WithSummary("A recipient with plan, contacts (phones masked), visits and wishes; notes only for those who need them (audited)");
        g.MapPut("/recipients/{id:long}", EditAsync).WithSummary("Change reasons, risk and notes");
        g.MapPut("/recipients/{id:long}/plan", PlanAsync).WithSummary("Visit plan: every N days or months, and who visits");
        g.MapPost("/recipients/{id:long}/pause", PauseAsync).WithSummary("Pause visits (in hospital)");
        g.MapPost("/recipients/{id:long}/resume", ResumeAsync).WithSummary("Resume visits: the next one is due tomorrow");
        g.MapPost("/recipients/{id:long}/end", EndAsync).WithSummary("End care (moved away, deceased…); the history stays");
        g.MapPost("/recipients/{id:long}/visits", VisitAsync)
            .WithSummary("Record a visit; a need (or 紧急) becomes a case at once; a retry with the same Idempotency-Key returns the first visit (200)");
        g.MapPost("/recipients/{id:long}/pairs", PairAsync).WithSummary("结对帮扶: pair a helper (login name or phone) with the recipient; one running pair each, 409 for a second");
        g.MapPost("/pairs/{id:long}/end", EndPairAsync).WithSummary("End a pair ({version}, optional on); its history stays");
        g.MapGet("/pairs/mine", MyPairsAsync).WithSummary("The caller's pairs as a helper, with their visits and credited minutes");
        g.MapPost("/visits/{id:long}/confirm", ConfirmVisitAsync)
            .WithSummary("Confirm a pair's visit: the helper earns volunteer points through the ledger, once per visit however often confirmed");
        g.MapGet("/due", DueAsync).WithSummary("待走访: visits due today or overdue in the caller's places, most late first");
        g.MapGet("/monthly", MonthlyAsync).WithSummary("每月走访量: visits and people visited per grid in a month");
        g.MapPost("/recipients/{id:long}/wishes", PublishWishAsync).WithSummary("微心愿: publish a recipient's small wish (the person is masked on the wall)");
        g.MapGet("/wishes", WallAsync).WithSummary("The wall of wishes, open and fulfilled");
        g.MapPost("/wishes/{id:long}/claim", ClaimAsync).WithSummary("Claim a wish: first come, one claimant; the second gets 409");
        g.MapPost("/wishes/{id:long}/fulfil", FulfilAsync).WithSummary("The claimant marks the wish done");
        g.MapPost("/wishes/{id:long}/confirm", ConfirmAsync).WithSummary("Staff confirm a fulfilled wish");
        g.MapPost("/wishes/{id:long}/withdraw", WithdrawAsync).WithSummary("Staff withdraw an open wish");
    }

    static async Task<Ok<RecipientList>> ListAsync(long? gridId, CareTagKind? reason, CareRisk? risk, CareStatus? status, int? page,
        CareQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.ListAsync(new CareFilter(gridId, reason, risk, status ?? CareStatus.Active, page ?? 1), ct));

    static async Task<ContentHttpResult> ExportAsync(long? gridId, CareTagKind? reason, CareRisk? risk, CareStatus? status, CareQueries q, CancellationToken ct) =>
        TypedResults.Text("\uFEFF" + await q.ExportCsvAsync(new CareFilter(gridId, reason, risk, status ?? CareStatus.Active), ct), "text/csv; charset=utf-8");

    static async Task<Created<IdResponse>> AddAsync(RecipientInput input, CareCommands c, CancellationToken ct)
    {
        var id = await c.AddAsync(input, ct);
        return TypedResults.Created($"/api/v1/care/recipients/{id}", new IdResponse(id));
    }

    static async Task<Ok<RecipientView>> GetAsync(long id, CareQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(id, ct));

    static async Task<NoContent> EditAsync(long id, RecipientEdit input, CareCommands c, CancellationToken ct)
    {
        await c.EditAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> PlanAsync(long id, PlanInput input, CareCommands c, CancellationToken ct)
    {
        await c.PlanAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> PauseAsync(long id, StatusInput input, CareCommands c, CancellationToken ct)
    {
        await c.PauseAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ResumeAsync(long id, StatusInput input, CareCommands c, CancellationToken ct)
    {
        await c.ResumeAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> EndAsync(long id, StatusInput input, CareCommands c, CancellationToken ct)
    {
        await c.EndAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Results<Created<VisitResult>, Ok<VisitResult>>> VisitAsync(long id, VisitInput input,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, RecordVisit record, CancellationToken ct)
    {
        var result = await record.RunAsync(id, input with { IdempotencyKey = idempotencyKey ?? input.IdempotencyKey }, ct);
        return result.Created ? TypedResults.Created($"/api/v1/care/recipients/{id}", result) : TypedResults.Ok(result);
    }

    static async Task<Created<IdResponse>> PairAsync(long id, PairInput input, PairCommands c, CancellationToken ct)
    {
        var pairId = await c.PairAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/care/recipients/{id}", new IdResponse(pairId));
    }

    static async Task<NoContent> EndPairAsync(long id, PairEndInput input, PairCommands c, CancellationToken ct)
    {
        await c.EndAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<MyPair>>> MyPairsAsync(CareQueries q, CancellationToken ct) => TypedResults.Ok(await q.MyPairsAsync(ct));

    static async Task<Ok<CreditView>> ConfirmVisitAsync(long id, PairCommands c, CancellationToken ct) =>
        TypedResults.Ok(await c.ConfirmVisitAsync(id, ct));

    static async Task<Ok<DueList>> DueAsync(int? take, CareQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.DueAsync(Math.Clamp(take ?? 50, 1, 200), ct));

    static async Task<Ok<List<GridMonthCount>>> MonthlyAsync(int year, int month, CareQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.MonthlyAsync(year, month, ct));

    static async Task<Created<IdResponse>> PublishWishAsync(long id, WishInput input, WishCommands c, CancellationToken ct)
    {
        var wishId = await c.PublishAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/care/wishes/{wishId}", new IdResponse(wishId));
    }

    static async Task<Ok<List<WallWish>>> WallAsync(long? communityId, CareQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.WallAsync(communityId, ct));

    static async Task<NoContent> ClaimAsync(long id, WishCommands c, CancellationToken ct)
    {
        await c.ClaimAsync(id, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> FulfilAsync(long id, FulfilInput input, WishCommands c, CancellationToken ct)
    {
        await c.FulfilAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ConfirmAsync(long id, WishVersionInput input, WishCommands c, CancellationToken ct)
    {
        await c.ConfirmAsync(id, input.Version, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> WithdrawAsync(long id, WishVersionInput input, WishCommands c, CancellationToken ct)
    {
        await c.WithdrawAsync(id, input.Version, ct);
        return TypedResults.NoContent();
    }
}

// {"version": 3}: the version of the wish the caller read, so a second change meets a 409.
public sealed record WishVersionInput(int Version);
