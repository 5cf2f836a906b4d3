using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Activities.Calendars;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;
using Gongzhi.Web.Modules.Requests.Photos;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Activities;

public static class ActivitiesApi
{
    public static void MapActivitiesApi(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Activities").ProducesErrors(404, 409);
        events.MapGet("", ListEvents).WithExport("events").WithSummary("Events of the caller's communities: upcoming (or past) with places taken and waitlist length");
        events.MapPost("", CreateEvent)
            .WithSummary("Create an event (staff). Times without an offset are Beijing time; RepeatWeeks > 1 repeats it weekly; a venue is booked for every session");
        events.MapGet("/{id:long}", GetEvent);
        events.MapPost("/{id:long}/registrations", Register)
            .WithSummary("Register household members (residentIds), or oneself when residentIds is left out; an empty list is refused (400). Staff may register residents of their community. Each gets a place or a waitlist position")
            .WithDescription("`{\"residentIds\": [12, 13]}` registers those members of the caller's household; `{}` (no residentIds) registers the caller. "
                + "`{\"residentIds\": []}` answers 400 with a problem naming residentIds: a client that sends the ticked members of a picker must not sign the caller up when nobody is ticked.");
        events.MapPost("/{id:long}/registrations/cancel", CancelRegistrations).WithSummary("Staff cancel several registrations at once; the waitlist moves up in order");
        events.MapPost("/{id:long}/capacity", SetCapacity);
        events.MapPost("/{id:long}/cancel", CancelEvent)
            .WithSummary("Staff call the event off ({version}): venue bookings are released, everyone registered gets a message");
        events.MapPost("/{id:long}/checkin", CheckIn)
            .WithSummary("Staff check a person in by the code in their QR (code) or from the list (registrationId); sessionId defaults to the current session");
        events.MapPost("/{id:long}/report", Report).DisableAntiforgery()
            .WithSummary("After the event: a short report (JSON {text}, or multipart with text and photos)");
        events.MapPost("/{id:long}/cover", SetCover).DisableAntiforgery()
            .WithSummary("Staff set the cover picture (multipart: cover, a JPEG/PNG/WebP photo checked like case photos) or remove it (remove=true)");

        // Routes on a registration, booking, slot or appointment of their own, outside the /events, /venues and /services prefixes.
        var loose = api.MapGroup("").WithTags("Activities").ProducesErrors(404, 409);
        loose.MapPost("/registrations/{id:long}/cancel", CancelRegistration).WithSummary("Cancel a registration; the first on the waitlist is promoted and notified");

        var venues = api.MapGroup("/venues").WithTags("Activities").ProducesErrors(404, 409);
        venues.MapGet("", ListVenues);
        venues.MapPost("", CreateVenue).WithSummary("Add a venue (staff): opening hours, capacity, equipment, whether bookings need approval");
        venues.MapGet("/{id:long}/week", GetVenueWeek).WithSummary("The week (Monday–Sunday, Beijing time) around a day: bookings and events held in the venue");
        venues.MapPost("/{id:long}/bookings", BookVenue)
            .WithSummary("Book a venue once or weekly (weeks). Refused if any occurrence overlaps a booking or an event; touching ends are fine");
        loose.MapPost("/bookings/{id:long}/decision", DecideBooking);
        loose.MapPost("/bookings/{id:long}/cancel", CancelBooking);

        var services = api.MapGroup("/services").WithTags("Activities").ProducesErrors(404, 409);
        services.MapGet("", ListServices).WithSummary("Centre services (代办帮办, 预约延时, 周末加时) with their slots of the next two weeks");
        services.MapPost("/{id:long}/slots", AddSlots);
        loose.MapPost("/slots/{id:long}/appointments", BookAppointment).WithSummary("Book a slot for oneself, or (staff, residentId) for a resident");
        loose.MapGet("/appointments", ListAppointments).WithExport("appointments")
            .WithSummary("The caller's appointments; staff=true: the coming appointments of the communities they manage");
        loose.MapPost("/appointments/{id:long}/outcome", CloseAppointment)
            .WithSummary("Staff mark Done or NoShow; the resident (or staff) may cancel, which frees the slot");

        var calendar = api.MapGroup("/calendar").WithTags("Activities").ProducesErrors(404, 409);
        calendar.MapGet("/personal", GetPersonalFeed).WithSummary("The caller's personal feed URL (created on first use)");
        calendar.MapPost("/personal/renew", RenewPersonalFeed).WithSummary("Revoke the old personal feed URL and issue a new one");
    }

    public static string FeedUrl(HttpContext http, string token) => $"{http.Request.Scheme}://{http.Request.Host}/calendars/personal/{token}.ics";

    // Events

    static async Task<Ok<List<EventSummary>>> ListEvents(long? communityId, bool? past, EventQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.ListAsync(communityId, past ?? false, ct));

    static async Task<Created<IdResponse>> CreateEvent(EventInput input, EventCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/events/{id}", new IdResponse(id));
    }

