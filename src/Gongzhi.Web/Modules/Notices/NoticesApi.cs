using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Notices;

public sealed record CreatedId(long Id);
public sealed record StatusAnswer(NoticeStatus Status);
public sealed record ReadAnswer(bool Recorded);
public sealed record AddedAnswer(int Added);

public static class NoticesApi
{
    public static void MapNoticesApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Notices");
        g.MapGet("/notices", List).WithSummary("公告: staff see the notices of their places, residents the published ones for them");
        g.MapPost("/notices", Create).WithSummary("Write a notice as a draft (times without an offset are Beijing time)");
        g.MapGet("/notices/{id:long}", Get);
        g.MapGet("/notices/{id:long}/draft", Draft).WithSummary("A saved draft as typed (Markdown body, Beijing times), with its version, for editing");
        g.MapPut("/notices/{id:long}", Edit).WithSummary("Edit a saved draft; send the version it was read at (409 when someone saved first)");
        g.MapPost("/notices/{id:long}/attachments", AddFiles).DisableAntiforgery()
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

    private static async Task<Ok<List<NoticeRow>>> List(NoticeQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListAsync(ct));

    private static async Task<Created<CreatedId>> Create(NoticeInput input, NoticeCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, null, ct);
        return TypedResults.Created($"/api/v1/notices/{id}", new CreatedId(id));
    }

    private static async Task<Ok<NoticeView>> Get(long id, NoticeQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(id, ct));

    private static async Task<Ok<NoticeInput>> Draft(long id, NoticeCommands c, CancellationToken ct) => TypedResults.Ok(await c.DraftAsync(id, ct));

    private static async Task<NoContent> Edit(long id, NoticeInput input, NoticeCommands c, CancellationToken ct)
    {
        await c.EditAsync(id, input, null, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AddedAnswer>> AddFiles(long id, IFormFileCollection files, NoticeCommands c, CancellationToken ct) =>
        TypedResults.Ok(new AddedAnswer(await c.AddAttachmentsAsync(id, files.Select(f => new NoticeUpload(f.FileName, f.Length, f.OpenReadStream)).ToList(), ct)));

    private static async Task<Ok<StatusAnswer>> Submit(long id, VersionInput input, NoticeCommands c, CancellationToken ct) =>
        TypedResults.Ok(new StatusAnswer(await c.SubmitAsync(id, input, ct)));

    private static async Task<Ok<StatusAnswer>> Approve(long id, VersionInput input, NoticeCommands c, CancellationToken ct) =>
        TypedResults.Ok(new StatusAnswer(await c.ApproveAsync(id, input, ct)));

    private static async Task<NoContent> SendBack(long id, VersionInput input, NoticeCommands c, CancellationToken ct)
    {
        await c.SendBackAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Withdraw(long id, VersionInput input, NoticeCommands c, CancellationToken ct)
    {
        await c.WithdrawAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ReadAnswer>> Read(long id, NoticeQueries q, NoticeCommands c, CancellationToken ct)
    {
        await q.GetAsync(id, ct); // not visible → 404
        return TypedResults.Ok(new ReadAnswer(await c.RecordReadAsync(id, ct)));
    }

    private static async Task<Ok<ReachView>> Reach(long id, NoticeQueries q, CancellationToken ct) => TypedResults.Ok(await q.ReachAsync(id, ct));

    private static async Task<Ok<List<UnreachedRow>>> Unreached(long id, NoticeQueries q, CancellationToken ct) => TypedResults.Ok(await q.UnreachedAsync(id, ct));

    private static async Task<NoContent> Told(long id, long householdId, NoticeCommands c, CancellationToken ct)
    {
        await c.TellInPersonAsync(id, householdId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ReviewKinds(ReviewKindsInput input, NoticeCommands c, CancellationToken ct)
    {
        await c.SetReviewKindsAsync(input, ct);
        return TypedResults.NoContent();
    }

    // Public, no login: the Atom feed, choosing one's community (remembered in a cookie), attachments.
    public static void MapNoticesPublic(this WebApplication app)
    {
        app.MapGet("/c/{id:long}/notices.atom", async (long id, HttpContext http, PublicHome home, CancellationToken ct) =>
            await home.FeedAsync(id, $"{http.Request.Scheme}://{http.Request.Host}", ct) is { } xml
                ? Results.Text(xml, "application/atom+xml; charset=utf-8") : Results.NotFound());
        app.MapGet("/c/{id:long}/choose", async (long id, HttpContext http, PublicHome home, CancellationToken ct) =>
        {
            if ((await home.CommunitiesAsync(null, ct)).All(c => c.Id != id)) return Results.NotFound();
            http.Response.Cookies.Append(PublicHome.CommunityCookie, id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps });
            return Results.Redirect($"/c/{id}");
        });
        app.MapGet("/notices/{id:long}/files/{fileId:long}", async (long id, long fileId, HttpContext http, NoticeQueries q, NoticeFiles files, CancellationToken ct) =>
        {
            NoticeQueries.AttachmentFile? file;
            try
            {
                file = await q.AttachmentAsync(id, fileId, ct);
            }
            catch (DomainException)
            {
                return Results.NotFound();
            }
            if (file is null || !File.Exists(files.PathOf(file.StoredName))) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(files.PathOf(file.StoredName), file.ContentType, file.FileName);
        });
    }
}
