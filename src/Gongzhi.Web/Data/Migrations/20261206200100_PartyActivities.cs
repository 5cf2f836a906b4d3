using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Party: which Activities event a party organisation holds (主题党日, 党课, 组织生活会).
[DbContext(typeof(GongzhiDb))]
[Migration("20261206200100_PartyActivities")]
public sealed class PartyActivities : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("PartyActivities", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            OrganisationId = t.Column<long>(nullable: false),
            EventId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            CreatedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PartyActivities", x => x.Id);
            t.ForeignKey("FK_PartyActivities_PartyOrganisations_OrganisationId", x => x.OrganisationId, "PartyOrganisations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyActivities_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PartyActivities_EventId", "PartyActivities", "EventId", unique: true);
        m.CreateIndex("IX_PartyActivities_OrganisationId", "PartyActivities", "OrganisationId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("PartyActivities");
}