    static async Task<Ok<EventView>> GetEvent(long id, EventQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(id, ct));

    static async Task<Ok<IReadOnlyList<RegistrationRow>>> Register(long id, RegistrationInput input, EventCommands c, CancellationToken ct) =>
        TypedResults.Ok(await c.RegisterAsync(id, input, ct));

    static async Task<NoContent> CancelRegistrations(long id, CancelManyInput input, EventCommands c, CancellationToken ct)
    {
        await c.CancelManyAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> SetCapacity(long id, CapacityInput input, EventCommands c, CancellationToken ct)
    {
        await c.SetCapacityAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> CancelEvent(long id, EventVersionInput input, EventCommands c, CancellationToken ct)
    {
        await c.CancelEventAsync(id, input.Version, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<CheckedInResponse>> CheckIn(long id, CheckInInput input, EventCommands c, CancellationToken ct) =>
        TypedResults.Ok(new CheckedInResponse(await c.CheckInAsync(id, input, ct)));

    // The report comes as JSON from other systems and as multipart (with photos) from phones, so the body is read by hand.
    static async Task<NoContent> Report(long id, HttpRequest request, EventCommands c, CancellationToken ct)
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
    }

    // Multipart like the report; the role and scope are checked before the picture is looked at.
    static async Task<NoContent> SetCover(long id, HttpRequest request, EventCommands c, CancellationToken ct)
    {
        var (upload, remove) = request.HasFormContentType ? CoverPictures.FromForm(await request.ReadFormAsync(ct)) : (null, false);
        await c.SetCoverAsync(id, upload, remove, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> CancelRegistration(long id, EventCommands c, CancellationToken ct)
    {
        await c.CancelAsync(id, ct);
        return TypedResults.NoContent();
    }

    // Venues

    static async Task<Ok<List<VenueRow>>> ListVenues(VenueQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListAsync(ct));

    static async Task<Created<IdResponse>> CreateVenue(VenueInput input, VenueCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/venues/{id}/week", new IdResponse(id));
    }

    static async Task<Ok<VenueWeek>> GetVenueWeek(long id, DateOnly? day, VenueQueries q, CancellationToken ct) => TypedResults.Ok(await q.WeekAsync(id, day, ct));

    static async Task<Ok<BookingResult>> BookVenue(long id, BookingInput input, VenueCommands c, CancellationToken ct) =>
        TypedResults.Ok(await c.BookAsync(id, input, ct));

    static async Task<NoContent> DecideBooking(long id, DecideInput input, VenueCommands c, CancellationToken ct)
    {
        await c.DecideAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> CancelBooking(long id, VenueCommands c, CancellationToken ct)
    {
        await c.CancelAsync(id, ct);
        return TypedResults.NoContent();
    }

    // Centre services and appointments

    static async Task<Ok<List<ServiceRow>>> ListServices(AppointmentQueries q, CancellationToken ct) => TypedResults.Ok(await q.ServicesAsync(ct));

    static async Task<Ok<SlotIdsResponse>> AddSlots(long id, SlotsInput input, AppointmentCommands c, CancellationToken ct) =>
        TypedResults.Ok(new SlotIdsResponse(await c.AddSlotsAsync(id, input, ct)));

    static async Task<Created<IdResponse>> BookAppointment(long id, AppointmentInput input, AppointmentCommands c, CancellationToken ct)
    {
        var appointmentId = await c.BookAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/appointments/{appointmentId}", new IdResponse(appointmentId));
    }

    static async Task<Ok<List<AppointmentRow>>> ListAppointments(bool? staff, AppointmentQueries q, CancellationToken ct) =>
        TypedResults.Ok(staff == true ? await q.ForStaffAsync(ct) : await q.MineAsync(ct));

    static async Task<NoContent> CloseAppointment(long id, OutcomeInput input, AppointmentCommands c, CancellationToken ct)
    {
        await c.CloseAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    // Calendar feeds

    static async Task<Ok<FeedUrlResponse>> GetPersonalFeed(HttpContext http, CalendarFeeds feeds, Platform.Accounts.CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(new FeedUrlResponse(FeedUrl(http, await feeds.TokenForAsync(user.RequiredId, renew: false, ct))));

    static async Task<Ok<FeedUrlResponse>> RenewPersonalFeed(HttpContext http, CalendarFeeds feeds, Platform.Accounts.CurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(new FeedUrlResponse(FeedUrl(http, await feeds.TokenForAsync(user.RequiredId, renew: true, ct))));
}

// {"name": "…"}: the name of the person checked in, for the staff member to read back.
public sealed record CheckedInResponse(string Name);

// {"ids": [1, 2, 3]}: the slots added, in order.
public sealed record SlotIdsResponse(IReadOnlyList<long> Ids);

// {"url": "https://…/calendars/personal/….ics"}: the personal calendar feed to subscribe to.
public sealed record FeedUrlResponse(string Url);
