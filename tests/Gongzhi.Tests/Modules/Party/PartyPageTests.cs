using System.Net;
using Gongzhi.Web.Modules.Party;

namespace Gongzhi.Tests.Modules.Party;

// The staff pages, driven as a browser would (cookie login, form posts): a unit joins, the lists
// get a resource and a need, they are matched, a joint meeting is planned; refusals show on the page.
public abstract class PartyPageTests(GongzhiApp app)
{
    [Fact]
    public async Task Staff_run_the_alliance_from_the_pages_and_residents_are_kept_out()
    {
        var facts = await DemoFacts.ForAsync(app);
        var c = facts.Community2;
        var staff = await PageSession.LogInAsync(app, "jianshe");
        var manage = $"/party/manage?community={c}";
        var unitName = "页面共建单位" + Guid.NewGuid().ToString("N")[..6];
        (await staff.PostFormAsync(manage, "unit", new() { ["Unit.Name"] = unitName, ["Unit.Kind"] = "School", ["Unit.ContactName"] = "张老师", ["Unit.ContactPhone"] = "13912345678" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await staff.Client.GetStringAsync("/party")).ShouldContain(unitName);
        await using var db = app.NewDb();
        var unit = await db.Set<PartnerUnit>().SingleAsync(u => u.Name == unitName);

        var alliance = $"/party/alliance?community={c}";
        var need = "页面需求" + Guid.NewGuid().ToString("N")[..6];
        (await staff.PostFormAsync(alliance, "resource", new() { ["Item.UnitId"] = unit.Id.ToString(), ["Item.Title"] = "图书室开放" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await staff.PostFormAsync(alliance, "need", new() { ["Need.Title"] = need })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await db.Set<AllianceItem>().CountAsync();
        var empty = await staff.PostFormAsync(alliance, "need", new() { ["Need.Title"] = "  " });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).ShouldContain("此项必填");
        (await db.Set<AllianceItem>().CountAsync()).ShouldBe(before);

        var resourceId = await db.Set<AllianceItem>().Where(i => i.UnitId == unit.Id).Select(i => i.Id).SingleAsync();
        var needId = await db.Set<AllianceItem>().Where(i => i.Title == need).Select(i => i.Id).SingleAsync();
        (await staff.PostFormAsync(alliance, "match", new() { ["Match.ResourceId"] = resourceId.ToString(), ["Match.NeedId"] = needId.ToString(), ["Match.Title"] = "书香助学" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await staff.Client.GetStringAsync(alliance);
        page.ShouldContain("书香助学");
        var project = await db.Set<AllianceProject>().SingleAsync(p => p.NeedId == needId);
        (await staff.PostFormAsync(alliance, "close", new() { ["Close.Project"] = $"{project.Id}:0", ["Close.Status"] = "Done", ["Close.Outcome"] = "暑期每周开放两天" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await staff.Client.GetStringAsync(alliance)).ShouldContain("暑期每周开放两天");

        var meetings = $"/party/meetings?community={c}";
        var at = DateTime.UtcNow.AddHours(8).AddDays(3).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        (await staff.PostFormAsync(meetings, "plan", new() { ["Plan.Title"] = "第二次党建联席会议", ["Plan.Place"] = "党群服务中心", ["Plan.StartsAt"] = at }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var latest = await db.Set<JointMeeting>().Where(j => j.CommunityId == c).OrderByDescending(j => j.Number).FirstAsync();
        var chair = await db.Set<PartnerUnit>().Where(u => u.Id == latest.ChairUnitId).Select(u => u.Name).SingleAsync();
        (await staff.Client.GetStringAsync(meetings)).ShouldContain(chair);

        // A resident, and another community's staff, are kept out of this community's party pages.
        var resident = await PageSession.LogInAsync(app, facts.ResidentUserName);
        (await resident.Client.GetAsync(manage)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await resident.Client.GetAsync(alliance)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await resident.Client.GetAsync("/party/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var other = await PageSession.LogInAsync(app, "tuanjie");
        (await other.Client.GetAsync(meetings)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Client.GetAsync($"/party/units/{unit.Id}/statement")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePartyPageTests(SqliteApp app) : PartyPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPartyPageTests(PostgresApp app) : PartyPageTests(app);
