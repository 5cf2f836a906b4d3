using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Volunteering and points (志愿服务与积分): volunteers and teams, activities with shifts and sign-ups,
// the double-entry points ledger with its rules and awards, the points supermarket, alliance
// merchants with their offers and one-time codes, and honours.
[DbContext(typeof(GongzhiDb))]
[Migration("20261122150000_Volunteering")]
public sealed class Volunteering : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Volunteers", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            ResidentId = t.Column<long>(nullable: true),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Phone = t.Column<string>(maxLength: 20, nullable: true),
            Skills = t.Column<string>(maxLength: 200, nullable: true),
            Availability = t.Column<string>(maxLength: 200, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Volunteers", x => x.Id);
            t.ForeignKey("FK_Volunteers_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Volunteers_UserId", "Volunteers", "UserId", unique: true);
        m.CreateIndex("IX_Volunteers_ResidentId", "Volunteers", "ResidentId");
        m.CreateIndex("IX_Volunteers_CommunityId", "Volunteers", "CommunityId");

        m.CreateTable("Teams", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Description = t.Column<string>(maxLength: 300, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Teams", x => x.Id);
            t.ForeignKey("FK_Teams_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Teams_CommunityId", "Teams", "CommunityId");

        m.CreateTable("TeamMembers", t => new
        {
            TeamId = t.Column<long>(nullable: false),
            VolunteerId = t.Column<long>(nullable: false),
            IsLeader = t.Column<bool>(nullable: false),
            JoinedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TeamMembers", x => new { x.TeamId, x.VolunteerId });
            t.ForeignKey("FK_TeamMembers_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_TeamMembers_Volunteers_VolunteerId", x => x.VolunteerId, "Volunteers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_TeamMembers_VolunteerId", "TeamMembers", "VolunteerId");

        m.CreateTable("VolunteerActivities", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            TeamId = t.Column<long>(nullable: true),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            Kind = t.Column<string>(maxLength: 30, nullable: false),
            Description = t.Column<string>(maxLength: 1000, nullable: true),
            OrganizerUserId = t.Column<string>(maxLength: 450, nullable: false),
            Status = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_VolunteerActivities", x => x.Id);
            t.ForeignKey("FK_VolunteerActivities_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_VolunteerActivities_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_VolunteerActivities_CommunityId_CreatedAt", "VolunteerActivities", ["CommunityId", "CreatedAt"]);
        m.CreateIndex("IX_VolunteerActivities_TeamId", "VolunteerActivities", "TeamId");
        m.CreateIndex("IX_VolunteerActivities_OrganizerUserId", "VolunteerActivities", "OrganizerUserId");

        m.CreateTable("Shifts", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ActivityId = t.Column<long>(nullable: false),
            StartsAt = t.Column<DateTime>(nullable: false),
            EndsAt = t.Column<DateTime>(nullable: false),
            Place = t.Column<string>(maxLength: 100, nullable: false),
            Capacity = t.Column<int>(nullable: false),
            Taken = t.Column<int>(nullable: false),
            Skills = t.Column<string>(maxLength: 100, nullable: true),
            QrSecret = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Shifts", x => x.Id);
            t.ForeignKey("FK_Shifts_VolunteerActivities_ActivityId", x => x.ActivityId, "VolunteerActivities", "Id", onDelete: ReferentialAction.Cascade);
            t.CheckConstraint("CK_Shifts_Taken", "\"Taken\" >= 0 AND \"Taken\" <= \"Capacity\"");
        });
        m.CreateIndex("IX_Shifts_ActivityId_StartsAt", "Shifts", ["ActivityId", "StartsAt"]);

        m.CreateTable("ShiftSignups", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ShiftId = t.Column<long>(nullable: false),
            VolunteerId = t.Column<long>(nullable: false),
            Status = t.Column<int>(nullable: false),
            SignedUpAt = t.Column<DateTime>(nullable: false),
            CheckedInAt = t.Column<DateTime>(nullable: true),
            CheckedOutAt = t.Column<DateTime>(nullable: true),
            ConfirmedMinutes = t.Column<int>(nullable: true),
            ConfirmedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            TransactionId = t.Column<long>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ShiftSignups", x => x.Id);
            t.ForeignKey("FK_ShiftSignups_Shifts_ShiftId", x => x.ShiftId, "Shifts", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_ShiftSignups_Volunteers_VolunteerId", x => x.VolunteerId, "Volunteers", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_ShiftSignups_ShiftId_VolunteerId", "ShiftSignups", ["ShiftId", "VolunteerId"], unique: true);
        m.CreateIndex("IX_ShiftSignups_VolunteerId", "ShiftSignups", "VolunteerId");

        m.CreateTable("Merchants", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            Name = t.Column<string>(maxLength: 40, nullable: false),
            Address = t.Column<string>(maxLength: 100, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Merchants", x => x.Id);
            t.ForeignKey("FK_Merchants_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Merchants_UserId", "Merchants", "UserId", unique: true);
        m.CreateIndex("IX_Merchants_CommunityId", "Merchants", "CommunityId");

        m.CreateTable("MerchantOffers", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            MerchantId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            Points = t.Column<int>(nullable: false),
            Active = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MerchantOffers", x => x.Id);
            t.ForeignKey("FK_MerchantOffers_Merchants_MerchantId", x => x.MerchantId, "Merchants", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_MerchantOffers_MerchantId", "MerchantOffers", "MerchantId");

        m.CreateTable("MerchantCodes", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            OfferId = t.Column<long>(nullable: false),
            MerchantId = t.Column<long>(nullable: false),
            VolunteerId = t.Column<long>(nullable: false),
            Code = t.Column<string>(maxLength: 12, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            UsedAt = t.Column<DateTime>(nullable: true),
            TransactionId = t.Column<long>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_MerchantCodes", x => x.Id);
            t.ForeignKey("FK_MerchantCodes_MerchantOffers_OfferId", x => x.OfferId, "MerchantOffers", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MerchantCodes_Merchants_MerchantId", x => x.MerchantId, "Merchants", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_MerchantCodes_Volunteers_VolunteerId", x => x.VolunteerId, "Volunteers", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_MerchantCodes_Code", "MerchantCodes", "Code", unique: true);
        m.CreateIndex("IX_MerchantCodes_OfferId", "MerchantCodes", "OfferId");
        m.CreateIndex("IX_MerchantCodes_MerchantId_UsedAt", "MerchantCodes", ["MerchantId", "UsedAt"]);
        m.CreateIndex("IX_MerchantCodes_VolunteerId", "MerchantCodes", "VolunteerId");

        m.CreateTable("PointsAccounts", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Kind = t.Column<int>(nullable: false),
            Code = t.Column<string>(maxLength: 40, nullable: false),
            Name = t.Column<string>(maxLength: 50, nullable: false),
            CommunityId = t.Column<long>(nullable: true),
            VolunteerId = t.Column<long>(nullable: true),
            MerchantId = t.Column<long>(nullable: true),
            Balance = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PointsAccounts", x => x.Id);
            t.ForeignKey("FK_PointsAccounts_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PointsAccounts_Volunteers_VolunteerId", x => x.VolunteerId, "Volunteers", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PointsAccounts_Merchants_MerchantId", x => x.MerchantId, "Merchants", "Id", onDelete: ReferentialAction.Restrict);
            t.CheckConstraint("CK_PointsAccounts_Balance", "\"Kind\" = 0 OR \"Balance\" >= 0");
        });
        m.CreateIndex("IX_PointsAccounts_Code", "PointsAccounts", "Code", unique: true);
        m.CreateIndex("IX_PointsAccounts_CommunityId", "PointsAccounts", "CommunityId");
        m.CreateIndex("IX_PointsAccounts_VolunteerId", "PointsAccounts", "VolunteerId");
        m.CreateIndex("IX_PointsAccounts_MerchantId", "PointsAccounts", "MerchantId");

        m.CreateTable("PointsTransactions", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Kind = t.Column<int>(nullable: false),
            IdempotencyKey = t.Column<string>(maxLength: 100, nullable: false),
            Memo = t.Column<string>(maxLength: 100, nullable: false),
            Reason = t.Column<string>(maxLength: 200, nullable: true),
            CreatedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            ApprovedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            ReversesId = t.Column<long>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PointsTransactions", x => x.Id);
            t.ForeignKey("FK_PointsTransactions_PointsTransactions_ReversesId", x => x.ReversesId, "PointsTransactions", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PointsTransactions_IdempotencyKey", "PointsTransactions", "IdempotencyKey", unique: true);
        m.CreateIndex("IX_PointsTransactions_ReversesId", "PointsTransactions", "ReversesId", unique: true);
        m.CreateIndex("IX_PointsTransactions_CreatedAt", "PointsTransactions", "CreatedAt");

        m.CreateTable("PointsEntries", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            TransactionId = t.Column<long>(nullable: false),
            AccountId = t.Column<long>(nullable: false),
            Amount = t.Column<long>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PointsEntries", x => x.Id);
            t.ForeignKey("FK_PointsEntries_PointsTransactions_TransactionId", x => x.TransactionId, "PointsTransactions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_PointsEntries_PointsAccounts_AccountId", x => x.AccountId, "PointsAccounts", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PointsEntries_TransactionId", "PointsEntries", "TransactionId");
        m.CreateIndex("IX_PointsEntries_AccountId_Id", "PointsEntries", ["AccountId", "Id"]);

        m.CreateTable("PointsRules", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Kind = t.Column<int>(nullable: false),
            Key = t.Column<string>(maxLength: 30, nullable: false),
            Points = t.Column<int>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_PointsRules", x => x.Id));
        m.CreateIndex("IX_PointsRules_Kind_Key", "PointsRules", ["Kind", "Key"], unique: true);

        m.CreateTable("PointsAwards", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            VolunteerId = t.Column<long>(nullable: false),
            Points = t.Column<int>(nullable: false),
            Reason = t.Column<string>(maxLength: 200, nullable: false),
            ProposedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            DecidedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            Status = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            DecidedAt = t.Column<DateTime>(nullable: true),
            TransactionId = t.Column<long>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PointsAwards", x => x.Id);
            t.ForeignKey("FK_PointsAwards_Volunteers_VolunteerId", x => x.VolunteerId, "Volunteers", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_PointsAwards_VolunteerId", "PointsAwards", "VolunteerId");
        m.CreateIndex("IX_PointsAwards_Status_CreatedAt", "PointsAwards", ["Status", "CreatedAt"]);

        m.CreateTable("Rewards", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 40, nullable: false),
            Description = t.Column<string>(maxLength: 200, nullable: true),
            Price = t.Column<int>(nullable: false),
            Stock = t.Column<int>(nullable: false),
            Active = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Rewards", x => x.Id);
            t.ForeignKey("FK_Rewards_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.CheckConstraint("CK_Rewards_Stock", "\"Stock\" >= 0");
        });
        m.CreateIndex("IX_Rewards_CommunityId", "Rewards", "CommunityId");

        m.CreateTable("Redemptions", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            RewardId = t.Column<long>(nullable: false),
            VolunteerId = t.Column<long>(nullable: false),
            Price = t.Column<int>(nullable: false),
            IdempotencyKey = t.Column<string>(maxLength: 100, nullable: false),
            PickupCode = t.Column<string>(maxLength: 8, nullable: false),
            Status = t.Column<int>(nullable: false),
            TransactionId = t.Column<long>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ClosedAt = t.Column<DateTime>(nullable: true),
            ClosedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Redemptions", x => x.Id);
            t.ForeignKey("FK_Redemptions_Rewards_RewardId", x => x.RewardId, "Rewards", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Redemptions_Volunteers_VolunteerId", x => x.VolunteerId, "Volunteers", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Redemptions_IdempotencyKey", "Redemptions", "IdempotencyKey", unique: true);
        m.CreateIndex("IX_Redemptions_PickupCode", "Redemptions", "PickupCode", unique: true);
        m.CreateIndex("IX_Redemptions_RewardId_Status", "Redemptions", ["RewardId", "Status"]);
        m.CreateIndex("IX_Redemptions_VolunteerId_Id", "Redemptions", ["VolunteerId", "Id"]);

        m.CreateTable("HonourKinds", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Code = t.Column<string>(maxLength: 30, nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Active = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_HonourKinds", x => x.Id));
        m.CreateIndex("IX_HonourKinds_Code", "HonourKinds", "Code", unique: true);

        m.CreateTable("Nominations", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            HonourKindId = t.Column<long>(nullable: false),
            CommunityId = t.Column<long>(nullable: false),
            VolunteerId = t.Column<long>(nullable: true),
            NomineeName = t.Column<string>(maxLength: 30, nullable: false),
            Reason = t.Column<string>(maxLength: 500, nullable: false),
            NominatedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            Status = t.Column<int>(nullable: false),
            ReviewedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            ReviewNote = t.Column<string>(maxLength: 300, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ReviewedAt = t.Column<DateTime>(nullable: true),
            AnnouncedAt = t.Column<DateTime>(nullable: true),
            TransactionId = t.Column<long>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Nominations", x => x.Id);
            t.ForeignKey("FK_Nominations_HonourKinds_HonourKindId", x => x.HonourKindId, "HonourKinds", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Nominations_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Nominations_Volunteers_VolunteerId", x => x.VolunteerId, "Volunteers", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Nominations_HonourKindId", "Nominations", "HonourKindId");
        m.CreateIndex("IX_Nominations_CommunityId_Status", "Nominations", ["CommunityId", "Status"]);
        m.CreateIndex("IX_Nominations_VolunteerId", "Nominations", "VolunteerId");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[]
        {
            "Nominations", "HonourKinds", "Redemptions", "Rewards", "PointsAwards", "PointsRules", "PointsEntries", "PointsTransactions",
            "PointsAccounts", "MerchantCodes", "MerchantOffers", "Merchants", "ShiftSignups", "Shifts", "VolunteerActivities", "TeamMembers", "Teams", "Volunteers",
        })
            m.DropTable(table);
    }
}
