using System.Net;
using Gongzhi.Web.Modules.Activities;

namespace Gongzhi.Tests.Modules.Activities;

// The resident's check-in QR links to the event page with their code (?code=). Opened by the
// organiser, the page shows the code in the check-in box and changes nothing; 签到 is the tap
// (a posted form). Typing a code into the same box works without script; a wrong one is refused
// next to the box and nothing is written.
public abstract class CheckInLinkPageTests(GongzhiApp app)
{
    private readonly ActivityDriver driver = new(app);

    [Fact]
    public async Task The_code_from_the_link_fills_the_box_and_only_the_tap_checks_in()
    {
        var eventId = await driver.CreateEventAsync(new { });
        var person = (await driver.PeopleAsync(1))[0];
        (await ActivityDriver.RegisterAsync(await driver.ClientAsync(person), eventId, person.ResidentId)).IsSuccessStatusCode.ShouldBeTrue();
        await using var db = app.NewDb();
        var registration = await db.Registrations.AsNoTracking().SingleAsync(r => r.EventId == eventId);
        var page = $"/activities/events/{eventId}?code={registration.CheckInCode}";
        var staff = await PageSession.LogInAsync(app, "tuanjie");

        var html = await staff.Client.GetStringAsync(page);
        html.ShouldContain("id=\"checkin-code-text\"");
        html.ShouldContain($"value=\"{registration.CheckInCode}\"");
        (await db.CheckIns.CountAsync(c => c.RegistrationId == registration.Id)).ShouldBe(0);

        var wrong = await staff.PostFormAsync(page, "checkin-code", new() { ["CodeInput.Text"] = "zzzzzz" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        wrongHtml.ShouldContain("value=\"zzzzzz\"");
        (await db.CheckIns.CountAsync(c => c.RegistrationId == registration.Id)).ShouldBe(0);

        (await staff.PostFormAsync(page, "checkin-code", new() { ["CodeInput.Text"] = registration.CheckInCode })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.CheckIns.AsNoTracking().SingleAsync(c => c.RegistrationId == registration.Id)).Method.ShouldBe(CheckInMethod.Qr);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCheckInLinkPageTests(SqliteApp app) : CheckInLinkPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCheckInLinkPageTests(PostgresApp app) : CheckInLinkPageTests(app);
