using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Intake;
using Gongzhi.Web.Modules.Requests.Search;
using Gongzhi.Web.Modules.Requests.Work;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Web.Modules.Requests;

public sealed record CategoryRow(long Id, string Code, string Name, string Group, string? Description, bool AllowAnonymous, bool IsDispute, int ContactMinutes, int ResolveDays, RouteFirst RouteFirst);

public static class RequestsApi
{
    public static void MapRequestsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Requests").ProducesErrors(404, 409);

        g.MapGet("/case-categories", async (GongzhiDb db, CancellationToken ct) => TypedResults.Ok(await CategoriesAsync(db, ct)))
            .WithSummary("Request categories with their deadlines (working minutes to contact, working days to resolve)");

        g.MapPost("/cases", async (CaseInput input, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, SubmitCase submit, CancellationToken ct) =>
        {
            var result = await submit.RunAsync(input with { IdempotencyKey = idempotencyKey ?? input.IdempotencyKey }, ct: ct);
            return result.Created
                ? Results.Created($"/api/v1/cases/{result.Id}", result)
                : Results.Ok(result);
        }).WithSummary("Submit a case; a retry with the same Idempotency-Key returns the first case (200) instead of creating another");

        g.MapGet("/cases", async ([AsParameters] CaseSearchFilter filter, SearchCases search, CancellationToken ct) =>
            TypedResults.Ok(await search.RunAsync(filter, ct)))
            .WithSummary("Search cases (two-character Chinese words work) with status, category, grid and date filters");
        g.MapGet("/cases/mine", async (int? page, CaseQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.MineAsReporterAsync(page ?? 1, ct)))
            .WithSummary("The cases the caller raised or relayed");
        g.MapGet("/worklist", async (bool? mine, long? gridId, int? page, CaseQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.WorkListAsync(new WorkListFilter(mine ?? true, gridId, page ?? 1), ct)))
            .WithSummary("待办事项清单: open cases of the caller (or of a grid), overdue first, then by deadline");
        g.MapGet("/cases/{id:long}", async (long id, CaseQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetAsync(id, ct)));

        g.MapPost("/cases/{id:long}/photos", async (long id, IFormFileCollection photos, CaseCommands commands, CancellationToken ct) =>
        {
            var uploads = Photos.PhotoUpload.From(photos);
            return TypedResults.Ok(new { added = await commands.AddPhotosAsync(id, uploads, ct) });
        }).DisableAntiforgery().WithSummary("Add photos (multipart, field name photos; JPEG, PNG or WebP, up to 6, 5 MB each)");
        g.MapPost("/cases/{id:long}/accept", async (long id, CaseCommands commands, CancellationToken ct) => { await commands.AcceptAsync(id, ct); return TypedResults.NoContent(); });
        g.MapPost("/cases/{id:long}/reassign", async (long id, ReassignInput input, CaseCommands commands, CancellationToken ct) => { await commands.ReassignAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/cases/{id:long}/refer", async (long id, ReferInput input, CaseCommands commands, CancellationToken ct) =>
            TypedResults.Ok(new { referralId = await commands.ReferAsync(id, input, ct) }));
        g.MapPost("/cases/{id:long}/referrals/{referralId:long}/reply", async (long id, long referralId, ReplyInput input, CaseCommands commands, CancellationToken ct) =>
        {
            await commands.ReplyAsync(id, referralId, input, ct: ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/cases/{id:long}/comments", async (long id, CommentInput input, CaseCommands commands, CancellationToken ct) => { await commands.CommentAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/cases/{id:long}/resolve", async (long id, ResolveInput input, CaseCommands commands, CancellationToken ct) => { await commands.ResolveAsync(id, input, ct: ct); return TypedResults.NoContent(); });
        g.MapPost("/cases/{id:long}/rate", async (long id, RateInput input, CaseCommands commands, CancellationToken ct) =>
            TypedResults.Ok(new { outcome = (await commands.RateAsync(id, input, ct)).ToString() }));
        g.MapPost("/cases/{id:long}/cancel", async (long id, CaseCommands commands, CancellationToken ct) => { await commands.CancelAsync(id, ct); return TypedResults.NoContent(); });
        g.MapPost("/cases/{id:long}/merge", async (long id, MergeInput input, CaseCommands commands, CancellationToken ct) => { await commands.MergeAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/cases/{id:long}/parties", async (long id, PartyInput input, CaseCommands commands, CancellationToken ct) => { await commands.AddPartyAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/cases/{id:long}/mediations", async (long id, MediationInput input, CaseCommands commands, CancellationToken ct) => { await commands.AddMediationAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/cases/{id:long}/agreement", async (long id, AgreementInput input, CaseCommands commands, CancellationToken ct) => { await commands.RecordAgreementAsync(id, input, ct); return TypedResults.NoContent(); });

        var inbox = api.MapGroup("/inbox").WithTags("Inbox").ProducesErrors(404);
        inbox.MapGet("", async (Inbox box, CancellationToken ct) => TypedResults.Ok(await box.ListAsync(ct: ct)));
        inbox.MapPost("/read", async (long? id, Inbox box, CancellationToken ct) => { await box.MarkReadAsync(id, ct); return TypedResults.NoContent(); })
            .WithSummary("Mark one message (id) or all as read");
    }

    public static Task<List<CategoryRow>> CategoriesAsync(GongzhiDb db, CancellationToken ct) =>
        db.CaseCategories.AsNoTracking().Where(c => c.Active).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new CategoryRow(c.Id, c.Code, c.Name, c.Group, c.Description, c.AllowAnonymous, c.IsDispute, c.ContactMinutes, c.ResolveDays, c.RouteFirst))
            .ToListAsync(ct);
}
