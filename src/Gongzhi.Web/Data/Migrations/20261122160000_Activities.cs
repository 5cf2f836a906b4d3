using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Activities and services (活动与服务): venues and their bookings, events with sessions,
// registrations, check-ins and photos, centre services with slots and appointments, and the
// secret tokens of personal calendar feeds.
[DbContext(typeof(GongzhiDb))]
[Migration("20261122160000_Activities")]
public sealed class Activities : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Venues", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Kind = t.Column<int>(nullable: false),
            Capacity = t.Column<int>(nullable: false),
            Equipment = t.Column<string>(maxLength: 200, nullable: true),
            OpensAt = t.Column<TimeOnly>(nullable: false),
            ClosesAt = t.Column<TimeOnly>(nullable: false),
            ApprovalRequired = t.Column<bool>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Venues", x => x.Id);
            t.ForeignKey("FK_Venues_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Venues_CommunityId", "Venues", "CommunityId");

        m.CreateTable("Events", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Title = t.Column<string>(maxLength: 60, nullable: false),
            Kind = t.Column<int>(nullable: false),
            Description = t.Column<string>(maxLength: 2000, nullable: true),
            VenueId = t.Column<long>(nullable: true),
            Address = t.Column<string>(maxLength: 200, nullable: true),
            OrganiserKind = t.Column<int>(nullable: false),
            OrganiserName = t.Column<string>(maxLength: 50, nullable: false),
            StartsAt = t.Column<DateTime>(nullable: false),
            EndsAt = t.Column<DateTime>(nullable: false),
            RepeatWeeks = t.Column<int>(nullable: false),
            Capacity = t.Column<int>(nullable: false),
            MinAge = t.Column<int>(nullable: true),
            MaxAge = t.Column<int>(nullable: true),
            EstateId = t.Column<long>(nullable: true),
            FamiliesOnly = t.Column<bool>(nullable: false),
            RegistrationOpensAt = t.Column<DateTime>(nullable: false),
            RegistrationClosesAt = t.Column<DateTime>(nullable: false),
            Status = t.Column<int>(nullable: false),
            Report = t.Column<string>(maxLength: 1000, nullable: true),
            ReportedAt = t.Column<DateTime>(nullable: true),
            CreatedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Seq = t.Column<long>(nullable: false),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Events", x => x.Id);
            t.ForeignKey("FK_Events_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Events_Venues_VenueId", x => x.VenueId, "Venues", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Events_Estates_EstateId", x => x.EstateId, "Estates", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Events_CommunityId_StartsAt", "Events", ["CommunityId", "StartsAt"]);
        m.CreateIndex("IX_Events_VenueId", "Events", "VenueId");
        m.CreateIndex("IX_Events_EstateId", "Events", "EstateId");

        m.CreateTable("EventSessions", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            EventId = t.Column<long>(nullable: false),
            StartsAt = t.Column<DateTime>(nullable: false),
            EndsAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EventSessions", x => x.Id);
            t.ForeignKey("FK_EventSessions_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_EventSessions_EventId_StartsAt", "EventSessions", ["EventId", "StartsAt"]);

        m.CreateTable("Registrations", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            EventId = t.Column<long>(nullable: false),
            ResidentId = t.Column<long>(nullable: false),
            HouseholdId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            RegisteredByUserId = t.Column<string>(maxLength: 450, nullable: false),
            Status = t.Column<int>(nullable: false),
            Seq = t.Column<long>(nullable: false),
            CheckInCode = t.Column<string>(maxLength: 24, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            PromotedAt = t.Column<DateTime>(nullable: true),
            CancelledAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Registrations", x => x.Id);
            t.ForeignKey("FK_Registrations_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Registrations_Residents_ResidentId", x => x.ResidentId, "Residents", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Registrations_EventId_ResidentId", "Registrations", ["EventId", "ResidentId"], unique: true);
        m.CreateIndex("IX_Registrations_EventId_Status_Seq", "Registrations", ["EventId", "Status", "Seq"]);
        m.CreateIndex("IX_Registrations_CheckInCode", "Registrations", "CheckInCode", unique: true);
        m.CreateIndex("IX_Registrations_UserId", "Registrations", "UserId");
        m.CreateIndex("IX_Registrations_ResidentId", "Registrations", "ResidentId");

        m.CreateTable("CheckIns", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            RegistrationId = t.Column<long>(nullable: false),
            SessionId = t.Column<long>(nullable: false),
            Method = t.Column<int>(nullable: false),
            ByUserId = t.Column<string>(maxLength: 450, nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CheckIns", x => x.Id);
            t.ForeignKey("FK_CheckIns_Registrations_RegistrationId", x => x.RegistrationId, "Registrations", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_CheckIns_EventSessions_SessionId", x => x.SessionId, "EventSessions", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CheckIns_RegistrationId_SessionId", "CheckIns", ["RegistrationId", "SessionId"], unique: true);
        m.CreateIndex("IX_CheckIns_SessionId", "CheckIns", "SessionId");

        m.CreateTable("EventPhotos", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            EventId = t.Column<long>(nullable: false),
            StoredName = t.Column<string>(maxLength: 100, nullable: false),
            ContentType = t.Column<string>(maxLength: 30, nullable: false),
            At = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_EventPhotos", x => x.Id);
            t.ForeignKey("FK_EventPhotos_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_EventPhotos_EventId", "EventPhotos", "EventId");

        m.CreateTable("Bookings", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            VenueId = t.Column<long>(nullable: false),
            StartsAt = t.Column<DateTime>(nullable: false),
            EndsAt = t.Column<DateTime>(nullable: false),
            SeriesKey = t.Column<string>(maxLength: 32, nullable: true),
            EventId = t.Column<long>(nullable: true),
            Purpose = t.Column<string>(maxLength: 100, nullable: false),
            BookedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            BookedByName = t.Column<string>(maxLength: 30, nullable: false),
            Status = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            DecidedByUserId = t.Column<string>(maxLength: 450, nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Bookings", x => x.Id);
            t.ForeignKey("FK_Bookings_Venues_VenueId", x => x.VenueId, "Venues", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Bookings_Events_EventId", x => x.EventId, "Events", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Bookings_VenueId_StartsAt", "Bookings", ["VenueId", "StartsAt"]);
        m.CreateIndex("IX_Bookings_EventId", "Bookings", "EventId");
        m.CreateIndex("IX_Bookings_BookedByUserId", "Bookings", "BookedByUserId");

        m.CreateTable("CentreServices", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            CommunityId = t.Column<long>(nullable: false),
            Name = t.Column<string>(maxLength: 30, nullable: false),
            Kind = t.Column<int>(nullable: false),
            Description = t.Column<string>(maxLength: 300, nullable: true),
            SlotMinutes = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CentreServices", x => x.Id);
            t.ForeignKey("FK_CentreServices_Communities_CommunityId", x => x.CommunityId, "Communities", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_CentreServices_CommunityId", "CentreServices", "CommunityId");

        m.CreateTable("AppointmentSlots", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            ServiceId = t.Column<long>(nullable: false),
            StartsAt = t.Column<DateTime>(nullable: false),
            EndsAt = t.Column<DateTime>(nullable: false),
            StaffUserId = t.Column<string>(maxLength: 450, nullable: true),
            StaffName = t.Column<string>(maxLength: 30, nullable: false),
            Taken = t.Column<bool>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AppointmentSlots", x => x.Id);
            t.ForeignKey("FK_AppointmentSlots_CentreServices_ServiceId", x => x.ServiceId, "CentreServices", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_AppointmentSlots_ServiceId_StartsAt", "AppointmentSlots", ["ServiceId", "StartsAt"]);

        m.CreateTable("Appointments", t => new
        {
            Id = t.Column<long>(nullable: false).AutoIncrement(),
            SlotId = t.Column<long>(nullable: false),
            ServiceId = t.Column<long>(nullable: false),
            ResidentId = t.Column<long>(nullable: false),
            ResidentName = t.Column<string>(maxLength: 30, nullable: false),
            UserId = t.Column<string>(maxLength: 450, nullable: true),
            BookedByUserId = t.Column<string>(maxLength: 450, nullable: false),
            OnBehalf = t.Column<bool>(nullable: false),
            Status = t.Column<int>(nullable: false),
            Note = t.Column<string>(maxLength: 200, nullable: true),
            StartsAt = t.Column<DateTime>(nullable: false),
            EndsAt = t.Column<DateTime>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ReminderSentAt = t.Column<DateTime>(nullable: true),
            ClosedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Appointments", x => x.Id);
            t.ForeignKey("FK_Appointments_AppointmentSlots_SlotId", x => x.SlotId, "AppointmentSlots", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Appointments_CentreServices_ServiceId", x => x.ServiceId, "CentreServices", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Appointments_Residents_ResidentId", x => x.ResidentId, "Residents", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Appointments_SlotId", "Appointments", "SlotId");
        m.CreateIndex("IX_Appointments_ServiceId", "Appointments", "ServiceId");
        m.CreateIndex("IX_Appointments_ResidentId", "Appointments", "ResidentId");
        m.CreateIndex("IX_Appointments_UserId", "Appointments", "UserId");
        m.CreateIndex("IX_Appointments_Status_StartsAt", "Appointments", ["Status", "StartsAt"]);

        m.CreateTable("CalendarTokens", t => new
        {
            UserId = t.Column<string>(maxLength: 450, nullable: false),
            Token = t.Column<string>(maxLength: 40, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CalendarTokens", x => x.UserId);
            t.ForeignKey("FK_CalendarTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CalendarTokens_Token", "CalendarTokens", "Token", unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "CalendarTokens", "Appointments", "AppointmentSlots", "CentreServices", "Bookings", "EventPhotos", "CheckIns", "Registrations", "EventSessions", "Events", "Venues" })
            m.DropTable(table);
    }
}
