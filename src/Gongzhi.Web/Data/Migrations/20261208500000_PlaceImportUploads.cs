using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Previewed address files wait for their commit in the database, so any instance can commit them.
[DbContext(typeof(GongzhiDb))]
[Migration("20261208500000_PlaceImportUploads")]
public sealed class PlaceImportUploads : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("PlaceImportUploads", t => new
        {
            Token = t.Column<string>(maxLength: 32, nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            CommunityId = t.Column<long>(nullable: false),
            File = t.Column<byte[]>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_PlaceImportUploads", x => x.Token));
        m.CreateIndex("IX_PlaceImportUploads_ExpiresAt", "PlaceImportUploads", "ExpiresAt");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("PlaceImportUploads");
}
