using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// PostgreSQL: each case_search row carries its case's grid, and one GIN index holds both (btree_gin, a trusted
// extension shipped in Debian's postgresql-15, so the database's owner may create it). "路灯 in these grids" is then
// one index lookup instead of probing the search row of every case in the caller's grids (docs/benchmarks.md).
// The grid is kept by the database, not by the writers: a trigger fills it from "Cases" when a row is inserted
// (in the case's own transaction, whoever inserts it), and another moves the rows when a case changes grid.
// SQLite is left as it is: it holds one community, whose FTS5 index already hands out matches newest first and the
// page fills from the first few.
[DbContext(typeof(GongzhiDb))]
[Migration("20261209500100_SearchByGrid")]
public sealed class SearchByGrid : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        if (!m.IsPostgres()) return;
        m.Sql("""
            CREATE EXTENSION IF NOT EXISTS btree_gin;
            ALTER TABLE case_search ADD COLUMN grid_id bigint;
            UPDATE case_search s SET grid_id = c."GridId" FROM "Cases" c WHERE c."Id" = s.case_id;
            ALTER TABLE case_search ALTER COLUMN grid_id SET NOT NULL;

            CREATE FUNCTION case_search_grid() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              SELECT c."GridId" INTO NEW.grid_id FROM "Cases" c WHERE c."Id" = NEW.case_id;
              RETURN NEW;
            END $$;
            CREATE TRIGGER case_search_grid BEFORE INSERT ON case_search FOR EACH ROW EXECUTE FUNCTION case_search_grid();

            CREATE FUNCTION cases_grid_moved() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE case_search SET grid_id = NEW."GridId" WHERE case_id = NEW."Id";
              RETURN NULL;
            END $$;
            CREATE TRIGGER cases_grid_moved AFTER UPDATE OF "GridId" ON "Cases" FOR EACH ROW
              WHEN (OLD."GridId" IS DISTINCT FROM NEW."GridId") EXECUTE FUNCTION cases_grid_moved();

            CREATE INDEX ix_case_search_grid_grams ON case_search USING gin (grid_id, grams);
            DROP INDEX ix_case_search_grams;
            ANALYZE case_search;
            """);
    }

    protected override void Down(MigrationBuilder m)
    {
        if (!m.IsPostgres()) return;
        m.Sql("""
            CREATE INDEX ix_case_search_grams ON case_search USING gin (grams);
            DROP INDEX ix_case_search_grid_grams;
            DROP TRIGGER cases_grid_moved ON "Cases";
            DROP FUNCTION cases_grid_moved();
            DROP TRIGGER case_search_grid ON case_search;
            DROP FUNCTION case_search_grid();
            ALTER TABLE case_search DROP COLUMN grid_id;
            """);
    }
}
