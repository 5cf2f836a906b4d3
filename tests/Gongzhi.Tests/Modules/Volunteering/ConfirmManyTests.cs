using System.Net;
using System.Net.Http.Json;
using Gongzhi.Tests.Modules.Activities;
using Gongzhi.Web.Modules.Volunteering.Activities;

namespace Gongzhi.Tests.Modules.Volunteering;

// 批量确认时长 on the shift roster: the organiser ticks the volunteers who checked out and confirms their
// minutes as recorded with one plain form. One who has not checked out is named and nobody is confirmed.
public abstract class ConfirmManyTests(GongzhiApp app)
{
    private static async Task<HttpResponseMessage> PostAsync(PageSession session, string page, IEnumerable<long> signupIds)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "confirm-many"),
            new("__RequestVerificationToken", await session.TokenAsync(page)),
        };
        fields.AddRange(signupIds.Select(id => new KeyValuePair<string, string>("SignupIds", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return await session.Client.PostAsync(page, new FormUrlEncodedContent(fields));
    }

    private async Task<Dictionary<long, (SignupStatus Status, int? Minutes, int Recorded)>> RowsAsync(long shiftId)
    {
        await using var db = app.NewDb();
        return (await db.ShiftSignups.Where(s => s.ShiftId == shiftId).ToListAsync()).ToDictionary(s => s.Id, s => (s.Status, s.ConfirmedMinutes,
            s.CheckedOutAt is { } o && s.CheckedInAt is { } i ? (int)Math.Round((o - i).TotalMinutes) : -1));
    }

    [Fact]
    public async Task The_organiser_confirms_the_ticked_as_recorded_and_one_not_checked_out_stops_the_whole_submit()
    {
        var staff = await app.ClientForAsync("tuanjie");
        var start = DateTime.UtcNow.AddMinutes(-30);
        var activityId = (await (await staff.PostAsJsonAsync("/api/v1/volunteer/activities", new
        {
            title = "垃圾分类督导", kind = "green", shifts = new[] { new { startsAt = start, endsAt = start.AddHours(2), place = "3号楼垃圾房", capacity = 5 } },
        })).JsonAsync(HttpStatusCode.Created)).Long("activityId");
        var shiftId = (await (await staff.GetAsync($"/api/v1/volunteer/activities/{activityId}")).JsonAsync())["shifts"]![0]!.Long("id");
        var signups = new List<(long Id, string Name)>();
        foreach (var person in await new ActivityDriver(app).PeopleAsync(3))
        {
            var client = await app.ClientForAsync(person.UserName!);
            (await client.PostAsJsonAsync("/api/v1/volunteer/register", new { skills = "宣传" })).IsSuccessStatusCode.ShouldBeTrue();
            signups.Add(((await (await client.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signup", null)).JsonAsync()).Long("signupId"), person.Name));
        }
        foreach (var (id, _) in signups)
            (await staff.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{id}/checkin", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var (id, _) in signups.Take(2))
            (await staff.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{id}/checkout", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = $"/volunteer/shifts/{shiftId}";
        var session = await PageSession.LogInAsync(app, "tuanjie");
        (await session.Client.GetStringAsync(page)).ShouldContain($"id=\"tick-{signups[0].Id}\"");

        var refused = await PostAsync(session, page, [signups[0].Id, signups[2].Id]);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain($"{signups[2].Name} 还没有签退，不能确认时长");
        (await RowsAsync(shiftId))[signups[0].Id].Status.ShouldBe(SignupStatus.CheckedOut);

        var ok = await PostAsync(session, page, [signups[0].Id, signups[1].Id]);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect, await ok.Content.ReadAsStringAsync());
        var rows = await RowsAsync(shiftId);
        foreach (var (id, _) in signups.Take(2))
        {
            rows[id].Status.ShouldBe(SignupStatus.Confirmed);
            rows[id].Minutes.ShouldBe(rows[id].Recorded);
        }
        rows[signups[2].Id].Status.ShouldBe(SignupStatus.CheckedIn);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteConfirmManyTests(SqliteApp app) : ConfirmManyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresConfirmManyTests(PostgresApp app) : ConfirmManyTests(app);
