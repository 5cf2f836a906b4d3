using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// PostgreSQL: a GIN index whose keys are a term within a grid ("12:路灯"), so "路灯 in these grids" reads only those
// grids' short lists. The index on (grid_id, grams) kept them apart: it read the term's list for the whole city (one
// case in eight for a common word, 2.5 million at 20 M cases) and intersected it with the grids' lists, 16-65 ms of
// CPU per search on a warm server (docs/benchmarks.md). An expression index, so the writers and the grid triggers stay
// as they are: a case that moves grid gets new keys with its new grid_id. Searches across every grid (city staff)
// name no grid: a plain index on the terms serves them. The planner needs statistics on the keys: at the default
// target each key is too rare for ANALYZE to list any, and the planner's guess without them (2 % of the table) chose
// a scan of the whole primary key for `ORDER BY id DESC LIMIT`, or priced the right plan at 1.7 M and spent 150-450 ms
// compiling it (JIT) and starting parallel workers for 2 ms of work. At 1,000 ANALYZE lists the commonest keys and
// prices the rest below them (26 s at 20 M cases). The searches also say `grid_id = ANY (…)`, checked on the rows
// found; grid_id keeps no index of its own, or the planner ANDs in every case of the grids as well.
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
            CREATE OR REPLACE FUNCTION case_search_keys(grid bigint, grams text[]) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
              AS $$ SELECT array(SELECT grid::text || ':' || g FROM unnest(grams) AS g) $$;
            """);
        // Built without locking out intake (25 and 6 minutes at 20 M cases on two cores), and skipped when an operator
        // built them before the upgrade (docs/deploy.md).
        m.Sql("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_case_search_keys ON case_search USING gin (case_search_keys(grid_id, grams));", suppressTransaction: true);
        m.Sql("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_case_search_grams ON case_search USING gin (grams);", suppressTransaction: true);
        m.Sql("""
            ALTER INDEX ix_case_search_keys ALTER COLUMN 1 SET STATISTICS 1000;
            DROP INDEX IF EXISTS ix_case_search_grid_grams;
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
