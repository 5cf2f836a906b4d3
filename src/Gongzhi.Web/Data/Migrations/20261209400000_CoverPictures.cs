using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Events, rewards and topics can carry a cover picture (stored like a case photo; the row keeps its name and type).
[DbContext(typeof(GongzhiDb))]
[Migration("20261209400000_CoverPictures")]
public sealed class CoverPictureColumns : Migration
{
    private static readonly string[] Tables = ["Events", "Rewards", "Topics"];

    protected override void Up(MigrationBuilder m)
    {
        foreach (var table in Tables)
        {
            m.AddColumn<string>("CoverName", table, maxLength: 100, nullable: true);
            m.AddColumn<string>("CoverType", table, maxLength: 30, nullable: true);
        }
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in Tables)
        {
            m.DropColumn("CoverName", table);
            m.DropColumn("CoverType", table);
        }
    }
}
