using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Activities.Calendars;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Activities;

internal sealed class VenueConfiguration : IEntityTypeConfiguration<Venue>
{
    public void Configure(EntityTypeBuilder<Venue> b)
    {
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Equipment).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> b)
    {
        b.Property(x => x.CoverName).HasMaxLength(100);
        b.Property(x => x.CoverType).HasMaxLength(30);
        b.Property(x => x.Title).HasMaxLength(60);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.OrganiserName).HasMaxLength(50);
        b.Property(x => x.Report).HasMaxLength(1000);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.LastEndsAt);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Venue>().WithMany().HasForeignKey(x => x.VenueId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Estate>().WithMany().HasForeignKey(x => x.EstateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CommunityId, x.StartsAt });
    }
}

internal sealed class EventSessionConfiguration : IEntityTypeConfiguration<EventSession>
{
    public void Configure(EntityTypeBuilder<EventSession> b)
    {
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EventId, x.StartsAt });
    }
}

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> b)
    {
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.RegisteredByUserId).HasMaxLength(450);
        b.Property(x => x.CheckInCode).HasMaxLength(24);
        b.Ignore(x => x.Active);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.EventId, x.ResidentId }).IsUnique();
        // Places and the waitlist of an event, in queue order.
        b.HasIndex(x => new { x.EventId, x.Status, x.Seq });
        b.HasIndex(x => x.CheckInCode).IsUnique();
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> b)
    {
        b.Property(x => x.ByUserId).HasMaxLength(450);
        b.HasOne<Registration>().WithMany().HasForeignKey(x => x.RegistrationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<EventSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RegistrationId, x.SessionId }).IsUnique();
    }
}

internal sealed class EventPhotoConfiguration : IEntityTypeConfiguration<EventPhoto>
{
    public void Configure(EntityTypeBuilder<EventPhoto> b)
    {
        b.Property(x => x.StoredName).HasMaxLength(100);
        b.Property(x => x.ContentType).HasMaxLength(30);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> b)
    {
        b.Property(x => x.SeriesKey).HasMaxLength(32);
        b.Property(x => x.Purpose).HasMaxLength(100);
        b.Property(x => x.BookedByUserId).HasMaxLength(450);
        b.Property(x => x.BookedByName).HasMaxLength(30);
        b.Property(x => x.DecidedByUserId).HasMaxLength(450);
        b.HasOne<Venue>().WithMany().HasForeignKey(x => x.VenueId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        // The overlap check reads a venue's bookings by start time.
        b.HasIndex(x => new { x.VenueId, x.StartsAt });
        b.HasIndex(x => x.BookedByUserId);
    }
}

internal sealed class CentreServiceConfiguration : IEntityTypeConfiguration<CentreService>
{
    public void Configure(EntityTypeBuilder<CentreService> b)
    {
        b.Property(x => x.Name).HasMaxLength(30);
        b.Property(x => x.Description).HasMaxLength(300);
        b.HasOne<Community>().WithMany().HasForeignKey(x => x.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppointmentSlotConfiguration : IEntityTypeConfiguration<AppointmentSlot>
{
    public void Configure(EntityTypeBuilder<AppointmentSlot> b)
    {
        b.Property(x => x.StaffUserId).HasMaxLength(450);
        b.Property(x => x.StaffName).HasMaxLength(30);
        b.HasOne<CentreService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ServiceId, x.StartsAt });
    }
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> b)
    {
        b.Property(x => x.ResidentName).HasMaxLength(30);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.BookedByUserId).HasMaxLength(450);
        b.Property(x => x.Note).HasMaxLength(200);
        b.HasOne<AppointmentSlot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CentreService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Resident>().WithMany().HasForeignKey(x => x.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.UserId);
        // The reminder sweep: booked appointments starting soon.
        b.HasIndex(x => new { x.Status, x.StartsAt });
    }
}

internal sealed class CalendarTokenConfiguration : IEntityTypeConfiguration<CalendarToken>
{
    public void Configure(EntityTypeBuilder<CalendarToken> b)
    {
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Token).HasMaxLength(40);
        b.HasIndex(x => x.Token).IsUnique();
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
