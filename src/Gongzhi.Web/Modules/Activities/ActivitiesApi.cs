using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Activities.Calendars;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;
using Gongzhi.Web.Modules.Requests.Photos;

namespace Gongzhi.Web.Modules.Activities;

public static class ActivitiesApi
{
    public static void MapActivitiesApi(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Activities").ProducesErrors(404, 409);
        events.MapGet("", async (long? communityId, bool? past, EventQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListAsync(communityId, past ?? false, ct)))
            .WithSummary("Events of the caller's communities: upcoming (or past) with places taken and waitlist length");
        events.MapPost("", async (EventInput input, EventCommands c, CancellationToken ct) =>
        {
            var id = await c.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/events/{id}", new { id });
        }).WithSummary("Create an event (staff). Times without an offset are Beijing time; RepeatWeeks > 1 repeats it weekly; a venue is booked for every session");
        events.MapGet("/{id:long}", async (long id, EventQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(id, ct)));
        events.MapPost("/{id:long}/registrations", async (long id, RegistrationInput input, EventCommands c, CancellationToken ct) =>
            TypedResults.Ok(await c.RegisterAsync(id, input, ct)))
            .WithSummary("Register oneself or household members (residentIds; empty = oneself). Staff may register residents of their community. Each gets a place or a waitlist position");
        events.MapPost("/{id:long}/registrations/cancel", async (long id, CancelManyInput input, EventCommands c, CancellationToken ct) =>
        {
            await c.CancelManyAsync(id, input, ct);
            return TypedResults.NoContent();
        }).WithSummary("Staff cancel several registrations at once; the waitlist moves up in order");
        events.MapPost("/{id:long}/capacity", async (long id, CapacityInput input, EventCommands c, CancellationToken ct) =>
        {
            await c.SetCapacityAsync(id, input, ct);
            return TypedResults.NoContent();
        });
        events.MapPost("/{id:long}/cancel", async (long id, EventVersionInput input, EventCommands c, CancellationToken ct) =>
        {
            await c.CancelEventAsync(id, input.Version, ct);
            return TypedResults.NoContent();
        }).WithSummary("Staff call the event off ({version}): venue bookings are released, everyone registered gets a message");
        events.MapPost("/{id:long}/checkin", async (long id, CheckInInput input, EventCommands c, CancellationToken ct) =>
            TypedResults.Ok(new { name = await c.CheckInAsync(id, input, ct) }))
            .WithSummary("Staff check a person in by the code in their QR (code) or from the list (registrationId); sessionId defaults to the current session");
        events.MapPost("/{id:long}/report", async (long id, HttpRequest request, EventCommands c, CancellationToken ct) =>
        {
            string? text;
            var uploads = new List<PhotoUpload>();
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                text = form["text"];
                uploads.AddRange(form.Files.GetFiles("photos").Select(f => new PhotoUpload(f.FileName, f.Length, f.OpenReadStream)));
            }
            else if (request.HasJsonContentType())
            {
                text = (await request.ReadFromJsonAsync<ReportInput>(ct))?.Text;
            }
            else throw new DomainException("Error.BadRequest");
            await c.ReportAsync(id, new ReportInput(text), uploads, ct);
            return TypedResults.NoContent();
        }).DisableAntiforgery().WithSummary("After the event: a short report (JSON {text}, or multipart with text and photos)");
        api.MapPost("/registrations/{id:long}/cancel", async (long id, EventCommands c, CancellationToken ct) =>
        {
            await c.CancelAsync(id, ct);
            return TypedResults.NoContent();
        }).WithTags("Activities").WithSummary("Cancel a registration; the first on the waitlist is promoted and notified");

