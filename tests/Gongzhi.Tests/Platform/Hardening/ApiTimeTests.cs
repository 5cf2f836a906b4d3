using System.Net;
using System.Net.Http.Json;

namespace Gongzhi.Tests.Platform.Hardening;

// One rule for times on every API: with an offset it is that instant; without one it is Beijing time.
// Bodies are written by hand, as a client in another language would send them.
public abstract class ApiTimeTests(GongzhiApp app)
{
    // Tomorrow (Beijing), as a date string, so the shift is in the future whatever the hour.
    private static string Day(int daysAhead) => DateTime.UtcNow.AddHours(8).AddDays(daysAhead).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime Utc(string day, int hour, int minute) =>
        DateTime.SpecifyKind(DateTime.Parse(day, System.Globalization.CultureInfo.InvariantCulture).AddHours(hour).AddMinutes(minute), DateTimeKind.Utc);

    [Fact]
    public async Task A_volunteering_shift_sent_with_an_offset_is_that_instant_and_takes_sign_ups()
    {
        var day = Day(2);
        var staff = await app.ClientForAsync("tuanjie");
        var body = $$"""
            {"title":"晚间巡逻","kind":"green","shifts":[
              {"startsAt":"{{day}}T20:30:00+08:00","endsAt":"{{day}}T22:30:00+08:00","place":"5栋楼下","capacity":5},
              {"startsAt":"{{day}}T12:30:00Z","endsAt":"{{day}}T14:30:00Z","place":"6栋楼下","capacity":5},
              {"startsAt":"{{day}}T20:30:00","endsAt":"{{day}}T22:30:00","place":"7栋楼下","capacity":5}]}
            """;
        var id = (await (await staff.PostAsync("/api/v1/volunteer/activities", Api.RawJson(body))).JsonAsync(HttpStatusCode.Created)).Long("activityId");
        await using var db = app.NewDb();
        var starts = await db.Shifts.Where(s => s.ActivityId == id).OrderBy(s => s.Id).Select(s => s.StartsAt).ToListAsync();
        starts.ShouldBe([Utc(day, 12, 30), Utc(day, 12, 30), Utc(day, 12, 30)]);
        var shiftId = await db.Shifts.Where(s => s.ActivityId == id).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var resident = await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName);
        (await resident.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signup", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_meeting_time_without_an_offset_is_Beijing_time_as_for_activities()
    {
        var day = Day(3);
        var staff = await app.ClientForAsync("tuanjie");
        var community = (await DemoFacts.ForAsync(app)).Community1;
        var topics = new Gongzhi.Tests.Modules.Deliberation.TopicDriver(app);
        async Task<long> MeetingAsync(string startsAt)
        {
            var topic = await topics.CreateAsync();
            return (await (await staff.PostAsync("/api/v1/meetings", Api.RawJson(
                $$"""{"communityId":{{community}},"kind":1,"title":"居民议事会","place":"社区党群服务中心","startsAt":"{{startsAt}}","topicIds":[{{topic}}]}"""))).JsonAsync()).Long("id");
        }
        var local = await MeetingAsync($"{day}T19:00:00");
        var offset = await MeetingAsync($"{day}T19:00:00+08:00");
        var utc = await MeetingAsync($"{day}T11:00:00Z");
        await using var db = app.NewDb();
        foreach (var id in new[] { local, offset, utc })
            (await db.Meetings.Where(m => m.Id == id).Select(m => m.StartsAt).SingleAsync()).ShouldBe(Utc(day, 11, 0));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteApiTimeTests(SqliteApp app) : ApiTimeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiTimeTests(PostgresApp app) : ApiTimeTests(app);
