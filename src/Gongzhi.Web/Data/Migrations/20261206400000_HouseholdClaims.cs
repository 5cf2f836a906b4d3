using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Claiming a household (认领住户): a self-registered resident asks to be written into a registry
// household; grid staff confirm or refuse. One waiting claim per account.
[DbContext(typeof(GongzhiDb))]
[Migration("20261206400000_HouseholdClaims")]
public sealed class HouseholdClaims : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("HouseholdClaims", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            HouseholdId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Gender = t.Column<int>(nullable: false),
            Relation = t.Column<int>(nullable: false),
            Status = t.Column<int>(nullable: false),
            Reason = t.Column<string>(maxLength: 200, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            DecidedAt = t.Column<DateTime>(nullable: true),
            DecidedBy = t.Column<string>(maxLength: 450, nullable: true),
            ResidentId = t.Column<long>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_HouseholdClaims", x => x.Id);
            t.ForeignKey("FK_HouseholdClaims_Households_HouseholdId", x => x.HouseholdId, "Households", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_HouseholdClaims_UserId_Pending", "HouseholdClaims", "UserId", unique: true, filter: "\"Status\" = 0");
        m.CreateIndex("IX_HouseholdClaims_HouseholdId_Status", "HouseholdClaims", ["HouseholdId", "Status"]);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("HouseholdClaims");
}
