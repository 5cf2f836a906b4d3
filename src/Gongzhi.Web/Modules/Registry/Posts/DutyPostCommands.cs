using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry.Posts;

public sealed record NewPostInput(DutyPostKind Kind, long PlaceId, string? HolderName, string? HolderPhone, DateOnly? From, string? UserName);

public sealed record PostRow(long Id, DutyPostKind Kind, PlaceKind PlaceKind, long PlaceId, string PlaceName, string HolderName, string? HolderPhone, DateOnly From, DateOnly? To);

public sealed class DutyPostCommands(GongzhiDb db, RegistryScope scope, CurrentUser user, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<long> AssignAsync(NewPostInput input, CancellationToken ct = default)
    {
        user.Require(Capability.ManageDutyPosts);
        if (!Enum.IsDefined(input.Kind)) throw new ValidationFailure("Kind", "Validation.Invalid");
        var placeKind = DutyPost.PlaceFor(input.Kind);
        var communityId = await CommunityOfAsync(placeKind, input.PlaceId, ct) ?? throw new ValidationFailure("PlaceId", "Error.NotFound");
        if (!await scope.CanManageCommunityAsync(communityId, ct)) throw new NotFound();
        string? userId = null;
        if (!string.IsNullOrWhiteSpace(input.UserName))
        {
            var normalized = input.UserName.Trim().ToUpperInvariant();
            userId = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct)
                     ?? throw new ValidationFailure("UserName", "Registry.Error.UnknownAccount");
        }
        var post = new DutyPost(input.Kind, placeKind, input.PlaceId, input.HolderName ?? "", input.HolderPhone, input.From ?? Today, userId: userId);
        db.DutyPosts.Add(post);
        await db.SaveChangesAsync(ct);
        return post.Id;
    }

    public async Task EndAsync(long postId, DateOnly? on, CancellationToken ct = default)
    {
        user.Require(Capability.ManageDutyPosts);
        var post = await db.DutyPosts.FirstOrDefaultAsync(p => p.Id == postId, ct) ?? throw new NotFound();
        var communityId = await CommunityOfAsync(post.PlaceKind, post.PlaceId, ct);
        if (communityId is null || !await scope.CanManageCommunityAsync(communityId.Value, ct)) throw new NotFound();
        post.End(on ?? Today);
        await db.SaveChangesAsync(ct);
    }

    // Posts of a community, current and past: who held what, when.
    public async Task<IReadOnlyList<PostRow>> ListAsync(long communityId, bool includeEnded, CancellationToken ct = default)
    {
        user.Require(Capability.ViewRegistry);
        var s = await scope.GetAsync(ct);
        if (!s.All && !s.CommunityIds.Contains(communityId)) throw new NotFound();
        var today = Today;
        var grids = await db.Grids.Where(g => g.CommunityId == communityId).ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var estates = await db.Estates.Where(e => e.CommunityId == communityId).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var buildings = await db.Buildings.Where(b => estates.Keys.Contains(b.EstateId))
            .ToDictionaryAsync(b => b.Id, b => new { b.EstateId, b.Number }, ct);
        var entrances = await db.Entrances.Where(e => buildings.Keys.Contains(e.BuildingId))
            .ToDictionaryAsync(e => e.Id, e => new { e.BuildingId, e.Number }, ct);
        var posts = await db.DutyPosts.AsNoTracking()
            .Where(p => includeEnded || p.To == null || p.To > today)
            .Where(p => (p.PlaceKind == PlaceKind.Community && p.PlaceId == communityId)
                        || (p.PlaceKind == PlaceKind.Grid && grids.Keys.Contains(p.PlaceId))
                        || (p.PlaceKind == PlaceKind.Estate && estates.Keys.Contains(p.PlaceId))
                        || (p.PlaceKind == PlaceKind.Building && buildings.Keys.Contains(p.PlaceId))
                        || (p.PlaceKind == PlaceKind.Entrance && entrances.Keys.Contains(p.PlaceId)))
            .OrderBy(p => p.Kind).ThenBy(p => p.PlaceId).ThenByDescending(p => p.From)
            .ToListAsync(ct);
        string Name(DutyPost p) => p.PlaceKind switch
        {
            PlaceKind.Community => "",
            PlaceKind.Grid => grids[p.PlaceId],
            PlaceKind.Estate => estates[p.PlaceId],
            PlaceKind.Building => $"{estates[buildings[p.PlaceId].EstateId]}{buildings[p.PlaceId].Number}栋",
            PlaceKind.Entrance => $"{estates[buildings[entrances[p.PlaceId].BuildingId].EstateId]}{buildings[entrances[p.PlaceId].BuildingId].Number}栋{entrances[p.PlaceId].Number}单元",
            _ => "",
        };
        return posts.Select(p => new PostRow(p.Id, p.Kind, p.PlaceKind, p.PlaceId, Name(p), p.HolderName, p.HolderPhone, p.From, p.To)).ToList();
    }

    private async Task<long?> CommunityOfAsync(PlaceKind kind, long placeId, CancellationToken ct) => kind switch
    {
        PlaceKind.Community => await db.Communities.Where(c => c.Id == placeId).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct),
        PlaceKind.Grid => await db.Grids.Where(g => g.Id == placeId).Select(g => (long?)g.CommunityId).FirstOrDefaultAsync(ct),
        PlaceKind.Estate => await db.Estates.Where(e => e.Id == placeId).Select(e => (long?)e.CommunityId).FirstOrDefaultAsync(ct),
        PlaceKind.Building => await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id where b.Id == placeId select (long?)e.CommunityId).FirstOrDefaultAsync(ct),
        PlaceKind.Entrance => await (from en in db.Entrances join b in db.Buildings on en.BuildingId equals b.Id join e in db.Estates on b.EstateId equals e.Id where en.Id == placeId select (long?)e.CommunityId).FirstOrDefaultAsync(ct),
        PlaceKind.Household => await (from h in db.Households join e in db.Estates on h.EstateId equals e.Id where h.Id == placeId select (long?)e.CommunityId).FirstOrDefaultAsync(ct),
        _ => null,
    };
}
