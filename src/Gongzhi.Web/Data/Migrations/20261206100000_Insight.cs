using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Insight (统计与台账): the daily figures the dashboards read, and the sweep's lease.
[DbContext(typeof(GongzhiDb))]
[Migration("20261206100000_Insight")]
public sealed class Insight : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("InsightFigures", t => new
        {
            Day = t.Column<DateOnly>(nullable: false),
            SubdistrictId = t.Column<long>(nullable: false),
            CommunityId = t.Column<long>(nullable: false),
            GridId = t.Column<long>(nullable: false),
            Metric = t.Column<int>(nullable: false),
            Key = t.Column<long>(nullable: false),
            Value = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_InsightFigures", x => new { x.CommunityId, x.Metric, x.Day, x.GridId, x.Key }));
        m.CreateIndex("IX_InsightFigures_SubdistrictId_Metric_Day", "InsightFigures", ["SubdistrictId", "Metric", "Day"]);
        m.CreateIndex("IX_InsightFigures_GridId_Metric_Day", "InsightFigures", ["GridId", "Metric", "Day"]);

        m.CreateTable("InsightSweeps", t => new
        {
            Id = t.Column<int>(nullable: false),
            LeaseUntil = t.Column<DateTime>(nullable: false),
            Holder = t.Column<string>(maxLength: 100, nullable: true),
            LastRunAt = t.Column<DateTime>(nullable: true),
            LastChanged = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_InsightSweeps", x => x.Id));
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("InsightSweeps");
        m.DropTable("InsightFigures");
    }
}
