using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Requests (接诉即办): categories, departments, cases with their timeline, referrals, photos,
// disputes, the working calendar, the inbox, building coordinates, and the full-text index of cases.
[DbContext(typeof(GongzhiDb))]
[Migration("20261122110000_Requests")]
public sealed class Requests : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.AddColumn<double>("Latitude", "Buildings", nullable: true);
        m.AddColumn<double>("Longitude", "Buildings", nullable: true);

        m.CreateTable("Notifications", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            Kind = t.Column<string>(maxLength: 40, nullable: false),
            MessageKey = t.Column<string>(maxLength: 100, nullable: false),
            ArgsJson = t.Column<string>(maxLength: 1000, nullable: true),
            Link = t.Column<string>(maxLength: 200, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ReadAt = t.Column<DateTime>(nullable: true),
            SentAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_Notifications", x => x.Id));
        m.CreateIndex("IX_Notifications_UserId_Id", "Notifications", ["UserId", "Id"]);
        m.CreateIndex("IX_Notifications_SentAt", "Notifications", "SentAt");

        m.CreateTable("CalendarDays", t => new
        {
            Date = t.Column<DateOnly>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: 20, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_CalendarDays", x => x.Date));

        m.CreateTable("Departments", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            SubdistrictId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            Phone = t.Column<string>(maxLength: 20, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Departments", x => x.Id);
            t.ForeignKey("FK_Departments_Subdistricts_SubdistrictId", x => x.SubdistrictId, "Subdistricts", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Departments_SubdistrictId", "Departments", "SubdistrictId");

        m.CreateTable("DepartmentMembers", t => new
        {
            DepartmentId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_DepartmentMembers", x => new { x.DepartmentId, x.UserId });
            t.ForeignKey("FK_DepartmentMembers_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_DepartmentMembers_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_DepartmentMembers_UserId", "DepartmentMembers", "UserId");

        m.CreateTable("CaseCategories", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Code = t.Column<string>(maxLength: 40, nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Description = t.Column<string>(maxLength: 300, nullable: true),
            Group = t.Column<string>(maxLength: 20, nullable: false),
            Keywords = t.Column<string>(maxLength: 200, nullable: true),
            RouteFirst = t.Column<int>(nullable: false),
            DepartmentId = t.Column<long>(nullable: true),
            AllowAnonymous = t.Column<bool>(nullable: false),
            IsDispute = t.Column<bool>(nullable: false),
            ContactMinutes = t.Column<int>(nullable: false),
            ResolveDays = t.Column<int>(nullable: false),
            Active = t.Column<bool>(nullable: false),
            SortOrder = t.Column<int>(nullable: false),
            QuestionsJson = t.Column<string>(maxLength: 4000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CaseCategories", x => x.Id);
            t.ForeignKey("FK_CaseCategories_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CaseCategories_Code", "CaseCategories", "Code", unique: true);
        m.CreateIndex("IX_CaseCategories_DepartmentId", "CaseCategories", "DepartmentId");

        m.CreateTable("Cases", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CategoryId = t.Column<long>(nullable: false),
            Channel = t.Column<int>(nullable: false),
            Status = t.Column<int>(nullable: false),
            Description = t.Column<string>(maxLength: 1000, nullable: false),
            Address = t.Column<string>(maxLength: 200, nullable: false),
            SubdistrictId = t.Column<long>(nullable: false),
            CommunityId = t.Column<long>(nullable: false),
            GridId = t.Column<long>(nullable: false),
            EstateId = t.Column<long>(nullable: true),
            BuildingId = t.Column<long>(nullable: true),
            HouseholdId = t.Column<long>(nullable: true),
            Latitude = t.Column<double>(nullable: true),
            Longitude = t.Column<double>(nullable: true),
            Anonymous = t.Column<bool>(nullable: false),
            ReporterUserId = t.Column<string>(maxLength: 450, nullable: true),
            ReporterResidentId = t.Column<long>(nullable: true),
            ReporterName = t.Column<string>(maxLength: 30, nullable: true),
            ReporterPhone = t.Column<string>(maxLength: 20, nullable: true),
            EnteredByUserId = t.Column<string>(maxLength: 450, nullable: true),
            OwnerUserId = t.Column<string>(maxLength: 450, nullable: true),
            OwnerName = t.Column<string>(maxLength: 30, nullable: false),
            SubmittedAt = t.Column<DateTime>(nullable: false),
            RespondBy = t.Column<DateTime>(nullable: false),
            ResolveBy = t.Column<DateTime>(nullable: false),
            AcceptedAt = t.Column<DateTime>(nullable: true),
            FirstContactAt = t.Column<DateTime>(nullable: true),
            ResolvedAt = t.Column<DateTime>(nullable: true),
            ClosedAt = t.Column<DateTime>(nullable: true),
            Resolution = t.Column<string>(maxLength: 1000, nullable: true),
            Rating = t.Column<int>(nullable: true),
            RatingComment = t.Column<string>(maxLength: 500, nullable: true),
            RatedAt = t.Column<DateTime>(nullable: true),
            ReopenCount = t.Column<int>(nullable: false),
            EscalationLevel = t.Column<int>(nullable: false),
            PossibleDuplicateOfId = t.Column<long>(nullable: true),
            MergedIntoId = t.Column<long>(nullable: true),
            IdempotencyKey = t.Column<string>(maxLength: 200, nullable: true),
            AnswersJson = t.Column<string>(maxLength: 4000, nullable: true),
            Agreement = t.Column<string>(maxLength: 2000, nullable: true),
            AgreedAt = t.Column<DateTime>(nullable: true),
            WarnedFor = t.Column<DateTime>(nullable: true),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Cases", x => x.Id);
            t.ForeignKey("FK_Cases_CaseCategories_CategoryId", x => x.CategoryId, "CaseCategories", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Cases_Grids_GridId", x => x.GridId, "Grids", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Cases_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Cases_Households_HouseholdId", x => x.HouseholdId, "Households", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Cases_Buildings_BuildingId", x => x.BuildingId, "Buildings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Cases_CategoryId", "Cases", "CategoryId");
        m.CreateIndex("IX_Cases_HouseholdId", "Cases", "HouseholdId");
        m.CreateIndex("IX_Cases_IdempotencyKey", "Cases", "IdempotencyKey", unique: true);
        m.CreateIndex("IX_Cases_OwnerUserId_Status_ResolveBy", "Cases", ["OwnerUserId", "Status", "ResolveBy"]);
        m.CreateIndex("IX_Cases_GridId_Status_ResolveBy", "Cases", ["GridId", "Status", "ResolveBy"]);
        m.CreateIndex("IX_Cases_Status_ResolveBy", "Cases", ["Status", "ResolveBy"]);
        m.CreateIndex("IX_Cases_ReporterUserId_Id", "Cases", ["ReporterUserId", "Id"]);
        m.CreateIndex("IX_Cases_CommunityId_SubmittedAt", "Cases", ["CommunityId", "SubmittedAt"]);
        m.CreateIndex("IX_Cases_BuildingId_CategoryId_SubmittedAt", "Cases", ["BuildingId", "CategoryId", "SubmittedAt"]);
        m.CreateIndex("IX_Cases_UpdatedAt", "Cases", "UpdatedAt");

        m.CreateTable("CaseEvents", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CaseId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            ActorUserId = t.Column<string>(maxLength: 450, nullable: true),
            ActorName = t.Column<string>(maxLength: 30, nullable: false),
            Text = t.Column<string>(maxLength: 2000, nullable: true),
            Internal = t.Column<bool>(nullable: false),
            ToStatus = t.Column<int>(nullable: true),
            ReferralId = t.Column<long>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CaseEvents", x => x.Id);
            t.ForeignKey("FK_CaseEvents_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CaseEvents_CaseId_Id", "CaseEvents", ["CaseId", "Id"]);
        m.CreateIndex("IX_CaseEvents_At", "CaseEvents", "At");

        m.CreateTable("Referrals", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CaseId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            DepartmentId = t.Column<long>(nullable: true),
            EstateId = t.Column<long>(nullable: true),
            TargetName = t.Column<string>(maxLength: 50, nullable: false),
            Note = t.Column<string>(maxLength: 500, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            Reply = t.Column<string>(maxLength: 4000, nullable: true),
            RepliedAt = t.Column<DateTime>(nullable: true),
            RepliedByUserId = t.Column<string>(maxLength: 450, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Referrals", x => x.Id);
            t.ForeignKey("FK_Referrals_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Referrals_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Referrals_CaseId", "Referrals", "CaseId");
        m.CreateIndex("IX_Referrals_DepartmentId_RepliedAt", "Referrals", ["DepartmentId", "RepliedAt"]);
        m.CreateIndex("IX_Referrals_EstateId_RepliedAt", "Referrals", ["EstateId", "RepliedAt"]);

        m.CreateTable("CasePhotos", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CaseId = t.Column<long>(nullable: false),
            Stage = t.Column<int>(nullable: false),
            StoredName = t.Column<string>(maxLength: 80, nullable: false),
            ContentType = t.Column<string>(maxLength: 40, nullable: false),
            Length = t.Column<long>(nullable: false),
            UploadedAt = t.Column<DateTime>(nullable: false),
            UploadedByUserId = t.Column<string>(maxLength: 450, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CasePhotos", x => x.Id);
            t.ForeignKey("FK_CasePhotos_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CasePhotos_CaseId", "CasePhotos", "CaseId");

        m.CreateTable("DisputeParties", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CaseId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Phone = t.Column<string>(maxLength: 20, nullable: true),
            Role = t.Column<string>(maxLength: 30, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_DisputeParties", x => x.Id);
            t.ForeignKey("FK_DisputeParties_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_DisputeParties_CaseId", "DisputeParties", "CaseId");

        m.CreateTable("MediationSessions", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CaseId = t.Column<long>(nullable: false),
            HeldAt = t.Column<DateTime>(nullable: false),
            Place = t.Column<string>(maxLength: 100, nullable: false),
            Mediators = t.Column<string>(maxLength: 100, nullable: false),
            Summary = t.Column<string>(maxLength: 2000, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MediationSessions", x => x.Id);
            t.ForeignKey("FK_MediationSessions_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_MediationSessions_CaseId", "MediationSessions", "CaseId");

        // The search index: each case's text as space-separated bigrams (see CaseText).
        if (m.IsPostgres())
        {
            m.Sql("""
                CREATE TABLE case_search (case_id bigint PRIMARY KEY REFERENCES "Cases" ("Id") ON DELETE CASCADE, grams text[] NOT NULL);
                CREATE INDEX ix_case_search_grams ON case_search USING gin (grams);
                """);
        }
        else
        {
            m.Sql("CREATE VIRTUAL TABLE case_search USING fts5(grams, tokenize = 'unicode61 remove_diacritics 0', detail = 'none');");
        }
    }

    protected override void Down(MigrationBuilder m)
    {
        m.Sql("DROP TABLE case_search;");
        foreach (var table in new[] { "MediationSessions", "DisputeParties", "CasePhotos", "Referrals", "CaseEvents", "Cases", "CaseCategories", "DepartmentMembers", "Departments", "CalendarDays", "Notifications" })
            m.DropTable(table);
        m.DropColumn("Longitude", "Buildings");
        m.DropColumn("Latitude", "Buildings");
    }
}
