using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Volunteering;

// Points are a community's own: its rules, its expiry, its shelf and its shifts. Staff of another
// community get 404 for them, as for anything else outside their scope, and rule changes are audited.
public abstract class CommunityBoundaryTests(GongzhiApp app)
{
    private readonly PointsDriver _d = new(app);

    private static async Task<int> PerHourAsync(HttpClient client, long communityId)
    {
        var rules = await (await client.GetAsync($"/api/v1/points/rules?communityId={communityId}")).JsonAsync();
        return rules.AsArray().Single(r => r!["kind"]!.GetValue<int>() == (int)RuleKind.PerHour)!["points"]!.GetValue<int>();
    }

    [Fact]
    public async Task Staff_change_only_their_own_communitys_rules_and_expiry_and_every_change_is_audited()
    {
        var facts = await DemoFacts.ForAsync(app);
        var tuanjie = await app.ClientForAsync("tuanjie", "en");
        var jianshe = await app.ClientForAsync("jianshe", "en");
        var before = await PerHourAsync(tuanjie, facts.Community1);

        var across = await jianshe.PutAsJsonAsync("/api/v1/points/rules", new { kind = (int)RuleKind.PerHour, points = before + 50, communityId = facts.Community1 });
        await across.ProblemAsync(HttpStatusCode.NotFound);
        (await jianshe.PostAsync($"/api/v1/points/expire?communityId={facts.Community1}", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await jianshe.GetAsync($"/api/v1/points/rules?communityId={facts.Community1}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Without a community named, a rule is set for the caller's own: 团结巷's stays as it was.
        var own = await jianshe.PutAsJsonAsync("/api/v1/points/rules", new { kind = (int)RuleKind.PerHour, points = before + 1 });
        own.StatusCode.ShouldBe(HttpStatusCode.NoContent, await own.Content.ReadAsStringAsync());
        (await PerHourAsync(tuanjie, facts.Community1)).ShouldBe(before);
        (await PerHourAsync(jianshe, facts.Community2)).ShouldBe(before + 1);
        (await (await jianshe.PostAsync($"/api/v1/points/expire?communityId={facts.Community2}", null)).JsonAsync())["posted"]!.GetValue<int>().ShouldBe(0);

        await using (var db = app.NewDb())
        {
            var entry = await db.AuditEntries.Where(a => a.Action == PointsCommands.RuleChanged && a.Subject == $"Community/{facts.Community2}/PointsRule/PerHour/")
                .OrderByDescending(a => a.Id).FirstAsync();
            entry.UserId.ShouldBe(facts.UserIds["jianshe"]);
            entry.Detail.ShouldBe($"{before} → {before + 1}");
            var jiansheId = facts.UserIds["jianshe"];
            (await db.AuditEntries.AnyAsync(a => a.UserId == jiansheId && a.Subject.StartsWith($"Community/{facts.Community1}/PointsRule"))).ShouldBeFalse();
        }
        (await jianshe.PutAsJsonAsync("/api/v1/points/rules", new { kind = (int)RuleKind.PerHour, points = before })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_volunteer_redeems_and_signs_up_only_in_their_own_community()
    {
        var facts = await DemoFacts.ForAsync(app);
        var client = await app.ClientForAsync(facts.ResidentUserName, "en");
        var volunteerId = (await (await client.PostAsJsonAsync("/api/v1/volunteer/register", new { skills = "急救", availability = "周末" })).JsonAsync()).Long("volunteerId");
        long account;
        await using (var db = app.NewDb())
        {
            (await db.Volunteers.Where(v => v.Id == volunteerId).Select(v => v.CommunityId).SingleAsync()).ShouldBe(facts.Community1);
            account = await db.PointsAccounts.Where(a => a.VolunteerId == volunteerId).Select(a => a.Id).FirstAsync();
        }
        await _d.GrantAsync(account, 500);
        var balance = await _d.BalanceAsync(account);

        var elsewhere = await _d.AsAsync(PointsDriver.NewUserId(), Roles.Administrator, sp => sp.GetRequiredService<ShopCommands>()
            .CreateRewardAsync(new RewardInput(facts.Community2, "建设社区的洗衣液", null, 10, 5)));
        await (await client.PostAsJsonAsync("/api/v1/points/redemptions", new { rewardId = elsewhere })).ProblemAsync(HttpStatusCode.NotFound);
        (await _d.StockAsync(elsewhere)).ShouldBe(5);
        (await _d.BalanceAsync(account)).ShouldBe(balance);

        var start = DateTime.UtcNow.AddHours(2);
        var activityId = await _d.AsAsync(PointsDriver.NewUserId(), Roles.Administrator, sp => sp.GetRequiredService<ShiftCommands>().CreateActivityAsync(
            new ActivityInput(facts.Community2, null, "建设社区楼道清扫", "green", "清扫楼道", [new ShiftInput(start, start.AddHours(2), "建设社区3栋", 5, null)])));
        long shiftId;
        await using (var db = app.NewDb()) shiftId = await db.Shifts.Where(s => s.ActivityId == activityId).Select(s => s.Id).SingleAsync();
        await (await client.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signup", null)).ProblemAsync(HttpStatusCode.NotFound);
        await using (var db = app.NewDb())
        {
            (await db.Shifts.Where(s => s.Id == shiftId).Select(s => s.Taken).SingleAsync()).ShouldBe(0);
            (await db.ShiftSignups.AnyAsync(s => s.ShiftId == shiftId)).ShouldBeFalse();
        }

        // At home both work.
        var reward = await _d.RewardAsync(10, 5, "团结巷的毛巾");
        (await client.PostAsJsonAsync("/api/v1/points/redemptions", new { rewardId = reward })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_rule_change_without_kind_or_points_is_refused_and_no_rule_changes()
    {
        var facts = await DemoFacts.ForAsync(app);
        var tuanjie = await app.ClientForAsync("tuanjie", "en");
        var before = await PerHourAsync(tuanjie, facts.Community1);
        int rows;
        await using (var db = app.NewDb()) rows = await db.PointsRules.CountAsync();

        // An empty body used to set the first kind of rule to 0 points.
        var problem = await (await tuanjie.PutAsJsonAsync("/api/v1/points/rules", new { communityId = facts.Community1 })).ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("kind").ShouldNotBeEmpty();
        (await (await tuanjie.PutAsJsonAsync("/api/v1/points/rules", new { kind = (int)RuleKind.PerHour, communityId = facts.Community1 })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("points").ShouldNotBeEmpty();
        (await PerHourAsync(tuanjie, facts.Community1)).ShouldBe(before);
        await using var after = app.NewDb();
        (await after.PointsRules.CountAsync()).ShouldBe(rows);
    }

    [Fact]
    public async Task The_team_list_shows_the_callers_own_communitys_teams_only()
    {
        var facts = await DemoFacts.ForAsync(app);
        var mark = Guid.NewGuid().ToString("N")[..6];
        async Task<string> TeamAsync(string staff, long community)
        {
            var name = $"护河队{mark}-{community}";
            (await (await app.ClientForAsync(staff)).PostAsJsonAsync("/api/v1/volunteer/teams", new { communityId = community, name })).StatusCode.ShouldBe(HttpStatusCode.OK);
            return name;
        }
        var (one, two) = (await TeamAsync("tuanjie", facts.Community1), await TeamAsync("jianshe", facts.Community2));
        async Task<List<string>> NamesAsync(string user)
        {
            var teams = await (await (await app.ClientForAsync(user)).GetAsync("/api/v1/volunteer/teams")).JsonAsync();
            return teams.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        }

        var resident = await NamesAsync(facts.ResidentUserName);
        resident.ShouldContain(one);
        resident.ShouldNotContain(two);
        (await NamesAsync("tuanjie")).ShouldNotContain(two);
        var jianshe = await NamesAsync("jianshe");
        jianshe.ShouldContain(two);
        jianshe.ShouldNotContain(one);
        (await NamesAsync("admin")).ShouldContain(one);
        (await NamesAsync("admin")).ShouldContain(two);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCommunityBoundaryTests(SqliteApp app) : CommunityBoundaryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCommunityBoundaryTests(PostgresApp app) : CommunityBoundaryTests(app);
