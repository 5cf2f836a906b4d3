using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Indexes chosen from the plans of the generated city (docs/benchmarks.md, "City on PostgreSQL"; the model side is
// Modules/Requests/OpenCases.cs). IF NOT EXISTS, with the names of bench/city/candidate-indexes.sql: on a city's
// database an operator builds them there first with CREATE INDEX CONCURRENTLY (no lock on Cases), and this
// migration then finds them and only records itself. Columns are written out so the migration never changes.
[DbContext(typeof(GongzhiDb))]
[Migration("20261209500000_CityIndexes")]
public sealed class CityIndexes : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        // The escalation sweep: only open cases, in id order (thousands of entries, not millions).
        m.Sql("""CREATE INDEX IF NOT EXISTS "IX_Cases_Open_Id" ON "Cases" ("Id") WHERE "Status" IN (1, 2, 3, 6);""");
        // Open311 GET: open requests, newest first.
        m.Sql("""CREATE INDEX IF NOT EXISTS "IX_Cases_Open_SubmittedAt" ON "Cases" ("SubmittedAt" DESC, "Id" DESC) WHERE "Status" IN (1, 2, 3, 6);""");
        // What a staff member entered themselves, so their scope (grids OR own entries) can be read from indexes.
        m.Sql("""CREATE INDEX IF NOT EXISTS "IX_Cases_EnteredByUserId_Id" ON "Cases" ("EnteredByUserId", "Id") WHERE "EnteredByUserId" IS NOT NULL;""");
        if (!m.IsPostgres()) return;
        // The three rates of a subdistrict: its grids' cases of a period, read from the index alone.
        m.Sql("""
            CREATE INDEX IF NOT EXISTS "IX_Cases_GridId_SubmittedAt" ON "Cases" ("GridId", "SubmittedAt")
              INCLUDE ("CommunityId", "Status", "FirstContactAt", "RespondBy", "ResolveBy", "ResolvedAt", "ClosedAt", "Rating", "EscalationLevel");
            """);
    }

    protected override void Down(MigrationBuilder m)
    {
        if (m.IsPostgres()) m.Sql("""DROP INDEX "IX_Cases_GridId_SubmittedAt";""");
        m.Sql("""DROP INDEX "IX_Cases_EnteredByUserId_Id";""");
        m.Sql("""DROP INDEX "IX_Cases_Open_SubmittedAt";""");
        m.Sql("""DROP INDEX "IX_Cases_Open_Id";""");
    }
}
