using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// WeChat web sign-in (微信网页授权): which openid of which Official Account signs in which account.
[DbContext(typeof(GongzhiDb))]
[Migration("20261205180000_WeChat")]
public sealed class WeChat : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("WeChatBindings", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            AppId = t.Column<string>(maxLength: 32, nullable: false),
            OpenId = t.Column<string>(maxLength: 64, nullable: false),
            UnionId = t.Column<string>(maxLength: 64, nullable: true),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            BoundAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_WeChatBindings", x => x.Id));
        m.CreateIndex("IX_WeChatBindings_AppId_OpenId", "WeChatBindings", ["AppId", "OpenId"], unique: true);
        m.CreateIndex("IX_WeChatBindings_UserId", "WeChatBindings", "UserId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("WeChatBindings");
}
