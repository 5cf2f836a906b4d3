using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// The covering index the three rates are computed from (see Modules/Requests/Metrics/CaseMetricsIndex.cs).
// The columns are written out here, not taken from that class, so this migration never changes once it has run.
[DbContext(typeof(GongzhiDb))]
[Migration("20261122130000_CaseMetricsIndex")]
public sealed class CaseMetricsIndex : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.CreateIndex("IX_Cases_Metrics", "Cases",
        [
            "SubmittedAt", "CategoryId", "GridId", "CommunityId", "SubdistrictId", "OwnerUserId", "Status", "EscalationLevel", "Rating",
            "RespondBy", "ResolveBy", "FirstContactAt", "ResolvedAt", "ClosedAt", "ReporterUserId", "EnteredByUserId",
        ]);

    protected override void Down(MigrationBuilder m) => m.DropIndex("IX_Cases_Metrics", "Cases");
}
