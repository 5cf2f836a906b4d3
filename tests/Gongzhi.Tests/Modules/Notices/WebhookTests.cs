using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Platform.Webhooks;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Notices;

// Webhooks: signed JSON POSTs from the outbox to a real local receiver, retried with backoff,
// paused after a day of failures, and sent once even with two app instances sending at once.
public abstract class WebhookTests(GongzhiApp app)
{
    private readonly NoticeDriver _d = new(app);

    private async Task<(long Id, string Secret)> RegisterAsync(string url)
    {
        var admin = await _d.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, events = new[] { "notice.published" } })).JsonAsync(HttpStatusCode.Created);
        return (created.Long("id"), created["secret"]!.GetValue<string>());
    }

    private async Task<int> DispatchAsync(DateTime now, GongzhiApp? on = null)
    {
        using var scope = (on ?? app).Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookDispatch>().RunAsync(now);
    }

    // The receiver's own check, written from the documented header format, not with the app's code.
    private static bool Verifies(LocalListener.Received r, string secret)
    {
        var timestamp = r.Headers["X-Gongzhi-Timestamp"];
        var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + r.Body))).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(r.Headers["X-Gongzhi-Signature"]));
    }

    private async Task<List<WebhookDelivery>> DeliveriesAsync(long hookId)
    {
        await using var db = app.NewDb();
        return await db.Set<WebhookDelivery>().Where(d => d.WebhookId == hookId).OrderBy(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task A_published_notice_is_posted_signed_with_the_hooks_secret_and_marked_delivered()
    {
        using var receiver = new LocalListener();
        var (hookId, secret) = await RegisterAsync(receiver.Url + "gongzhi");
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "推送测试：停水"));
        var now = DateTime.UtcNow;
        await DispatchAsync(now);

        var got = receiver.Requests.Where(r => r.Body.Contains("推送测试：停水", StringComparison.Ordinal)).ToList();
        got.Count.ShouldBe(1);
        var r = got[0];
        r.Method.ShouldBe("POST");
        r.Headers["Content-Type"].ShouldStartWith("application/json");
        r.Headers["X-Gongzhi-Event"].ShouldBe("notice.published");
        Verifies(r, secret).ShouldBeTrue();
        Verifies(r, secret + "x").ShouldBeFalse();
        Math.Abs(long.Parse(r.Headers["X-Gongzhi-Timestamp"], System.Globalization.CultureInfo.InvariantCulture) - new DateTimeOffset(now).ToUnixTimeSeconds())
            .ShouldBeLessThanOrEqualTo(2);
        var json = JsonNode.Parse(r.Body)!;
        json["event"]!.GetValue<string>().ShouldBe("notice.published");
        json["id"]!.GetValue<string>().ShouldBe(r.Headers["X-Gongzhi-Delivery"]);
        json["data"]!.Long("id").ShouldBe(id);

        var delivery = (await DeliveriesAsync(hookId)).Single();
        delivery.DeliveredAt.ShouldNotBeNull();
        delivery.LastStatus.ShouldBe(200);
        // Delivered is delivered: a later pass sends nothing again.
        await DispatchAsync(now.AddMinutes(5));
        receiver.Requests.Count(x => x.Body.Contains("推送测试：停水", StringComparison.Ordinal)).ShouldBe(1);
        var log = await (await (await _d.AdminAsync()).GetAsync($"/api/v1/webhooks/{hookId}")).JsonAsync();
        ((int)log["deliveries"]![0]!["lastStatus"]!).ShouldBe(200);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_after_its_backoff_with_the_same_event_id()
    {
        using var receiver = new LocalListener();
        var fail = true;
        receiver.Answer = _ => fail ? (503, "busy") : (200, "ok");
        var (hookId, secret) = await RegisterAsync(receiver.Url);
        await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "推送重试测试"));
        var now = DateTime.UtcNow;
        await DispatchAsync(now);
        var d = (await DeliveriesAsync(hookId)).Single();
        d.DeliveredAt.ShouldBeNull();
        d.Attempts.ShouldBe(1);
        d.LastStatus.ShouldBe(503);
        d.NextAttemptAt.ShouldBe(now + WebhookDispatch.Backoff(1), TimeSpan.FromSeconds(1));

        await DispatchAsync(now.AddSeconds(10)); // too early: not tried
        (await DeliveriesAsync(hookId)).Single().Attempts.ShouldBe(1);
        fail = false;
        await DispatchAsync(now.AddSeconds(31));
        d = (await DeliveriesAsync(hookId)).Single();
        d.DeliveredAt.ShouldNotBeNull();
        d.Attempts.ShouldBe(2);
        var mine = receiver.Requests.Where(x => x.Body.Contains("推送重试测试", StringComparison.Ordinal)).ToList();
        mine.Count.ShouldBe(2);
        mine.Select(x => x.Headers["X-Gongzhi-Delivery"]).Distinct().Count().ShouldBe(1);
        mine.All(x => Verifies(x, secret)).ShouldBeTrue();
        WebhookDispatch.Backoff(2).ShouldBe(TimeSpan.FromMinutes(1));
        WebhookDispatch.Backoff(30).ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_hook_failing_for_a_day_is_paused_its_owner_told_and_an_administrator_can_resume_it()
    {
        using var receiver = new LocalListener { Answer = _ => (500, "down") };
        var (hookId, _) = await RegisterAsync(receiver.Url);
        await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "推送暂停测试"));
        var now = DateTime.UtcNow;
        await DispatchAsync(now);
        await using (var db = app.NewDb())
            (await db.Set<Webhook>().SingleAsync(h => h.Id == hookId)).Status.ShouldBe(WebhookStatus.Active);

        await DispatchAsync(now.AddDays(1).AddMinutes(1));
        var facts = await DemoFacts.ForAsync(app);
        await using (var db = app.NewDb())
        {
            var hook = await db.Set<Webhook>().SingleAsync(h => h.Id == hookId);
            hook.Status.ShouldBe(WebhookStatus.Paused);
            (await db.Notifications.CountAsync(n => n.UserId == facts.UserIds["admin"] && n.MessageKey == "Webhooks.Paused" && n.Link == "/admin/webhooks/" + hookId))
                .ShouldBe(1);
        }
        var d = (await DeliveriesAsync(hookId)).Single();
        d.GaveUpAt.ShouldNotBeNull(); // retried for a day
        d.Attempts.ShouldBe(2);
        // Paused: nothing more goes out to it.
        var before = receiver.Requests.Count;
        await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "暂停后不应推送"));
        await DispatchAsync(now.AddDays(1).AddMinutes(2));
        receiver.Requests.Count.ShouldBe(before);

        var admin = await _d.AdminAsync();
        var version = (int)(await (await admin.GetAsync($"/api/v1/webhooks/{hookId}")).JsonAsync())["hook"]!["version"]!;
        (await admin.PostAsJsonAsync($"/api/v1/webhooks/{hookId}/resume", new { version })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsJsonAsync($"/api/v1/webhooks/{hookId}/resume", new { version })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Two_instances_sending_at_once_deliver_each_event_once()
    {
        using var receiver = new LocalListener();
        var (hookId, _) = await RegisterAsync(receiver.Url);
        for (var i = 0; i < 6; i++)
            await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: $"双实例推送 {i}"));
        await using var second = new SecondHost(app);
        await second.InitializeAsync();
        var now = DateTime.UtcNow;
        await Task.WhenAll(DispatchAsync(now), DispatchAsync(now, second), DispatchAsync(now), DispatchAsync(now, second));
        var mine = receiver.Requests.Where(r => r.Body.Contains("双实例推送", StringComparison.Ordinal)).ToList();
        mine.Count.ShouldBe(6);
        mine.Select(r => r.Headers["X-Gongzhi-Delivery"]).Distinct().Count().ShouldBe(6);
        (await DeliveriesAsync(hookId)).All(d => d.DeliveredAt != null && d.Attempts == 1).ShouldBeTrue();
    }

    [Fact]
    public async Task Registering_needs_an_administrator_a_web_address_and_known_events()
    {
        var admin = await _d.AdminAsync();
        await using var db = app.NewDb();
        var count = await db.Set<Webhook>().CountAsync();
        (await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "ftp://example.org/x", events = new[] { "notice.published" } }))
            .ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("url").ShouldNotBeEmpty();
        (await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://example.org/x", events = new[] { "case.deleted" } }))
            .ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("events").ShouldNotBeEmpty();
        (await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://example.org/x", events = Array.Empty<string>() }))
            .ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("events").ShouldNotBeEmpty();
        (await (await _d.StaffAsync()).PostAsJsonAsync("/api/v1/webhooks", new { url = "https://example.org/x", events = new[] { "notice.published" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await _d.StaffAsync()).GetAsync("/api/v1/webhooks")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await db.Set<Webhook>().CountAsync()).ShouldBe(count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWebhookTests(SqliteApp app) : WebhookTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookTests(PostgresApp app) : WebhookTests(app);
