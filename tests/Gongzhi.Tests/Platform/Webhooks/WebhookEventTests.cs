using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gongzhi.Tests.Modules.Care;
using Gongzhi.Tests.Modules.Deliberation;
using Gongzhi.Tests.Modules.Notices;
using Gongzhi.Tests.Modules.Requests;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Platform.Webhooks;

namespace Gongzhi.Tests.Platform.Webhooks;

// The events the issue names, raised by their own modules through Platform's IWebhookEvents in the
// transaction of the change, and delivered from the outbox to a real local receiver, signed.
public abstract class WebhookEventTests(GongzhiApp app)
{
    private static readonly string[] Events = ["case.created", "case.status_changed", "case.overdue", "vote.closed", "visit.urgent"];

    private sealed class Hook(long id, string secret, LocalListener listener) : IDisposable
    {
        public long Id => id;
        public string Secret => secret;
        public LocalListener Listener => listener;
        public void Dispose() => listener.Dispose();
    }

    private async Task<Hook> RegisterAsync()
    {
        var listener = new LocalListener();
        var admin = await app.ClientForAsync("admin");
        var created = await (await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = listener.Url + "events", events = Events })).JsonAsync(HttpStatusCode.Created);
        return new Hook(created.Long("id"), created["secret"]!.GetValue<string>(), listener);
    }

    // Sends what is due, then pauses the hook so later tests' events do not queue for a closed listener.
    private async Task<List<JsonNode>> ReceivedAsync(Hook hook, string eventName)
    {
        await using (var scope = app.Services.CreateAsyncScope())
            for (var i = 0; i < 5; i++) await scope.ServiceProvider.GetRequiredService<WebhookDispatch>().RunAsync(DateTime.UtcNow);
        var got = hook.Listener.Requests.Where(r => r.Headers["X-Gongzhi-Event"] == eventName).ToList();
        got.ShouldAllBe(r => Verifies(r, hook.Secret), "every delivery carries a valid signature");
        return got.Select(r => JsonNode.Parse(r.Body)!).ToList();
    }

    private async Task PauseAsync(Hook hook)
    {
        await using var db = app.NewDb();
        await db.Set<Webhook>().Where(h => h.Id == hook.Id).ExecuteUpdateAsync(s => s.SetProperty(h => h.Status, WebhookStatus.Paused));
    }

    // The receiver's own check from the documented headers, not the app's code.
    private static bool Verifies(LocalListener.Received r, string secret)
    {
        var expected = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(r.Headers["X-Gongzhi-Timestamp"] + "." + r.Body))).ToLowerInvariant();
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(r.Headers["X-Gongzhi-Signature"]));
    }

    [Fact]
    public async Task A_new_case_and_its_status_change_are_posted_without_the_reporter()
    {
        using var hook = await RegisterAsync();
        var cases = new CaseDriver(app);
        var marker = CaseDriver.Marker();
        var id = await cases.SubmitAsResidentAsync("other", "楼道灯坏了 " + marker);
        await cases.AcceptAsync(id);

        var created = (await ReceivedAsync(hook, "case.created")).Where(j => j["data"]!.Long("id") == id).ShouldHaveSingleItem();
        var c = await cases.LoadAsync(id);
        created.Long("communityId").ShouldBe(c.CommunityId);
        created["data"]!["status"]!.GetValue<string>().ShouldBe("Submitted");
        created.ToJsonString().ShouldNotContain(marker); // the description and reporter stay in Gongzhi
        var moved = (await ReceivedAsync(hook, "case.status_changed")).Where(j => j["data"]!.Long("id") == id).ShouldHaveSingleItem();
        (moved["data"]!["from"]!.GetValue<string>(), moved["data"]!["to"]!.GetValue<string>()).ShouldBe(("Submitted", "Accepted"));
        await PauseAsync(hook);
    }

    // A worker's intake for a named household asks whether any hook wants the event with the household's facts.
    [Fact]
    public async Task A_case_a_worker_enters_for_a_household_is_posted()
    {
        using var hook = await RegisterAsync();
        var cases = new CaseDriver(app);
        var household = await cases.HouseholdAsync((await DemoFacts.ForAsync(app)).Grid1);
        var id = await cases.EnterAsync("wangge.li", "other", "小区门口井盖松动 " + CaseDriver.Marker(), household, "赵先生", "13912345678");

        var created = (await ReceivedAsync(hook, "case.created")).Where(j => j["data"]!.Long("id") == id).ShouldHaveSingleItem();
        created["data"]!["status"]!.GetValue<string>().ShouldBe("Submitted");
        await PauseAsync(hook);
    }

    [Fact]
    public async Task An_overdue_case_is_posted_when_the_sweep_escalates_it()
    {
        using var hook = await RegisterAsync();
        var cases = new CaseDriver(app);
        // On an old calendar, so the sweep at that instant touches only this case.
        var at = CaseDriver.Cst(2019, 3, 4, 9, 0);
        var id = await cases.PlaceAsync("逾期推送 " + CaseDriver.Marker(), at, at.AddHours(1), at.AddDays(1));
        await EscalationTests.SweepAsync(app, at.AddHours(2));

        var overdue = (await ReceivedAsync(hook, "case.overdue")).Where(j => j["data"]!.Long("id") == id).ShouldHaveSingleItem();
        overdue["data"]!["escalatedTo"]!.GetValue<string>().ShouldBe("Community");
        overdue.Long("communityId").ShouldBe((await cases.LoadAsync(id)).CommunityId);
        await PauseAsync(hook);
    }

    [Fact]
    public async Task A_closed_vote_is_posted_with_its_outcome()
    {
        using var hook = await RegisterAsync();
        var topics = new TopicDriver(app);
        var topic = await topics.CreateAsync();
        var vote = await topics.OpenVoteAsync(topic, VoteBasis.PerHousehold);
        var staff = await topics.StaffAsync();
        var adopted = (bool)(await (await staff.PostAsync($"/api/v1/votes/{vote}/close", null)).JsonAsync())["adopted"]!;

        var closed = (await ReceivedAsync(hook, "vote.closed")).Where(j => j["data"]!.Long("id") == vote).ShouldHaveSingleItem();
        ((bool)closed["data"]!["adopted"]!).ShouldBe(adopted);
        closed["data"]!.Long("topicId").ShouldBe(topic);
        // Closing twice is refused, and raises nothing more.
        (await staff.PostAsync($"/api/v1/votes/{vote}/close", null)).IsSuccessStatusCode.ShouldBeFalse();
        (await ReceivedAsync(hook, "vote.closed")).Count(j => j["data"]!.Long("id") == vote).ShouldBe(1);
        await PauseAsync(hook);
    }

    [Fact]
    public async Task An_urgent_visit_is_posted_without_the_persons_name_or_note()
    {
        using var hook = await RegisterAsync();
        var care = new CareDriver(app);
        var recipient = await care.AddAsync(await care.FreshResidentAsync());
        var worker = await care.WorkerAsync();
        var result = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{recipient}/visits",
            new { kind = 1, condition = (int)VisitCondition.Urgent, note = "老人摔倒在家，已拨打120" })).JsonAsync(HttpStatusCode.Created);
        // An ordinary visit raises nothing.
        (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{recipient}/visits", new { kind = 1, condition = 1, note = "一切正常" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var urgent = (await ReceivedAsync(hook, "visit.urgent")).Where(j => j["data"]!.Long("recipientId") == recipient).ShouldHaveSingleItem();
        urgent["data"]!.Long("caseId").ShouldBe(result.Long("caseId"));
        urgent.ToJsonString().ShouldNotContain("摔倒");
        await PauseAsync(hook);
    }

    [Fact]
    public async Task A_refused_change_leaves_no_delivery_behind()
    {
        using var hook = await RegisterAsync();
        var resident = await new CaseDriver(app).ResidentAsync();
        var category = await new CaseDriver(app).CategoryAsync("other");
        (await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var db = app.NewDb();
        (await db.Set<WebhookDelivery>().CountAsync(d => d.WebhookId == hook.Id)).ShouldBe(0);
        await PauseAsync(hook);
    }

    [Fact]
    public async Task The_webhooks_page_keeps_what_was_typed_next_to_the_error_and_writes_nothing()
    {
        var session = await PageSession.LogInAsync(app, "admin");
        int before;
        await using (var db = app.NewDb()) before = await db.Set<Webhook>().CountAsync();
        var response = await session.PostFormAsync("/admin/webhooks", "hook", new() { ["HookInput.Url"] = "ftp://example.org/typed-hook", ["HookInput.Events"] = "case.created" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Url\"");
        html.ShouldContain("ftp://example.org/typed-hook");
        html.ShouldContain("case.status_changed"); // the events the modules declared are offered
        await using (var db = app.NewDb()) (await db.Set<Webhook>().CountAsync()).ShouldBe(before);
        // Not an administrator: no page.
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        ((int)(await staff.Client.GetAsync("/admin/webhooks")).StatusCode).ShouldBeOneOf(302, 403, 404);
    }

    [Fact]
    public void Platform_knows_the_event_names_only_from_the_modules()
    {
        var names = app.Services.GetRequiredService<WebhookEventNames>().All;
        names.ShouldBe(["notice.published", "notice.withdrawn", "case.created", "case.status_changed", "case.overdue", "vote.closed", "visit.urgent"], ignoreOrder: true);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteWebhookEventTests(SqliteApp app) : WebhookEventTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookEventTests(PostgresApp app) : WebhookEventTests(app);
