using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Open311 to the letter: a description of up to 4,000 characters (GeoReport v2), and each api_key's
// own rate limit (null: the configured default). Per-person and per-household votes get a quorum and
// a threshold (null on votes opened before: counted as they were).
[DbContext(typeof(GongzhiDb))]
[Migration("20261205120000_Open311Hardening")]
public sealed class Open311Hardening : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        // SQLite keeps no lengths (and EF would rebuild the whole table to "change" one).
        if (m.IsPostgres())
            m.AlterColumn<string>("Description", "Cases", maxLength: 4000, nullable: false, oldMaxLength: 1000, oldClrType: typeof(string));
        m.AddColumn<int>("RequestsPerMinute", "Open311Keys", nullable: true);
        m.AddColumn<int>("Quorum", "Votes", nullable: true);
        m.AddColumn<int>("Approval", "Votes", nullable: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("Approval", "Votes");
        m.DropColumn("Quorum", "Votes");
        m.DropColumn("RequestsPerMinute", "Open311Keys");
        if (m.IsPostgres())
            m.AlterColumn<string>("Description", "Cases", maxLength: 1000, nullable: false, oldMaxLength: 4000, oldClrType: typeof(string));
    }
}
