using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Care;

namespace Gongzhi.Tests.Modules.Care;

// Small wishes: published masked, claimed by one of two at once, fulfilled by the claimant only, confirmed by staff.
public abstract class WishTests(GongzhiApp app)
{
    private readonly CareDriver _d = new(app);

    private async Task<long> PublishAsync()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        return (await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/wishes", new { title = "想要一台收音机", description = "想听戏曲" }))
            .JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    [Fact]
    public async Task Two_claimants_at_once_get_one_winner_and_a_clear_409()
    {
        var wish = await PublishAsync();
        var facts = await DemoFacts.ForAsync(app);
        var volunteer = await app.ClientForAsync(facts.ResidentUserName, "zh-Hans");
        var merchant = await app.ClientForAsync("shanghu", "zh-Hans");
        var answers = await Task.WhenAll(volunteer.PostAsync($"/api/v1/care/wishes/{wish}/claim", null), merchant.PostAsync($"/api/v1/care/wishes/{wish}/claim", null));
        answers.Count(a => a.StatusCode == HttpStatusCode.NoContent).ShouldBe(1);
        var loser = answers.Single(a => a.StatusCode != HttpStatusCode.NoContent);
        (await loser.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldBe("这个心愿刚刚被别人认领了");
        await using var db = app.NewDb();
        var row = await db.Set<Wish>().AsNoTracking().SingleAsync(w => w.Id == wish);
        row.Status.ShouldBe(WishStatus.Claimed);
        row.Version.ShouldBe(1);
    }

    [Fact]
    public async Task The_claimant_fulfils_staff_confirm_and_the_wall_masks_the_person()
    {
        var wish = await PublishAsync();
        var facts = await DemoFacts.ForAsync(app);
        var volunteer = await app.ClientForAsync(facts.ResidentUserName);
        var wall = await (await volunteer.GetAsync("/api/v1/care/wishes")).JsonAsync();
        var mine = wall.AsArray().Single(w => w!.Long("id") == wish)!;
        mine["person"]!.GetValue<string>().ShouldMatch(@"^\p{IsCJKUnifiedIdeographs}\*+$");
        (await volunteer.PostAsync($"/api/v1/care/wishes/{wish}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var other = await app.ClientForAsync("shanghu");
        (await other.PostAsJsonAsync($"/api/v1/care/wishes/{wish}/fulfil", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await volunteer.PostAsJsonAsync($"/api/v1/care/wishes/{wish}/fulfil", new { note = "已送到", version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await volunteer.PostAsJsonAsync($"/api/v1/care/wishes/{wish}/confirm", new { version = 2 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var worker = await _d.WorkerAsync();
        (await worker.PostAsJsonAsync($"/api/v1/care/wishes/{wish}/confirm", new { version = 2 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await worker.PostAsJsonAsync($"/api/v1/care/wishes/{wish}/confirm", new { version = 3 })).ProblemAsync(HttpStatusCode.BadRequest))["detail"]!
            .GetValue<string>().ShouldBe("这个心愿当前不能这样操作");
        await using var db = app.NewDb();
        (await db.Set<Wish>().AsNoTracking().SingleAsync(w => w.Id == wish)).Status.ShouldBe(WishStatus.Confirmed);
    }

    [Fact]
    public async Task Someone_who_is_no_volunteer_cannot_claim_and_a_bad_wish_is_not_published()
    {
        var wish = await PublishAsync();
        var tenant = await new Deliberation.TopicDriver(app).NonOwnerAccountAsync();
        var client = await app.ClientForAsync(tenant);
        (await client.PostAsync($"/api/v1/care/wishes/{wish}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostAsync($"/api/v1/care/wishes/{long.MaxValue}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var worker = await _d.WorkerAsync();
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        await using var db = app.NewDb();
        var before = await db.Set<Wish>().CountAsync();
        var empty = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/wishes", new { title = "" })).ProblemAsync(HttpStatusCode.BadRequest);
        empty.ErrorsFor("title").ShouldNotBeEmpty();
        (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/wishes", new { title = new string('愿', 41) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await db.Set<Wish>().CountAsync()).ShouldBe(before);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWishTests(SqliteApp app) : WishTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWishTests(PostgresApp app) : WishTests(app);
