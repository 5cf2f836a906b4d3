using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Retired grids and buildings (kept for the cases that name them) and the history of buildings moved between grids.
[DbContext(typeof(GongzhiDb))]
[Migration("20261207200001_PlaceHistory")]
public sealed class PlaceHistory : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<DateOnly>("RetiredOn", "Grids", nullable: true);
        m.AddColumn<DateOnly>("RetiredOn", "Buildings", nullable: true);
        m.CreateTable("BuildingMoves", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            BuildingId = t.Column<long>(nullable: false),
            FromGridId = t.Column<long>(nullable: false),
            ToGridId = t.Column<long>(nullable: false),
            MovedAt = t.Column<DateTime>(nullable: false),
            MovedBy = t.Column<string>(maxLength: 450, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_BuildingMoves", x => x.Id);
            t.ForeignKey("FK_BuildingMoves_Buildings_BuildingId", x => x.BuildingId, "Buildings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_BuildingMoves_BuildingId", "BuildingMoves", "BuildingId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("BuildingMoves");
        m.DropColumn("RetiredOn", "Buildings");
        m.DropColumn("RetiredOn", "Grids");
    }
}
