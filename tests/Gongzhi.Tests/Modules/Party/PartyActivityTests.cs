using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Party;

// 主题党日、党课: an Activities event held by a party organisation; attendance is the event's check-ins,
// counted per member; linking is for the community's staff, once per event.
public abstract class PartyActivityTests(GongzhiApp app)
{
    private readonly PartyDriver driver = new(app);

    private async Task<long> EventAsync(HttpClient staff, long communityId, string title)
    {
        var day = DateTime.UtcNow.AddHours(8).Date.AddDays(3);
        string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        var created = await staff.PostAsJsonAsync("/api/v1/events", new
        {
            communityId, title, kind = 3, address = "党群服务中心三楼", organiserKind = 1, organiserName = "社区党委",
            startsAt = Iso(day.AddHours(9)), endsAt = Iso(day.AddHours(11)), capacity = 40,
        });
        return (await created.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    [Fact]
    public async Task A_theme_day_held_by_a_branch_counts_the_members_who_checked_in()
    {
        var facts = await DemoFacts.ForAsync(app);
        var c = facts.Community2;
        var staff = await app.ClientForAsync("jianshe");
        var present = await driver.PersonAsync();
        var absent = await driver.PersonAsync();
        long branch;
        await using (var db = app.NewDb())
            branch = await db.Set<PartyOrganisation>().Where(o => o.CommunityId == c && o.Kind == PartyOrgKind.Branch).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var memberIds = new List<long>();
        foreach (var p in new[] { present, absent })
            memberIds.Add((await (await staff.PostAsJsonAsync("/api/v1/party/members", new { communityId = c, kind = (int)MemberKind.Registered, residentId = p.ResidentId, organisationId = branch, joinedOn = "2005-07-01" }))
                .JsonAsync(HttpStatusCode.Created)).Long("id"));

        var eventId = await EventAsync(staff, c, "主题党日：学习新思想");
        var linked = await staff.PostAsJsonAsync("/api/v1/party/activities", new { organisationId = branch, eventId, kind = (int)PartyActivityKind.ThemeDay });
        var activityId = (await linked.JsonAsync(HttpStatusCode.Created)).Long("id");
        // Both register (staff on their behalf); only one comes and is checked in.
        var regs = (await (await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/registrations", new { residentIds = new[] { present.ResidentId, absent.ResidentId } })).JsonAsync()).AsArray();
        var reg = regs.Single(r => r!.Long("residentId") == present.ResidentId)!.Long("id");
        (await staff.PostAsJsonAsync($"/api/v1/events/{eventId}/checkin", new { registrationId = reg })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var year = DateTime.UtcNow.AddHours(8).AddDays(3).Year;
        var list = (await (await staff.GetAsync($"/api/v1/party/communities/{c}/activities?year={year}")).JsonAsync()).AsArray();
        var row = list.Single(a => a!.Long("id") == activityId)!;
        ((int)row["attended"]!).ShouldBe(1);
        ((int)row["members"]!).ShouldBeGreaterThanOrEqualTo(2);
        ((int)row["kind"]!).ShouldBe((int)PartyActivityKind.ThemeDay);

        var before = await driver.AuditCountAsync($"Community/{c}");
        var attendance = (await (await staff.GetAsync($"/api/v1/party/communities/{c}/attendance?year={year}")).JsonAsync()).AsArray();
        ((int)attendance.Single(a => a!.Long("memberId") == memberIds[0])!["attended"]!).ShouldBe(1);
        ((int)attendance.Single(a => a!.Long("memberId") == memberIds[1])!["attended"]!).ShouldBe(0);
        ((string)attendance.Single(a => a!.Long("memberId") == memberIds[0])!["name"]!).ShouldBe(present.Name);
        (await driver.AuditCountAsync($"Community/{c}")).ShouldBe(before + 1);

        // The page shows it to staff.
        var page = await PageSession.LogInAsync(app, "jianshe");
        var html = await page.Client.GetStringAsync($"/party/activities?community={c}&year={year}");
        html.ShouldContain("主题党日：学习新思想");
        html.ShouldContain("主题党日");
    }

    [Fact]
    public async Task Linking_twice_another_communitys_event_bad_input_and_strangers_are_refused_and_nothing_is_written()
    {
        var facts = await DemoFacts.ForAsync(app);
        var c = facts.Community2;
        var staff = await app.ClientForAsync("jianshe");
        long branch;
        await using (var db = app.NewDb())
            branch = await db.Set<PartyOrganisation>().Where(o => o.CommunityId == c && o.Kind == PartyOrgKind.Branch).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var eventId = await EventAsync(staff, c, "党课：社区治理");
        var elsewhere = await EventAsync(await app.ClientForAsync("tuanjie"), facts.Community1, "团结巷的活动");
        async Task<int> Count()
        {
            await using var db = app.NewDb();
            return await db.Set<PartyActivity>().CountAsync();
        }
        var count = await Count();
        (await (await staff.PostAsJsonAsync("/api/v1/party/activities", new { organisationId = branch, eventId = elsewhere, kind = 2 })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("eventId").ShouldBe(["请选择本社区的一项活动"]);
        (await (await staff.PostAsJsonAsync("/api/v1/party/activities", new { organisationId = branch, eventId, kind = 9 })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("kind").ShouldNotBeEmpty();
        (await (await staff.PostAsJsonAsync("/api/v1/party/activities", new { organisationId = long.MaxValue, eventId, kind = 2 })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("organisationId").ShouldNotBeEmpty();
        (await Count()).ShouldBe(count);
        // Another community's staff: the organisation is not theirs to see; a grid worker has no party right.
        (await (await app.ClientForAsync("tuanjie")).PostAsJsonAsync("/api/v1/party/activities", new { organisationId = branch, eventId, kind = 2 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync("tuanjie")).GetAsync($"/api/v1/party/communities/{c}/activities")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync(facts.ResidentUserName)).GetAsync($"/api/v1/party/communities/{c}/activities")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count()).ShouldBe(count);

        (await staff.PostAsJsonAsync("/api/v1/party/activities", new { organisationId = branch, eventId, kind = 2 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await staff.PostAsJsonAsync("/api/v1/party/activities", new { organisationId = branch, eventId, kind = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Count()).ShouldBe(count + 1);

        // The page form: errors beside the field, the choices kept.
        var page = await PageSession.LogInAsync(app, "jianshe");
        var url = $"/party/activities?community={c}";
        var refused = await page.PostFormAsync(url, "link", new() { ["Link.OrganisationId"] = branch.ToString(CultureInfo.InvariantCulture), ["Link.Kind"] = "Lecture" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"EventId\"");
        var other = await EventAsync(staff, c, "组织生活会");
        (await page.PostFormAsync(url, "link", new() { ["Link.EventId"] = other.ToString(CultureInfo.InvariantCulture), ["Link.OrganisationId"] = branch.ToString(CultureInfo.InvariantCulture), ["Link.Kind"] = "OrganisationLife" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await Count()).ShouldBe(count + 2);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePartyActivityTests(SqliteApp app) : PartyActivityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPartyActivityTests(PostgresApp app) : PartyActivityTests(app);
