using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

[DbContext(typeof(GongzhiDb))]
[Migration("20261122090000_Registry")]
public sealed class Registry : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        // Accounts (ASP.NET Core Identity).
        m.CreateTable("AspNetRoles", t => new
        {
            Id = t.Column<string>(nullable: false),
            Name = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedName = t.Column<string>(maxLength: 256, nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AspNetRoles", x => x.Id));
        m.CreateIndex("RoleNameIndex", "AspNetRoles", "NormalizedName", unique: true);

        m.CreateTable("AspNetUsers", t => new
        {
            Id = t.Column<string>(nullable: false),
            DisplayName = t.Column<string>(maxLength: 50, nullable: false),
            ResidentId = t.Column<long>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UserName = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
            Email = t.Column<string>(maxLength: 256, nullable: true),
            NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
            EmailConfirmed = t.Column<bool>(nullable: false),
            PasswordHash = t.Column<string>(nullable: true),
            SecurityStamp = t.Column<string>(nullable: true),
            ConcurrencyStamp = t.Column<string>(nullable: true),
            PhoneNumber = t.Column<string>(maxLength: 256, nullable: true),
            PhoneNumberConfirmed = t.Column<bool>(nullable: false),
            TwoFactorEnabled = t.Column<bool>(nullable: false),
            LockoutEnd = t.Column<DateTimeOffset>(nullable: true),
            LockoutEnabled = t.Column<bool>(nullable: false),
            AccessFailedCount = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_AspNetUsers", x => x.Id));
        m.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        m.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        m.CreateIndex("IX_AspNetUsers_PhoneNumber", "AspNetUsers", "PhoneNumber");
        m.CreateIndex("IX_AspNetUsers_ResidentId", "AspNetUsers", "ResidentId");

        m.CreateTable("AspNetRoleClaims", t => new
        {
            Id = t.Column<int>(nullable: false).AutoIncrement(),
            RoleId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
            t.ForeignKey("FK_AspNetRoleClaims_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AspNetRoleClaims_RoleId", "AspNetRoleClaims", "RoleId");

        m.CreateTable("AspNetUserClaims", t => new
        {
            Id = t.Column<int>(nullable: false).AutoIncrement(),
            UserId = t.Column<string>(nullable: false),
            ClaimType = t.Column<string>(nullable: true),
            ClaimValue = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
            t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");

        m.CreateTable("AspNetUserLogins", t => new
        {
            LoginProvider = t.Column<string>(nullable: false),
            ProviderKey = t.Column<string>(nullable: false),
            ProviderDisplayName = t.Column<string>(nullable: true),
            UserId = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
            t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");

        m.CreateTable("AspNetUserRoles", t => new
        {
            UserId = t.Column<string>(nullable: false),
            RoleId = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
            t.ForeignKey("FK_AspNetUserRoles_AspNetRoles_RoleId", x => x.RoleId, "AspNetRoles", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_AspNetUserRoles_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AspNetUserRoles_RoleId", "AspNetUserRoles", "RoleId");

        m.CreateTable("AspNetUserTokens", t => new
        {
            UserId = t.Column<string>(nullable: false),
            LoginProvider = t.Column<string>(nullable: false),
            Name = t.Column<string>(nullable: false),
            Value = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
            t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });

        // The place tree.
        m.CreateTable("Subdistricts", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Name = t.Column<string>(maxLength: 50, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Subdistricts", x => x.Id));

        m.CreateTable("Communities", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            SubdistrictId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Address = t.Column<string>(maxLength: 200, nullable: true),
            Phone = t.Column<string>(maxLength: 20, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Communities", x => x.Id);
            t.ForeignKey("FK_Communities_Subdistricts_SubdistrictId", x => x.SubdistrictId, "Subdistricts", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Communities_SubdistrictId", "Communities", "SubdistrictId");

        m.CreateTable("Grids", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Description = t.Column<string>(maxLength: 500, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Grids", x => x.Id);
            t.ForeignKey("FK_Grids_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Grids_CommunityId", "Grids", "CommunityId");

        m.CreateTable("Estates", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Address = t.Column<string>(maxLength: 200, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Estates", x => x.Id);
            t.ForeignKey("FK_Estates_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Estates_CommunityId_Name", "Estates", ["CommunityId", "Name"], unique: true);

        m.CreateTable("Buildings", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            EstateId = t.Column<long>(nullable: false),
            Number = t.Column<int>(nullable: false),
            Floors = t.Column<int>(nullable: false),
            GridId = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Buildings", x => x.Id);
            t.ForeignKey("FK_Buildings_Estates_EstateId", x => x.EstateId, "Estates", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Buildings_Grids_GridId", x => x.GridId, "Grids", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Buildings_EstateId_Number", "Buildings", ["EstateId", "Number"], unique: true);
        m.CreateIndex("IX_Buildings_GridId", "Buildings", "GridId");
        m.CreateIndex("IX_Buildings_Number", "Buildings", "Number");

        m.CreateTable("Entrances", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            BuildingId = t.Column<long>(nullable: false),
            Number = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Entrances", x => x.Id);
            t.ForeignKey("FK_Entrances_Buildings_BuildingId", x => x.BuildingId, "Buildings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Entrances_BuildingId_Number", "Entrances", ["BuildingId", "Number"], unique: true);

        m.CreateTable("Households", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            EntranceId = t.Column<long>(nullable: false),
            BuildingId = t.Column<long>(nullable: false),
            EstateId = t.Column<long>(nullable: false),
            GridId = t.Column<long>(nullable: false),
            Room = t.Column<string>(maxLength: 10, nullable: false),
            Note = t.Column<string>(maxLength: 200, nullable: true),
            Version = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Households", x => x.Id);
            t.ForeignKey("FK_Households_Entrances_EntranceId", x => x.EntranceId, "Entrances", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Households_Buildings_BuildingId", x => x.BuildingId, "Buildings", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Households_Estates_EstateId", x => x.EstateId, "Estates", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Households_Grids_GridId", x => x.GridId, "Grids", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Households_EntranceId_Room", "Households", ["EntranceId", "Room"], unique: true);
        m.CreateIndex("IX_Households_GridId", "Households", "GridId");
        m.CreateIndex("IX_Households_BuildingId", "Households", "BuildingId");
        m.CreateIndex("IX_Households_EstateId", "Households", "EstateId");

        m.CreateTable("Residents", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            HouseholdId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Gender = t.Column<int>(nullable: false),
            BirthDate = t.Column<DateOnly>(nullable: true),
            IdNumberCipher = t.Column<string>(maxLength: 100, nullable: true),
            IdNumberHash = t.Column<string>(maxLength: 64, nullable: true),
            IdNumberMasked = t.Column<string>(maxLength: 18, nullable: true),
            Phone = t.Column<string>(maxLength: 20, nullable: true),
            PhoneTail = t.Column<string>(maxLength: 4, nullable: true),
            Relation = t.Column<string>(maxLength: 10, nullable: false),
            Status = t.Column<int>(nullable: false),
            StatusDate = t.Column<DateOnly>(nullable: true),
            StatusNote = t.Column<string>(maxLength: 200, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Residents", x => x.Id);
            t.ForeignKey("FK_Residents_Households_HouseholdId", x => x.HouseholdId, "Households", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Residents_HouseholdId", "Residents", "HouseholdId");
        m.CreateIndex("IX_Residents_Name", "Residents", "Name");
        m.CreateIndex("IX_Residents_PhoneTail", "Residents", "PhoneTail");
        m.CreateIndex("IX_Residents_Phone", "Residents", "Phone");
        m.CreateIndex("IX_Residents_IdNumberHash", "Residents", "IdNumberHash", unique: true, filter: "\"IdNumberHash\" IS NOT NULL");

        m.CreateTable("CareTags", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ResidentId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Since = t.Column<DateOnly>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CareTags", x => x.Id);
            t.ForeignKey("FK_CareTags_Residents_ResidentId", x => x.ResidentId, "Residents", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CareTags_ResidentId_Kind", "CareTags", ["ResidentId", "Kind"], unique: true);
        m.CreateIndex("IX_CareTags_Kind", "CareTags", "Kind");

        m.CreateTable("Ownerships", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            HouseholdId = t.Column<long>(nullable: false),
            ResidentId = t.Column<long>(nullable: true),
            OwnerName = t.Column<string>(maxLength: 50, nullable: false),
            FloorArea = t.Column<decimal>(precision: 10, scale: 2, nullable: false),
            AreaSource = t.Column<int>(nullable: false),
            IsDeveloper = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Ownerships", x => x.Id);
            t.ForeignKey("FK_Ownerships_Households_HouseholdId", x => x.HouseholdId, "Households", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Ownerships_Residents_ResidentId", x => x.ResidentId, "Residents", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Ownerships_HouseholdId", "Ownerships", "HouseholdId");
        m.CreateIndex("IX_Ownerships_ResidentId", "Ownerships", "ResidentId");

        m.CreateTable("DutyPosts", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Kind = t.Column<int>(nullable: false),
            PlaceKind = t.Column<int>(nullable: false),
            PlaceId = t.Column<long>(nullable: false),
            HolderName = t.Column<string>(maxLength: 30, nullable: false),
            HolderPhone = t.Column<string>(maxLength: 20, nullable: true),
            ResidentId = t.Column<long>(nullable: true),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            From = t.Column<DateOnly>(nullable: false),
            To = t.Column<DateOnly>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_DutyPosts", x => x.Id));
        m.CreateIndex("IX_DutyPosts_PlaceKind_PlaceId", "DutyPosts", ["PlaceKind", "PlaceId"]);
        m.CreateIndex("IX_DutyPosts_UserId", "DutyPosts", "UserId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[]
        {
            "DutyPosts", "Ownerships", "CareTags", "Residents", "Households", "Entrances", "Buildings", "Estates", "Grids",
            "Communities", "Subdistricts", "AspNetUserTokens", "AspNetUserRoles", "AspNetUserLogins", "AspNetUserClaims",
            "AspNetRoleClaims", "AspNetUsers", "AspNetRoles",
        })
            m.DropTable(table);
    }
}
