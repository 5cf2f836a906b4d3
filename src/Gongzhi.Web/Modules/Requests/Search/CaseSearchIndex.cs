using Gongzhi.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gongzhi.Web.Modules.Requests.Search;

// Keeps case_search in step with the cases, inside the caller's transaction. SQLite stores the
// terms in an FTS5 table (rowid = case id); PostgreSQL in a text[] with a GIN index. New text
// (a reply, a resolution) only ever adds terms.
public static class CaseSearchIndex
{
    public static async Task AddTextAsync(GongzhiDb db, long caseId, string? text, bool newCase = false, CancellationToken ct = default)
    {
        var terms = CaseText.IndexTerms(text);
        if (terms.Count == 0) return;
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO case_search (case_id, grams) VALUES (@id, @terms)
                ON CONFLICT (case_id) DO UPDATE SET grams = ARRAY(SELECT DISTINCT unnest(case_search.grams || excluded.grams))
                """, [new NpgsqlParameter("id", caseId), new NpgsqlParameter("terms", terms.ToArray())], ct);
            return;
        }
        // A case inserted in this transaction has no row yet: skip the read.
        var existing = newCase ? [] : await db.Database.SqlQueryRaw<string>("SELECT grams AS \"Value\" FROM case_search WHERE rowid = @id",
            new SqliteParameter("id", caseId)).ToListAsync(ct);
        var all = new HashSet<string>(terms, StringComparer.Ordinal);
        if (existing.Count > 0)
        {
            all.UnionWith(existing[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            await db.Database.ExecuteSqlRawAsync("DELETE FROM case_search WHERE rowid = @id", [new SqliteParameter("id", caseId)], ct);
        }
        await db.Database.ExecuteSqlRawAsync("INSERT INTO case_search (rowid, grams) VALUES (@id, @grams)",
            [new SqliteParameter("id", caseId), new SqliteParameter("grams", string.Join(' ', all))], ct);
    }

    // Ids of the cases holding every term of the query, as a subquery for the case filters. `reach` (PostgreSQL):
    // the only grids, and the caller's own cases, that can hold a result; the case filters still decide, so a
    // wider reach changes nothing but the speed. Each search row carries its case's grid (SearchByGrid migration),
    // and a GIN index keyed by grid and term (SearchKeysByGrid) answers "these words in these grids" from those grids'
    // lists alone, where the caller's grids at city scale hold tens of thousands of cases to probe one by one.
    public static IQueryable<long> Matching(GongzhiDb db, string query, CaseReach? reach = null)
    {
        var terms = CaseText.Query(query);
        if (terms.Count == 0) return db.Cases.Select(c => c.Id);
        if (db.Database.IsNpgsql())
        {
            var termsParameter = new NpgsqlParameter("terms", terms.ToArray());
            if (reach is null)
                return db.Set<CaseSearchHit>().FromSqlRaw("SELECT case_id AS \"CaseId\" FROM case_search WHERE grams @> @terms", termsParameter)
                    .Select(h => h.CaseId);
            // Each term as the keys it has in the caller's grids ("12:路灯", ix_case_search_keys): a row must hold one
            // of each term's keys, and as a case is in one grid that is every term in that grid. `grid_id = ANY` is
            // checked on the rows found, and tells the planner how few they are (SearchKeysByGrid migration).
            var keys = terms.Select((t, i) => new NpgsqlParameter("k" + i, reach.GridIds.Select(g => GridKey(g, t)).ToArray())).ToList();
            var inGrids = "SELECT case_id AS \"CaseId\" FROM case_search WHERE grid_id = ANY (@grids) AND "
                + string.Join(" AND ", keys.Select(k => "case_search_keys(grid_id, grams) && @" + k.ParameterName));
            var grids = new NpgsqlParameter("grids", reach.GridIds);
            // Only the parameters' own names (k0, k1, …) are joined into the SQL; the terms travel as parameters.
#pragma warning disable EF1003
            if (reach.Me is null) return db.Set<CaseSearchHit>().FromSqlRaw(inGrids, [grids, .. keys]).Select(h => h.CaseId);
            // Two branches for the caller's own cases, one per index (IX_Cases_ReporterUserId_Id, IX_Cases_EnteredByUserId_Id).
            return db.Set<CaseSearchHit>().FromSqlRaw(inGrids + """

                UNION SELECT s.case_id FROM "Cases" c JOIN case_search s ON s.case_id = c."Id" WHERE c."ReporterUserId" = @me AND s.grams @> @terms
                UNION SELECT s.case_id FROM "Cases" c JOIN case_search s ON s.case_id = c."Id" WHERE c."EnteredByUserId" = @me AND s.grams @> @terms
                """, [grids, .. keys, termsParameter, new NpgsqlParameter("me", reach.Me)]).Select(h => h.CaseId);
#pragma warning restore EF1003
        }
        // FTS5 query syntax: each term quoted (so nothing in it is an operator), AND between. Read through the
        // keyless CaseSearchHit so the rowid keeps its type and SQLite can walk the index newest first.
        var match = string.Join(" AND ", terms.Select(t => $"\"{t}\""));
        return db.Set<CaseSearchHit>().FromSqlRaw("SELECT rowid AS \"CaseId\" FROM case_search WHERE case_search MATCH @q", new SqliteParameter("q", match))
            .Select(h => h.CaseId);
    }

    // A term's key within a grid, as case_search_keys makes it (SearchKeysByGrid migration).
    private static string GridKey(long gridId, string term) => gridId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + term;
}
