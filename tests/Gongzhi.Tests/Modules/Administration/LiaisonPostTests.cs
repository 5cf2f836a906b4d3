using System.Net;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Administration;

// 党员中心户 is given on the household's page by community staff (the post kind the posts page
// cannot place, as it sits on a household); others are refused and a bad form writes nothing.
public abstract class LiaisonPostTests(GongzhiApp app)
{
    private async Task<(long Mine, long Other)> HouseholdsAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        var all = await DemoFacts.HouseholdsAsync(app);
        var skip = app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? 7 : 9;
        return (all.Where(h => h.CommunityId == facts.Community1).Skip(skip).First().Id, all.First(h => h.CommunityId == facts.Community2).Id);
    }

    [Fact]
    public async Task Community_staff_make_a_household_a_liaison_household_on_its_page()
    {
        var (mine, _) = await HouseholdsAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        await using var db = app.NewDb();
        var page = $"/registry/households/{mine}";
        (await staff.Client.GetStringAsync(page)).ShouldContain("设为党员中心户");
        var saved = await staff.PostFormAsync(page, "liaison", new() { ["HolderName"] = "周建华", ["HolderPhone"] = "13955501234" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        var post = await db.DutyPosts.AsNoTracking().OrderByDescending(p => p.Id).FirstAsync(p => p.PlaceKind == PlaceKind.Household && p.PlaceId == mine);
        (post.Kind, post.HolderName, post.To).ShouldBe((DutyPostKind.PartyLiaisonHousehold, "周建华", (DateOnly?)null));
    }

    [Fact]
    public async Task Bad_or_foreign_liaison_forms_are_refused_and_write_nothing()
    {
        var (mine, other) = await HouseholdsAsync();
        await using var db = app.NewDb();
        var before = await db.DutyPosts.CountAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var empty = await staff.PostFormAsync($"/registry/households/{mine}", "liaison", new() { ["HolderName"] = " " });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).ShouldMatch("data-field-error=\"HolderName\"[^<]*>\\s*<div>此项必填");
        var english = await PageSession.LogInAsync(app, "tuanjie", "en");
        var phone = await english.PostFormAsync($"/registry/households/{mine}", "liaison", new() { ["HolderName"] = "周建华", ["HolderPhone"] = "电话" });
        phone.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await phone.Content.ReadAsStringAsync()).ShouldContain("Not a valid phone number");
        // The grid worker sees the household but may not give posts: no form, and a post is refused.
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        var workerHome = (await (await DemoFacts.ForAsync(app)).HouseholdsInScopeOfAsync(app, "wangge.li")).First();
        var workerPage = await worker.Client.GetStringAsync($"/registry/households/{workerHome}");
        workerPage.ShouldNotContain("liaison-save");
        var refused = await worker.PostFormAsync($"/registry/households/{workerHome}", "liaison", new() { ["HolderName"] = "周建华" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Another community's household is not there for this staff member.
        (await staff.Client.GetAsync($"/registry/households/{other}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await db.DutyPosts.CountAsync()).ShouldBe(before);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteLiaisonPostTests(SqliteApp app) : LiaisonPostTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLiaisonPostTests(PostgresApp app) : LiaisonPostTests(app);
