using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Tests.Data;

// SQLite write transactions queue in the process (SqliteWriteGate) instead of meeting a busy
// database and sleeping 150 ms; a transaction that ends any way at all lets the next one in.
[Collection(SqliteCollection.Name)]
public sealed class SqliteWriteGateTests(SqliteApp app)
{
    private static Notification Note(string marker) => new("gate-test", "test", "Test.Key", [marker], null, DateTime.UtcNow);

    [Fact]
    public async Task Concurrent_write_transactions_all_commit_one_after_another()
    {
        var marker = Guid.NewGuid().ToString("N");
        // Transactions between their start and their commit: the gate lets one in at a time, so never more
        // than one. Without it all twenty would start at once and collide on SQLite's lock (each loser
        // sleeping 150 ms and trying again). Counted, not timed: a busy machine must not fail this.
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            await using var db = app.NewDb();
            await using var tx = await db.Database.BeginTransactionAsync();
            var now = Interlocked.Increment(ref inside);
            lock (this) most = Math.Max(most, now);
            db.Notifications.Add(Note(marker));
            await db.SaveChangesAsync();
            await Task.Delay(10); // hold the write lock a while, as a real intake does
            db.Notifications.Add(Note(marker));
            await db.SaveChangesAsync();
            Interlocked.Decrement(ref inside);
            await tx.CommitAsync();
        }));

        await using var check = app.NewDb();
        (await check.Notifications.CountAsync(n => n.ArgsJson!.Contains(marker))).ShouldBe(40);
        most.ShouldBe(1);
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_lets_the_next_writer_in()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var db = app.NewDb();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Notifications.Add(Note(marker));
            await db.SaveChangesAsync();
        } // disposed: rolled back without a RolledBack event

        await WriteWithin10SecondsAsync(marker);
        await using var check = app.NewDb();
        (await check.Notifications.CountAsync(n => n.ArgsJson!.Contains(marker))).ShouldBe(1);
    }

    [Fact]
    public async Task On_a_connection_opened_by_hand_the_next_command_after_a_disposed_transaction_lets_the_next_writer_in()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var db = app.NewDb();
        await db.Database.OpenConnectionAsync(); // the connection outlives the transaction
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Notifications.Add(Note(marker));
            await db.SaveChangesAsync();
        }
        await db.Notifications.CountAsync(); // the context goes on, outside a transaction

        await WriteWithin10SecondsAsync(marker);
    }

    private Task WriteWithin10SecondsAsync(string marker) => WriteWithin10SecondsAsync(app, marker);

    // A write transaction that must get the write slot and SQLite's lock within 10 s: nothing left holding them.
    internal static async Task WriteWithin10SecondsAsync(GongzhiApp app, string marker)
    {
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var other = app.NewDb();
        await using var next = await other.Database.BeginTransactionAsync(soon.Token);
        other.Notifications.Add(Note(marker));
        await other.SaveChangesAsync(soon.Token);
        await next.CommitAsync(soon.Token);
    }

    [Fact]
    public async Task A_failed_transaction_lets_the_next_writer_in()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using (var db = app.NewDb())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("INSERT INTO no_such_table VALUES (1)"));
        }
        await WriteWithin10SecondsAsync(marker);
    }
}
