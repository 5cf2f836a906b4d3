using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// A check value of Privacy:Key, so an instance configured with another key refuses to start (Platform/Privacy/PrivacyKeyGuard).
[DbContext(typeof(GongzhiDb))]
[Migration("20261205100000_KeyChecks")]
public sealed class KeyChecks : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.CreateTable("KeyChecks", t => new
        {
            Name = t.Column<string>(maxLength: 40, nullable: false),
            Value = t.Column<string>(maxLength: 64, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_KeyChecks", x => x.Name));

    protected override void Down(MigrationBuilder m) => m.DropTable("KeyChecks");
}
