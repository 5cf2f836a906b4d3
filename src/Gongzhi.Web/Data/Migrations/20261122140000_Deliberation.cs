using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Deliberation (议事协商): topics with supporters, linked cases and followers; consultations;
// meetings with agenda, attendees and resolutions; votes with their roll and ballots; objections to
// a public notice; implementation milestones.
[DbContext(typeof(GongzhiDb))]
[Migration("20261122140000_Deliberation")]
public sealed class Deliberation : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Topics", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            Description = t.Column<string>(maxLength: 2000, nullable: false),
            Source = t.Column<int>(nullable: false),
            Status = t.Column<int>(nullable: false),
            CommunityId = t.Column<long>(nullable: false),
            EstateId = t.Column<long>(nullable: true),
            BuildingId = t.Column<long>(nullable: true),
            ProposerUserId = t.Column<string>(maxLength: 450, nullable: true),
            ProposerName = t.Column<string>(maxLength: 30, nullable: false),
            SupportersNeeded = t.Column<int>(nullable: false),
            Supporters = t.Column<int>(nullable: false),
            MergedIntoId = t.Column<long>(nullable: true),
            Decision = t.Column<string>(maxLength: 1000, nullable: true),
            NoticeText = t.Column<string>(maxLength: 2000, nullable: true),
            NoticeFrom = t.Column<DateTime>(nullable: true),
            NoticeUntil = t.Column<DateTime>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Topics", x => x.Id);
            t.ForeignKey("FK_Topics_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Topics_Estates_EstateId", x => x.EstateId, "Estates", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Topics_Buildings_BuildingId", x => x.BuildingId, "Buildings", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Topics_CommunityId_Status", "Topics", ["CommunityId", "Status"]);
        m.CreateIndex("IX_Topics_EstateId", "Topics", "EstateId");
        m.CreateIndex("IX_Topics_BuildingId", "Topics", "BuildingId");

        m.CreateTable("TopicSupports", t => new
        {
            TopicId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TopicSupports", x => new { x.TopicId, x.UserId });
            t.ForeignKey("FK_TopicSupports_Topics_TopicId", x => x.TopicId, "Topics", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("TopicCases", t => new
        {
            TopicId = t.Column<long>(nullable: false),
            CaseId = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TopicCases", x => new { x.TopicId, x.CaseId });
            t.ForeignKey("FK_TopicCases_Topics_TopicId", x => x.TopicId, "Topics", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_TopicCases_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_TopicCases_CaseId", "TopicCases", "CaseId");

        m.CreateTable("TopicFollowers", t => new
        {
            TopicId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TopicFollowers", x => new { x.TopicId, x.UserId });
            t.ForeignKey("FK_TopicFollowers_Topics_TopicId", x => x.TopicId, "Topics", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_TopicFollowers_UserId", "TopicFollowers", "UserId");

        m.CreateTable("Consultations", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            TopicId = t.Column<long>(nullable: false),
            Question = t.Column<string>(maxLength: 200, nullable: false),
            Mode = t.Column<int>(nullable: false),
            OpensAt = t.Column<DateTime>(nullable: false),
            ClosesAt = t.Column<DateTime>(nullable: false),
            ClosedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Consultations", x => x.Id);
            t.ForeignKey("FK_Consultations_Topics_TopicId", x => x.TopicId, "Topics", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Consultations_TopicId", "Consultations", "TopicId");

        m.CreateTable("ConsultationOptions", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ConsultationId = t.Column<long>(nullable: false),
            Number = t.Column<int>(nullable: false),
            Text = t.Column<string>(maxLength: 100, nullable: false),
            Budget = t.Column<decimal>(precision: 12, scale: 2, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ConsultationOptions", x => x.Id);
            t.ForeignKey("FK_ConsultationOptions_Consultations_ConsultationId", x => x.ConsultationId, "Consultations", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ConsultationOptions_ConsultationId_Number", "ConsultationOptions", ["ConsultationId", "Number"], unique: true);

        m.CreateTable("ConsultationResponses", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ConsultationId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            Picks = t.Column<string>(maxLength: 100, nullable: true),
            Comment = t.Column<string>(maxLength: 500, nullable: true),
            AnsweredAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ConsultationResponses", x => x.Id);
            t.ForeignKey("FK_ConsultationResponses_Consultations_ConsultationId", x => x.ConsultationId, "Consultations", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ConsultationResponses_ConsultationId_UserId", "ConsultationResponses", ["ConsultationId", "UserId"], unique: true);

        m.CreateTable("Meetings", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 100, nullable: false),
            Place = t.Column<string>(maxLength: 100, nullable: false),
            StartsAt = t.Column<DateTime>(nullable: false),
            Minutes = t.Column<string>(maxLength: 4000, nullable: true),
            SignInCode = t.Column<string>(maxLength: 32, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Meetings", x => x.Id);
            t.ForeignKey("FK_Meetings_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Meetings_CommunityId_StartsAt", "Meetings", ["CommunityId", "StartsAt"]);

        m.CreateTable("MeetingItems", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            MeetingId = t.Column<long>(nullable: false),
            TopicId = t.Column<long>(nullable: false),
            Position = t.Column<int>(nullable: false),
            Resolution = t.Column<string>(maxLength: 1000, nullable: true),
            VotesFor = t.Column<int>(nullable: false),
            VotesAgainst = t.Column<int>(nullable: false),
            VotesAbstain = t.Column<int>(nullable: false),
            Adopted = t.Column<bool>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MeetingItems", x => x.Id);
            t.ForeignKey("FK_MeetingItems_Meetings_MeetingId", x => x.MeetingId, "Meetings", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_MeetingItems_Topics_TopicId", x => x.TopicId, "Topics", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_MeetingItems_MeetingId", "MeetingItems", "MeetingId");
        m.CreateIndex("IX_MeetingItems_TopicId", "MeetingItems", "TopicId");

        m.CreateTable("MeetingAttendees", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            MeetingId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Capacity = t.Column<int>(nullable: false),
            Organisation = t.Column<string>(maxLength: 50, nullable: true),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            SignedInAt = t.Column<DateTime>(nullable: true),
            SignInMethod = t.Column<int>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MeetingAttendees", x => x.Id);
            t.ForeignKey("FK_MeetingAttendees_Meetings_MeetingId", x => x.MeetingId, "Meetings", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_MeetingAttendees_MeetingId", "MeetingAttendees", "MeetingId");

        m.CreateTable("Votes", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            TopicId = t.Column<long>(nullable: false),
            Title = t.Column<string>(maxLength: 100, nullable: false),
            Basis = t.Column<int>(nullable: false),
            Matter = t.Column<int>(nullable: true),
            Choices = t.Column<string>(maxLength: 1000, nullable: true),
            Status = t.Column<int>(nullable: false),
            OpensAt = t.Column<DateTime>(nullable: false),
            ClosesAt = t.Column<DateTime>(nullable: false),
            ClosedAt = t.Column<DateTime>(nullable: true),
            AllowChange = t.Column<bool>(nullable: false),
            OpenBallot = t.Column<bool>(nullable: false),
            Electors = t.Column<int>(nullable: false),
            Adopted = t.Column<bool>(nullable: true),
            CreatedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Votes", x => x.Id);
            t.ForeignKey("FK_Votes_Topics_TopicId", x => x.TopicId, "Topics", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Votes_TopicId", "Votes", "TopicId");

        m.CreateTable("VoteElectors", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            VoteId = t.Column<long>(nullable: false),
            VoterKey = t.Column<string>(maxLength: 40, nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            ResidentId = t.Column<long>(nullable: true),
            HouseholdId = t.Column<long>(nullable: true),
            AreaCenti = t.Column<long>(nullable: false),
            Units = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_VoteElectors", x => x.Id);
            t.ForeignKey("FK_VoteElectors_Votes_VoteId", x => x.VoteId, "Votes", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_VoteElectors_VoteId_VoterKey", "VoteElectors", ["VoteId", "VoterKey"], unique: true);
        m.CreateIndex("IX_VoteElectors_VoteId_ResidentId", "VoteElectors", ["VoteId", "ResidentId"]);
        m.CreateIndex("IX_VoteElectors_VoteId_HouseholdId", "VoteElectors", ["VoteId", "HouseholdId"]);

        m.CreateTable("Ballots", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            VoteId = t.Column<long>(nullable: false),
            VoterKey = t.Column<string>(maxLength: 40, nullable: false),
            Choice = t.Column<int>(nullable: false),
            Channel = t.Column<int>(nullable: false),
            CastByUserId = t.Column<string>(maxLength: 450, nullable: false),
            CastAt = t.Column<DateTime>(nullable: false),
            Changes = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Ballots", x => x.Id);
            t.ForeignKey("FK_Ballots_Votes_VoteId", x => x.VoteId, "Votes", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Ballots_VoteId_VoterKey", "Ballots", ["VoteId", "VoterKey"], unique: true);

        m.CreateTable("Objections", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            TopicId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Text = t.Column<string>(maxLength: 1000, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Answer = t.Column<string>(maxLength: 1000, nullable: true),
            AnsweredBy = t.Column<string>(maxLength: 30, nullable: true),
            AnsweredAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Objections", x => x.Id);
            t.ForeignKey("FK_Objections_Topics_TopicId", x => x.TopicId, "Topics", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Objections_TopicId", "Objections", "TopicId");

        m.CreateTable("Milestones", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            TopicId = t.Column<long>(nullable: false),
            Title = t.Column<string>(maxLength: 100, nullable: false),
            OwnerName = t.Column<string>(maxLength: 30, nullable: false),
            DueOn = t.Column<DateOnly>(nullable: false),
            Progress = t.Column<int>(nullable: false),
            Note = t.Column<string>(maxLength: 500, nullable: true),
            PhotoUrl = t.Column<string>(maxLength: 300, nullable: true),
            DoneAt = t.Column<DateTime>(nullable: true),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Milestones", x => x.Id);
            t.ForeignKey("FK_Milestones_Topics_TopicId", x => x.TopicId, "Topics", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Milestones_TopicId", "Milestones", "TopicId");
        m.CreateIndex("IX_Milestones_DoneAt_DueOn", "Milestones", ["DoneAt", "DueOn"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[]
                 {
                     "Milestones", "Objections", "Ballots", "VoteElectors", "Votes", "MeetingAttendees", "MeetingItems", "Meetings",
                     "ConsultationResponses", "ConsultationOptions", "Consultations", "TopicFollowers", "TopicCases", "TopicSupports", "Topics",
                 })
            m.DropTable(table);
    }
}
