using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Party building and co-building (党建引领与共驻共建): party organisations and their posts, members,
// co-building units, the alliance's resource and need lists and the projects matching them, and
// joint meetings (each a Deliberation meeting with its chair unit).
[DbContext(typeof(GongzhiDb))]
[Migration("20261205170000_Party")]
public sealed class Party : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("PartnerUnits", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Kind = t.Column<int>(nullable: false),
            ContactName = t.Column<string>(maxLength: 30, nullable: false),
            ContactPhone = t.Column<string>(maxLength: 20, nullable: true),
            ContactUserId = t.Column<string>(maxLength: 450, nullable: true),
            JoinedOn = t.Column<DateOnly>(nullable: false),
            LeftOn = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PartnerUnits", x => x.Id);
            t.ForeignKey("FK_PartnerUnits_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PartnerUnits_CommunityId_Name", "PartnerUnits", ["CommunityId", "Name"], unique: true);

        m.CreateTable("PartyOrganisations", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            SubdistrictId = t.Column<long>(nullable: false),
            CommunityId = t.Column<long>(nullable: true),
            ParentId = t.Column<long>(nullable: true),
            Kind = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            PlaceKind = t.Column<int>(nullable: true),
            PlaceId = t.Column<long>(nullable: true),
            UnitId = t.Column<long>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PartyOrganisations", x => x.Id);
            t.ForeignKey("FK_PartyOrganisations_Subdistricts_SubdistrictId", x => x.SubdistrictId, "Subdistricts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyOrganisations_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyOrganisations_PartyOrganisations_ParentId", x => x.ParentId, "PartyOrganisations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyOrganisations_PartnerUnits_UnitId", x => x.UnitId, "PartnerUnits", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PartyOrganisations_CommunityId", "PartyOrganisations", "CommunityId");
        m.CreateIndex("IX_PartyOrganisations_ParentId", "PartyOrganisations", "ParentId");
        m.CreateIndex("IX_PartyOrganisations_SubdistrictId", "PartyOrganisations", "SubdistrictId");
        m.CreateIndex("IX_PartyOrganisations_UnitId", "PartyOrganisations", "UnitId");

        m.CreateTable("PartyMembers", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            ResidentId = t.Column<long>(nullable: true),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            GridId = t.Column<long>(nullable: true),
            HouseholdId = t.Column<long>(nullable: true),
            OrganisationId = t.Column<long>(nullable: true),
            UnitId = t.Column<long>(nullable: true),
            JoinedOn = t.Column<DateOnly>(nullable: false),
            ReportedOn = t.Column<DateOnly>(nullable: true),
            ShowBadge = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PartyMembers", x => x.Id);
            t.ForeignKey("FK_PartyMembers_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyMembers_Residents_ResidentId", x => x.ResidentId, "Residents", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyMembers_Grids_GridId", x => x.GridId, "Grids", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyMembers_Households_HouseholdId", x => x.HouseholdId, "Households", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyMembers_PartyOrganisations_OrganisationId", x => x.OrganisationId, "PartyOrganisations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyMembers_PartnerUnits_UnitId", x => x.UnitId, "PartnerUnits", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PartyMembers_ResidentId", "PartyMembers", "ResidentId", unique: true);
        m.CreateIndex("IX_PartyMembers_UserId", "PartyMembers", "UserId", unique: true);
        m.CreateIndex("IX_PartyMembers_CommunityId_GridId", "PartyMembers", ["CommunityId", "GridId"]);
        m.CreateIndex("IX_PartyMembers_GridId", "PartyMembers", "GridId");
        m.CreateIndex("IX_PartyMembers_HouseholdId", "PartyMembers", "HouseholdId");
        m.CreateIndex("IX_PartyMembers_OrganisationId", "PartyMembers", "OrganisationId");
        m.CreateIndex("IX_PartyMembers_UnitId", "PartyMembers", "UnitId");

        m.CreateTable("PartyPosts", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            OrganisationId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            HolderName = t.Column<string>(maxLength: 30, nullable: false),
            MemberId = t.Column<long>(nullable: true),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            From = t.Column<DateOnly>(nullable: false),
            To = t.Column<DateOnly>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PartyPosts", x => x.Id);
            t.ForeignKey("FK_PartyPosts_PartyOrganisations_OrganisationId", x => x.OrganisationId, "PartyOrganisations", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PartyPosts_PartyMembers_MemberId", x => x.MemberId, "PartyMembers", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PartyPosts_OrganisationId", "PartyPosts", "OrganisationId");
        m.CreateIndex("IX_PartyPosts_UserId", "PartyPosts", "UserId");
        m.CreateIndex("IX_PartyPosts_MemberId", "PartyPosts", "MemberId");

        m.CreateTable("AllianceItems", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Side = t.Column<int>(nullable: false),
            UnitId = t.Column<long>(nullable: true),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            Detail = t.Column<string>(maxLength: 500, nullable: true),
            Status = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AllianceItems", x => x.Id);
            t.ForeignKey("FK_AllianceItems_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_AllianceItems_PartnerUnits_UnitId", x => x.UnitId, "PartnerUnits", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_AllianceItems_CommunityId_Side_Status", "AllianceItems", ["CommunityId", "Side", "Status"]);
        m.CreateIndex("IX_AllianceItems_UnitId", "AllianceItems", "UnitId");

        m.CreateTable("AllianceProjects", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Title = t.Column<string>(maxLength: 120, nullable: false),
            ResourceId = t.Column<long>(nullable: false),
            NeedId = t.Column<long>(nullable: false),
            Status = t.Column<int>(nullable: false),
            MatchedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            MatchedAt = t.Column<DateTime>(nullable: false),
            Outcome = t.Column<string>(maxLength: 500, nullable: true),
            ClosedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AllianceProjects", x => x.Id);
            t.ForeignKey("FK_AllianceProjects_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_AllianceProjects_AllianceItems_ResourceId", x => x.ResourceId, "AllianceItems", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_AllianceProjects_AllianceItems_NeedId", x => x.NeedId, "AllianceItems", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_AllianceProjects_CommunityId", "AllianceProjects", "CommunityId");
        m.CreateIndex("IX_AllianceProjects_ResourceId", "AllianceProjects", "ResourceId");
        m.CreateIndex("IX_AllianceProjects_NeedId", "AllianceProjects", "NeedId");

        m.CreateTable("JointMeetings", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Number = t.Column<int>(nullable: false),
            MeetingId = t.Column<long>(nullable: false),
            ChairUnitId = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_JointMeetings", x => x.Id);
            t.ForeignKey("FK_JointMeetings_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_JointMeetings_Meetings_MeetingId", x => x.MeetingId, "Meetings", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_JointMeetings_PartnerUnits_ChairUnitId", x => x.ChairUnitId, "PartnerUnits", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_JointMeetings_CommunityId_Number", "JointMeetings", ["CommunityId", "Number"], unique: true);
        m.CreateIndex("IX_JointMeetings_MeetingId", "JointMeetings", "MeetingId", unique: true);
        m.CreateIndex("IX_JointMeetings_ChairUnitId", "JointMeetings", "ChairUnitId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "JointMeetings", "AllianceProjects", "AllianceItems", "PartyPosts", "PartyMembers", "PartyOrganisations", "PartnerUnits" })
            m.DropTable(table);
    }
}
