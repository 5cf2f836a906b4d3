using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// WeChat: the access_token and jsapi_ticket shared by all instances (one row per account and kind,
// refreshed under a lease), and the mark that a bound person unfollowed the Official Account (43004).
[DbContext(typeof(GongzhiDb))]
[Migration("20261207300000_WeChatShared")]
public sealed class WeChatShared : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("WeChatCredentials", t => new
        {
            AppId = t.Column<string>(maxLength: 32, nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            Value = t.Column<string>(maxLength: 512, nullable: true),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            LeaseUntil = t.Column<DateTime>(nullable: true),
            Version = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_WeChatCredentials", x => new { x.AppId, x.Kind }));
        m.AddColumn<DateTime>("UnsubscribedAt", "WeChatBindings", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("UnsubscribedAt", "WeChatBindings");
        m.DropTable("WeChatCredentials");
    }
}
