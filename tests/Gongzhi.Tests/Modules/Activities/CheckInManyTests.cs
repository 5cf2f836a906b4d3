using System.Net;

namespace Gongzhi.Tests.Modules.Activities;

// 批量签到 on the event page's roster: the organiser ticks who came and checks them in with one plain
// form. All or nothing: one already checked in is named and nobody else is checked in by that submit.
public abstract class CheckInManyTests(GongzhiApp app)
{
    private readonly ActivityDriver driver = new(app);

    private static async Task<HttpResponseMessage> PostAsync(PageSession session, string page, IEnumerable<long> registrationIds)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "checkin-many"),
            new("__RequestVerificationToken", await session.TokenAsync(page)),
        };
        fields.AddRange(registrationIds.Select(id => new KeyValuePair<string, string>("RegistrationIds", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return await session.Client.PostAsync(page, new FormUrlEncodedContent(fields));
    }

    private async Task<HashSet<long>> CheckedInAsync(long eventId)
    {
        await using var db = app.NewDb();
        return [.. await db.CheckIns.Where(c => db.Registrations.Any(r => r.Id == c.RegistrationId && r.EventId == eventId)).Select(c => c.RegistrationId).ToListAsync()];
    }

    [Fact]
    public async Task The_organiser_checks_in_the_ticked_people_at_once_and_a_repeat_names_who_is_already_in()
    {
        var eventId = await driver.CreateEventAsync(new { capacity = 10 });
        var people = await driver.PeopleAsync(3);
        var regs = new List<long>();
        foreach (var p in people)
        {
            var client = await driver.ClientAsync(p);
            (await ActivityDriver.RegisterAsync(client, eventId, p.ResidentId)).IsSuccessStatusCode.ShouldBeTrue();
            regs.Add((await driver.EventAsync(eventId, client))["mine"]![0]!.Long("id"));
        }
        var page = $"/activities/events/{eventId}";
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var roster = await staff.Client.GetStringAsync(page);
        roster.ShouldContain("id=\"checkin-many-go\"");
        roster.ShouldContain($"<label for=\"attend-{regs[0]}\">{people[0].Name}</label>");

        var first = await PostAsync(staff, page, [regs[0], regs[1]]);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        (await CheckedInAsync(eventId)).ShouldBe([regs[0], regs[1]], ignoreOrder: true);

        var again = await PostAsync(staff, page, [regs[1], regs[2]]);
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync()).ShouldContain($"{people[1].Name} 已签到");
        (await CheckedInAsync(eventId)).ShouldBe([regs[0], regs[1]], ignoreOrder: true);

        var none = await PostAsync(staff, page, []);
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await none.Content.ReadAsStringAsync()).ShouldContain("请先勾选要签到的人");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCheckInManyTests(SqliteApp app) : CheckInManyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCheckInManyTests(PostgresApp app) : CheckInManyTests(app);
