using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// When each account last signed in, for the administrator's account pages.
[DbContext(typeof(GongzhiDb))]
[Migration("20261206400100_LastSignIn")]
public sealed class LastSignIn : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<DateTime>("LastSignInAt", "AspNetUsers", nullable: true);

    protected override void Down(MigrationBuilder m) => m.DropColumn("LastSignInAt", "AspNetUsers");
}
