using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Board;
using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Modules.Registry.Posts;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Registry.Search;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Registry;

public static class RegistryApi
{
    public static void MapRegistryApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Registry").ProducesErrors(404, 409);

        g.MapGet("/households", SearchHouseholds).WithSummary("Search households by name, phone tail or address such as 3栋2单元501");
        g.MapGet("/households/{id:long}", GetHousehold);
        g.MapPost("/households", CreateHousehold);
        g.MapPut("/households/{id:long}", EditHousehold);
        g.MapPost("/households/{id:long}/move", MoveHousehold).WithSummary("Move a household to another grid of the same community");
        g.MapPost("/households/{id:long}/residents", AddResident);
        g.MapPut("/residents/{id:long}", EditResident);
        g.MapPost("/residents/{id:long}/status", ChangeResidentStatus).WithSummary("Mark a resident moved out or deceased (kept in the history)");
        g.MapGet("/residents/{id:long}/id-number", RevealIdNumber).WithSummary("The full ID number (roles that need it; every call is audited)");

        g.MapGet("/places", ListPlaces).WithSummary("The communities, grids, estates and buildings in the caller's scope");
        g.MapGet("/communities/{id:long}/posts", ListPosts);
        g.MapPost("/posts", AssignPost);
        g.MapPost("/posts/{id:long}/end", EndPost);

        g.MapPost("/registry/import", ImportResidents).DisableAntiforgery().AcceptsUpload("file")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Import residents from .xlsx (all rows or none; 422 lists each bad row)");
        g.MapGet("/registry/export", ExportResidents).WithSummary("Export a community's active residents as .xlsx (audited; masked as the role requires)");

        api.MapGet("/board/{gridId:long}", GetBoard).AllowAnonymous().WithTags("Registry").ProducesErrors(404).WithSummary("A grid's public contact board");
    }

    // Households and residents

    static async Task<Ok<IReadOnlyList<HouseholdHit>>> SearchHouseholds(string? q, bool? includeInactive, SearchHouseholds search, CurrentUser user, CancellationToken ct)
    {
        user.Require(Capability.ViewRegistry);
        return TypedResults.Ok(await search.RunAsync(q, includeInactive ?? false, ct));
    }

    static async Task<Ok<HouseholdDetail>> GetHousehold(long id, GetHousehold get, CurrentUser user, CancellationToken ct)
    {
        if (!user.Can(Capability.ViewRegistry) && !user.IsInRole(Roles.Resident)) throw new Forbidden();
        return TypedResults.Ok(await get.RunAsync(id, ct));
    }

    static async Task<Created<IdResponse>> CreateHousehold(NewHouseholdInput input, HouseholdCommands commands, CancellationToken ct)
    {
        var id = await commands.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/households/{id}", new IdResponse(id));
    }

    static async Task<NoContent> EditHousehold(long id, EditHouseholdInput input, HouseholdCommands commands, CancellationToken ct)
    {
        await commands.EditAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> MoveHousehold(long id, MoveHouseholdInput input, HouseholdCommands commands, CancellationToken ct)
    {
        await commands.MoveAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Created<IdResponse>> AddResident(long id, ResidentInput input, ResidentCommands commands, CancellationToken ct)
    {
        var residentId = await commands.AddAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/residents/{residentId}", new IdResponse(residentId));
    }

    static async Task<NoContent> EditResident(long id, ResidentInput input, ResidentCommands commands, CancellationToken ct)
    {
        await commands.EditAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ChangeResidentStatus(long id, StatusInput input, ResidentCommands commands, CancellationToken ct)
    {
        await commands.ChangeStatusAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IdNumberResponse>> RevealIdNumber(long id, ResidentCommands commands, CancellationToken ct) =>
        TypedResults.Ok(new IdNumberResponse(await commands.RevealIdNumberAsync(id, ct)));

    // Places and duty posts

    static async Task<Ok<IReadOnlyList<TreeCommunity>>> ListPlaces(PlaceTree tree, CancellationToken ct) => TypedResults.Ok(await tree.RunAsync(ct));

    static async Task<Ok<IReadOnlyList<PostRow>>> ListPosts(long id, bool? includeEnded, DutyPostCommands posts, CancellationToken ct) =>
        TypedResults.Ok(await posts.ListAsync(id, includeEnded ?? false, ct));

    static async Task<Created<IdResponse>> AssignPost(NewPostInput input, DutyPostCommands posts, CancellationToken ct)
    {
        var id = await posts.AssignAsync(input, ct);
        return TypedResults.Created($"/api/v1/posts/{id}", new IdResponse(id));
    }

    static async Task<NoContent> EndPost(long id, DateOnly? on, DutyPostCommands posts, CancellationToken ct)
    {
        await posts.EndAsync(id, on, ct);
        return TypedResults.NoContent();
    }

    // Import and export

    static async Task<Results<Ok<ImportResult>, UnprocessableEntity<ImportResult>>> ImportResidents(HttpRequest request, long? communityId, ResidentImport import, CancellationToken ct)
    {
        // Who may import into this community is answered before anything about the file (see Uploads).
        await import.CheckAccessAsync(communityId, ct);
        var file = (await Uploads.FilesAsync(request, ct)).GetFile("file");
        if (file is null) throw new ValidationFailure("File", "Registry.Transfer.Error.NoFile");
        if (file.Length > TransferLayout.MaxBytes) throw new ValidationFailure("File", "Registry.Transfer.Error.TooLarge", TransferLayout.MaxBytes / (1024 * 1024));
        await using var stream = file.OpenReadStream();
        var result = await import.RunAsync(communityId!.Value, stream, ct);
        // A file with bad rows is not applied: 422 with the row-by-row report.
        return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
    }

    static async Task<FileContentHttpResult> ExportResidents(long communityId, ResidentExport export, CancellationToken ct)
    {
        var file = await export.RunAsync(communityId, ct);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    static async Task<Ok<BoardView>> GetBoard(long gridId, long? h, string? s, GridBoard board, CancellationToken ct) =>
        await board.RunAsync(gridId, h, s, ct) is { } view ? TypedResults.Ok(view) : throw new Platform.NotFound();
}

// {"idNumber": "..."}: the unmasked ID number, null when none is on file.
public sealed record IdNumberResponse(string? IdNumber);
