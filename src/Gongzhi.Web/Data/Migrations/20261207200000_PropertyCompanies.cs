using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// 物业公司: companies of a subdistrict, the estates each serves and its butlers, both as spans of dates.
[DbContext(typeof(GongzhiDb))]
[Migration("20261207200000_PropertyCompanies")]
public sealed class PropertyCompanies : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("PropertyCompanies", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            SubdistrictId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Contact = t.Column<string>(maxLength: 30, nullable: true),
            Phone = t.Column<string>(maxLength: 20, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PropertyCompanies", x => x.Id);
            t.ForeignKey("FK_PropertyCompanies_Subdistricts_SubdistrictId", x => x.SubdistrictId, "Subdistricts", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PropertyCompanies_SubdistrictId_Name", "PropertyCompanies", ["SubdistrictId", "Name"], unique: true);

        m.CreateTable("CompanyEstates", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CompanyId = t.Column<long>(nullable: false),
            EstateId = t.Column<long>(nullable: false),
            From = t.Column<DateOnly>(nullable: false),
            To = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CompanyEstates", x => x.Id);
            t.ForeignKey("FK_CompanyEstates_PropertyCompanies_CompanyId", x => x.CompanyId, "PropertyCompanies", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_CompanyEstates_Estates_EstateId", x => x.EstateId, "Estates", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CompanyEstates_EstateId_Current", "CompanyEstates", "EstateId", unique: true, filter: "\"To\" IS NULL");
        m.CreateIndex("IX_CompanyEstates_CompanyId", "CompanyEstates", "CompanyId");

        m.CreateTable("CompanyButlers", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CompanyId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            From = t.Column<DateOnly>(nullable: false),
            To = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CompanyButlers", x => x.Id);
            t.ForeignKey("FK_CompanyButlers_PropertyCompanies_CompanyId", x => x.CompanyId, "PropertyCompanies", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_CompanyButlers_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CompanyButlers_UserId_Current", "CompanyButlers", "UserId", unique: true, filter: "\"To\" IS NULL");
        m.CreateIndex("IX_CompanyButlers_CompanyId", "CompanyButlers", "CompanyId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("CompanyButlers");
        m.DropTable("CompanyEstates");
        m.DropTable("PropertyCompanies");
    }
}
