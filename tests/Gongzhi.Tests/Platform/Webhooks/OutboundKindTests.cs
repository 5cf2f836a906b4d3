using System.Text.Json.Nodes;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Tests.Platform.Webhooks;

// Only the message kinds a module declared outbound (紧急通知, an urgent visit, 督办 …) are handed to
// the SMS channel; an ordinary notice or a volunteer's points stay in the inbox and are settled
// without a send.
public abstract class OutboundKindTests(GongzhiApp app)
{
    [Fact]
    public async Task Only_declared_kinds_go_out_and_the_rest_are_settled_as_inbox_only()
    {
        var declared = app.Services.GetServices<OutboundKind>().Select(k => k.Kind).ToList();
        declared.ShouldContain("notice.urgent");
        declared.ShouldContain("care.urgent");
        declared.ShouldNotContain("notice");
        declared.ShouldNotContain("volunteer.award");

        var facts = await DemoFacts.ForAsync(app);
        var user = facts.UserIds[facts.ResidentUserName];
        var link = "/kinds/" + Guid.NewGuid().ToString("N");
        var now = DateTime.UtcNow;
        await using (var db = app.NewDb())
        {
            db.Notifications.Add(new Notification(user, "notice", "Notices.Inbox.Published", ["普通通知"], link, now));
            db.Notifications.Add(new Notification(user, "volunteer.award", "Notices.Inbox.Published", ["积分"], link, now));
            db.Notifications.Add(new Notification(user, "notice.urgent", "Notices.Inbox.Published", ["紧急停气"], link, now));
            await db.SaveChangesAsync();
        }
        await using (var scope = app.Services.CreateAsyncScope())
            for (var i = 0; i < 3; i++) await scope.ServiceProvider.GetRequiredService<OutboxDispatch>().RunAsync();

        await using (var db = app.NewDb())
        {
            var rows = await db.Notifications.AsNoTracking().Where(n => n.Link == link).ToListAsync();
            rows.Count.ShouldBe(3);
            rows.ShouldAllBe(n => n.SentAt != null);
            // Inbox-only rows are settled at their own time (never "sent"), and still wait unread in the inbox.
            rows.Where(n => n.Kind != "notice.urgent").ShouldAllBe(n => n.SentAt == n.CreatedAt && n.ReadAt == null);
        }
        // The background worker may have sent it first: wait for the line either way.
        var file = Path.Combine(app.DataDirectory, "outbox", "messages.log");
        List<string> Kinds()
        {
            try
            {
                if (!File.Exists(file)) return [];
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd().Split('\n').Where(l => l.EndsWith('}')).Select(l => JsonNode.Parse(l)!)
                    .Where(m => m["Link"]?.GetValue<string>() == link).Select(m => m["Kind"]!.GetValue<string>()).ToList();
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                return []; // caught mid-write; look again
            }
        }
        for (var wait = 0; wait < 100 && Kinds().Count == 0; wait++) await Task.Delay(100);
        Kinds().ShouldBe(["notice.urgent"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOutboundKindTests(SqliteApp app) : OutboundKindTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOutboundKindTests(PostgresApp app) : OutboundKindTests(app);
