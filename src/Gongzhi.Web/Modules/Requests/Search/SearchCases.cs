using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Work;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Requests.Search;

public sealed record CaseSearchFilter(string? Q, CaseStatus? Status = null, long? CategoryId = null, long? GridId = null, DateOnly? From = null, DateOnly? To = null, int Page = 1);

// Full-text search over the cases the caller may see: description, address, replies, comments
// and resolutions, with the usual filters. Newest first.
public sealed class SearchCases(ReadDb read, CaseAccess access, CaseQueries queries, CurrentUser user)
{
    // Search may be a moment old: the replica when there is one.
    private readonly GongzhiDb db = read.Context;

    // Matches are counted up to here ("1,000+"). A common word (路灯) is in one case of twenty: among
    // a million cases an exact count checks 50,000 of them against the caller's grids, ~170 ms on
    // SQLite, where the page itself takes a few; past a thousand nobody pages anyway.
    public const int CountUpTo = 1000;

    // Newest first, read from the index outwards: SQLite's FTS5 hands out matching ids newest first
    // and the cases are checked one by one until a page is full, where `Id IN (matches)` first
    // collected every match (50,000 for 路灯 among a million) and then looked them all up.

    public async Task<CaseList> RunAsync(CaseSearchFilter filter, CancellationToken ct = default)
    {
        var query = await QueryAsync(filter, ct);
        var page = Math.Max(1, filter.Page);
        if (page * CaseQueries.PageSize > CountUpTo || await InReachAsync(filter, ct) is not { } matching)
            return await queries.PageAsync(query, page, ct, CountUpTo, db);
        // The ids alone, newest first, up to the count's cap: one index lookup gives both the count and the page,
        // and only the page's cases are read (at 20 M cases, counting through the cases read each match's case:
        // ~1,000 lookups for a common word in one community; docs/benchmarks.md).
        var ids = await matching.OrderByDescending(id => id).Take(CountUpTo + 1).ToListAsync(ct);
        var pageIds = ids.Skip((page - 1) * CaseQueries.PageSize).Take(CaseQueries.PageSize).ToList();
        return await queries.RowsAsync(db.Cases.AsNoTracking().Where(c => pageIds.Contains(c.Id)).OrderByDescending(c => c.Id),
            Math.Min(ids.Count, CountUpTo), ids.Count > CountUpTo, ct, db);
    }

    // PostgreSQL, words and no other filter: the matches within the caller's reach are exactly the cases they may
    // see (a search row's grid is its case's, kept so by triggers; the other branches are their own cases), so the
    // scope needs no second check against the cases. Null when that does not hold.
    private async Task<IQueryable<long>?> InReachAsync(CaseSearchFilter filter, CancellationToken ct)
    {
        // No searchable term (punctuation only): Matching answers every case, scope unchecked.
        if (string.IsNullOrWhiteSpace(filter.Q) || !db.Database.IsNpgsql() || CaseText.Query(filter.Q).Count == 0) return null;
        if (filter is not { Status: null, CategoryId: null, GridId: null, From: null, To: null }) return null;
        return await access.ReachAsync(ct) is { } reach ? CaseSearchIndex.Matching(db, filter.Q, reach) : null;
    }

    // Every match, as a file: the same filters and scope as the list.
    public async Task<Platform.Export.ExportTable> ExportAsync(CaseSearchFilter filter, Microsoft.Extensions.Localization.IStringLocalizer text, CancellationToken ct = default) =>
        await queries.ExportAsync(await QueryAsync(filter, ct), filter.GridId, text["Requests.Search.Title"],
            Platform.Export.ExportParts.Describe(("q", filter.Q), ("status", filter.Status), ("categoryId", filter.CategoryId), ("gridId", filter.GridId),
                ("from", filter.From), ("to", filter.To)), text, ct, db);

    private async Task<IQueryable<Case>> QueryAsync(CaseSearchFilter filter, CancellationToken ct)
    {
        if (!user.Can(Capability.HandleCases) && !user.Can(Capability.ReplyReferrals)) throw new Forbidden();
        if (filter.Q is { Length: > 100 }) throw new ValidationFailure("Q", "Validation.TooLong", 100);
        if (filter.From is { } f && filter.To is { } t && t < f) throw new ValidationFailure("To", "Requests.Error.DateRange");
        var query = (await access.VisibleAsync(db, ct)).AsNoTracking();
        if (filter.Status is { } status) query = query.Where(c => c.Status == status);
        if (filter.CategoryId is { } category) query = query.Where(c => c.CategoryId == category);
        if (filter.GridId is { } grid) query = query.Where(c => c.GridId == grid);
        if (filter.From is { } from)
        {
            var fromUtc = Deadlines.WorkingTime.FromChina(from.ToDateTime(TimeOnly.MinValue));
            query = query.Where(c => c.SubmittedAt >= fromUtc);
        }
        if (filter.To is { } to)
        {
            var toUtc = Deadlines.WorkingTime.FromChina(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
            query = query.Where(c => c.SubmittedAt < toUtc);
        }
        if (string.IsNullOrWhiteSpace(filter.Q)) return query.OrderByDescending(c => c.Id);
        // A grid asked for is the only grid a result can be in; otherwise the caller's reach.
        var reach = filter.GridId is { } only ? new CaseReach([only], null) : await access.ReachAsync(ct);
        return from id in CaseSearchIndex.Matching(db, filter.Q, reach) join c in query on id equals c.Id orderby id descending select c;
    }
}
