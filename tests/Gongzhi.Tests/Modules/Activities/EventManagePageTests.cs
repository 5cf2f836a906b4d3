using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Venues;

namespace Gongzhi.Tests.Modules.Activities;

// The staff page for what was API-only on events: changing the number of places and calling an event
// off. It goes through EventCommands (the same rules as the API); staff of another community get 404,
// other roles 403; a bad form says why next to the field, keeps what was typed and writes nothing.
public abstract partial class EventManagePageTests(GongzhiApp app)
{
    private readonly ActivityDriver driver = new(app);

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    private static async Task<string> VersionAsync(PageSession session, string page) =>
        VersionField().Match(await session.Client.GetStringAsync(page)).Groups[1].Value;

    [Fact]
    public async Task Staff_raise_the_places_and_the_waitlist_moves_up_and_fewer_than_confirmed_is_refused()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 2 });
        var people = await driver.PeopleAsync(3);
        foreach (var p in people)
            (await ActivityDriver.RegisterAsync(await driver.ClientAsync(p), eventId, p.ResidentId)).IsSuccessStatusCode.ShouldBeTrue();
        var page = $"/activities/events/{eventId}/manage";
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        (await staff.Client.GetStringAsync($"/activities/events/{eventId}")).ShouldContain(page);
        var version = await VersionAsync(staff, page);
        await using var db = app.NewDb();

        var below = await staff.PostFormAsync(page, "capacity", new() { ["Input.Capacity"] = "1", ["Version"] = version });
        below.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await below.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Capacity\"");
        html.ShouldContain("value=\"1\"");
        var words = await staff.PostFormAsync(page, "capacity", new() { ["Input.Capacity"] = "三十", ["Version"] = version });
        words.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var wordsHtml = await words.Content.ReadAsStringAsync();
        wordsHtml.ShouldContain("data-field-error=\"Capacity\"");
        wordsHtml.ShouldContain("value=\"三十\"");
        (await db.Events.AsNoTracking().Where(e => e.Id == eventId).Select(e => e.Capacity).SingleAsync()).ShouldBe(2);
        (await driver.RowsAsync(eventId)).Values.Count(r => r.Status == RegistrationStatus.Waitlisted).ShouldBe(1);

        (await staff.PostFormAsync(page, "capacity", new() { ["Input.Capacity"] = "3", ["Version"] = version })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Events.AsNoTracking().Where(e => e.Id == eventId).Select(e => e.Capacity).SingleAsync()).ShouldBe(3);
        (await driver.RowsAsync(eventId)).Values.ShouldAllBe(r => r.Status == RegistrationStatus.Confirmed);

        // The form read before the change is stale now: one winner, a clear 409 for the other.
        (await staff.PostFormAsync(page, "capacity", new() { ["Input.Capacity"] = "8", ["Version"] = version })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await db.Events.AsNoTracking().Where(e => e.Id == eventId).Select(e => e.Capacity).SingleAsync()).ShouldBe(3);
    }

    // A 30-seat room holds 30 however the list grows: the places can be raised up to the room, not past it.
    [Fact]
    public async Task Places_are_not_raised_past_the_venues_capacity()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await app.ClientForAsync("tuanjie");
        var venue = (await (await staff.PostAsJsonAsync("/api/v1/venues", new
        {
            communityId = facts.Community1, name = "活动室" + Guid.NewGuid().ToString("N")[..4], kind = (int)VenueKind.MeetingRoom, capacity = 30,
            opensAt = "08:00:00", closesAt = "21:00:00", approvalRequired = false,
        })).JsonAsync(HttpStatusCode.Created)).Long("id");
        var start = ActivityDriver.Local(40, 9);
        var eventId = await driver.CreateEventAsync(new
        {
            venueId = venue, address = (string?)null, startsAt = ActivityDriver.Iso(start), endsAt = ActivityDriver.Iso(start.AddHours(2)), capacity = 20,
        });
        var page = $"/activities/events/{eventId}/manage";
        var session = await PageSession.LogInAsync(app, "tuanjie");
        var version = await VersionAsync(session, page);

        var over = await session.PostFormAsync(page, "capacity", new() { ["Input.Capacity"] = "31", ["Version"] = version });
        over.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await over.Content.ReadAsStringAsync()).ShouldContain("人数超过场地容量（30 人）");
        var api = await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/capacity", new { capacity = 31, version = int.Parse(version, System.Globalization.CultureInfo.InvariantCulture) });
        (await api.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("capacity").ShouldBe(["人数超过场地容量（30 人）"]);
        await using var db = app.NewDb();
        (await db.Events.AsNoTracking().Where(e => e.Id == eventId).Select(e => e.Capacity).SingleAsync()).ShouldBe(20);

        (await session.PostFormAsync(page, "capacity", new() { ["Input.Capacity"] = "30", ["Version"] = version })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Events.AsNoTracking().Where(e => e.Id == eventId).Select(e => e.Capacity).SingleAsync()).ShouldBe(30);
    }

    [Fact]
    public async Task Calling_an_event_off_needs_a_tick_and_then_tells_everyone_registered()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 5 });
        var people = await driver.PeopleAsync(2);
        foreach (var p in people)
            (await ActivityDriver.RegisterAsync(await driver.ClientAsync(p), eventId, p.ResidentId)).IsSuccessStatusCode.ShouldBeTrue();
        var page = $"/activities/events/{eventId}/manage";
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var version = await VersionAsync(staff, page);
        await using var db = app.NewDb();
        var userIds = people.Select(p => p.UserId!).ToList();

        var unticked = await staff.PostFormAsync(page, "call-off", new() { ["Version"] = version });
        unticked.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unticked.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"Confirm\"");
        (await db.Events.AsNoTracking().Where(e => e.Id == eventId).Select(e => e.Status).SingleAsync()).ShouldBe(EventStatus.Open);
        (await db.Notifications.CountAsync(n => n.Kind == "event.cancelled" && userIds.Contains(n.UserId))).ShouldBe(0);

        (await staff.PostFormAsync(page, "call-off", new() { ["Version"] = version, ["Confirm"] = "true" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Events.AsNoTracking().Where(e => e.Id == eventId).Select(e => e.Status).SingleAsync()).ShouldBe(EventStatus.Cancelled);
        (await db.Notifications.CountAsync(n => n.Kind == "event.cancelled" && userIds.Contains(n.UserId))).ShouldBe(2);
        (await staff.Client.GetStringAsync(page)).ShouldContain("data-testid=\"called-off\"");
    }

    [Fact]
    public async Task Other_roles_get_403_and_another_communitys_staff_get_404_and_change_nothing()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 4 });
        var page = $"/activities/events/{eventId}/manage";
        var facts = await DemoFacts.ForAsync(app);
        foreach (var user in new[] { "wuye", facts.ResidentUserName })
            (await (await PageSession.LogInAsync(app, user)).Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);

        var other = await PageSession.LogInAsync(app, "jianshe");
        (await other.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A post made up by hand (the page never rendered a form for them) is refused the same way.
        var token = await other.TokenAsync("/activities/events/new");
        foreach (var (handler, field, value) in new[] { ("capacity", "Input.Capacity", "40"), ("call-off", "Confirm", "true") })
        {
            var response = await other.Client.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = handler, ["__RequestVerificationToken"] = token, ["Version"] = "0", [field] = value,
            }));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, handler);
        }
        await using var db = app.NewDb();
        var ev = await db.Events.AsNoTracking().SingleAsync(e => e.Id == eventId);
        ev.Capacity.ShouldBe(4);
        ev.Status.ShouldBe(EventStatus.Open);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEventManagePageTests(SqliteApp app) : EventManagePageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEventManagePageTests(PostgresApp app) : EventManagePageTests(app);
