using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Party;

namespace Gongzhi.Tests.Modules.Party;

// The 1+N alliance: resources matched to needs as projects with an outcome, and joint meetings
// chaired by the units in turn.
public abstract class AllianceTests(GongzhiApp app)
{
    private readonly PartyDriver driver = new(app);

    [Fact]
    public async Task A_resource_is_matched_to_a_need_once_and_the_outcome_is_recorded()
    {
        var facts = await DemoFacts.ForAsync(app);
        var unit = await driver.UnitAsync();
        var staff = await app.ClientForAsync("jianshe", "en");
        async Task<long> Item(int side, long? unitId, string title) =>
            (await (await staff.PostAsJsonAsync("/api/v1/party/alliance/items", new { communityId = facts.Community2, side, unitId, title })).JsonAsync(HttpStatusCode.Created)).Long("id");
        var hall = await Item((int)ListSide.Resource, unit, "礼堂周末开放");
        var need = await Item((int)ListSide.Need, null, "暑期托管场地");
        var other = await Item((int)ListSide.Resource, unit, "搬运货车");

        // Two staff match the same need at once: one project, the other told it was taken.
        var answers = await Task.WhenAll(
            staff.PostAsJsonAsync("/api/v1/party/alliance/projects", new { resourceId = hall, needId = need }),
            (await app.ClientForAsync("jianshe", "en")).PostAsJsonAsync("/api/v1/party/alliance/projects", new { resourceId = other, needId = need }));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(1);
        await using var db = app.NewDb();
        var project = await db.Set<AllianceProject>().SingleAsync(p => p.NeedId == need);
        var loser = project.ResourceId == hall ? other : hall;
        (await db.Set<AllianceItem>().SingleAsync(i => i.Id == loser)).Status.ShouldBe(ItemStatus.Open);

        // Done needs what came of it.
        var noOutcome = await staff.PostAsJsonAsync($"/api/v1/party/alliance/projects/{project.Id}/close", new { status = (int)ProjectStatus.Done, version = project.Version });
        (await noOutcome.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("outcome").ShouldBe(["This field is required"]);
        (await staff.PostAsJsonAsync($"/api/v1/party/alliance/projects/{project.Id}/close", new { status = (int)ProjectStatus.Done, outcome = "暑期开放 20 天，托管 45 名孩子", version = project.Version }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var view = await (await staff.GetAsync($"/api/v1/party/communities/{facts.Community2}/alliance")).JsonAsync();
        var row = view["projects"]!.AsArray().Single(p => p!.Long("id") == project.Id)!;
        ((int)row["status"]!).ShouldBe((int)ProjectStatus.Done);
        ((string)row["outcome"]!).ShouldBe("暑期开放 20 天，托管 45 名孩子");
        view["needs"]!.AsArray().Single(n => n!.Long("id") == need)!["status"]!.GetValue<int>().ShouldBe((int)ItemStatus.Done);
        // A closed project does not move again.
        (await staff.PostAsJsonAsync($"/api/v1/party/alliance/projects/{project.Id}/close", new { status = (int)ProjectStatus.Dropped, version = project.Version + 1 }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Dropping a project puts both lines back on their lists.
        var need2 = await Item((int)ListSide.Need, null, "老人助浴");
        var dropped = (await (await staff.PostAsJsonAsync("/api/v1/party/alliance/projects", new { resourceId = loser, needId = need2 })).JsonAsync(HttpStatusCode.Created)).Long("id");
        (await staff.PostAsJsonAsync($"/api/v1/party/alliance/projects/{dropped}/close", new { status = (int)ProjectStatus.Dropped, version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using var after = app.NewDb();
        (await after.Set<AllianceItem>().Where(i => i.Id == loser || i.Id == need2).Select(i => i.Status).ToListAsync()).ShouldAllBe(s => s == ItemStatus.Open);

        // A resource needs its unit; a need cannot stand in for a resource; other communities cannot touch the lists.
        var noUnit = await staff.PostAsJsonAsync("/api/v1/party/alliance/items", new { communityId = facts.Community2, side = (int)ListSide.Resource, title = "无主资源" });
        (await noUnit.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("unitId").ShouldBe(["A resource needs the unit that offers it"]);
        var swapped = await staff.PostAsJsonAsync("/api/v1/party/alliance/projects", new { resourceId = need2, needId = loser });
        (await swapped.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("resourceId").ShouldNotBeEmpty();
        (await (await app.ClientForAsync("tuanjie")).GetAsync($"/api/v1/party/communities/{facts.Community2}/alliance")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync("tuanjie")).PostAsJsonAsync("/api/v1/party/alliance/projects", new { resourceId = loser, needId = need2 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    // 团结巷's alliance (three demo units, no meeting yet; no other test adds units there): each
    // joint meeting invites every unit's contact and the chair passes down the list and round again.
    [Fact]
    public async Task Joint_meetings_invite_the_units_contacts_and_the_chair_rotates()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await app.ClientForAsync("tuanjie");
        await using var db = app.NewDb();
        var units = await db.Set<PartnerUnit>().Where(u => u.CommunityId == facts.Community1).OrderBy(u => u.Id).ToListAsync();
        var at = DateTime.UtcNow.AddHours(8).AddDays(7).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

        var chairs = new List<long>();
        var numbers = new List<int>();
        foreach (var round in Enumerable.Range(0, units.Count + 1))
        {
            var created = await (await staff.PostAsJsonAsync("/api/v1/party/joint-meetings", new { communityId = facts.Community1, title = $"党建联席会议（{round + 1}）", place = "团结巷党群服务中心", startsAt = at }))
                .JsonAsync(HttpStatusCode.Created);
            chairs.Add(created.Long("chairUnitId"));
            numbers.Add((int)created["number"]!);
            var meetingId = created.Long("meetingId");
            var meeting = await db.Set<Meeting>().SingleAsync(m => m.Id == meetingId);
            meeting.Kind.ShouldBe(MeetingKind.AllianceJoint);
            var attendees = await db.Set<MeetingAttendee>().Where(a => a.MeetingId == meetingId).OrderBy(a => a.Id).ToListAsync();
            attendees.Select(a => (a.Name, a.Organisation)).ShouldBe(units.Select(u => (u.ContactName, (string?)u.Name)));
            attendees.ShouldAllBe(a => a.Capacity == DelegateCapacity.PartnerUnit);
        }
        chairs.ShouldBe([.. units.Select(u => u.Id), units[0].Id]);
        numbers.ShouldBe(Enumerable.Range(numbers[0], units.Count + 1).ToList());

        var list = (await (await staff.GetAsync($"/api/v1/party/communities/{facts.Community1}/joint-meetings")).JsonAsync()).AsArray();
        list.Count.ShouldBe(units.Count + 1);
        ((string)list[0]!["chair"]!).ShouldBe(units[0].Name);

        // No date, or a meeting of a community one does not run: refused, nothing written.
        var before = await db.Set<Meeting>().CountAsync();
        (await (await app.ClientForAsync("tuanjie", "en")).PostAsJsonAsync("/api/v1/party/joint-meetings", new { communityId = facts.Community1, title = "无日期", place = "某处" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await (await app.ClientForAsync("jianshe")).PostAsJsonAsync("/api/v1/party/joint-meetings", new { communityId = facts.Community1, title = "越界", place = "某处", startsAt = at }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A grid worker may never plan one: the role answers first (403), before the community or the input.
        (await (await app.ClientForAsync("wangge.zhang")).PostAsJsonAsync("/api/v1/party/joint-meetings", new { communityId = facts.Community1, title = "越权", place = "某处", startsAt = at }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await db.Set<Meeting>().CountAsync()).ShouldBe(before);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAllianceTests(SqliteApp app) : AllianceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAllianceTests(PostgresApp app) : AllianceTests(app);
