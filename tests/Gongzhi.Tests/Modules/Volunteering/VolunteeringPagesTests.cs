using System.Net.Http.Json;
using System.Net;

namespace Gongzhi.Tests.Modules.Volunteering;

// The staff pages for what was API-only: volunteer teams and members, rewards and restocking. Staff
// work in their own community (another community's team or reward is 404); other roles get 403; a bad
// form says why next to the field and writes nothing.
public abstract class VolunteeringPagesTests(GongzhiApp app)
{
    private async Task<(long Community1, long Community2)> CommunitiesAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        return (facts.Community1, facts.Community2);
    }

    [Fact]
    public async Task Staff_create_teams_and_add_members_in_their_community_only()
    {
        var (c1, c2) = await CommunitiesAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        await using var db = app.NewDb();
        var teams = await db.Teams.CountAsync();

        var blank = await staff.PostFormAsync("/volunteer/teams", "team-new", new() { ["Input.Text"] = "", ["Input.Note"] = "周末巡河" });
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await blank.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Name\"");
        html.ShouldContain("周末巡河");
        (await db.Teams.CountAsync()).ShouldBe(teams);

        var name = "护河队" + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "甲" : "乙");
        (await staff.PostFormAsync("/volunteer/teams", "team-new", new() { ["Input.Text"] = name, ["Input.Note"] = "周末巡河" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var team = await db.Teams.AsNoTracking().SingleAsync(t => t.Name == name);
        team.CommunityId.ShouldBe(c1);
        (await staff.Client.GetStringAsync("/volunteer/teams")).ShouldContain(name);
        (await (await PageSession.LogInAsync(app, "jianshe")).Client.GetStringAsync("/volunteer/teams")).ShouldNotContain(name);

        var volunteer = await db.Volunteers.AsNoTracking().Where(v => v.CommunityId == c1).OrderBy(v => v.Id).FirstAsync();
        var search = await staff.Client.GetStringAsync($"/volunteer/teams?q={Uri.EscapeDataString(volunteer.Name)}");
        search.ShouldContain($"value=\"{volunteer.Id}\"");
        var page = $"/volunteer/teams?q={Uri.EscapeDataString(volunteer.Name)}";
        var none = await staff.PostFormAsync(page, "team-member", new() { ["Member.Other"] = $"{team.Id}" });
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await none.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"VolunteerId\"");

        var otherTeam = await db.Teams.AsNoTracking().Where(t => t.CommunityId == c2).Select(t => t.Id).FirstAsync();
        var members = await db.TeamMembers.CountAsync();
        (await staff.PostFormAsync(page, "team-member", new() { ["Member.Id"] = $"{volunteer.Id}", ["Member.Other"] = $"{otherTeam}" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await db.TeamMembers.CountAsync()).ShouldBe(members);

        (await staff.PostFormAsync(page, "team-member", new() { ["Member.Id"] = $"{volunteer.Id}", ["Member.Other"] = $"{team.Id}", ["Member.Flag"] = "true" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.TeamMembers.AsNoTracking().SingleAsync(m => m.TeamId == team.Id)).IsLeader.ShouldBeTrue();
    }

    [Fact]
    public async Task Staff_restock_and_add_rewards_and_bad_numbers_change_nothing()
    {
        var (c1, c2) = await CommunitiesAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        await using var db = app.NewDb();
        var reward = await db.Rewards.AsNoTracking().Where(r => r.CommunityId == c1 && r.Active).OrderBy(r => r.Id).FirstAsync();
        var other = await db.Rewards.AsNoTracking().Where(r => r.CommunityId == c2).OrderBy(r => r.Id).FirstAsync();
        (await staff.Client.GetStringAsync("/points/rewards")).ShouldContain($"data-reward=\"{reward.Id}\"");

        var bad = await staff.PostFormAsync("/points/rewards", "restock", new() { ["RewardId"] = $"{reward.Id}", [$"Add-{reward.Id}"] = "0" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"Stock\"");
        (await staff.PostFormAsync("/points/rewards", "restock", new() { ["RewardId"] = $"{other.Id}", [$"Add-{other.Id}"] = "5" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await db.Rewards.AsNoTracking().Where(r => r.Id == other.Id).Select(r => r.Stock).SingleAsync()).ShouldBe(other.Stock);

        var before = await db.Rewards.AsNoTracking().Where(r => r.Id == reward.Id).Select(r => r.Stock).SingleAsync();
        (await staff.PostFormAsync("/points/rewards", "restock", new() { ["RewardId"] = $"{reward.Id}", [$"Add-{reward.Id}"] = "5" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Rewards.AsNoTracking().Where(r => r.Id == reward.Id).Select(r => r.Stock).SingleAsync()).ShouldBe(before + 5);

        var count = await db.Rewards.CountAsync();
        var noPrice = await staff.PostFormAsync("/points/rewards", "reward-new", new() { ["Input.Name"] = "环保袋", ["Input.Price"] = "", ["Input.Stock"] = "30" });
        noPrice.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await noPrice.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Price\"");
        html.ShouldContain("value=\"环保袋\"");
        (await db.Rewards.CountAsync()).ShouldBe(count);
        (await staff.PostFormAsync("/points/rewards", "reward-new", new() { ["Input.Name"] = "环保袋", ["Input.Price"] = "20", ["Input.Stock"] = "30" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Rewards.CountAsync(r => r.CommunityId == c1 && r.Name == "环保袋")).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Staff_edit_a_reward_take_it_off_the_shelf_and_a_stale_edit_is_refused()
    {
        var (_, c2) = await CommunitiesAsync();
        var api = await app.ClientForAsync("tuanjie", "zh-Hans");
        var id = (await (await api.PostAsJsonAsync("/api/v1/points/rewards", new { name = "环保购物袋", price = 20, stock = 5 })).JsonAsync()).Long("rewardId");
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        await using var db = app.NewDb();

        // A bad price: said next to the field, what was typed stays, nothing changes.
        var bad = await staff.PostFormAsync("/points/rewards", $"edit-{id}", new() { ["Version"] = "0", ["Name"] = "大号环保袋", ["Price"] = "0", ["Active"] = "true" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Price\"");
        html.ShouldContain("value=\"大号环保袋\"");
        (await db.Rewards.AsNoTracking().SingleAsync(r => r.Id == id)).Name.ShouldBe("环保购物袋");

        // Renamed, repriced and off the shelf (the box left unticked): the shelf no longer shows it, staff still list it.
        (await staff.PostFormAsync("/points/rewards", $"edit-{id}", new() { ["Version"] = "0", ["Name"] = "大号环保袋", ["Price"] = "25" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = await db.Rewards.AsNoTracking().SingleAsync(r => r.Id == id);
        (saved.Name, saved.Price, saved.Active, saved.Version, saved.Stock).ShouldBe(("大号环保袋", 25, false, 1, 5));
        (await staff.Client.GetStringAsync("/points/rewards")).ShouldContain("data-testid=\"off-shelf\"");
        (await (await api.GetAsync("/api/v1/points/rewards")).JsonAsync()).AsArray().Select(r => r!.Long("id")).ShouldNotContain(id);
        (await (await api.GetAsync("/api/v1/points/rewards?all=true")).JsonAsync()).AsArray().Select(r => r!.Long("id")).ShouldContain(id);

        // The second of two edits made from the same version: 409 in the caller's language, nothing changed.
        var stale = await api.PutAsJsonAsync($"/api/v1/points/rewards/{id}", new { name = "小号环保袋", price = 15, active = true, version = 0 });
        ((string)(await stale.ProblemAsync(HttpStatusCode.Conflict))["detail"]!).ShouldNotBeNullOrWhiteSpace();
        (await db.Rewards.AsNoTracking().SingleAsync(r => r.Id == id)).Name.ShouldBe("大号环保袋");
        (await api.PutAsJsonAsync($"/api/v1/points/rewards/{id}", new { name = "大号环保袋", price = 25, active = true, version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await db.Rewards.AsNoTracking().SingleAsync(r => r.Id == id)).Active.ShouldBeTrue();

        // Another community's reward: 404; a resident: 403; nothing written.
        var other = await db.Rewards.AsNoTracking().Where(r => r.CommunityId == c2).OrderBy(r => r.Id).FirstAsync();
        await (await api.PutAsJsonAsync($"/api/v1/points/rewards/{other.Id}", new { name = "改名", price = 1, active = true, version = other.Version })).ProblemAsync(HttpStatusCode.NotFound);
        var facts = await DemoFacts.ForAsync(app);
        await (await (await app.ClientForAsync(facts.ResidentUserName)).PutAsJsonAsync($"/api/v1/points/rewards/{id}", new { name = "改名", price = 1, active = true, version = 2 }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        (await db.Rewards.AsNoTracking().SingleAsync(r => r.Id == other.Id)).Name.ShouldBe(other.Name);
    }

    [Theory]
    [InlineData("wangge.li")]
    [InlineData("wuye")]
    public async Task Other_roles_get_403(string userName)
    {
        var session = await PageSession.LogInAsync(app, userName);
        foreach (var page in new[] { "/volunteer/teams", "/points/rewards" })
            (await session.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, page);
        var facts = await DemoFacts.ForAsync(app);
        var resident = await PageSession.LogInAsync(app, facts.ResidentUserName);
        (await resident.Client.GetAsync("/volunteer/teams")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVolunteeringPagesTests(SqliteApp app) : VolunteeringPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVolunteeringPagesTests(PostgresApp app) : VolunteeringPagesTests(app);
