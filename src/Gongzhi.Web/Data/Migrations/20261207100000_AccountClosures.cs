using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// PIPL: residents' requests to close their accounts (one waiting per account), and when the retention
// sweep anonymised a closed case.
[DbContext(typeof(GongzhiDb))]
[Migration("20261207100000_AccountClosures")]
public sealed class AccountClosures : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("AccountClosures", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            HouseholdId = t.Column<long>(nullable: true),
            Reason = t.Column<string>(maxLength: 200, nullable: true),
            Status = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            HandledAt = t.Column<DateTime>(nullable: true),
            HandledBy = t.Column<string>(maxLength: 450, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AccountClosures", x => x.Id);
            t.ForeignKey("FK_AccountClosures_Households_HouseholdId", x => x.HouseholdId, "Households", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_AccountClosures_UserId_Pending", "AccountClosures", "UserId", unique: true, filter: "\"Status\" = 0");
        m.CreateIndex("IX_AccountClosures_Status_HouseholdId", "AccountClosures", ["Status", "HouseholdId"]);
        m.CreateIndex("IX_AccountClosures_HouseholdId", "AccountClosures", "HouseholdId");
        m.AddColumn<DateTime>("AnonymisedAt", "Cases", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("AnonymisedAt", "Cases");
        m.DropTable("AccountClosures");
    }
}
