using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// A retried submission (same Idempotency-Key from the same caller) creates one case, however the
// retries arrive; the same key from two callers is two submissions.
public abstract class IdempotencyTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    [Fact]
    public async Task A_retried_submission_returns_the_first_case()
    {
        var marker = CaseDriver.Marker();
        var body = new { categoryId = await _cases.CategoryAsync("other"), description = "希望小区增加快递柜 " + marker };
        var key = Guid.NewGuid().ToString();
        var resident = await _cases.ResidentAsync();

        var first = await Send(resident, body, key);
        var created = await first.JsonAsync(HttpStatusCode.Created);
        first.Headers.Location!.ToString().ShouldBe($"/api/v1/cases/{created.Long("id")}");
        var again = await (await Send(resident, body, key)).JsonAsync(HttpStatusCode.OK);
        again.Long("id").ShouldBe(created.Long("id"));
        again["created"]!.GetValue<bool>().ShouldBeFalse();
        // The key decides, not the body: a retry with edited text is still the same submission.
        (await (await Send(resident, new { body.categoryId, description = "改过的文字 " + marker }, key)).JsonAsync()).Long("id").ShouldBe(created.Long("id"));
        (await CountAsync(marker)).ShouldBe(1);
        await using var db = app.NewDb();
        (await db.CaseEvents.CountAsync(e => e.CaseId == created.Long("id") && e.Kind == CaseEventKind.Submitted)).ShouldBe(1);
        (await db.Notifications.CountAsync(n => n.Link == $"/cases/{created.Long("id")}" && n.Kind == "case.new")).ShouldBe(1);
    }

    [Fact]
    public async Task Twenty_simultaneous_retries_create_one_case()
    {
        var marker = CaseDriver.Marker();
        var body = new { categoryId = await _cases.CategoryAsync("water-leak"), description = "楼上卫生间漏水渗到天花板 " + marker };
        var key = Guid.NewGuid().ToString();
        var clients = new List<HttpClient>();
        for (var i = 0; i < 20; i++) clients.Add(await _cases.ResidentAsync());

        var responses = await Task.WhenAll(clients.Select(c => Send(c, body, key)));
        var bodies = new List<long>();
        foreach (var r in responses)
        {
            r.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
            bodies.Add((await r.JsonAsync(r.StatusCode)).Long("id"));
        }
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        bodies.Distinct().ShouldHaveSingleItem();
        (await CountAsync(marker)).ShouldBe(1);
        // The first referral to the property company happened once as well.
        await using var db = app.NewDb();
        (await db.Referrals.CountAsync(r => r.CaseId == bodies[0])).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_from_two_callers_is_two_cases()
    {
        var facts = await DemoFacts.ForAsync(app);
        var marker = CaseDriver.Marker();
        var key = "retry-" + marker;
        var category = await _cases.CategoryAsync("other");
        var resident = await Send(await _cases.ResidentAsync(), new { categoryId = category, description = "建议增加老年人阅读区 " + marker }, key);
        var worker = await Send(await app.ClientForAsync("wangge.li"),
            new { categoryId = category, description = "来电建议增加阅读区 " + marker, householdId = facts.ResidentHouseholdId, callerName = "王大爷" }, key);
        var a = (await resident.JsonAsync(HttpStatusCode.Created)).Long("id");
        var b = (await worker.JsonAsync(HttpStatusCode.Created)).Long("id");
        a.ShouldNotBe(b);
        (await CountAsync(marker)).ShouldBe(2);
        // Without a key every submission is new.
        var resident2 = await _cases.ResidentAsync();
        (await resident2.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "再报一次 " + marker })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await resident2.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "再报一次 " + marker })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await CountAsync(marker)).ShouldBe(4);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private async Task<int> CountAsync(string marker)
    {
        await using var db = app.NewDb();
        return await db.Cases.CountAsync(c => c.Description.Contains(marker));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIdempotencyTests(SqliteApp app) : IdempotencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIdempotencyTests(PostgresApp app) : IdempotencyTests(app);
