using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Board;
using Gongzhi.Web.Modules.Registry.Households;
using Gongzhi.Web.Modules.Registry.Posts;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Registry.Search;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Web.Modules.Registry;

public static class RegistryApi
{
    public static void MapRegistryApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Registry").ProducesErrors(404, 409);

        g.MapGet("/households", async (string? q, bool? includeInactive, SearchHouseholds search, CurrentUser user, CancellationToken ct) =>
        {
            user.Require(Capability.ViewRegistry);
            return TypedResults.Ok(await search.RunAsync(q, includeInactive ?? false, ct));
        }).WithSummary("Search households by name, phone tail or address such as 3栋2单元501");

        g.MapGet("/households/{id:long}", async (long id, GetHousehold get, CurrentUser user, CancellationToken ct) =>
        {
            if (!user.Can(Capability.ViewRegistry) && !user.IsInRole(Roles.Resident)) throw new Forbidden();
            return TypedResults.Ok(await get.RunAsync(id, ct));
        });
        g.MapPost("/households", async (NewHouseholdInput input, HouseholdCommands commands, CancellationToken ct) =>
        {
            var id = await commands.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/households/{id}", new { id });
        });
        g.MapPut("/households/{id:long}", async (long id, EditHouseholdInput input, HouseholdCommands commands, CancellationToken ct) =>
        {
            await commands.EditAsync(id, input, ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/households/{id:long}/move", async (long id, MoveHouseholdInput input, HouseholdCommands commands, CancellationToken ct) =>
        {
            await commands.MoveAsync(id, input, ct);
            return TypedResults.NoContent();
        }).WithSummary("Move a household to another grid of the same community");
        g.MapPost("/households/{id:long}/residents", async (long id, ResidentInput input, ResidentCommands commands, CancellationToken ct) =>
        {
            var rid = await commands.AddAsync(id, input, ct);
            return TypedResults.Created($"/api/v1/residents/{rid}", new { id = rid });
        });
        g.MapPut("/residents/{id:long}", async (long id, ResidentInput input, ResidentCommands commands, CancellationToken ct) =>
        {
            await commands.EditAsync(id, input, ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/residents/{id:long}/status", async (long id, StatusInput input, ResidentCommands commands, CancellationToken ct) =>
        {
            await commands.ChangeStatusAsync(id, input, ct);
            return TypedResults.NoContent();
        }).WithSummary("Mark a resident moved out or deceased (kept in the history)");
        g.MapGet("/residents/{id:long}/id-number", async (long id, ResidentCommands commands, CancellationToken ct) =>
            TypedResults.Ok(new { idNumber = await commands.RevealIdNumberAsync(id, ct) }))
            .WithSummary("The full ID number (roles that need it; every call is audited)");

        g.MapGet("/places", async (PlaceTree tree, CancellationToken ct) => TypedResults.Ok(await tree.RunAsync(ct)))
            .WithSummary("The communities, grids, estates and buildings in the caller's scope");
        g.MapGet("/communities/{id:long}/posts", async (long id, bool? includeEnded, DutyPostCommands posts, CancellationToken ct) =>
            TypedResults.Ok(await posts.ListAsync(id, includeEnded ?? false, ct)));
        g.MapPost("/posts", async (NewPostInput input, DutyPostCommands posts, CancellationToken ct) =>
        {
            var id = await posts.AssignAsync(input, ct);
            return TypedResults.Created($"/api/v1/posts/{id}", new { id });
        });
        g.MapPost("/posts/{id:long}/end", async (long id, DateOnly? on, DutyPostCommands posts, CancellationToken ct) =>
        {
            await posts.EndAsync(id, on, ct);
            return TypedResults.NoContent();
        });

        g.MapPost("/registry/import", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<ImportResult>, Microsoft.AspNetCore.Http.HttpResults.UnprocessableEntity<ImportResult>>> (IFormFile? file, long communityId, ResidentImport import, CancellationToken ct) =>
        {
            if (file is null) throw new ValidationFailure("File", "Registry.Transfer.Error.NoFile");
            if (file.Length > TransferLayout.MaxBytes) throw new ValidationFailure("File", "Registry.Transfer.Error.TooLarge", TransferLayout.MaxBytes / (1024 * 1024));
            await using var stream = file.OpenReadStream();
            var result = await import.RunAsync(communityId, stream, ct);
            // A file with bad rows is not applied: 422 with the row-by-row report.
            return result.Applied ? TypedResults.Ok(result) : TypedResults.UnprocessableEntity(result);
        }).DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Import residents from .xlsx (all rows or none; 422 lists each bad row)");
        g.MapGet("/registry/export", async (long communityId, ResidentExport export, CancellationToken ct) =>
        {
            var file = await export.RunAsync(communityId, ct);
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        }).WithSummary("Export a community's active residents as .xlsx (audited; masked as the role requires)");

        api.MapGet("/board/{gridId:long}", async (long gridId, long? h, string? s, GridBoard board, CancellationToken ct) =>
            await board.RunAsync(gridId, h, s, ct) is { } view ? Results.Ok(view) : throw new NotFound())
            .AllowAnonymous().WithTags("Registry").WithSummary("A grid's public contact board");
    }
}
