using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Party;

// The tree mirrors the places (党工委 → 党委/总支 → 网格党支部 → 楼栋党小组) and holds organisations
// without one; posts keep their history, and a new secretary takes over from the sitting one.
public abstract class OrganisationTreeTests(GongzhiApp app)
{
    [Fact]
    public async Task The_demo_tree_has_four_levels_and_a_new_secretary_ends_the_last_ones_post()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await app.ClientForAsync("jianshe", "en");
        var tree = (await (await staff.GetAsync($"/api/v1/party/communities/{facts.Community2}/organisations")).JsonAsync()).AsArray();
        var kinds = tree.Select(n => (PartyOrgKind)(int)n!["kind"]!).ToList();
        kinds[0].ShouldBe(PartyOrgKind.WorkingCommittee);
        kinds.ShouldContain(PartyOrgKind.GeneralBranch);
        kinds.Count(k => k == PartyOrgKind.Branch).ShouldBeGreaterThanOrEqualTo(3);
        kinds.ShouldContain(PartyOrgKind.Group);
        tree.ShouldContain(n => (string)n!["name"]! == "锦绣物业服务公司党支部（红色物业）" && n["place"] == null && (string)n["unit"]! == "锦绣物业服务公司");
        var head = tree.First(n => (PartyOrgKind)(int)n!["kind"]! == PartyOrgKind.GeneralBranch)!;
        head["posts"]!.AsArray().Count(p => (int)p!["kind"]! == (int)PartyPostKind.Secretary && p["to"] != null).ShouldBe(1, "the former secretary stays on record");

        var grid = facts.Grids.First(g => g.CommunityId == facts.Community2).Id;
        var created = await staff.PostAsJsonAsync("/api/v1/party/organisations", new
        {
            communityId = facts.Community2, parentId = head.Long("id"), kind = (int)PartyOrgKind.Branch, name = "测试党支部",
            placeKind = (int)PlaceKind.Grid, placeId = grid,
        });
        var branch = (await created.JsonAsync(HttpStatusCode.Created)).Long("id");
        var first = (await (await staff.PostAsJsonAsync($"/api/v1/party/organisations/{branch}/posts", new { kind = (int)PartyPostKind.Secretary, holderName = "甲书记", from = "2025-01-01" })).JsonAsync(HttpStatusCode.Created)).Long("id");
        await staff.PostAsJsonAsync($"/api/v1/party/organisations/{branch}/posts", new { kind = (int)PartyPostKind.CommitteeMember, holderName = "丙委员", from = "2025-01-01" });
        var second = (await (await staff.PostAsJsonAsync($"/api/v1/party/organisations/{branch}/posts", new { kind = (int)PartyPostKind.Secretary, holderName = "乙书记", from = "2026-03-01" })).JsonAsync(HttpStatusCode.Created)).Long("id");

        await using var db = app.NewDb();
        var posts = await db.Set<PartyPost>().Where(p => p.OrganisationId == branch).ToDictionaryAsync(p => p.Id);
        posts[first].To.ShouldBe(new DateOnly(2026, 3, 1));
        posts[second].To.ShouldBeNull();
        posts.Values.Single(p => p.Kind == PartyPostKind.CommitteeMember).To.ShouldBeNull("a new secretary ends only the secretary's post");

        // Ending a post twice is refused; the end stays as it was.
        (await staff.PostAsJsonAsync($"/api/v1/party/posts/{first}/end", new { on = "2026-04-01" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var again = app.NewDb();
        (await again.Set<PartyPost>().SingleAsync(p => p.Id == first)).To.ShouldBe(new DateOnly(2026, 3, 1));
    }

    [Fact]
    public async Task Bad_input_and_other_communities_are_refused_and_nothing_is_written()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var group = await db.Set<PartyOrganisation>().FirstAsync(o => o.CommunityId == facts.Community2 && o.Kind == PartyOrgKind.Group);
        var head = await db.Set<PartyOrganisation>().FirstAsync(o => o.CommunityId == facts.Community2 && o.Kind == PartyOrgKind.GeneralBranch);
        var before = await db.Set<PartyOrganisation>().CountAsync();
        var staff = await app.ClientForAsync("jianshe", "en");

        var underGroup = await staff.PostAsJsonAsync("/api/v1/party/organisations", new { communityId = facts.Community2, parentId = group.Id, kind = (int)PartyOrgKind.Group, name = "小组之下" });
        (await underGroup.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("kind").ShouldBe(["An organisation of this level cannot sit under the chosen parent"]);
        var otherGrid = facts.Grids.First(g => g.CommunityId == facts.Community1).Id;
        var elsewhere = await staff.PostAsJsonAsync("/api/v1/party/organisations", new { communityId = facts.Community2, parentId = head.Id, kind = (int)PartyOrgKind.Branch, name = "错位支部", placeKind = (int)PlaceKind.Grid, placeId = otherGrid });
        (await elsewhere.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("placeId").ShouldBe(["That place is not in this community"]);
        var wrongPlace = await staff.PostAsJsonAsync("/api/v1/party/organisations", new { communityId = facts.Community2, parentId = head.Id, kind = (int)PartyOrgKind.Branch, name = "错位支部", placeKind = (int)PlaceKind.Building, placeId = 1 });
        (await wrongPlace.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("placeId").ShouldNotBeEmpty();
        var noName = await staff.PostAsJsonAsync("/api/v1/party/organisations", new { communityId = facts.Community2, parentId = head.Id, kind = (int)PartyOrgKind.Branch, name = " " });
        (await noName.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("name").ShouldNotBeEmpty();

        // Another community's staff, a grid worker and a resident do not see this community's tree at all.
        (await (await app.ClientForAsync("tuanjie")).GetAsync($"/api/v1/party/communities/{facts.Community2}/organisations")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync("tuanjie")).PostAsJsonAsync("/api/v1/party/organisations", new { communityId = facts.Community2, parentId = head.Id, kind = (int)PartyOrgKind.Branch, name = "越界" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync("wangge.li")).GetAsync($"/api/v1/party/communities/{facts.Community1}/organisations")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.ClientForAsync(facts.ResidentUserName)).GetAsync($"/api/v1/party/communities/{facts.Community1}/organisations")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await using var after = app.NewDb();
        (await after.Set<PartyOrganisation>().CountAsync()).ShouldBe(before);
    }

    [Fact]
    public void The_moves_table_of_a_project_is_the_documented_one()
    {
        AllianceProject.Moves.Select(p => $"{p.Key} -> {string.Join(", ", p.Value)}").ShouldBe(
        [
            "Matched -> Done, Dropped",
            "Done -> ",
            "Dropped -> ",
        ]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOrganisationTreeTests(SqliteApp app) : OrganisationTreeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOrganisationTreeTests(PostgresApp app) : OrganisationTreeTests(app);
