using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Registry;

// Duty posts are assigned and ended by community staff of that community; the history stays,
// and a post linked to an account is what gives that account its scope.
public abstract class DutyPostTests(GongzhiApp app)
{
    [Fact]
    public async Task Community_staff_assign_and_end_posts_that_give_an_account_its_scope()
    {
        var facts = await DemoFacts.ForAsync(app);
        var admin = await app.ClientForAsync("admin");
        var userName = "post.test." + app.Provider.ToString().ToLowerInvariant();
        (await admin.PostAsJsonAsync("/api/v1/accounts", new { userName, displayName = "新网格员", password = GongzhiApp.Password, roles = new[] { Roles.GridWorker } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var worker = await app.ClientForAsync(userName);
        (await (await worker.GetAsync("/api/v1/places")).JsonAsync()).AsArray().ShouldBeEmpty();

        var staff = await app.ClientForAsync("tuanjie", "en");
        var assign = await staff.PostAsJsonAsync("/api/v1/posts",
            new { kind = (int)DutyPostKind.GridWorker, placeId = facts.Grid2, holderName = "新网格员", holderPhone = "13955550000", userName, from = Day(-30) });
        var postId = (await assign.JsonAsync(HttpStatusCode.Created)).Long("id");

        var tree = (await (await worker.GetAsync("/api/v1/places")).JsonAsync()).AsArray();
        tree.ShouldHaveSingleItem()!["grids"]!.AsArray().Select(g => g!.Long("id")).ShouldBe([facts.Grid2]);
        var posts = (await (await staff.GetAsync($"/api/v1/communities/{facts.Community1}/posts")).JsonAsync()).AsArray();
        posts.ShouldContain(p => p!.Long("id") == postId && p!["holderPhone"]!.GetValue<string>() == "13955550000");
        var board = await (await app.Anonymous().GetAsync($"/api/v1/board/{facts.Grid2}")).JsonAsync();
        board["people"]!.AsArray().ShouldContain(p => p!["name"]!.GetValue<string>() == "新网格员");

        // A post runs to its end date inclusive: ended yesterday, it no longer opens anything today.
        (await staff.PostAsync($"/api/v1/posts/{postId}/end?on={Day(-1)}", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await worker.GetAsync("/api/v1/places")).JsonAsync()).AsArray().ShouldBeEmpty();
        var current = (await (await staff.GetAsync($"/api/v1/communities/{facts.Community1}/posts")).JsonAsync()).AsArray();
        current.ShouldNotContain(p => p!.Long("id") == postId);
        var history = (await (await staff.GetAsync($"/api/v1/communities/{facts.Community1}/posts?includeEnded=true")).JsonAsync()).AsArray();
        history.ShouldContain(p => p!.Long("id") == postId && p!["to"] != null);
        await (await staff.PostAsync($"/api/v1/posts/{postId}/end", null)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    private DateOnly Today => DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime);

    private string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("jianshe", HttpStatusCode.NotFound)]
    [InlineData("wangge.zhang", HttpStatusCode.Forbidden)]
    [InlineData("jiedao", HttpStatusCode.Forbidden)]
    [InlineData("wuye", HttpStatusCode.Forbidden)]
    [InlineData("bumen", HttpStatusCode.Forbidden)]
    public async Task Others_cannot_assign_posts_in_the_community(string userName, HttpStatusCode expected)
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var before = await db.DutyPosts.CountAsync();
        var client = await app.ClientForAsync(userName);
        var response = await client.PostAsJsonAsync("/api/v1/posts", new { kind = (int)DutyPostKind.GridWorker, placeId = facts.Grid1, holderName = "冒名者" });
        await response.ProblemAsync(expected);
        (await db.DutyPosts.CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Bad_posts_are_refused_in_the_callers_language()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await app.ClientForAsync("tuanjie", "zh-CN");
        var noName = await staff.PostAsJsonAsync("/api/v1/posts", new { kind = (int)DutyPostKind.GridWorker, placeId = facts.Grid1, holderName = "" });
        (await noName.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("holderName").ShouldBe(["此项必填"]);
        var badKind = await staff.PostAsJsonAsync("/api/v1/posts", new { kind = 42, placeId = facts.Grid1, holderName = "张三" });
        (await badKind.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("kind").ShouldBe(["取值无效"]);
        var nobody = await staff.PostAsJsonAsync("/api/v1/posts", new { kind = (int)DutyPostKind.GridWorker, placeId = facts.Grid1, holderName = "张三", userName = "no.such.account" });
        (await nobody.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("userName").ShouldBe(["没有这个账号"]);
        await (await staff.PostAsync("/api/v1/posts/987654321/end", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await staff.GetAsync($"/api/v1/communities/{facts.Community2}/posts")).ProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteDutyPostTests(SqliteApp app) : DutyPostTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDutyPostTests(PostgresApp app) : DutyPostTests(app);
