using System.Net;
using System.Text.RegularExpressions;

namespace Gongzhi.Tests.Platform.Print;

// The printable views: each answers its page's people with an A4 page (print stylesheet, no navigation) whose rows
// are counted here from the raw rows, and refuses the others as its page does.
public abstract partial class PrintViewTests(GongzhiApp app)
{
    [Fact]
    public async Task A_meetings_sign_in_sheet_prints_for_its_staff_and_not_for_a_resident_who_was_not_invited()
    {
        var facts = await DemoFacts.ForAsync(app);
        long meeting;
        int attendees;
        await using (var db = app.NewDb())
        {
            meeting = await db.Meetings.Where(m => m.CommunityId == facts.Community1).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync();
            attendees = await db.MeetingAttendees.CountAsync(a => a.MeetingId == meeting);
        }
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var response = await staff.GetAsync($"/meetings/{meeting}/print");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        AssertPrintPage(html);
        html.ShouldContain("签到表");
        html.ShouldContain("会议记录");
        Rows(html, "attendee").ShouldBe(attendees);
        (await staff.GetStringAsync($"/meetings/{meeting}")).ShouldContain($"href=\"/meetings/{meeting}/print\"");

        var resident = (await PageSession.LogInAsync(app, facts.ResidentUserName)).Client;
        bool invited;
        await using (var db = app.NewDb())
            invited = await db.MeetingAttendees.AnyAsync(a => a.MeetingId == meeting && a.UserId == facts.UserIds[facts.ResidentUserName]);
        if (!invited) (await resident.GetAsync($"/meetings/{meeting}/print")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var other = (await PageSession.LogInAsync(app, "wangge.li")).Client;
        (await other.GetAsync($"/meetings/{meeting + 100000}/print")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/meetings/{meeting}/print")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_events_roster_prints_for_the_staff_who_manage_it_and_is_refused_to_residents()
    {
        var facts = await DemoFacts.ForAsync(app);
        long ev;
        int registered;
        await using (var db = app.NewDb())
        {
            ev = await db.Events.Where(e => e.CommunityId == facts.Community1 && db.Registrations.Any(r => r.EventId == e.Id)).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
            registered = await db.Registrations.CountAsync(r => r.EventId == ev && r.Status != Gongzhi.Web.Modules.Activities.RegistrationStatus.Cancelled);
        }
        var staff = (await PageSession.LogInAsync(app, "tuanjie")).Client;
        var response = await staff.GetAsync($"/activities/events/{ev}/roster");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        AssertPrintPage(html);
        html.ShouldContain("活动报名名单");
        Rows(html, "registrant").ShouldBe(registered);
        (await staff.GetStringAsync($"/activities/events/{ev}")).ShouldContain($"href=\"/activities/events/{ev}/roster\"");

        var resident = (await PageSession.LogInAsync(app, facts.ResidentUserName)).Client;
        var refused = await resident.GetAsync($"/activities/events/{ev}/roster");
        refused.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        Rows(await refused.Content.ReadAsStringAsync(), "registrant").ShouldBe(0);
    }

    [Fact]
    public async Task A_grids_contact_list_prints_what_its_public_board_shows()
    {
        var facts = await DemoFacts.ForAsync(app);
        var anonymous = app.CreateClient();
        var board = await anonymous.GetStringAsync($"/board/{facts.Grid1}");
        board.ShouldContain($"href=\"/board/{facts.Grid1}/print\"");
        var response = await anonymous.GetAsync($"/board/{facts.Grid1}/print");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        AssertPrintPage(html);
        html.ShouldContain("网格联系表");
        var calls = CallLinks().Count(board);
        calls.ShouldBeGreaterThan(0);
        Rows(html, "contact").ShouldBe(calls);
        (await anonymous.GetAsync("/board/999999/print")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static void AssertPrintPage(string html)
    {
        html.ShouldContain("css/print.css");
        html.ShouldContain("id=\"print-now\"");
        html.ShouldNotContain("gz-header");
    }

    private static int Rows(string html, string css) => Regex.Count(html, $"<tr class=\"{css}\"");

    [GeneratedRegex("class=\"btn btn-success gz-call\"")]
    private static partial Regex CallLinks();
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePrintViewTests(SqliteApp app) : PrintViewTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPrintViewTests(PostgresApp app) : PrintViewTests(app);
