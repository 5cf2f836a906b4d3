using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Projects and organisations (微公益创投与社会组织): social organisations with members and annual
// reviews, project calls with their rubric and panel, applications with budget lines and
// milestones, reviews and scores, milestone reports with spending and files, the grants ledger,
// and followers of a project.
[DbContext(typeof(GongzhiDb))]
[Migration("20261205160000_Projects")]
public sealed class Projects : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("SocialOrganisations", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 40, nullable: false),
            Field = t.Column<int>(nullable: false),
            Station = t.Column<string>(maxLength: 40, nullable: true),
            Description = t.Column<string>(maxLength: 500, nullable: true),
            LeaderName = t.Column<string>(maxLength: 30, nullable: false),
            LeaderUserId = t.Column<string>(maxLength: 450, nullable: true),
            Stage = t.Column<int>(nullable: false),
            SeedlingSince = t.Column<DateOnly>(nullable: false),
            IncubatingSince = t.Column<DateOnly>(nullable: true),
            RegisteredOn = t.Column<DateOnly>(nullable: true),
            RegistrationNumber = t.Column<string>(maxLength: 40, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_SocialOrganisations", x => x.Id);
            t.ForeignKey("FK_SocialOrganisations_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_SocialOrganisations_CommunityId_Name", "SocialOrganisations", ["CommunityId", "Name"], unique: true);
        m.CreateIndex("IX_SocialOrganisations_LeaderUserId", "SocialOrganisations", "LeaderUserId");

        m.CreateTable("OrgMembers", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            OrganisationId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            ResidentId = t.Column<long>(nullable: true),
            JoinedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OrgMembers", x => x.Id);
            t.ForeignKey("FK_OrgMembers_SocialOrganisations_OrganisationId", x => x.OrganisationId, "SocialOrganisations", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_OrgMembers_Residents_ResidentId", x => x.ResidentId, "Residents", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_OrgMembers_OrganisationId", "OrgMembers", "OrganisationId");
        m.CreateIndex("IX_OrgMembers_ResidentId", "OrgMembers", "ResidentId");

        m.CreateTable("OrgReviews", t => new
        {
            OrganisationId = t.Column<long>(nullable: false),
            Year = t.Column<int>(nullable: false),
            Rating = t.Column<int>(nullable: false),
            Note = t.Column<string>(maxLength: 200, nullable: true),
            ByUserId = t.Column<string>(maxLength: 450, nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_OrgReviews", x => new { x.OrganisationId, x.Year });
            t.ForeignKey("FK_OrgReviews_SocialOrganisations_OrganisationId", x => x.OrganisationId, "SocialOrganisations", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("ProjectCalls", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            SubdistrictId = t.Column<long>(nullable: false),
            CommunityId = t.Column<long>(nullable: true),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            Description = t.Column<string>(maxLength: 2000, nullable: true),
            TotalBudgetFen = t.Column<long>(nullable: false),
            MaxPerProjectFen = t.Column<long>(nullable: false),
            CommittedFen = t.Column<long>(nullable: false),
            Fields = t.Column<string>(maxLength: 40, nullable: false),
            MinStage = t.Column<int>(nullable: false),
            OpensAt = t.Column<DateTime>(nullable: false),
            ClosesAt = t.Column<DateTime>(nullable: false),
            Status = t.Column<int>(nullable: false),
            GuideStoredName = t.Column<string>(maxLength: 100, nullable: true),
            GuideFileName = t.Column<string>(maxLength: 100, nullable: true),
            GuideContentType = t.Column<string>(maxLength: 60, nullable: true),
            CreatedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectCalls", x => x.Id);
            t.ForeignKey("FK_ProjectCalls_Subdistricts_SubdistrictId", x => x.SubdistrictId, "Subdistricts", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ProjectCalls_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.CheckConstraint("CK_ProjectCalls_Committed", "\"CommittedFen\" >= 0 AND \"CommittedFen\" <= \"TotalBudgetFen\"");
        });
        m.CreateIndex("IX_ProjectCalls_SubdistrictId", "ProjectCalls", "SubdistrictId");
        m.CreateIndex("IX_ProjectCalls_CommunityId", "ProjectCalls", "CommunityId");

        m.CreateTable("CallCriteria", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CallId = t.Column<long>(nullable: false),
            Order = t.Column<int>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Weight = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CallCriteria", x => x.Id);
            t.ForeignKey("FK_CallCriteria_ProjectCalls_CallId", x => x.CallId, "ProjectCalls", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CallCriteria_CallId", "CallCriteria", "CallId");

        m.CreateTable("CallReviewers", t => new
        {
            CallId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CallReviewers", x => new { x.CallId, x.UserId });
            t.ForeignKey("FK_CallReviewers_ProjectCalls_CallId", x => x.CallId, "ProjectCalls", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CallReviewers_UserId", "CallReviewers", "UserId");

        m.CreateTable("ProjectApplications", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CallId = t.Column<long>(nullable: false),
            OrganisationId = t.Column<long>(nullable: false),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            Problem = t.Column<string>(maxLength: 1000, nullable: true),
            Beneficiaries = t.Column<string>(maxLength: 200, nullable: true),
            BeneficiaryCount = t.Column<int>(nullable: false),
            Activities = t.Column<string>(maxLength: 2000, nullable: true),
            Team = t.Column<string>(maxLength: 500, nullable: true),
            RequestedFen = t.Column<long>(nullable: false),
            Status = t.Column<int>(nullable: false),
            Decision = t.Column<int>(nullable: true),
            GrantedFen = t.Column<long>(nullable: false),
            DecisionReason = t.Column<string>(maxLength: 500, nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            ReleasedFen = t.Column<long>(nullable: false),
            ReturnedFen = t.Column<long>(nullable: false),
            FinalReport = t.Column<string>(maxLength: 2000, nullable: true),
            EvaluationScore = t.Column<int>(nullable: true),
            SubmittedAt = t.Column<DateTime>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectApplications", x => x.Id);
            t.ForeignKey("FK_ProjectApplications_ProjectCalls_CallId", x => x.CallId, "ProjectCalls", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_ProjectApplications_SocialOrganisations_OrganisationId", x => x.OrganisationId, "SocialOrganisations", "Id", onDelete: ReferentialAction.Restrict);
            t.CheckConstraint("CK_ProjectApplications_Released",
                "\"ReleasedFen\" >= 0 AND \"ReturnedFen\" >= 0 AND \"ReleasedFen\" <= \"GrantedFen\" AND \"ReturnedFen\" <= \"ReleasedFen\"");
        });
        m.CreateIndex("IX_ProjectApplications_CallId_Status", "ProjectApplications", ["CallId", "Status"]);
        m.CreateIndex("IX_ProjectApplications_OrganisationId", "ProjectApplications", "OrganisationId");

        m.CreateTable("BudgetLines", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ApplicationId = t.Column<long>(nullable: false),
            Order = t.Column<int>(nullable: false),
            Category = t.Column<string>(maxLength: 20, nullable: false),
            AmountFen = t.Column<long>(nullable: false),
            Note = t.Column<string>(maxLength: 100, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_BudgetLines", x => x.Id);
            t.ForeignKey("FK_BudgetLines_ProjectApplications_ApplicationId", x => x.ApplicationId, "ProjectApplications", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_BudgetLines_ApplicationId", "BudgetLines", "ApplicationId");

        m.CreateTable("ProjectMilestones", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ApplicationId = t.Column<long>(nullable: false),
            Order = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            DueOn = t.Column<DateOnly>(nullable: false),
            Status = t.Column<int>(nullable: false),
            Report = t.Column<string>(maxLength: 1000, nullable: true),
            Reached = t.Column<int>(nullable: false),
            SpentFen = t.Column<long>(nullable: false),
            ReportedAt = t.Column<DateTime>(nullable: true),
            ReviewNote = t.Column<string>(maxLength: 200, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectMilestones", x => x.Id);
            t.ForeignKey("FK_ProjectMilestones_ProjectApplications_ApplicationId", x => x.ApplicationId, "ProjectApplications", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ProjectMilestones_ApplicationId", "ProjectMilestones", "ApplicationId");

        m.CreateTable("MilestoneSpends", t => new
        {
            MilestoneId = t.Column<long>(nullable: false),
            BudgetLineId = t.Column<long>(nullable: false),
            AmountFen = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MilestoneSpends", x => new { x.MilestoneId, x.BudgetLineId });
            t.ForeignKey("FK_MilestoneSpends_ProjectMilestones_MilestoneId", x => x.MilestoneId, "ProjectMilestones", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MilestoneSpends_BudgetLines_BudgetLineId", x => x.BudgetLineId, "BudgetLines", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_MilestoneSpends_BudgetLineId", "MilestoneSpends", "BudgetLineId");

        m.CreateTable("ProjectFiles", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            MilestoneId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            StoredName = t.Column<string>(maxLength: 100, nullable: false),
            ContentType = t.Column<string>(maxLength: 60, nullable: false),
            Length = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectFiles", x => x.Id);
            t.ForeignKey("FK_ProjectFiles_ProjectMilestones_MilestoneId", x => x.MilestoneId, "ProjectMilestones", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ProjectFiles_MilestoneId", "ProjectFiles", "MilestoneId");

        m.CreateTable("ProjectReviews", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ApplicationId = t.Column<long>(nullable: false),
            ReviewerUserId = t.Column<string>(maxLength: 450, nullable: false),
            Conflict = t.Column<bool>(nullable: false),
            Comment = t.Column<string>(maxLength: 500, nullable: true),
            WeightedHundredths = t.Column<int>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectReviews", x => x.Id);
            t.ForeignKey("FK_ProjectReviews_ProjectApplications_ApplicationId", x => x.ApplicationId, "ProjectApplications", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ProjectReviews_ApplicationId_ReviewerUserId", "ProjectReviews", ["ApplicationId", "ReviewerUserId"], unique: true);
        m.CreateIndex("IX_ProjectReviews_ReviewerUserId", "ProjectReviews", "ReviewerUserId");

        m.CreateTable("ProjectReviewScores", t => new
        {
            ReviewId = t.Column<long>(nullable: false),
            CriterionId = t.Column<long>(nullable: false),
            Score = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectReviewScores", x => new { x.ReviewId, x.CriterionId });
            t.ForeignKey("FK_ProjectReviewScores_ProjectReviews_ReviewId", x => x.ReviewId, "ProjectReviews", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ProjectReviewScores_CallCriteria_CriterionId", x => x.CriterionId, "CallCriteria", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_ProjectReviewScores_CriterionId", "ProjectReviewScores", "CriterionId");

        m.CreateTable("GrantEntries", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CallId = t.Column<long>(nullable: false),
            ApplicationId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            AmountFen = t.Column<long>(nullable: false),
            MilestoneId = t.Column<long>(nullable: true),
            Note = t.Column<string>(maxLength: 200, nullable: true),
            ByUserId = t.Column<string>(maxLength: 450, nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_GrantEntries", x => x.Id);
            t.ForeignKey("FK_GrantEntries_ProjectCalls_CallId", x => x.CallId, "ProjectCalls", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_GrantEntries_ProjectApplications_ApplicationId", x => x.ApplicationId, "ProjectApplications", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_GrantEntries_ProjectMilestones_MilestoneId", x => x.MilestoneId, "ProjectMilestones", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_GrantEntries_CallId", "GrantEntries", "CallId");
        m.CreateIndex("IX_GrantEntries_ApplicationId", "GrantEntries", "ApplicationId");
        m.CreateIndex("IX_GrantEntries_MilestoneId", "GrantEntries", "MilestoneId");

        m.CreateTable("ProjectFollowers", t => new
        {
            ApplicationId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ProjectFollowers", x => new { x.ApplicationId, x.UserId });
            t.ForeignKey("FK_ProjectFollowers_ProjectApplications_ApplicationId", x => x.ApplicationId, "ProjectApplications", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ProjectFollowers_UserId", "ProjectFollowers", "UserId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "ProjectFollowers", "GrantEntries", "ProjectReviewScores", "ProjectReviews", "ProjectFiles", "MilestoneSpends", "ProjectMilestones",
                     "BudgetLines", "ProjectApplications", "CallReviewers", "CallCriteria", "ProjectCalls", "OrgReviews", "OrgMembers", "SocialOrganisations" })
            m.DropTable(table);
    }
}
