using Microsoft.Extensions.Localization;
using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;
using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Activities.Calendars;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;

namespace Gongzhi.Web.Modules.Activities;

public static class ActivitiesModule
{
    internal static bool Takes(CurrentUser u) => u.IsInRole(Roles.Resident) || u.Can(Capability.ManageActivities);
    internal static bool ManagesVenues(CurrentUser u) => u.Can(Capability.ManageActivities);

    public static WebApplicationBuilder AddActivities(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<Gongzhi.Web.Platform.Privacy.IPersonalDataEraser, ActivitiesEraser>();
        services.AddActivitiesServices();
        services.AddGrant(Capability.ManageActivities, Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff);
        // A place confirmed from the waitlist, a cancelled event and an appointment reminder reach people by SMS too.
        services.AddOutboundKinds("event.promoted", "event.cancelled", "appointment.reminder");
        services.AddNav(new NavEntry("/activities", "Activities.Layout.Nav", Takes, 50, "nav-activities", Icon: "bi-calendar-event"));
        services.AddHomeTiles(new HomeTile("/activities", "Activities.Home.Title", "Activities.Home.Hint", Takes, 60, "home-activities"));
        services.AddNav(new NavEntry("/activities/venues/manage", "Activities.VenuesAdmin.Nav", ManagesVenues, 51, "nav-venues-admin", Icon: "bi-building"));
        services.AddDemoData(30, (sp, demo, ct) => ActivitiesDemo.SeedAsync(sp.GetRequiredService<Gongzhi.Web.Data.GongzhiDb>(), demo.Now, ct));
        // 导出 the events list as /activities shows it (Platform/Export).
        services.AddExport("events", async (http, ct) =>
        {
            var q = http.Request.Query;
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var past = string.Equals(q["past"], "true", StringComparison.OrdinalIgnoreCase);
            var rows = await http.RequestServices.GetRequiredService<Events.EventQueries>().ListAsync(q.Long("communityId"), past, ct);
            return ExportRows.Of(rows, text["Export.File.Events"], ExportParts.Describe(("communityId", q.Long("communityId")), ("past", past)), text,
                ("No", r => r.Id), ("Title", r => r.Title), ("Kind", r => r.Kind), ("Starts", r => r.StartsAt), ("Ends", r => r.EndsAt), ("Place", r => r.Place),
                ("Capacity", r => r.Capacity), ("Registered", r => r.Confirmed), ("Waitlisted", r => r.Waitlisted), ("Status", r => r.Status), ("Community", r => r.Community));
        });
        // 导出 the centre's appointments as /activities/services shows staff (staff=true; anyone else: their own).
        services.AddExport("appointments", async (http, ct) =>
        {
            var q = http.Request.Query;
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var staff = string.Equals(q["staff"], "true", StringComparison.OrdinalIgnoreCase);
            var queries = http.RequestServices.GetRequiredService<AppointmentQueries>();
            var rows = staff ? await queries.ForStaffAsync(ct) : await queries.MineAsync(ct);
            return ExportRows.Of(rows, text["Export.File.Appointments"], ExportParts.Describe(("staff", staff ? "true" : null)), text,
                ("No", r => r.Id), ("Activities.Export.Service", r => r.Service), ("Starts", r => r.StartsAt), ("Ends", r => r.EndsAt),
                ("Name", r => r.ResidentName), ("Status", r => r.Status), ("Activities.Export.OnBehalf", r => r.OnBehalf), ("Activities.Export.Staff", r => r.StaffName));
        });
        return builder;
    }

    public static WebApplication MapActivities(this WebApplication app)
    {
        app.MapApi().MapActivitiesApi();
        app.MapActivitiesFeeds();
        return app;
    }

    private static IServiceCollection AddActivitiesServices(this IServiceCollection services)
    {
        services.AddScoped<ActivitiesAccess>();
        services.AddScoped<EventCommands>();
        services.AddScoped<EventQueries>();
        services.AddScoped<VenueCommands>();
        services.AddScoped<VenueQueries>();
        services.AddScoped<AppointmentCommands>();
        services.AddScoped<AppointmentQueries>();
        services.AddScoped<AppointmentReminders>();
        services.AddScoped<CalendarFeeds>();
        services.AddHostedService<ReminderWorker>();
        return services;
    }

    // The feeds are plain GETs for calendar apps: no login (the personal one is found by its secret).
    private static void MapActivitiesFeeds(this WebApplication app)
    {
        const string type = "text/calendar; charset=utf-8";
        app.MapGet("/calendars/communities/{id:long}.ics", async (long id, HttpContext http, CalendarFeeds feeds, CancellationToken ct) =>
            await feeds.CommunityAsync(id, http.Request.Host.Host, ct) is { } text ? Results.Text(text, type) : Results.NotFound());
        app.MapGet("/calendars/venues/{id:long}.ics", async (long id, HttpContext http, CalendarFeeds feeds, CancellationToken ct) =>
            await feeds.VenueAsync(id, http.Request.Host.Host, ct) is { } text ? Results.Text(text, type) : Results.NotFound());
        app.MapGet("/calendars/personal/{token}.ics", async (string token, HttpContext http, CalendarFeeds feeds, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "private, no-store";
            return await feeds.PersonalAsync(token, http.Request.Host.Host, ct) is { } text ? Results.Text(text, type) : Results.NotFound();
        });
        app.MapGet("/activities/events/{id:long}/cover", async (long id, HttpContext http, EventCommands events, Requests.Photos.PhotoStore photos, CancellationToken ct) =>
        {
            try
            {
                var ev = await events.VisibleEventAsync(id, ct);
                return Requests.Photos.CoverPictures.Serve(http, photos, ev.CoverName, ev.CoverType);
            }
            catch (DomainException)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
            AuthenticationSchemes = $"{Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme},{Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme}",
        });
        app.MapGet("/activities/events/{id:long}/photos/{photoId:long}", async (long id, long photoId, HttpContext http, EventCommands events,
            Gongzhi.Web.Data.GongzhiDb db, Requests.Photos.PhotoStore photos, CancellationToken ct) =>
        {
            try
            {
                await events.VisibleEventAsync(id, ct);
            }
            catch (DomainException)
            {
                return Results.NotFound();
            }
            var photo = await db.EventPhotos.AsNoTracking().FirstOrDefaultAsync(p => p.Id == photoId && p.EventId == id, ct);
            if (photo is null || !File.Exists(photos.PathOf(photo.StoredName))) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(photos.PathOf(photo.StoredName), photo.ContentType);
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
            AuthenticationSchemes = $"{Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme},{Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme}",
        });
    }
}
