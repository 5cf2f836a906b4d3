using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// PostgreSQL: a GIN index whose keys are a term within a grid ("12:路灯"), so "路灯 in these grids" reads only those
// grids' short lists. The index on (grid_id, grams) kept them apart: it read the term's list for the whole city (one
// case in eight for a common word, 2.5 million at 20 M cases) and intersected it with the grids' lists, 16-18 ms of
// CPU per search on a warm server (docs/benchmarks.md). An expression index, so the writers and the grid triggers stay
// as they are: a case that moves grid gets new keys with its new grid_id. The (grid_id, grams) index stays for
// searches across every grid (city staff), which name no grid. SQLite holds one community and is left as it is.
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
            """);
    }

    protected override void Down(MigrationBuilder m)
    {
        if (!m.IsPostgres()) return;
        m.Sql("""
            DROP INDEX ix_case_search_keys;
            DROP FUNCTION case_search_keys(bigint, text[]);
            """);
    }
}
