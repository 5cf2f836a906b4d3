using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Points rules belong to a community: each sets its own, and the rows without a community stay the
// installation's defaults for communities that have not (so existing rules keep applying everywhere).
[DbContext(typeof(GongzhiDb))]
[Migration("20261205110000_CommunityPointsRules")]
public sealed class CommunityPointsRules : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.DropIndex("IX_PointsRules_Kind_Key", "PointsRules");
        m.AddColumn<long>("CommunityId", "PointsRules", nullable: true);
        m.CreateIndex("IX_PointsRules_CommunityId_Kind_Key", "PointsRules", ["CommunityId", "Kind", "Key"], unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_PointsRules_CommunityId_Kind_Key", "PointsRules");
        m.DropColumn("CommunityId", "PointsRules");
        m.CreateIndex("IX_PointsRules_Kind_Key", "PointsRules", ["Kind", "Key"], unique: true);
    }
}
