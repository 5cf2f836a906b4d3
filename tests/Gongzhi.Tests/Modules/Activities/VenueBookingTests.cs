using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Activities;

namespace Gongzhi.Tests.Modules.Activities;

// A venue is never double-booked: one-off, weekly and event bookings all count, on half-open
// intervals (one ending as the next starts is fine), and two requests at once get one winner.
public abstract class VenueBookingTests(GongzhiApp app)
{
    private readonly ActivityDriver driver = new(app);

    private async Task<long> VenueAsync(bool approval = false)
    {
        var staff = await app.ClientForAsync("tuanjie");
        var answer = await staff.PostAsJsonAsync("/api/v1/venues", new
        {
            communityId = (await DemoFacts.ForAsync(app)).Community1, name = "测试活动室" + Guid.NewGuid().ToString("N")[..4], kind = (int)VenueKind.ActivityRoom,
            capacity = 30, equipment = "投影仪", opensAt = "08:00:00", closesAt = "21:00:00", approvalRequired = approval,
        });
        return (await answer.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    private static Task<HttpResponseMessage> BookAsync(HttpClient client, long venueId, DateTime start, DateTime end, int weeks = 1, string purpose = "会议") =>
        client.PostAsJsonAsync($"/api/v1/venues/{venueId}/bookings", new { startsAt = ActivityDriver.Iso(start), endsAt = ActivityDriver.Iso(end), weeks, purpose });

    private async Task<int> HeldAsync(long venueId)
    {
        await using var db = app.NewDb();
        return await db.Bookings.CountAsync(b => b.VenueId == venueId && (b.Status == BookingStatus.Approved || b.Status == BookingStatus.Pending));
    }

    [Fact]
    public async Task One_off_weekly_and_event_bookings_never_overlap_but_may_touch()
    {
        var venue = await VenueAsync();
        var staff = await app.ClientForAsync("tuanjie", "en");
        // Weekly, three weeks: 14:00–16:00.
        (await BookAsync(staff, venue, ActivityDriver.Local(10, 14), ActivityDriver.Local(10, 16), weeks: 3, purpose: "舞蹈队排练")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HeldAsync(venue)).ShouldBe(3);

        // A one-off overlapping the second week is refused and names the clash.
        var clash = await BookAsync(staff, venue, ActivityDriver.Local(17, 15), ActivityDriver.Local(17, 17));
        (await clash.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("is already booked");
        // Touching: 16:00–18:00 right after, and 12:00–14:00 right before, are fine.
        (await BookAsync(staff, venue, ActivityDriver.Local(17, 16), ActivityDriver.Local(17, 18))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await BookAsync(staff, venue, ActivityDriver.Local(17, 12), ActivityDriver.Local(17, 14))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HeldAsync(venue)).ShouldBe(5);

        // A weekly booking whose fourth week would clash with the one-off is refused as a whole.
        (await BookAsync(staff, venue, ActivityDriver.Local(3, 17), ActivityDriver.Local(3, 19), weeks: 4)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await HeldAsync(venue)).ShouldBe(5);

        // An event held in the venue books it for each session, and is refused where it would overlap.
        var community = (await DemoFacts.ForAsync(app)).Community1;
        var overlapping = await staff.PostAsJsonAsync("/api/v1/events", new
        {
            communityId = community, title = "健身气功", kind = (int)EventKind.Fitness, venueId = venue, organiserKind = 2, organiserName = "健身气功队",
            startsAt = ActivityDriver.Iso(ActivityDriver.Local(10, 13)), endsAt = ActivityDriver.Iso(ActivityDriver.Local(10, 14, 30)), repeatWeeks = 2, capacity = 20,
        });
        (await overlapping.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("is already booked");
        (await HeldAsync(venue)).ShouldBe(5);
        var touching = await driver.CreateEventAsync(new { venueId = venue, address = (string?)null, startsAt = ActivityDriver.Iso(ActivityDriver.Local(10, 9)),
            endsAt = ActivityDriver.Iso(ActivityDriver.Local(10, 12)), repeatWeeks = 2, capacity = 20 });
        (await HeldAsync(venue)).ShouldBe(7);
        // …and now a booking over the event's second session is refused.
        (await BookAsync(staff, venue, ActivityDriver.Local(17, 10), ActivityDriver.Local(17, 11))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        touching.ShouldBeGreaterThan(0);

        // The weekly calendar shows the week's bookings by day.
        var week = await (await staff.GetAsync($"/api/v1/venues/{venue}/week?day={DateOnly.FromDateTime(ActivityDriver.Local(17, 0)):yyyy-MM-dd}")).JsonAsync();
        week["days"]!.AsArray().Sum(d => d!["bookings"]!.AsArray().Count).ShouldBe(4);
    }

    [Fact]
    public async Task Overlapping_requests_at_the_same_moment_have_one_winner()
    {
        var venue = await VenueAsync();
        var clients = new List<HttpClient>();
        foreach (var name in new[] { "tuanjie", "wangge.zhang", "wangge.li", "admin" }) clients.Add(await app.ClientForAsync(name));
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            BookAsync(clients[i % clients.Count], venue, ActivityDriver.Local(12, 9, i % 3 * 10), ActivityDriver.Local(12, 10, i % 3 * 10))));
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(11);
        (await HeldAsync(venue)).ShouldBe(1);
    }

    [Fact]
    public async Task Outside_hours_or_in_the_past_is_refused_and_residents_wait_for_approval()
    {
        var venue = await VenueAsync(approval: true);
        var staff = await app.ClientForAsync("tuanjie", "en");
        (await (await BookAsync(staff, venue, ActivityDriver.Local(8, 20), ActivityDriver.Local(8, 22))).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("startsAt").ShouldBe(["Outside opening hours (08:00–21:00)"]);
        (await (await BookAsync(staff, venue, ActivityDriver.Local(-2, 9), ActivityDriver.Local(-2, 10))).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("startsAt").ShouldBe(["That time has passed"]);
        (await (await BookAsync(staff, venue, ActivityDriver.Local(8, 10), ActivityDriver.Local(8, 9))).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("endsAt").ShouldBe(["The end must come after the start"]);
        (await HeldAsync(venue)).ShouldBe(0);

        var resident = (await driver.PeopleAsync(1))[0];
        var client = await driver.ClientAsync(resident);
        var booked = await (await BookAsync(client, venue, ActivityDriver.Local(8, 10), ActivityDriver.Local(8, 11), purpose: "楼栋议事")).JsonAsync();
        booked["status"]!.GetValue<int>().ShouldBe((int)BookingStatus.Pending);
        // Pending holds the time: nobody else gets it meanwhile.
        (await BookAsync(staff, venue, ActivityDriver.Local(8, 10, 30), ActivityDriver.Local(8, 11, 30))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var id = booked["ids"]![0]!.GetValue<long>();
        await (await client.PostAsJsonAsync($"/api/v1/bookings/{id}/decision", new { approve = true })).ProblemAsync(HttpStatusCode.Forbidden);
        (await staff.PostAsJsonAsync($"/api/v1/bookings/{id}/decision", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await staff.PostAsJsonAsync($"/api/v1/bookings/{id}/decision", new { approve = false })).ProblemAsync(HttpStatusCode.BadRequest);
        await using var db = app.NewDb();
        (await db.Bookings.SingleAsync(b => b.Id == id)).Status.ShouldBe(BookingStatus.Approved);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVenueBookingTests(SqliteApp app) : VenueBookingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVenueBookingTests(PostgresApp app) : VenueBookingTests(app);
