using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Notices;

// Acts like a client of the notices API: staff write and publish, residents and leaders read.
public sealed class NoticeDriver(GongzhiApp app)
{
    public GongzhiApp App => app;
    public Task<HttpClient> StaffAsync() => app.ClientForAsync("tuanjie");      // 团结巷社区工作者
    public Task<HttpClient> ReviewerAsync() => app.ClientForAsync("jiedao");    // 街道干部: a second pair of eyes
    public Task<HttpClient> OtherCommunityAsync() => app.ClientForAsync("jianshe");
    public Task<HttpClient> LeaderAsync() => app.ClientForAsync("loudong");     // 第一网格楼栋长
    public Task<HttpClient> AdminAsync() => app.ClientForAsync("admin");

    public async Task<HttpClient> ResidentAsync() => await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName);

    public async Task<long> Community1Async() => (await DemoFacts.ForAsync(app)).Community1;

    public async Task<long> LeaderBuildingAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var userId = facts.UserIds["loudong"];
        return await db.DutyPosts.Where(p => p.UserId == userId && p.PlaceKind == PlaceKind.Building).Select(p => p.PlaceId).FirstAsync();
    }

    public static object Input(PlaceKind scope, long scopeId, NoticeKind kind = NoticeKind.Notice, NoticeAudience audience = NoticeAudience.Everyone,
        string title = "停水通知", string body = "因管网改造，本周六 8:00–18:00 停水，请提前储水。", CareTagKind? care = null, DateTime? publishAt = null,
        bool pinned = false) =>
        new { scopeKind = (int)scope, scopeId, kind = (int)kind, audience = (int)audience, careReason = (int?)care, title, body, pinned, publishAt };

    public async Task<long> CreateAsync(HttpClient client, object input)
    {
        var response = await client.PostAsJsonAsync("/api/v1/notices", input);
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    public static async Task<JsonNode> GetAsync(HttpClient client, long id) => await (await client.GetAsync($"/api/v1/notices/{id}")).JsonAsync();

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, long id)
    {
        var version = (int)(await GetAsync(client, id))["version"]!;
        return await client.PostAsJsonAsync($"/api/v1/notices/{id}/submit", new { version });
    }

    // Written and submitted by the community worker; for kinds needing no review this publishes it.
    public async Task<long> PublishAsync(object input)
    {
        var staff = await StaffAsync();
        var id = await CreateAsync(staff, input);
        var answer = await (await SubmitAsync(staff, id)).JsonAsync();
        ((int)answer["status"]!).ShouldBe((int)NoticeStatus.Published);
        return id;
    }

    public async Task<NoticeStatus> StatusAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Set<Notice>().Where(n => n.Id == id).Select(n => n.Status).SingleAsync();
    }

    public async Task<HashSet<long>> RecipientsAsync(long id)
    {
        await using var db = app.NewDb();
        return (await db.Set<NoticeRecipient>().Where(r => r.NoticeId == id).Select(r => r.HouseholdId).ToListAsync()).ToHashSet();
    }
}
