using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Care (关爱走访): care recipients with their visit plan and emergency contacts, visits, and small wishes.
[DbContext(typeof(GongzhiDb))]
[Migration("20261205140000_Care")]
public sealed class Care : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("CareRecipients", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ResidentId = t.Column<long>(nullable: false),
            HouseholdId = t.Column<long>(nullable: false),
            Reasons = t.Column<int>(nullable: false),
            Risk = t.Column<int>(nullable: false),
            Status = t.Column<int>(nullable: false),
            StatusSince = t.Column<DateOnly>(nullable: false),
            EndReason = t.Column<int>(nullable: true),
            HealthNote = t.Column<string>(maxLength: 500, nullable: true),
            LivingNote = t.Column<string>(maxLength: 500, nullable: true),
            PlanUnit = t.Column<int>(nullable: false),
            PlanEvery = t.Column<int>(nullable: false),
            VisitorKind = t.Column<int>(nullable: false),
            VisitorUserId = t.Column<string>(maxLength: 450, nullable: true),
            LastVisitAt = t.Column<DateTime>(nullable: true),
            NextDueOn = t.Column<DateOnly>(nullable: false),
            WarnedFor = t.Column<DateOnly>(nullable: true),
            EscalatedFor = t.Column<DateOnly>(nullable: true),
            NotSeenInRow = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CareRecipients", x => x.Id);
            t.ForeignKey("FK_CareRecipients_Residents_ResidentId", x => x.ResidentId, "Residents", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_CareRecipients_Households_HouseholdId", x => x.HouseholdId, "Households", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CareRecipients_ResidentId", "CareRecipients", "ResidentId", unique: true);
        m.CreateIndex("IX_CareRecipients_HouseholdId", "CareRecipients", "HouseholdId");
        m.CreateIndex("IX_CareRecipients_Status_NextDueOn", "CareRecipients", ["Status", "NextDueOn"]);

        m.CreateTable("CareContacts", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            RecipientId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Relation = t.Column<string>(maxLength: 10, nullable: false),
            Phone = t.Column<string>(maxLength: 20, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CareContacts", x => x.Id);
            t.ForeignKey("FK_CareContacts_CareRecipients_RecipientId", x => x.RecipientId, "CareRecipients", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CareContacts_RecipientId", "CareContacts", "RecipientId");

        m.CreateTable("CareVisits", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            RecipientId = t.Column<long>(nullable: false),
            GridId = t.Column<long>(nullable: false),
            VisitorUserId = t.Column<string>(maxLength: 450, nullable: false),
            VisitorName = t.Column<string>(maxLength: 30, nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Condition = t.Column<int>(nullable: false),
            Actions = t.Column<int>(nullable: false),
            Note = t.Column<string>(maxLength: 500, nullable: true),
            CaseId = t.Column<long>(nullable: true),
            IdempotencyKey = t.Column<string>(maxLength: 100, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CareVisits", x => x.Id);
            t.ForeignKey("FK_CareVisits_CareRecipients_RecipientId", x => x.RecipientId, "CareRecipients", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_CareVisits_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CareVisits_RecipientId_At", "CareVisits", ["RecipientId", "At"]);
        m.CreateIndex("IX_CareVisits_GridId_At", "CareVisits", ["GridId", "At"]);
        m.CreateIndex("IX_CareVisits_CaseId", "CareVisits", "CaseId");
        m.CreateIndex("IX_CareVisits_IdempotencyKey", "CareVisits", "IdempotencyKey", unique: true);

        m.CreateTable("CareWishes", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            RecipientId = t.Column<long>(nullable: false),
            CommunityId = t.Column<long>(nullable: false),
            Title = t.Column<string>(maxLength: 40, nullable: false),
            Description = t.Column<string>(maxLength: 300, nullable: true),
            Status = t.Column<int>(nullable: false),
            PublishedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            PublishedAt = t.Column<DateTime>(nullable: false),
            ClaimantUserId = t.Column<string>(maxLength: 450, nullable: true),
            ClaimantName = t.Column<string>(maxLength: 30, nullable: true),
            ClaimedAt = t.Column<DateTime>(nullable: true),
            FulfilmentNote = t.Column<string>(maxLength: 300, nullable: true),
            FulfilledAt = t.Column<DateTime>(nullable: true),
            ConfirmedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CareWishes", x => x.Id);
            t.ForeignKey("FK_CareWishes_CareRecipients_RecipientId", x => x.RecipientId, "CareRecipients", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_CareWishes_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CareWishes_CommunityId_Status", "CareWishes", ["CommunityId", "Status"]);
        m.CreateIndex("IX_CareWishes_RecipientId", "CareWishes", "RecipientId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("CareWishes");
        m.DropTable("CareVisits");
        m.DropTable("CareContacts");
        m.DropTable("CareRecipients");
    }
}
