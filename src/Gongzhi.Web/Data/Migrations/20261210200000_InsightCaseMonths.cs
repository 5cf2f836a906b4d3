using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Insight: Requests' figures (metrics 1-11) are kept per grid and month only (CaseFigures): their day rows go. The month
// rows stay (dashboards keep reading them), but the last run is forgotten, so the next sweep is a full one: the
// incremental sweep trusts that every case written since its last run carries a later UpdatedAt, which cases loaded
// behind the app's back (bench/city/generate.sql backdates them) do not. The sweep now compares the stored rows a month
// at a time: an index on the day and on the month.
[DbContext(typeof(GongzhiDb))]
[Migration("20261210200000_InsightCaseMonths")]
public sealed class InsightCaseMonths : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.Sql("""DELETE FROM "InsightFigures" WHERE "Metric" BETWEEN 1 AND 11;""");
        m.Sql("""UPDATE "InsightSweeps" SET "LastRunAt" = NULL;""");
        m.CreateIndex("IX_InsightFigures_Day", "InsightFigures", "Day");
        m.CreateIndex("IX_InsightMonths_Month", "InsightMonths", "Month");
    }

    // The day rows of cases come back with the previous sweep's next full run (LastRunAt cleared).
    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_InsightMonths_Month", "InsightMonths");
        m.DropIndex("IX_InsightFigures_Day", "InsightFigures");
        m.Sql("""UPDATE "InsightSweeps" SET "LastRunAt" = NULL;""");
    }
}
