using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Platform.Notifications;
using static Gongzhi.Tests.Modules.Requests.CaseDriver;

namespace Gongzhi.Tests.Modules.Requests;

// Two instances of the app on one database, sweeping and sending at the same time, as they would
// behind a load balancer: every escalation, timeline line and message happens exactly once.
public abstract class TwoHostTests(GongzhiApp app)
{
    private const int Cases = 50;
    private readonly CaseDriver _cases = new(app);

    [Fact]
    public async Task Two_hosts_escalate_each_overdue_case_once_and_send_each_message_once()
    {
        var time = await _cases.WorkingTimeAsync();
        var marker = Marker();
        var ids = new List<long>();
        for (var i = 0; i < Cases; i++)
        {
            var submitted = Cst(2026, 5, 20, 9, 0).AddMinutes(i * 7);
            ids.Add(await _cases.PlaceAsync($"双机督办 {marker} {i}", submitted, time.AddMinutes(submitted, 120), time.AddDays(submitted, 3), submitted.AddMinutes(5)));
        }
        var links = ids.Select(id => $"/cases/{id}").ToList();
        // Three weeks on: past the resolution deadline and past the two days' grace before the subdistrict.
        var at = Cst(2026, 6, 10, 10, 0);
        var owner = await _cases.UserIdAsync("wangge.li");
        var community = await _cases.UserIdAsync("tuanjie");
        var subdistrict = await _cases.UserIdAsync("jiedao");

        var second = new SecondHost(app);
        await second.InitializeAsync();
        try
        {
            GongzhiApp[] hosts = [app, second];
            await using (var other = second.NewDb()) (await other.Cases.CountAsync(c => ids.Contains(c.Id))).ShouldBe(Cases, "the second host works on the same database");
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            {
                for (var round = 0; round < 4; round++) await EscalationTests.SweepAsync(hosts[i % 2], at);
            })));

            await using (var db = app.NewDb())
            {
                (await db.Cases.Where(c => ids.Contains(c.Id)).Select(c => c.EscalationLevel).ToListAsync()).ShouldAllBe(l => l == EscalationLevel.Subdistrict);
                var lines = await db.CaseEvents.Where(e => ids.Contains(e.CaseId) && e.Kind == CaseEventKind.Escalated).Select(e => new { e.CaseId, e.Text }).ToListAsync();
                foreach (var id in ids)
                    lines.Where(l => l.CaseId == id).Select(l => l.Text).Order().ShouldBe([nameof(EscalationLevel.Community), nameof(EscalationLevel.Subdistrict)], ignoreOrder: false, customMessage: $"case {id}");
                var notes = await db.Notifications.Where(n => links.Contains(n.Link!)).Select(n => new { n.Link, n.UserId, n.Kind }).ToListAsync();
                notes.ShouldAllBe(n => n.Kind == "case.escalated");
                foreach (var link in links)
                {
                    var mine = notes.Where(n => n.Link == link).ToList();
                    mine.Count(n => n.UserId == owner).ShouldBe(2, link);
                    mine.Count(n => n.UserId == community).ShouldBe(1, link);
                    mine.Count(n => n.UserId == subdistrict).ShouldBe(1, link);
                    mine.GroupBy(n => n.UserId).ShouldAllBe(g => g.Count() == (g.Key == owner ? 2 : 1));
                }
            }

            // Both hosts hand the messages to their outbound channel at once (their background workers too).
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                for (var round = 0; round < 50 && await UnsentAsync(links) > 0; round++) await DispatchAsync(hosts[i % 2]);
            })));
            (await UnsentAsync(links)).ShouldBe(0);

            List<(string? Link, string? UserId, string? Kind)> expected;
            await using (var db = app.NewDb())
                expected = (await db.Notifications.Where(n => links.Contains(n.Link!)).Select(n => new { n.Link, n.UserId, n.Kind }).ToListAsync())
                    .Select(n => ((string?)n.Link, (string?)n.UserId, (string?)n.Kind)).ToList();
            expected.Count.ShouldBe(Cases * 4);
            // A message is marked sent just before it is written: give the last writer a moment.
            var sent = await SentLinesAsync(hosts, links);
            for (var wait = 0; wait < 100 && sent.Count < expected.Count; wait++)
            {
                await Task.Delay(100);
                sent = await SentLinesAsync(hosts, links);
            }
            sent.Order().ShouldBe(expected.Order());
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    private static async Task DispatchAsync(GongzhiApp host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatch>().RunAsync();
    }

    private async Task<int> UnsentAsync(List<string> links)
    {
        await using var db = app.NewDb();
        return await db.Notifications.CountAsync(n => links.Contains(n.Link!) && n.SentAt == null);
    }

    // The lines the development channel wrote for these cases, across the hosts' data folders.
    private static async Task<List<(string? Link, string? UserId, string? Kind)>> SentLinesAsync(IEnumerable<GongzhiApp> hosts, List<string> links)
    {
        var wanted = links.ToHashSet();
        var lines = new List<(string?, string?, string?)>();
        foreach (var host in hosts)
        {
            var path = Path.Combine(host.DataDirectory, "outbox", "messages.log");
            if (!File.Exists(path)) continue;
            string text;
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
                text = await reader.ReadToEndAsync();
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                JsonNode? json;
                try { json = JsonNode.Parse(line); }
                catch (System.Text.Json.JsonException) { continue; } // a line still being written
                var link = json?["Link"]?.GetValue<string>();
                if (link is not null && wanted.Contains(link)) lines.Add((link, json!["UserId"]?.GetValue<string>(), json["Kind"]?.GetValue<string>()));
            }
        }
        return lines;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTwoHostTests(SqliteApp app) : TwoHostTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTwoHostTests(PostgresApp app) : TwoHostTests(app);
