using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Open311: the API keys administrators issue to other systems (stored as SHA-256 hashes), and the
// token of each request those systems created.
[DbContext(typeof(GongzhiDb))]
[Migration("20261122120000_Open311Keys")]
public sealed class Open311Keys : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Open311Keys", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            KeyHash = t.Column<string>(maxLength: 64, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            RevokedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_Open311Keys", x => x.Id));
        m.CreateIndex("IX_Open311Keys_KeyHash", "Open311Keys", "KeyHash", unique: true);

        m.CreateTable("Open311Tokens", t => new
        {
            Token = t.Column<string>(maxLength: 32, nullable: false),
            CaseId = t.Column<long>(nullable: false),
            KeyId = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Open311Tokens", x => x.Token);
            t.ForeignKey("FK_Open311Tokens_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Open311Tokens_Open311Keys_KeyId", x => x.KeyId, "Open311Keys", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Open311Tokens_CaseId", "Open311Tokens", "CaseId", unique: true);
        m.CreateIndex("IX_Open311Tokens_KeyId", "Open311Tokens", "KeyId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("Open311Tokens");
        m.DropTable("Open311Keys");
    }
}
