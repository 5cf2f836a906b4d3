using System.Net;
using Gongzhi.Web.Modules.Activities;

namespace Gongzhi.Tests.Modules.Activities;

// The server-rendered pages, driven as a phone browser would: cookie login, form posts.
public abstract class ActivityPageTests(GongzhiApp app)
{
    private readonly ActivityDriver driver = new(app);

    [Fact]
    public async Task Every_activity_page_renders_for_staff_and_residents_and_staff_pages_refuse_residents()
    {
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var venue = await db.Venues.Where(v => v.CommunityId == facts.Community1).Select(v => v.Id).FirstAsync();
        var ev = await db.Events.Where(e => e.CommunityId == facts.Community1).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var resident = await PageSession.LogInAsync(app, facts.ResidentUserName);
        string[] pages = ["/activities", "/activities/mine", "/activities/venues", $"/activities/venues/{venue}", "/activities/services", $"/activities/events/{ev}"];
        foreach (var page in pages)
        {
            (await staff.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK, page);
            (await resident.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK, page);
        }
        (await staff.Client.GetStringAsync("/activities/events/new")).ShouldContain("create-event");
        (await resident.Client.GetAsync("/activities/events/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var home = await resident.Client.GetStringAsync("/activities");
        home.ShouldContain("健康义诊服务进社区");
    }

    [Fact]
    public async Task A_resident_joins_a_full_event_on_the_waitlist_is_promoted_when_another_cancels_and_is_checked_in()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 1 });
        var people = await driver.PeopleAsync(2);
        var first = await PageSession.LogInAsync(app, people[0].UserName!, "en");
        var second = await PageSession.LogInAsync(app, people[1].UserName!, "en");
        var page = $"/activities/events/{eventId}";

        var register = await first.PostFormAsync(page, "register", new() { ["residentIds"] = people[0].ResidentId.ToString() });
        register.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await second.Client.GetStringAsync(page)).ShouldContain("Full — join the waitlist");
        (await second.PostFormAsync(page, "register", new() { ["residentIds"] = people[1].ResidentId.ToString() })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await second.Client.GetStringAsync(page)).ShouldContain("Number 1 on the waitlist");

        var regId = (await driver.EventAsync(eventId, await driver.ClientAsync(people[0])))["mine"]![0]!.Long("id");
        (await first.PostFormAsync(page, $"cancel-{regId}", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await second.Client.GetStringAsync(page);
        after.ShouldContain("data-status=\"Confirmed\"");
        (await second.Client.GetStringAsync("/inbox")).ShouldContain($"now has a place");

        var staff = await PageSession.LogInAsync(app, "tuanjie", "en");
        var secondReg = (await driver.EventAsync(eventId, await driver.ClientAsync(people[1])))["mine"]![0]!.Long("id");
        (await staff.PostFormAsync(page, $"checkin-{secondReg}", new())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await staff.Client.GetStringAsync(page)).ShouldContain("data-testid=\"checked-in\"");
        (await driver.RowsAsync(eventId))[people[1].ResidentId].Status.ShouldBe(RegistrationStatus.Confirmed);
    }

    [Fact]
    public async Task An_overlapping_booking_on_the_venue_page_is_refused_in_the_users_language()
    {
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var venue = await db.Venues.Where(v => v.CommunityId == facts.Community1 && v.Kind == VenueKind.MeetingRoom).Select(v => v.Id).FirstAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie", "zh-Hant");
        var day = DateOnly.FromDateTime(ActivityDriver.Local(60 + Random.Shared.Next(100), 0)).ToString("yyyy-MM-dd");
        var fields = new Dictionary<string, string> { ["Input.Date"] = day, ["Input.From"] = "10:00", ["Input.To"] = "11:00", ["Input.Weeks"] = "1", ["Input.Purpose"] = "议事会" };
        (await staff.PostFormAsync($"/activities/venues/{venue}", "book", new(fields))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await db.Bookings.CountAsync(b => b.VenueId == venue);
        var clash = await staff.PostFormAsync($"/activities/venues/{venue}", "book", new(fields) { ["Input.From"] = "10:30", ["Input.To"] = "12:00" });
        clash.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await clash.Content.ReadAsStringAsync()).ShouldContain("已被預約");
        (await db.Bookings.CountAsync(b => b.VenueId == venue)).ShouldBe(before);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteActivityPageTests(SqliteApp app) : ActivityPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresActivityPageTests(PostgresApp app) : ActivityPageTests(app);
