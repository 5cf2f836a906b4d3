using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Notices (公告与政策宣讲): notices, their recipient households with 已当面告知, reads, attachments,
// each community's review rule; webhooks and their delivery outbox.
[DbContext(typeof(GongzhiDb))]
[Migration("20261205150000_Notices")]
public sealed class Notices : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Notices", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            SubdistrictId = t.Column<long>(nullable: false),
            CommunityId = t.Column<long>(nullable: true),
            ScopeKind = t.Column<int>(nullable: false),
            ScopeId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
            Audience = t.Column<int>(nullable: false),
            CareReason = t.Column<int>(nullable: true),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            Body = t.Column<string>(maxLength: 10000, nullable: false),
            Pinned = t.Column<bool>(nullable: false),
            PublishAt = t.Column<DateTime>(nullable: true),
            ValidUntil = t.Column<DateTime>(nullable: true),
            Status = t.Column<int>(nullable: false),
            AuthorUserId = t.Column<string>(maxLength: 450, nullable: false),
            AuthorName = t.Column<string>(maxLength: 50, nullable: false),
            ReviewerUserId = t.Column<string>(maxLength: 450, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            PublishedAt = t.Column<DateTime>(nullable: true),
            WithdrawnAt = t.Column<DateTime>(nullable: true),
            WithdrawReason = t.Column<string>(maxLength: 200, nullable: true),
            Recipients = t.Column<int>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Notices", x => x.Id));
        m.CreateIndex("IX_Notices_CommunityId_Status_PublishedAt", "Notices", ["CommunityId", "Status", "PublishedAt"]);
        m.CreateIndex("IX_Notices_Status_PublishAt", "Notices", ["Status", "PublishAt"]);

        m.CreateTable("NoticeRecipients", t => new
        {
            NoticeId = t.Column<long>(nullable: false),
            HouseholdId = t.Column<long>(nullable: false),
            BuildingId = t.Column<long>(nullable: false),
            EntranceId = t.Column<long>(nullable: false),
            ToldAt = t.Column<DateTime>(nullable: true),
            ToldByUserId = t.Column<string>(maxLength: 450, nullable: true),
            ToldByName = t.Column<string>(maxLength: 50, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_NoticeRecipients", x => new { x.NoticeId, x.HouseholdId }));
        m.CreateIndex("IX_NoticeRecipients_HouseholdId", "NoticeRecipients", "HouseholdId");

        m.CreateTable("NoticeReads", t => new
        {
            NoticeId = t.Column<long>(nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            HouseholdId = t.Column<long>(nullable: false),
            ReadAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_NoticeReads", x => new { x.NoticeId, x.UserId }));
        m.CreateIndex("IX_NoticeReads_NoticeId_HouseholdId", "NoticeReads", ["NoticeId", "HouseholdId"]);

        m.CreateTable("NoticeAttachments", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            NoticeId = t.Column<long>(nullable: false),
            FileName = t.Column<string>(maxLength: 100, nullable: false),
            StoredName = t.Column<string>(maxLength: 100, nullable: false),
            ContentType = t.Column<string>(maxLength: 40, nullable: false),
            Length = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_NoticeAttachments", x => x.Id));
        m.CreateIndex("IX_NoticeAttachments_NoticeId", "NoticeAttachments", "NoticeId");

        m.CreateTable("NoticeReviewRules", t => new
        {
            CommunityId = t.Column<long>(nullable: false),
            Kind = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_NoticeReviewRules", x => new { x.CommunityId, x.Kind }));

        m.CreateTable("Webhooks", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            Url = t.Column<string>(maxLength: 300, nullable: false),
            Secret = t.Column<string>(maxLength: 100, nullable: false),
            Events = t.Column<string>(maxLength: 500, nullable: false),
            OwnerUserId = t.Column<string>(maxLength: 450, nullable: false),
            Status = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            FailingSince = t.Column<DateTime>(nullable: true),
            PausedAt = t.Column<DateTime>(nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Webhooks", x => x.Id));

        m.CreateTable("WebhookDeliveries", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            WebhookId = t.Column<long>(nullable: false),
            EventId = t.Column<string>(maxLength: 40, nullable: false),
            Event = t.Column<string>(maxLength: 40, nullable: false),
            Payload = t.Column<string>(maxLength: 8000, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            NextAttemptAt = t.Column<DateTime>(nullable: false),
            ClaimedUntil = t.Column<DateTime>(nullable: true),
            Attempts = t.Column<int>(nullable: false),
            DeliveredAt = t.Column<DateTime>(nullable: true),
            GaveUpAt = t.Column<DateTime>(nullable: true),
            LastStatus = t.Column<int>(nullable: true),
            LastResponse = t.Column<string>(maxLength: 200, nullable: true),
            LastAttemptAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_WebhookDeliveries", x => x.Id));
        m.CreateIndex("IX_WebhookDeliveries_WebhookId_Id", "WebhookDeliveries", ["WebhookId", "Id"]);
        m.CreateIndex("IX_WebhookDeliveries_DeliveredAt_NextAttemptAt", "WebhookDeliveries", ["DeliveredAt", "NextAttemptAt"]);
    }
}
