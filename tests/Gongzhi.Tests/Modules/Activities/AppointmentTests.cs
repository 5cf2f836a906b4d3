using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Appointments;

namespace Gongzhi.Tests.Modules.Activities;

// Service appointments: a slot is booked once, never in the past; staff book for an elderly
// resident (代办), a reminder goes out the day before, staff close it as done or no-show.
public abstract class AppointmentTests(GongzhiApp app)
{
    private readonly ActivityDriver driver = new(app);

    private long? service;

    // A service of its own per test, so no other test's slots are in the way.
    private async Task<long> ServiceAsync()
    {
        if (service is { } id) return id;
        var community = (await DemoFacts.ForAsync(app)).Community1;
        await using var db = app.NewDb();
        var s = new CentreService(community, "社保认证" + Guid.NewGuid().ToString("N")[..4], ServiceKind.Proxy, "养老金领取资格认证", 20);
        db.CentreServices.Add(s);
        await db.SaveChangesAsync();
        return (service = s.Id).Value;
    }

    private async Task<List<long>> SlotsAsync(DateTime start, int count)
    {
        var staff = await app.ClientForAsync("tuanjie");
        var answer = await (await staff.PostAsJsonAsync($"/api/v1/services/{await ServiceAsync()}/slots", new { startsAt = ActivityDriver.Iso(start), count })).JsonAsync();
        return answer["ids"]!.AsArray().Select(i => i!.GetValue<long>()).ToList();
    }

    [Fact]
    public async Task A_slot_is_booked_once_even_when_several_press_at_the_same_moment()
    {
        // Far enough ahead and at an odd minute so no other test's slots collide.
        var slots = await SlotsAsync(ActivityDriver.Local(5, 9), 2);
        var people = await driver.PeopleAsync(6);
        var clients = new List<HttpClient>();
        foreach (var p in people) clients.Add(await driver.ClientAsync(p));
        var answers = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync($"/api/v1/slots/{slots[0]}/appointments", new { note = "带身份证" })));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(5);
        await using var db = app.NewDb();
        (await db.Appointments.CountAsync(a => a.SlotId == slots[0])).ShouldBe(1);

        // The winner cancels: the slot is free again and another resident takes it.
        var winner = clients[Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.Created)];
        var id = (await answers.First(a => a.StatusCode == HttpStatusCode.Created).JsonAsync(HttpStatusCode.Created)).Long("id");
        (await winner.PostAsJsonAsync($"/api/v1/appointments/{id}/outcome", new { outcome = (int)AppointmentStatus.Cancelled })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var other = clients.First(c => c != winner);
        (await other.PostAsJsonAsync($"/api/v1/slots/{slots[0]}/appointments", new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var taken = await (await driver.ClientAsync(people[0], "en")).PostAsJsonAsync($"/api/v1/slots/{slots[0]}/appointments", new { });
        (await taken.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldBe("That slot has just been taken; please choose another");
    }

    [Fact]
    public async Task A_slot_in_the_past_is_refused_and_nothing_is_written()
    {
        var service = await ServiceAsync();
        await using var db = app.NewDb();
        var slot = new AppointmentSlot(service, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1.5), null, "李晓梅");
        db.AppointmentSlots.Add(slot);
        await db.SaveChangesAsync();
        var person = (await driver.PeopleAsync(1))[0];
        var answer = await (await driver.ClientAsync(person, "en")).PostAsJsonAsync($"/api/v1/slots/{slot.Id}/appointments", new { });
        (await answer.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("slotId").ShouldBe(["That slot has passed; please choose another"]);
        (await db.Appointments.CountAsync(a => a.SlotId == slot.Id)).ShouldBe(0);
        (await db.AppointmentSlots.AsNoTracking().SingleAsync(s => s.Id == slot.Id)).Taken.ShouldBeFalse();

        var staff = await app.ClientForAsync("tuanjie", "en");
        var pastSlots = await staff.PostAsJsonAsync($"/api/v1/services/{service}/slots", new { startsAt = ActivityDriver.Iso(ActivityDriver.Local(-1, 9)), count = 2 });
        (await pastSlots.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("startsAt").ShouldBe(["That time has passed"]);
    }

    [Fact]
    public async Task Staff_book_for_an_elderly_resident_who_is_reminded_and_closed_as_no_show_only_after_the_time()
    {
        var slots = await SlotsAsync(DateTime.SpecifyKind(DateTime.UtcNow.AddHours(8 + 30), DateTimeKind.Unspecified), 1);
        var elder = (await driver.PeopleAsync(1, minAge: 70, maxAge: 100, accounts: false))[0];
        var staff = await app.ClientForAsync("tuanjie", "en");
        var created = await (await staff.PostAsJsonAsync($"/api/v1/slots/{slots[0]}/appointments", new { residentId = elder.ResidentId, note = "老人行动不便，代办社保认证" }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.Long("id");
        await using var db = app.NewDb();
        var row = await db.Appointments.SingleAsync(a => a.Id == id);
        row.OnBehalf.ShouldBeTrue();
        row.ResidentId.ShouldBe(elder.ResidentId);

        // A resident cannot book for somebody else.
        var person = (await driver.PeopleAsync(1))[0];
        var more = await SlotsAsync(ActivityDriver.Local(5, 15), 1);
        await (await (await driver.ClientAsync(person)).PostAsJsonAsync($"/api/v1/slots/{more[0]}/appointments", new { residentId = elder.ResidentId })).ProblemAsync(HttpStatusCode.Forbidden);

        // The reminder: the sweep (run here with a clock a day later) tells the booker once.
        using (var scope = app.Services.CreateScope())
        {
            var sweep = new AppointmentReminders(scope.ServiceProvider.GetRequiredService<Gongzhi.Web.Data.GongzhiDb>(), new ShiftedClock(TimeSpan.FromHours(12)));
            (await sweep.SweepAsync()).ShouldBeGreaterThanOrEqualTo(1);
            (await sweep.SweepAsync()).ShouldBe(0);
        }
        var inbox = await (await staff.GetAsync("/api/v1/inbox")).JsonAsync();
        inbox["items"]!.AsArray().ShouldContain(i => i!["kind"]!.GetValue<string>() == "appointment.reminder" && i["text"]!.GetValue<string>().Contains(elder.Name));

        var early = await staff.PostAsJsonAsync($"/api/v1/appointments/{id}/outcome", new { outcome = (int)AppointmentStatus.NoShow });
        (await early.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldBe("The appointment has not started yet");
        var list = await (await staff.GetAsync("/api/v1/appointments?staff=true")).JsonAsync();
        list.AsArray().ShouldContain(a => a!.Long("id") == id);
    }

    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAppointmentTests(SqliteApp app) : AppointmentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAppointmentTests(PostgresApp app) : AppointmentTests(app);
