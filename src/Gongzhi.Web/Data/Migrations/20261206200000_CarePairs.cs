using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Care: pairs (结对帮扶), the pair and the confirmed credit of a visit, and a visit's photo.
[DbContext(typeof(GongzhiDb))]
[Migration("20261206200000_CarePairs")]
public sealed class CarePairs : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("CarePairs", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            RecipientId = t.Column<long>(nullable: false),
            HelperUserId = t.Column<string>(maxLength: 450, nullable: false),
            HelperName = t.Column<string>(maxLength: 30, nullable: false),
            From = t.Column<DateOnly>(nullable: false),
            To = t.Column<DateOnly>(nullable: true),
            CreatedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CarePairs", x => x.Id);
            t.ForeignKey("FK_CarePairs_CareRecipients_RecipientId", x => x.RecipientId, "CareRecipients", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CarePairs_RecipientId_Running", "CarePairs", "RecipientId", unique: true, filter: "\"To\" IS NULL");
        m.CreateIndex("IX_CarePairs_HelperUserId", "CarePairs", "HelperUserId");

        m.AddColumn<long>("PairId", "CareVisits", nullable: true);
        m.AddColumn<int>("CreditedMinutes", "CareVisits", nullable: true);
        m.AddColumn<DateTime>("CreditedAt", "CareVisits", nullable: true);
        m.AddColumn<long>("PointsTransactionId", "CareVisits", nullable: true);
        m.AddColumn<string>("PhotoName", "CareVisits", maxLength: 100, nullable: true);
        m.AddColumn<string>("PhotoType", "CareVisits", maxLength: 20, nullable: true);
        m.CreateIndex("IX_CareVisits_PairId", "CareVisits", "PairId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropIndex("IX_CareVisits_PairId", "CareVisits");
        foreach (var c in new[] { "PairId", "CreditedMinutes", "CreditedAt", "PointsTransactionId", "PhotoName", "PhotoType" }) m.DropColumn(c, "CareVisits");
        m.DropTable("CarePairs");
    }
}