        var venues = api.MapGroup("/venues").WithTags("Activities").ProducesErrors(404, 409);
        venues.MapGet("", async (VenueQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListAsync(ct)));
        venues.MapPost("", async (VenueInput input, VenueCommands c, CancellationToken ct) =>
        {
            var id = await c.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/venues/{id}/week", new { id });
        }).WithSummary("Add a venue (staff): opening hours, capacity, equipment, whether bookings need approval");
        venues.MapGet("/{id:long}/week", async (long id, DateOnly? day, VenueQueries q, CancellationToken ct) => TypedResults.Ok(await q.WeekAsync(id, day, ct)))
            .WithSummary("The week (Monday–Sunday, Beijing time) around a day: bookings and events held in the venue");
        venues.MapPost("/{id:long}/bookings", async (long id, BookingInput input, VenueCommands c, CancellationToken ct) =>
            TypedResults.Ok(await c.BookAsync(id, input, ct)))
            .WithSummary("Book a venue once or weekly (weeks). Refused if any occurrence overlaps a booking or an event; touching ends are fine");
        api.MapPost("/bookings/{id:long}/decision", async (long id, DecideInput input, VenueCommands c, CancellationToken ct) =>
        {
            await c.DecideAsync(id, input, ct);
            return TypedResults.NoContent();
        }).WithTags("Activities").ProducesErrors(404, 409);
        api.MapPost("/bookings/{id:long}/cancel", async (long id, VenueCommands c, CancellationToken ct) =>
        {
            await c.CancelAsync(id, ct);
            return TypedResults.NoContent();
        }).WithTags("Activities").ProducesErrors(404, 409);

        var services = api.MapGroup("/services").WithTags("Activities").ProducesErrors(404, 409);
        services.MapGet("", async (AppointmentQueries q, CancellationToken ct) => TypedResults.Ok(await q.ServicesAsync(ct)))
            .WithSummary("Centre services (代办帮办, 预约延时, 周末加时) with their slots of the next two weeks");
        services.MapPost("/{id:long}/slots", async (long id, SlotsInput input, AppointmentCommands c, CancellationToken ct) =>
            TypedResults.Ok(new { ids = await c.AddSlotsAsync(id, input, ct) }));
        api.MapPost("/slots/{id:long}/appointments", async (long id, AppointmentInput input, AppointmentCommands c, CancellationToken ct) =>
        {
            var appointmentId = await c.BookAsync(id, input, ct);
            return TypedResults.Created($"/api/v1/appointments/{appointmentId}", new { id = appointmentId });
        }).WithTags("Activities").WithSummary("Book a slot for oneself, or (staff, residentId) for a resident");
        api.MapGet("/appointments", async (bool? staff, AppointmentQueries q, CancellationToken ct) =>
            TypedResults.Ok(staff == true ? await q.ForStaffAsync(ct) : await q.MineAsync(ct))).WithTags("Activities").ProducesErrors(404, 409);
        api.MapPost("/appointments/{id:long}/outcome", async (long id, OutcomeInput input, AppointmentCommands c, CancellationToken ct) =>
        {
            await c.CloseAsync(id, input, ct);
            return TypedResults.NoContent();
        }).WithTags("Activities").WithSummary("Staff mark Done or NoShow; the resident (or staff) may cancel, which frees the slot");

        var calendar = api.MapGroup("/calendar").WithTags("Activities").ProducesErrors(404, 409);
        calendar.MapGet("/personal", async (HttpContext http, CalendarFeeds feeds, Platform.Accounts.CurrentUser user, CancellationToken ct) =>
            TypedResults.Ok(new { url = FeedUrl(http, await feeds.TokenForAsync(user.RequiredId, renew: false, ct)) }))
            .WithSummary("The caller's personal feed URL (created on first use)");
        calendar.MapPost("/personal/renew", async (HttpContext http, CalendarFeeds feeds, Platform.Accounts.CurrentUser user, CancellationToken ct) =>
            TypedResults.Ok(new { url = FeedUrl(http, await feeds.TokenForAsync(user.RequiredId, renew: true, ct)) }))
            .WithSummary("Revoke the old personal feed URL and issue a new one");
    }

    public static string FeedUrl(HttpContext http, string token) => $"{http.Request.Scheme}://{http.Request.Host}/calendars/personal/{token}.ics";
}
