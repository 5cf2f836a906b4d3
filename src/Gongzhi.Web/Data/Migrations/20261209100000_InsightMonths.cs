using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Insight: the daily figures summed per month, so a year's dashboard reads 12 rows per figure, not 365.
// Filled here from the days already swept, so dashboards read the same figures before the next sweep as after it.
[DbContext(typeof(GongzhiDb))]
[Migration("20261209100000_InsightMonths")]
public sealed class InsightMonths : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("InsightMonths", t => new
        {
            Month = t.Column<DateOnly>(nullable: false),
            SubdistrictId = t.Column<long>(nullable: false),
            CommunityId = t.Column<long>(nullable: false),
            GridId = t.Column<long>(nullable: false),
            Metric = t.Column<int>(nullable: false),
            Key = t.Column<long>(nullable: false),
            Value = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_InsightMonths", x => new { x.CommunityId, x.Metric, x.Month, x.GridId, x.Key }));
        m.CreateIndex("IX_InsightMonths_SubdistrictId_Metric_Month", "InsightMonths", ["SubdistrictId", "Metric", "Month"]);
        m.CreateIndex("IX_InsightMonths_GridId_Metric_Month", "InsightMonths", ["GridId", "Metric", "Month"]);
        var month = m.IsPostgres() ? "CAST(date_trunc('month', \"Day\") AS date)" : "substr(\"Day\", 1, 8) || '01'";
        m.Sql($"""
            INSERT INTO "InsightMonths" ("Month", "SubdistrictId", "CommunityId", "GridId", "Metric", "Key", "Value")
            SELECT {month}, "SubdistrictId", "CommunityId", "GridId", "Metric", "Key", sum("Value") FROM "InsightFigures"
            WHERE "Day" <> {(m.IsPostgres() ? "DATE '2000-01-01'" : "'2000-01-01'")}
            GROUP BY {month}, "SubdistrictId", "CommunityId", "GridId", "Metric", "Key"
            """);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("InsightMonths");
}
