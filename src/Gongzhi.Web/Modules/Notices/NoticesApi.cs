using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Notices;

// Refusals (400/403/404/409) are problem details from the exceptions the commands throw (Platform/Problems);
// the group declares them so the OpenAPI document lists them for every operation.
public static class NoticesApi
{
    public static void MapNoticesApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Notices").ProducesErrors(404, 409);
        g.MapGet("/notices", List).WithExport("notices").WithSummary("公告: staff see the notices of their places, residents the published ones for them");
        g.MapPost("/notices", Create).WithSummary("Write a notice as a draft (times without an offset are Beijing time)");
        g.MapGet("/notices/{id:long}", Get);
        g.MapGet("/notices/{id:long}/draft", Draft).WithSummary("A saved draft as typed (Markdown body, Beijing times), with its version, for editing");
        g.MapPut("/notices/{id:long}", Edit).WithSummary("Edit a saved draft; send the version it was read at (409 when someone saved first)");
        g.MapPost("/notices/{id:long}/attachments", AddFiles).DisableAntiforgery().AcceptsUpload("files", many: true)
            .WithSummary("Add pictures or PDFs to a draft (multipart, field name files; JPEG, PNG, WebP or PDF, up to 6, 10 MB each)");
        g.MapPost("/notices/{id:long}/submit", Submit).WithSummary("Send for review, or publish (now or at its time) when its kind needs no review");
        g.MapPost("/notices/{id:long}/approve", Approve).WithSummary("审核通过 by a staff member other than the author");
        g.MapPost("/notices/{id:long}/send-back", SendBack);
        g.MapPost("/notices/{id:long}/withdraw", Withdraw).WithSummary("撤回: kept and shown as withdrawn");
        g.MapPost("/notices/{id:long}/read", Read).WithSummary("A resident opened it (counts once per person; their household is reached)");
        g.MapGet("/notices/{id:long}/reach", Reach).WithSummary("Households reached per building and entrance");
        g.MapGet("/notices/{id:long}/unreached", Unreached).WithSummary("For building and entrance leaders: households in their scope not yet reached");
        g.MapPost("/notices/{id:long}/households/{householdId:long}/told", Told).WithSummary("已当面告知: record a household told in person");
        g.MapPut("/notices/review-kinds", ReviewKinds).WithSummary("The kinds of notice a community has reviewed by a second staff member");
    }

    static async Task<Ok<List<NoticeRow>>> List(NoticeQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListAsync(ct));

    static async Task<Created<IdResponse>> Create(NoticeInput input, NoticeCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, null, ct);
        return TypedResults.Created($"/api/v1/notices/{id}", new IdResponse(id));
    }

    static async Task<Ok<NoticeView>> Get(long id, NoticeQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(id, ct));

    static async Task<Ok<NoticeInput>> Draft(long id, NoticeCommands c, CancellationToken ct) => TypedResults.Ok(await c.DraftAsync(id, ct));

    static async Task<NoContent> Edit(long id, NoticeInput input, NoticeCommands c, CancellationToken ct)
    {
        await c.EditAsync(id, input, null, ct);
        return TypedResults.NoContent();
    }

    // The command checks who may attach files to this notice before it looks at them (see Uploads).
    static async Task<Ok<AttachmentsAddedResponse>> AddFiles(long id, HttpRequest request, NoticeCommands c, CancellationToken ct) =>
        TypedResults.Ok(new AttachmentsAddedResponse(await c.AddAttachmentsAsync(id, (await Uploads.FilesAsync(request, ct)).Select(f => new NoticeUpload(f.FileName, f.Length, f.OpenReadStream)).ToList(), ct)));

    static async Task<Ok<NoticeStatusResponse>> Submit(long id, VersionInput input, NoticeCommands c, CancellationToken ct) =>
        TypedResults.Ok(new NoticeStatusResponse(await c.SubmitAsync(id, input, ct)));

    static async Task<Ok<NoticeStatusResponse>> Approve(long id, VersionInput input, NoticeCommands c, CancellationToken ct) =>
        TypedResults.Ok(new NoticeStatusResponse(await c.ApproveAsync(id, input, ct)));

    static async Task<NoContent> SendBack(long id, VersionInput input, NoticeCommands c, CancellationToken ct)
    {
        await c.SendBackAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Withdraw(long id, VersionInput input, NoticeCommands c, CancellationToken ct)
    {
        await c.WithdrawAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<NoticeReadResponse>> Read(long id, NoticeQueries q, NoticeCommands c, CancellationToken ct)
    {
        await q.GetAsync(id, ct); // not visible → 404
        return TypedResults.Ok(new NoticeReadResponse(await c.RecordReadAsync(id, ct)));
    }

    static async Task<Ok<ReachView>> Reach(long id, NoticeQueries q, CancellationToken ct) => TypedResults.Ok(await q.ReachAsync(id, ct));

    static async Task<Ok<List<UnreachedRow>>> Unreached(long id, NoticeQueries q, CancellationToken ct) => TypedResults.Ok(await q.UnreachedAsync(id, ct));

    static async Task<NoContent> Told(long id, long householdId, NoticeCommands c, CancellationToken ct)
    {
        await c.TellInPersonAsync(id, householdId, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ReviewKinds(ReviewKindsInput input, NoticeCommands c, CancellationToken ct)
    {
        await c.SetReviewKindsAsync(input, ct);
        return TypedResults.NoContent();
    }

    // Public, no login: the Atom feed, choosing one's community (remembered in a cookie), attachments.
    public static void MapNoticesPublic(this WebApplication app)
    {
        app.MapGet("/c/{id:long}/notices.atom", Feed);
        app.MapGet("/c/{id:long}/choose", ChooseCommunity);
        app.MapGet("/notices/{id:long}/files/{fileId:long}", Attachment);
    }

    static async Task<Results<ContentHttpResult, Microsoft.AspNetCore.Http.HttpResults.NotFound>> Feed(long id, HttpContext http, PublicHome home, CancellationToken ct) =>
        await home.FeedAsync(id, $"{http.Request.Scheme}://{http.Request.Host}", ct) is { } xml
            ? TypedResults.Text(xml, "application/atom+xml; charset=utf-8") : TypedResults.NotFound();

    static async Task<Results<RedirectHttpResult, Microsoft.AspNetCore.Http.HttpResults.NotFound>> ChooseCommunity(long id, HttpContext http, PublicHome home, CancellationToken ct)
    {
        if ((await home.CommunitiesAsync(null, ct)).All(c => c.Id != id)) return TypedResults.NotFound();
        http.Response.Cookies.Append(PublicHome.CommunityCookie, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps });
        return TypedResults.Redirect($"/c/{id}");
    }

    // A file of a notice the caller may not see is a 404, like one that does not exist.
    static async Task<Results<PhysicalFileHttpResult, Microsoft.AspNetCore.Http.HttpResults.NotFound>> Attachment(long id, long fileId, HttpContext http, NoticeQueries q, NoticeFiles files,
        CancellationToken ct)
    {
        NoticeQueries.AttachmentFile? file;
        try
        {
            file = await q.AttachmentAsync(id, fileId, ct);
        }
        catch (DomainException)
        {
            return TypedResults.NotFound();
        }
        if (file is null || !File.Exists(files.PathOf(file.StoredName))) return TypedResults.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(files.PathOf(file.StoredName), file.ContentType, file.FileName);
    }
}

// {"status": "Published"}: where the notice stands after the move.
public sealed record NoticeStatusResponse(NoticeStatus Status);

// {"recorded": true}: false when the person had already read it (a read counts once).
public sealed record NoticeReadResponse(bool Recorded);

// {"added": 2}: how many files were attached.
public sealed record AttachmentsAddedResponse(int Added);
