using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// PostgreSQL: a GIN index whose keys are a term within a grid ("12:路灯"), so "路灯 in these grids" reads only those
// grids' short lists. The index on (grid_id, grams) kept them apart: it read the term's list for the whole city (one
// case in eight for a common word, 2.5 million at 20 M cases) and intersected it with the grids' lists, 16-65 ms of
// CPU per search on a warm server (docs/benchmarks.md). An expression index, so the writers and the grid triggers stay
// as they are: a case that moves grid gets new keys with its new grid_id. Searches across every grid (city staff)
// name no grid: a plain index on the terms serves them. grid_id keeps no index of its own on purpose: the searches
// still say `grid_id = ANY (…)`, which gives the planner a row estimate (the expression has no usable statistics: each
// key is too rare for ANALYZE to list, and the default guess of 2 % of the table chose a scan of the whole primary key
// for `ORDER BY id DESC LIMIT`), and with an index on it the planner ANDed in every case of the grids as well.
// SQLite holds one community and is left as it is.
[DbContext(typeof(GongzhiDb))]
[Migration("20261211100000_SearchKeysByGrid")]
public sealed class SearchKeysByGrid : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        if (!m.IsPostgres()) return;
        // Terms are letters and digits only (CaseText), so the colon cannot be part of one.
        m.Sql("""
            CREATE FUNCTION case_search_keys(grid bigint, grams text[]) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
              AS $$ SELECT array(SELECT grid::text || ':' || g FROM unnest(grams) AS g) $$;
            CREATE INDEX ix_case_search_keys ON case_search USING gin (case_search_keys(grid_id, grams));
            CREATE INDEX ix_case_search_grams ON case_search USING gin (grams);
            DROP INDEX ix_case_search_grid_grams;
            ANALYZE case_search;
            """);
    }

    protected override void Down(MigrationBuilder m)
    {
        if (!m.IsPostgres()) return;
        m.Sql("""
            CREATE INDEX ix_case_search_grid_grams ON case_search USING gin (grid_id, grams);
            DROP INDEX ix_case_search_grams;
            DROP INDEX ix_case_search_keys;
            DROP FUNCTION case_search_keys(bigint, text[]);
            """);
    }
}
