using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Party;

// Political status is sensitive: the community's staff and a secretary for their organisation see
// names (each view audited); grid staff see masked names of their grid only; others see nothing.
public abstract class MembershipPrivacyTests(GongzhiApp app)
{
    [Fact]
    public async Task Staff_and_secretaries_see_names_and_are_audited_grid_staff_see_masks_and_others_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        var c1 = facts.Community1;
        var subject = $"Community/{c1}";
        var before = await new PartyDriver(app).AuditCountAsync(subject);

        var staff = (await (await (await app.ClientForAsync("tuanjie")).GetAsync($"/api/v1/party/communities/{c1}/members")).JsonAsync()).AsArray();
        staff.Count.ShouldBeGreaterThan(10);
        staff.ShouldAllBe(m => !(bool)m!["masked"]! && m["kind"] != null && m["joinedOn"] != null);
        (await new PartyDriver(app).AuditCountAsync(subject)).ShouldBe(before + 1);

        // wangge.zhang is the secretary of the first grid's branch: that grid's members, unmasked.
        var secretary = (await (await (await app.ClientForAsync("wangge.zhang")).GetAsync($"/api/v1/party/communities/{c1}/members")).JsonAsync()).AsArray();
        secretary.ShouldNotBeEmpty();
        secretary.ShouldAllBe(m => (long?)m!["gridId"] == facts.Grid1 && !(bool)m["masked"]!);
        (await new PartyDriver(app).AuditCountAsync(subject)).ShouldBe(before + 2);

        // wangge.chen works the second grid and holds no party post: masked names, nothing more, no audit line.
        var worker = (await (await (await app.ClientForAsync("wangge.chen")).GetAsync($"/api/v1/party/communities/{c1}/members")).JsonAsync()).AsArray();
        worker.ShouldNotBeEmpty();
        worker.ShouldAllBe(m => (long?)m!["gridId"] == facts.Grid2 && (bool)m["masked"]! && m["kind"] == null && m["joinedOn"] == null && m["service"] == null);
        var names = staff.Where(m => (long?)m!["gridId"] == facts.Grid2).Select(m => PartyMember.Masked((string)m!["name"]!)).ToList();
        worker.Select(m => (string)m!["name"]!).ShouldBe(names);
        (await new PartyDriver(app).AuditCountAsync(subject)).ShouldBe(before + 2);

        // Another community's staff, a merchant and a resident: not there.
        (await (await app.ClientForAsync("jianshe")).GetAsync($"/api/v1/party/communities/{c1}/members")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync("shanghu")).GetAsync($"/api/v1/party/communities/{c1}/members")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync(facts.ResidentUserName)).GetAsync($"/api/v1/party/communities/{c1}/members")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync($"/api/v1/party/communities/{c1}/members")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    // 亮身份 is the member's own switch: on, the badge shows by their name on the grid board and
    // on their household's door plate (党员中心户 where the household holds that post); off, it is gone.
    [Fact]
    public async Task Showing_the_badge_puts_it_on_the_board_and_the_plate_and_hiding_it_takes_it_away()
    {
        var facts = await DemoFacts.ForAsync(app);
        var driver = new PartyDriver(app);
        long residentId, householdId, gridId, buildingId;
        string name;
        await using (var db = app.NewDb())
        {
            // A building leader of the second community who is not yet a member, whose household shows no badge.
            var badged = await db.Set<PartyMember>().Where(m => m.ShowBadge).Select(m => m.HouseholdId).ToListAsync();
            var members = await db.Set<PartyMember>().Where(m => m.ResidentId != null).Select(m => m.ResidentId!.Value).ToListAsync();
            var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
            var leader = (await (from p in db.DutyPosts join r in db.Residents on p.ResidentId equals r.Id join h in db.Households on r.HouseholdId equals h.Id
                                 join g in db.Grids on h.GridId equals g.Id
                                 where p.Kind == DutyPostKind.BuildingLeader && p.To == null && g.CommunityId == facts.Community2 && p.PlaceId == h.BuildingId
                                 select new { r.Id, r.Name, HouseholdId = h.Id, h.GridId, h.BuildingId }).ToListAsync())
                .First(x => !members.Contains(x.Id) && !linked.Contains(x.Id) && !badged.Contains(x.HouseholdId));
            (residentId, name, householdId, gridId, buildingId) = (leader.Id, leader.Name, leader.HouseholdId, leader.GridId, leader.BuildingId);
        }
        var staff = await app.ClientForAsync("jianshe");
        await using (var db = app.NewDb())
        {
            var branch = await db.Set<PartyOrganisation>().FirstAsync(o => o.PlaceKind == PlaceKind.Grid && o.PlaceId == gridId);
            (await staff.PostAsJsonAsync("/api/v1/party/members", new { communityId = facts.Community2, kind = (int)MemberKind.Registered, residentId, organisationId = branch.Id, joinedOn = "1998-07-01" }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        var member = await driver.AccountForAsync(residentId, name);
        var phone = await app.ClientForAsync(member);
        var anonymous = app.Anonymous();
        var plates = await PageSession.LogInAsync(app, "jianshe");
        var badge = $"{name}<span class=\"badge text-bg-danger ms-2\" data-testid=\"party-badge\">";

        // Off by default: not on the board, not on the plate.
        (await anonymous.GetStringAsync($"/board/{gridId}")).ShouldNotContain(badge);
        var platesBefore = CountBadges(await plates.Client.GetStringAsync($"/registry/buildings/{buildingId}/plates"));

        var mine = await (await phone.GetAsync("/api/v1/party/me")).JsonAsync();
        ((bool)mine["showBadge"]!).ShouldBeFalse();
        (await phone.PostAsJsonAsync("/api/v1/party/me/badge", new { show = true, version = (int)mine["version"]! })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await anonymous.GetStringAsync($"/board/{gridId}")).ShouldContain(badge);
        CountBadges(await plates.Client.GetStringAsync($"/registry/buildings/{buildingId}/plates")).ShouldBe(platesBefore + 1);

        // A stale version (a second phone) is told it changed; the badge stays as it was.
        (await phone.PostAsJsonAsync("/api/v1/party/me/badge", new { show = false, version = (int)mine["version"]! })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await anonymous.GetStringAsync($"/board/{gridId}")).ShouldContain(badge);

        (await phone.PostAsJsonAsync("/api/v1/party/me/badge", new { show = false, version = (int)mine["version"]! + 1 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await anonymous.GetStringAsync($"/board/{gridId}")).ShouldNotContain(badge);
        CountBadges(await plates.Client.GetStringAsync($"/registry/buildings/{buildingId}/plates")).ShouldBe(platesBefore);

        // Nobody else has a switch: staff are not members, so there is nothing of theirs to show.
        (await staff.PostAsJsonAsync("/api/v1/party/me/badge", new { show = true, version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        _ = householdId;
    }

    private static int CountBadges(string html) => html.Split("data-testid=\"party-badge\"").Length - 1;
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMembershipPrivacyTests(SqliteApp app) : MembershipPrivacyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipPrivacyTests(PostgresApp app) : MembershipPrivacyTests(app);
