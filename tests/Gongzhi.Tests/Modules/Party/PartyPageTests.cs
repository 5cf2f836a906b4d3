using System.Net;
using System.Globalization;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;

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

    [Fact]
    public async Task Staff_end_a_post_let_a_unit_leave_and_find_a_resident_on_the_pages()
    {
        var facts = await DemoFacts.ForAsync(app);
        var c = facts.Community2;
        var staff = await PageSession.LogInAsync(app, "jianshe");
        var manage = $"/party/manage?community={c}";
        await using var db = app.NewDb();
        var org = await db.Set<PartyOrganisation>().Where(o => o.CommunityId == c && o.Kind == PartyOrgKind.Branch).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var holder = "委员" + Guid.NewGuid().ToString("N")[..4];
        (await staff.PostFormAsync(manage, "post", new() { ["Post.OrganisationId"] = org.ToString(CultureInfo.InvariantCulture), ["Post.Kind"] = "CommitteeMember", ["Post.HolderName"] = holder, ["Post.From"] = "2024-03-01" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var post = await db.Set<PartyPost>().AsNoTracking().SingleAsync(p => p.HolderName == holder);
        (await staff.Client.GetStringAsync(manage)).ShouldContain(holder);

        // 结束职务: a day before the start is refused beside the date, which stays as typed; then it ends.
        var early = await staff.PostFormAsync(manage, "end-post", new() { ["Ending.PostId"] = post.Id.ToString(CultureInfo.InvariantCulture), ["Ending.On"] = "2024-01-01" });
        early.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var earlyBody = await early.Content.ReadAsStringAsync();
        earlyBody.ShouldContain("data-field-error=\"To\"");
        earlyBody.ShouldContain("value=\"2024-01-01\"");
        (await db.Set<PartyPost>().AsNoTracking().SingleAsync(p => p.Id == post.Id)).To.ShouldBeNull();
        (await staff.PostFormAsync(manage, "end-post", new() { ["Ending.PostId"] = post.Id.ToString(CultureInfo.InvariantCulture), ["Ending.On"] = "2025-06-30" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Set<PartyPost>().AsNoTracking().SingleAsync(p => p.Id == post.Id)).To.ShouldBe(new DateOnly(2025, 6, 30));

        // 查找居民 on the manage page, then the member form with the one chosen.
        var resident = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                              where g.CommunityId == c && r.Status == ResidentStatus.Active && r.Name.Length == 3
                                    && !db.Set<PartyMember>().Any(m => m.ResidentId == r.Id)
                              orderby r.Id descending
                              select new { r.Id, r.Name }).FirstAsync();
        var found = await staff.Client.GetStringAsync($"{manage}&q={Uri.EscapeDataString(resident.Name)}");
        found.ShouldContain($"id=\"resident-{resident.Id}\"");
        var elsewhere = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                               where g.CommunityId == facts.Community1 && r.Name.Length == 3 select new { r.Id, r.Name }).FirstAsync();
        (await staff.Client.GetStringAsync($"{manage}&q={Uri.EscapeDataString(elsewhere.Name)}")).ShouldNotContain($"id=\"resident-{elsewhere.Id}\"");
        var badJoin = await staff.PostFormAsync(manage, "member", new()
        {
            ["Member.ResidentId"] = resident.Id.ToString(CultureInfo.InvariantCulture), ["Member.Kind"] = "Registered", ["Member.OrganisationId"] = org.ToString(CultureInfo.InvariantCulture),
            ["Member.JoinedOn"] = "1900-01-01",
        });
        badJoin.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badBody = await badJoin.Content.ReadAsStringAsync();
        badBody.ShouldContain("data-field-error=\"JoinedOn\"");
        badBody.ShouldMatch($"id=\"resident-{resident.Id}\"[^>]*checked");
        (await db.Set<PartyMember>().AnyAsync(m => m.ResidentId == resident.Id)).ShouldBeFalse();

        // 退出联盟: more than three months ahead is refused beside the date; today it leaves, and stays listed.
        var unitName = "退出单位" + Guid.NewGuid().ToString("N")[..6];
        (await staff.PostFormAsync(manage, "unit", new() { ["Unit.Name"] = unitName, ["Unit.Kind"] = "Company", ["Unit.ContactName"] = "李经理", ["Unit.ContactPhone"] = "13912345679" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var unit = await db.Set<PartnerUnit>().AsNoTracking().SingleAsync(u => u.Name == unitName);
        var alliance = $"/party/alliance?community={c}";
        var far = DateTime.UtcNow.AddHours(8).AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var late = await staff.PostFormAsync(alliance, "leave", new() { ["Leaving.UnitId"] = unit.Id.ToString(CultureInfo.InvariantCulture), ["Leaving.On"] = far });
        late.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await late.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"LeftOn\"");
        (await staff.PostFormAsync(alliance, "leave", new() { ["Leaving.UnitId"] = unit.Id.ToString(CultureInfo.InvariantCulture) })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Set<PartnerUnit>().AsNoTracking().SingleAsync(u => u.Id == unit.Id)).LeftOn.ShouldNotBeNull();
        var after = await staff.Client.GetStringAsync(alliance);
        after.ShouldContain(unitName);
        after.ShouldContain("退出");
        // Another community's staff cannot make it leave, nor end posts here.
        var other = await app.ClientForAsync("tuanjie");
        (await other.PostAsJsonAsync($"/api/v1/party/units/{unit.Id}/leave", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePartyPageTests(SqliteApp app) : PartyPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPartyPageTests(PostgresApp app) : PartyPageTests(app);
