using System.Linq.Expressions;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry;

// Where the caller may look: derived on the server, per request, from the duty posts the
// account holds today (and, for a resident, their own household). Roles say what one may do;
// this says where.
public sealed class RegistryScope(GongzhiDb db, CurrentUser user, TimeProvider clock)
{
    private Resolved? _resolved;

    public sealed record Resolved(
        bool All,
        IReadOnlySet<long> CommunityIds, // communities held whole (staff, subdistrict), not those of a single grid
        IReadOnlySet<long> GridIds,
        IReadOnlySet<long> EstateIds,
        IReadOnlySet<long> BuildingIds,
        IReadOnlySet<long> EntranceIds,
        IReadOnlySet<long> HouseholdIds)
    {
        public bool IsEmpty => !All && GridIds.Count + EstateIds.Count + BuildingIds.Count + EntranceIds.Count + HouseholdIds.Count == 0;

        // Filter's test for one household whose places are already in hand, without a query.
        public bool Covers(long gridId, long estateId, long buildingId, long entranceId, long householdId) =>
            All || GridIds.Contains(gridId) || EstateIds.Contains(estateId) || BuildingIds.Contains(buildingId)
            || EntranceIds.Contains(entranceId) || HouseholdIds.Contains(householdId);
    }

    public async Task<Resolved> GetAsync(CancellationToken ct = default)
    {
        if (_resolved is not null) return _resolved;
        if (!user.IsAuthenticated) return _resolved = Empty();
        if (user.IsInRole(Roles.Administrator))
            return _resolved = new Resolved(true, new HashSet<long>(), new HashSet<long>(), new HashSet<long>(), new HashSet<long>(), new HashSet<long>(), new HashSet<long>());

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var userId = user.RequiredId;
        var posts = new List<Post>();
        await foreach (var post in PostsQuery.For(db)(db, userId, today).WithCancellation(ct)) posts.Add(post);

        // A post only widens the scope if the account also holds the matching role.
        bool Holds(DutyPostKind kind) => kind switch
        {
            DutyPostKind.SubdistrictOfficial => user.IsInRole(Roles.SubdistrictOfficial),
            DutyPostKind.CommunityStaff => user.IsInRole(Roles.CommunityStaff),
            DutyPostKind.GridLeader => user.IsInRole(Roles.GridLeader),
            DutyPostKind.GridWorker => user.IsInRole(Roles.GridWorker),
            DutyPostKind.BuildingLeader => user.IsInRole(Roles.BuildingLeader),
            DutyPostKind.EntranceLeader => user.IsInRole(Roles.EntranceLeader),
            DutyPostKind.NeighbourLeader => user.IsInRole(Roles.NeighbourLeader),
            DutyPostKind.PropertyButler => user.IsInRole(Roles.PropertyButler),
            _ => false,
        };
        var held = posts.Where(p => Holds(p.Kind)).ToList();
        var ids = (PlaceKind kind) => held.Where(p => p.PlaceKind == kind).Select(p => p.PlaceId).ToHashSet();

        var subdistricts = ids(PlaceKind.Subdistrict);
        var communities = ids(PlaceKind.Community);
        if (subdistricts.Count > 0)
            communities.UnionWith(await db.Communities.Where(c => subdistricts.Contains(c.SubdistrictId)).Select(c => c.Id).ToListAsync(ct));
        var grids = ids(PlaceKind.Grid);
        if (communities.Count > 0)
            grids.UnionWith(await db.Grids.Where(g => communities.Contains(g.CommunityId)).Select(g => g.Id).ToListAsync(ct));

        var households = new HashSet<long>();
        if (user.IsInRole(Roles.Resident))
        {
            var residentId = await db.Users.Where(u => u.Id == userId).Select(u => u.ResidentId).FirstOrDefaultAsync(ct);
            if (residentId is not null)
            {
                var own = await db.Residents.Where(r => r.Id == residentId && r.Status == ResidentStatus.Active)
                    .Select(r => (long?)r.HouseholdId).FirstOrDefaultAsync(ct);
                if (own is not null) households.Add(own.Value);
            }
        }
        return _resolved = new Resolved(false, communities, grids, ids(PlaceKind.Estate), ids(PlaceKind.Building), ids(PlaceKind.Entrance), households);
    }

    private sealed record Post(DutyPostKind Kind, PlaceKind PlaceKind, long PlaceId);

    // Compiled (per provider): every scoped request reads its posts. The same test as DutyPost.ActiveOn, written out
    // because a compiled query cannot call a method that builds an expression.
    private static readonly PerProvider<Func<GongzhiDb, string, DateOnly, IAsyncEnumerable<Post>>> PostsQuery = new(() =>
        EF.CompileAsyncQuery((GongzhiDb db, string userId, DateOnly today) => db.DutyPosts.AsNoTracking()
            .Where(p => p.UserId == userId && p.From <= today && (p.To == null || p.To > today))
            .Select(p => new Post(p.Kind, p.PlaceKind, p.PlaceId))));

    public async Task<IQueryable<Household>> HouseholdsAsync(CancellationToken ct = default) =>
        Filter(db.Households.AsNoTracking(), await GetAsync(ct));

    public static IQueryable<Household> Filter(IQueryable<Household> query, Resolved scope)
    {
        if (scope.All) return query;
        if (scope.IsEmpty) return query.Where(_ => false);
        var h = Expression.Parameter(typeof(Household), "h");
        Expression? any = null;
        void Or(IReadOnlySet<long> set, string property)
        {
            if (set.Count == 0) return;
            // Read through a member, like a captured variable, so EF makes the list a query parameter:
            // a bare constant list is part of the cache key, and every request would compile anew.
            var list = Expression.Property(Expression.Constant(new IdList(set.ToList())), nameof(IdList.Ids));
            var contains = Expression.Call(list, typeof(List<long>).GetMethod(nameof(List<long>.Contains))!, Expression.Property(h, property));
            any = any is null ? contains : Expression.OrElse(any, contains);
        }
        Or(scope.GridIds, nameof(Household.GridId));
        Or(scope.EstateIds, nameof(Household.EstateId));
        Or(scope.BuildingIds, nameof(Household.BuildingId));
        Or(scope.EntranceIds, nameof(Household.EntranceId));
        Or(scope.HouseholdIds, nameof(Household.Id));
        return query.Where(Expression.Lambda<Func<Household, bool>>(any!, h));
    }

    public async Task<bool> CanSeeHouseholdAsync(long householdId, CancellationToken ct = default) =>
        await (await HouseholdsAsync(ct)).AnyAsync(h => h.Id == householdId, ct);

    // Writes need a grid-level scope (grid, community, subdistrict posts): leaders and butlers only read.
    public async Task<bool> CanEditGridAsync(long gridId, CancellationToken ct = default)
    {
        var s = await GetAsync(ct);
        return s.All || s.GridIds.Contains(gridId);
    }

    public async Task<bool> CanManageCommunityAsync(long communityId, CancellationToken ct = default)
    {
        var s = await GetAsync(ct);
        return s.All || s.CommunityIds.Contains(communityId);
    }

    private sealed class IdList(List<long> ids)
    {
        public List<long> Ids { get; } = ids;
    }

    private static Resolved Empty() => new(false, new HashSet<long>(), new HashSet<long>(), new HashSet<long>(), new HashSet<long>(), new HashSet<long>(), new HashSet<long>());
}
