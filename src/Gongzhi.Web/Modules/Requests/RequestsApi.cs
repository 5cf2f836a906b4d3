using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Intake;
using Gongzhi.Web.Modules.Requests.Search;
using Gongzhi.Web.Modules.Requests.Work;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Web.Modules.Requests;

public sealed record AddedResponse(int Added);
public sealed record ReferralResponse(long ReferralId);
public sealed record RateResponse(string Outcome);

public sealed record CategoryRow(long Id, string Code, string Name, string Group, string? Description, bool AllowAnonymous, bool IsDispute, int ContactMinutes, int ResolveDays, RouteFirst RouteFirst);

public static class RequestsApi
{
    public static void MapRequestsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Requests").ProducesErrors(404, 409);

        g.MapGet("/case-categories", ListCategories)
            .WithSummary("Request categories with their deadlines (working minutes to contact, working days to resolve)");
        g.MapPost("/cases", SubmitCase)
            .WithSummary("Submit a case; a retry with the same Idempotency-Key returns the first case (200) instead of creating another");
        g.MapGet("/cases", SearchCases).WithExport("cases")
            .WithSummary("Search cases (two-character Chinese words work) with status, category, grid and date filters");
        g.MapGet("/cases/mine", MyCases).WithSummary("The cases the caller raised or relayed");
        g.MapGet("/worklist", WorkList).WithExport("worklist")
            .WithSummary("待办事项清单: open cases of the caller (or of a grid), overdue first, then by deadline");
        g.MapGet("/cases/{id:long}", GetCase);

        g.MapPost("/cases/{id:long}/photos", AddPhotos).DisableAntiforgery().AcceptsUpload("photos", many: true)
            .WithSummary("Add photos (multipart, field name photos; JPEG, PNG or WebP, up to 6, 5 MB each)");
        g.MapPost("/cases/{id:long}/accept", Accept);
        g.MapPost("/cases/{id:long}/reassign", Reassign);
        g.MapPost("/cases/{id:long}/refer", Refer);
        g.MapPost("/cases/{id:long}/referrals/{referralId:long}/reply", Reply);
        g.MapPost("/cases/{id:long}/comments", Comment);
        g.MapPost("/cases/{id:long}/resolve", Resolve);
        g.MapPost("/cases/{id:long}/rate", Rate);
        g.MapPost("/cases/{id:long}/cancel", Cancel);
        g.MapPost("/cases/{id:long}/merge", Merge);
        g.MapPost("/cases/{id:long}/parties", AddParty);
        g.MapPost("/cases/{id:long}/mediations", AddMediation);
        g.MapPost("/cases/{id:long}/agreement", RecordAgreement);

        var inbox = api.MapGroup("/inbox").WithTags("Inbox").ProducesErrors(404);
        inbox.MapGet("", ListInbox);
        inbox.MapPost("/read", MarkRead).WithSummary("Mark one message (id) or all as read");
    }

    // Cases: intake, lists, one case

    static async Task<Ok<List<CategoryRow>>> ListCategories(GongzhiDb db, CancellationToken ct) =>
        TypedResults.Ok(await CategoriesAsync(db, ct));

    static async Task<Results<Created<SubmitResult>, Ok<SubmitResult>>> SubmitCase(
        CaseInput input, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, SubmitCase submit, CancellationToken ct)
    {
        var result = await submit.RunAsync(input with { IdempotencyKey = idempotencyKey ?? input.IdempotencyKey }, ct: ct);
        return result.Created ? TypedResults.Created($"/api/v1/cases/{result.Id}", result) : TypedResults.Ok(result);
    }

    static async Task<Ok<CaseList>> SearchCases([AsParameters] CaseSearchFilter filter, SearchCases search, CancellationToken ct) =>
        TypedResults.Ok(await search.RunAsync(filter, ct));

    static async Task<Ok<CaseList>> MyCases(int? page, CaseQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.MineAsReporterAsync(page ?? 1, ct));

    static async Task<Ok<CaseList>> WorkList(bool? mine, long? gridId, int? page, CaseQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.WorkListAsync(new WorkListFilter(mine ?? true, gridId, page ?? 1), ct));

    static async Task<Ok<CaseView>> GetCase(long id, CaseQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(id, ct));

    // Moves on a case

    // The command checks who may add photos to this case before it looks at them (see Uploads).
    static async Task<Ok<AddedResponse>> AddPhotos(long id, HttpRequest request, CaseCommands commands, CancellationToken ct) =>
        TypedResults.Ok(new AddedResponse(await commands.AddPhotosAsync(id, Photos.PhotoUpload.From(await Uploads.FilesAsync(request, ct)), ct)));

    static async Task<NoContent> Accept(long id, CaseCommands commands, CancellationToken ct)
    {
        await commands.AcceptAsync(id, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Reassign(long id, ReassignInput input, CaseCommands commands, CancellationToken ct)
    {
        await commands.ReassignAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<ReferralResponse>> Refer(long id, ReferInput input, CaseCommands commands, CancellationToken ct) =>
        TypedResults.Ok(new ReferralResponse(await commands.ReferAsync(id, input, ct)));

    static async Task<NoContent> Reply(long id, long referralId, ReplyInput input, CaseCommands commands, CancellationToken ct)
    {
        await commands.ReplyAsync(id, referralId, input, ct: ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Comment(long id, CommentInput input, CaseCommands commands, CancellationToken ct)
    {
        await commands.CommentAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Resolve(long id, ResolveInput input, CaseCommands commands, CancellationToken ct)
    {
        await commands.ResolveAsync(id, input, ct: ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<RateResponse>> Rate(long id, RateInput input, CaseCommands commands, CancellationToken ct) =>
        TypedResults.Ok(new RateResponse((await commands.RateAsync(id, input, ct)).ToString()));

    static async Task<NoContent> Cancel(long id, CaseCommands commands, CancellationToken ct)
    {
        await commands.CancelAsync(id, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Merge(long id, MergeInput input, CaseCommands commands, CancellationToken ct)
    {
        await commands.MergeAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    // Disputes (矛盾纠纷调解)

    static async Task<NoContent> AddParty(long id, PartyInput input, CaseCommands commands, CancellationToken ct)
    {
        await commands.AddPartyAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> AddMediation(long id, MediationInput input, CaseCommands commands, CancellationToken ct)
    {
        await commands.AddMediationAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> RecordAgreement(long id, AgreementInput input, CaseCommands commands, CancellationToken ct)
    {
        await commands.RecordAgreementAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    // The caller's inbox

    static async Task<Ok<InboxPage>> ListInbox(Inbox box, CancellationToken ct) => TypedResults.Ok(await box.ListAsync(ct: ct));

    static async Task<NoContent> MarkRead(long? id, Inbox box, CancellationToken ct)
    {
        await box.MarkReadAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static Task<List<CategoryRow>> CategoriesAsync(GongzhiDb db, CancellationToken ct) =>
        db.CaseCategories.AsNoTracking().Where(c => c.Active).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new CategoryRow(c.Id, c.Code, c.Name, c.Group, c.Description, c.AllowAnonymous, c.IsDispute, c.ContactMinutes, c.ResolveDays, c.RouteFirst))
            .ToListAsync(ct);
}
