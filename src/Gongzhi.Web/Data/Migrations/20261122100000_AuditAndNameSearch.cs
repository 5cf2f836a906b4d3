using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Adds the personal-data audit log and the bigram index behind Chinese name search,
// filling the index from the residents already registered.
[DbContext(typeof(GongzhiDb))]
[Migration("20261122100000_AuditAndNameSearch")]
public sealed class AuditAndNameSearch : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("AuditEntries", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            At = t.Column<DateTime>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            UserName = t.Column<string>(maxLength: 64, nullable: false),
            Action = t.Column<string>(maxLength: 32, nullable: false),
            Subject = t.Column<string>(maxLength: 200, nullable: false),
            Detail = t.Column<string>(maxLength: 500, nullable: true),
            IpAddress = t.Column<string>(maxLength: 64, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AuditEntries", x => x.Id));
        m.CreateIndex("IX_AuditEntries_At", "AuditEntries", "At");

        m.CreateTable("NameGrams", t => new
        {
            Gram = t.Column<string>(maxLength: 2, nullable: false),
            ResidentId = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_NameGrams", x => new { x.Gram, x.ResidentId });
            t.ForeignKey("FK_NameGrams_Residents_ResidentId", x => x.ResidentId, "Residents", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_NameGrams_ResidentId", "NameGrams", "ResidentId");

        // Same rule as NameGram.For: spaces and the middle dot are dropped, then every two-character window.
        if (m.IsPostgres())
        {
            m.Sql("""
                INSERT INTO "NameGrams" ("Gram", "ResidentId")
                SELECT DISTINCT substr(r.n, i, 2), r.id
                FROM (SELECT "Id" AS id, replace(replace("Name", ' ', ''), '·', '') AS n FROM "Residents") r,
                     generate_series(1, greatest(length(r.n) - 1, 0)) AS i
                ON CONFLICT DO NOTHING;
                """);
        }
        else
        {
            m.Sql("""
                WITH RECURSIVE g(id, n, i) AS (
                    SELECT "Id", replace(replace("Name", ' ', ''), '·', ''), 1 FROM "Residents"
                    UNION ALL SELECT id, n, i + 1 FROM g WHERE i + 2 <= length(n))
                INSERT OR IGNORE INTO "NameGrams" ("Gram", "ResidentId")
                SELECT substr(n, i, 2), id FROM g WHERE length(n) >= 2;
                """);
        }
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("NameGrams");
        m.DropTable("AuditEntries");
    }
}
