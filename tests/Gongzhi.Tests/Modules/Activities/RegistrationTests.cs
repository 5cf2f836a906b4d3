using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Activities;

namespace Gongzhi.Tests.Modules.Activities;

// Places, the waitlist and who may register: capacity holds under a rush, freed places go to the
// waitlist in arrival order (also when several cancel at once), the promoted are told.
public abstract class RegistrationTests(GongzhiApp app)
{
    private readonly ActivityDriver driver = new(app);

    [Fact]
    public async Task A_rush_fills_exactly_the_capacity_and_queues_the_rest_in_arrival_order()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 5 });
        var people = await driver.PeopleAsync(14);
        var clients = new List<HttpClient>();
        foreach (var p in people) clients.Add(await driver.ClientAsync(p));

        var answers = await Task.WhenAll(clients.Select(c => ActivityDriver.RegisterAsync(c, eventId)));
        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);

        var rows = await driver.RowsAsync(eventId);
        rows.Count.ShouldBe(14);
        rows.Values.Count(r => r.Status == RegistrationStatus.Confirmed).ShouldBe(5);
        rows.Values.Count(r => r.Status == RegistrationStatus.Waitlisted).ShouldBe(9);
        rows.Values.Select(r => r.Seq).Distinct().Count().ShouldBe(14);
        // The first five in the queue hold the places.
        rows.Values.OrderBy(r => r.Seq).Take(5).ShouldAllBe(r => r.Status == RegistrationStatus.Confirmed);
        var view = await driver.EventAsync(eventId);
        ((int)view["confirmed"]!).ShouldBe(5);
        ((int)view["waitlisted"]!).ShouldBe(9);
    }

    [Fact]
    public async Task Several_cancelling_at_once_promote_the_waitlist_in_order_and_the_promoted_are_told()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 3 });
        var people = await driver.PeopleAsync(8);
        var ids = new Dictionary<long, long>();
        foreach (var p in people)
        {
            var answer = await (await ActivityDriver.RegisterAsync(await driver.ClientAsync(p), eventId)).JsonAsync();
            ids[p.ResidentId] = answer[0]!.Long("id");
        }
        var first = await (await driver.ClientAsync(people[3])).GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/v1/events/{eventId}");
        first!["mine"]![0]!["waitlistPosition"]!.GetValue<int>().ShouldBe(1);

        // The three holders cancel at the same moment.
        var cancels = await Task.WhenAll(people.Take(3).Select(async p =>
            await (await driver.ClientAsync(p)).PostAsync($"/api/v1/registrations/{ids[p.ResidentId]}/cancel", null)));
        cancels.ShouldAllBe(c => c.StatusCode == HttpStatusCode.NoContent);

        var rows = await driver.RowsAsync(eventId);
        people.Take(3).ShouldAllBe(p => rows[p.ResidentId].Status == RegistrationStatus.Cancelled);
        people.Skip(3).Take(3).ShouldAllBe(p => rows[p.ResidentId].Status == RegistrationStatus.Confirmed);
        people.Skip(6).ShouldAllBe(p => rows[p.ResidentId].Status == RegistrationStatus.Waitlisted);

        // Promoted people find it in their inbox; those still waiting do not.
        foreach (var p in people.Skip(3))
        {
            var inbox = await (await (await driver.ClientAsync(p, "en")).GetAsync("/api/v1/inbox")).JsonAsync();
            var promoted = inbox["items"]!.AsArray().Any(i => i!["kind"]!.GetValue<string>() == "event.promoted" && i["link"]!.GetValue<string>() == $"/activities/events/{eventId}");
            promoted.ShouldBe(rows[p.ResidentId].Status == RegistrationStatus.Confirmed, p.Name);
        }

        // Staff cancel two at once: the last two in line move up, first come first served.
        var staff = await app.ClientForAsync("tuanjie");
        var drop = people.Skip(3).Take(2).Select(p => ids[p.ResidentId]).ToArray();
        (await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/registrations/cancel", new { registrationIds = drop })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        rows = await driver.RowsAsync(eventId);
        people.Skip(5).ShouldAllBe(p => rows[p.ResidentId].Status == RegistrationStatus.Confirmed);
        rows.Values.Count(r => r.Status == RegistrationStatus.Confirmed).ShouldBe(3);
    }

    [Fact]
    public async Task Audience_rules_are_checked_against_the_registry_and_a_refusal_changes_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        var elders = await driver.PeopleAsync(1, minAge: 65, maxAge: 100);
        var young = (await driver.PeopleAsync(1, minAge: 20, maxAge: 40))[0];
        var elderOnly = await driver.CreateEventAsync(new { minAge = 60 });

        var refused = await ActivityDriver.RegisterAsync(await driver.ClientAsync(young, "en"), elderOnly);
        (await refused.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("residentIds")
            .ShouldBe([$"This event is for people aged 60 and over; {young.Name} is younger"]);
        (await ActivityDriver.RegisterAsync(await driver.ClientAsync(elders[0]), elderOnly)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // One estate only.
        await using var db = app.NewDb();
        var otherEstate = await db.Estates.Where(e => e.CommunityId == facts.Community1)
            .Where(e => !db.Households.Any(h => h.Id == young.HouseholdId && h.EstateId == e.Id)).Select(e => e.Id).FirstAsync();
        var estateOnly = await driver.CreateEventAsync(new { estateId = otherEstate });
        (await (await ActivityDriver.RegisterAsync(await driver.ClientAsync(young, "zh-CN"), estateOnly)).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("residentIds").ShouldBe([$"本活动仅限指定小区居民，{young.Name} 不符合"]);

        // Parents with children: an adult alone is refused, adult and child together are in.
        var (adult, child) = await driver.FamilyAsync();
        var families = await driver.CreateEventAsync(new { familiesOnly = true, kind = (int)EventKind.Regular });
        var parent = await driver.ClientAsync(adult, "en");
        (await (await ActivityDriver.RegisterAsync(parent, families)).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("residentIds")
            .ShouldBe(["A parent-and-child event: register a child under 14 together with an adult"]);
        (await driver.RowsAsync(families)).ShouldBeEmpty();
        var both = await (await ActivityDriver.RegisterAsync(parent, families, adult.ResidentId, child.ResidentId)).JsonAsync();
        both.AsArray().Count.ShouldBe(2);

        // A neighbour of another household cannot be registered by this resident.
        (await (await ActivityDriver.RegisterAsync(parent, elderOnly, elders[0].ResidentId)).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("residentIds").ShouldBe(["You can register only members of your own household"]);

        // A resident of the other community does not see the event at all.
        var stranger = (await driver.PeopleAsync(1, community: 1))[0];
        await (await ActivityDriver.RegisterAsync(await driver.ClientAsync(stranger), families)).ProblemAsync(HttpStatusCode.NotFound);
        (await driver.RowsAsync(families)).Count.ShouldBe(2);
    }

    // A picker sent with nobody ticked is a question left unanswered: 400 in the caller's language, nothing written.
    // Leaving residentIds out is how a client says "myself"; the OpenAPI document says both.
    [Fact]
    public async Task An_empty_member_list_is_refused_and_leaving_it_out_registers_the_caller()
    {
        var person = (await driver.PeopleAsync(1))[0];
        var eventId = await driver.CreateEventAsync(new { capacity = 2 });
        foreach (var (language, message) in new[]
        {
            ("zh-CN", "没有选报名的人：请至少选一位家人；给自己报名时不要传 residentIds"),
            ("zh-TW", "沒有選報名的人：請至少選一位家人；給自己報名時不要傳 residentIds"),
            ("en", "Nobody chosen: name at least one household member, or leave residentIds out to register yourself"),
        })
        {
            var client = await driver.ClientAsync(person, language);
            var empty = await client.PostAsJsonAsync($"/api/v1/events/{eventId}/registrations", new { residentIds = Array.Empty<long>() });
            (await empty.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("residentIds").ShouldBe([message]);
        }
        (await driver.RowsAsync(eventId)).ShouldBeEmpty("a refused call writes nothing");

        var mine = await (await (await driver.ClientAsync(person)).PostAsJsonAsync($"/api/v1/events/{eventId}/registrations", new { })).JsonAsync();
        mine.AsArray().Single()!.Long("residentId").ShouldBe(person.ResidentId);
        (await driver.RowsAsync(eventId)).Keys.ShouldBe([person.ResidentId]);

        var openApi = await (await app.ClientForAsync("tuanjie")).GetStringAsync("/openapi/v1.json");
        openApi.ShouldContain("or oneself when residentIds is left out; an empty list is refused (400)");
    }

    [Fact]
    public async Task Registering_twice_or_outside_the_window_is_refused_with_no_change()
    {
        var person = (await driver.PeopleAsync(1))[0];
        var client = await driver.ClientAsync(person, "en");
        var eventId = await driver.CreateEventAsync(new { capacity = 2 });
        (await ActivityDriver.RegisterAsync(client, eventId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await driver.RowsAsync(eventId);

        var twice = await ActivityDriver.RegisterAsync(client, eventId);
        (await twice.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldBe($"{person.Name} is already registered for this event");
        (await driver.RowsAsync(eventId)).ShouldBe(before);

        var notYet = await driver.CreateEventAsync(new { registrationOpensAt = ActivityDriver.Iso(ActivityDriver.Local(5, 9)) });
        (await (await ActivityDriver.RegisterAsync(client, notYet)).ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>()
            .ShouldStartWith("Registration has not opened yet");
        var closed = await driver.CreateEventAsync(new
        {
            registrationOpensAt = ActivityDriver.Iso(ActivityDriver.Local(-3, 9)),
            registrationClosesAt = ActivityDriver.Iso(ActivityDriver.Local(-1, 9)),
        });
        (await (await ActivityDriver.RegisterAsync(client, closed)).ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>()
            .ShouldBe("Registration has closed");
        (await driver.RowsAsync(notYet)).ShouldBeEmpty();
        (await driver.RowsAsync(closed)).ShouldBeEmpty();

        // Cancelling twice, and bad event input from staff.
        var id = before[person.ResidentId];
        var regId = (await driver.EventAsync(eventId, client))["mine"]![0]!.Long("id");
        (await client.PostAsync($"/api/v1/registrations/{regId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.PostAsync($"/api/v1/registrations/{regId}/cancel", null)).ProblemAsync(HttpStatusCode.BadRequest);
        var staff = await app.ClientForAsync("tuanjie", "en");
        var past = await staff.PostAsJsonAsync("/api/v1/events", new
        {
            communityId = (await DemoFacts.ForAsync(app)).Community1, title = "过去的活动", kind = 1, address = "x", organiserKind = 1, organiserName = "社区",
            startsAt = ActivityDriver.Iso(ActivityDriver.Local(-1, 9)), endsAt = ActivityDriver.Iso(ActivityDriver.Local(-1, 10)), capacity = 5,
        });
        (await past.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("startsAt").ShouldBe(["That time has passed"]);
        id.Status.ShouldBe(RegistrationStatus.Confirmed);
    }

    [Fact]
    public async Task A_cancelled_event_tells_those_registered_and_takes_no_more()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 3 });
        var people = await driver.PeopleAsync(2);
        (await ActivityDriver.RegisterAsync(await driver.ClientAsync(people[0]), eventId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var staff = await app.ClientForAsync("tuanjie", "en");
        var version = (await driver.EventAsync(eventId))["version"]!.GetValue<int>();
        await (await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/cancel", new { version = version + 1 })).ProblemAsync(HttpStatusCode.Conflict);
        (await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/cancel", new { version })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var inbox = await (await (await driver.ClientAsync(people[0])).GetAsync("/api/v1/inbox")).JsonAsync();
        inbox["items"]!.AsArray().ShouldContain(i => i!["kind"]!.GetValue<string>() == "event.cancelled");
        var late = await ActivityDriver.RegisterAsync(await driver.ClientAsync(people[1], "en"), eventId);
        (await late.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldBe("The event has been cancelled");
        (await driver.RowsAsync(eventId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Staff_check_people_in_by_qr_code_or_from_the_list_and_see_attendance()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 2 });
        var people = await driver.PeopleAsync(3);
        foreach (var p in people) (await ActivityDriver.RegisterAsync(await driver.ClientAsync(p), eventId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var code = (await driver.EventAsync(eventId, await driver.ClientAsync(people[0])))["mine"]![0]!["checkInCode"]!.GetValue<string>();
        var staff = await app.ClientForAsync("tuanjie", "en");

        (await (await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/checkin", new { code })).JsonAsync())["name"]!.GetValue<string>().ShouldBe(people[0].Name);
        var again = await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/checkin", new { code });
        (await again.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldBe($"{people[0].Name} has already checked in");

        var list = (await driver.EventAsync(eventId))["all"]!.AsArray();
        var second = list.Single(r => r!["name"]!.GetValue<string>() == people[1].Name)!.Long("id");
        var waiting = list.Single(r => r!["name"]!.GetValue<string>() == people[2].Name)!.Long("id");
        (await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/checkin", new { registrationId = second })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/checkin", new { registrationId = waiting });
        (await refused.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldBe($"{people[2].Name} is on the waitlist and cannot check in");
        await (await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/checkin", new { code = "nonsense" })).ProblemAsync(HttpStatusCode.BadRequest);

        var view = await driver.EventAsync(eventId);
        view["sessions"]![0]!["attended"]!.GetValue<int>().ShouldBe(2);
        await using var db = app.NewDb();
        (await db.CheckIns.Where(c => db.Registrations.Any(r => r.Id == c.RegistrationId && r.EventId == eventId)).Select(c => c.Method).OrderBy(m => m).ToListAsync())
            .ShouldBe([CheckInMethod.Qr, CheckInMethod.List]);

        // A resident cannot check anybody in.
        await (await (await driver.ClientAsync(people[0])).PostAsJsonAsync($"/api/v1/events/{eventId}/checkin", new { registrationId = second })).ProblemAsync(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRegistrationTests(SqliteApp app) : RegistrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRegistrationTests(PostgresApp app) : RegistrationTests(app);
