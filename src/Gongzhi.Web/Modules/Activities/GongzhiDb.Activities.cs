using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Activities.Calendars;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;

namespace Gongzhi.Web.Data;

// Activities's tables on the one DbContext (`db.Venues`). Each module declares its own part of this
// partial class in its own folder, so GongzhiDb.cs names no module and one DbContext keeps one
// migration order. (Properties, not C# 14 extension properties: expression trees may not hold
// those, and queries use these sets inside lambdas.)
public sealed partial class GongzhiDb
{
    public DbSet<Venue> Venues => Set<Venue>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventSession> EventSessions => Set<EventSession>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<EventPhoto> EventPhotos => Set<EventPhoto>();
    public DbSet<CentreService> CentreServices => Set<CentreService>();
    public DbSet<AppointmentSlot> AppointmentSlots => Set<AppointmentSlot>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<CalendarToken> CalendarTokens => Set<CalendarToken>();
}
