using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.Tests.Data;

// On SQLite the app keeps its connections open in its own pool, each with its statements prepared
// (SqliteReuse): a request's query runs on a statement an earlier request prepared, and a connection
// goes back to the pool only as clean as it came.
[Collection(SqliteCollection.Name)]
public sealed class SqliteReuseTests(SqliteApp app)
{
    private static Notification Note(string marker) => new("reuse-test", "test", "Test.Key", [marker], null, DateTime.UtcNow);

    private static IQueryable<long> Marked(GongzhiDb db, string marker) =>
        db.Notifications.Where(n => n.ArgsJson!.Contains(marker)).OrderBy(n => n.Id).Select(n => n.Id);

    private StatementCache Statements(SqliteConnection connection) =>
        app.Services.GetRequiredService<SqliteReuse>().StatementsOf(connection) ?? throw new ShouldAssertException("not a pooled connection");

    [Fact]
    public async Task A_query_runs_again_on_the_statement_an_earlier_context_prepared()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using (var seed = app.NewDb())
        {
            seed.Notifications.Add(Note(marker));
            await seed.SaveChangesAsync();
        }

        SqliteConnection first;
        string sql;
        await using (var a = app.NewDb())
        {
            (await Marked(a, marker).ToListAsync()).Count.ShouldBe(1);
            first = (SqliteConnection)a.Database.GetDbConnection();
            // ToQueryString puts the parameters' values first, then the SQL as EF sends it.
            sql = string.Join('\n', Marked(a, marker).ToQueryString().Split('\n').SkipWhile(l => l.StartsWith(".param", StringComparison.Ordinal) || l.Length == 0));
        }
        // Given back open, with the statement still prepared.
        first.State.ShouldBe(System.Data.ConnectionState.Open);
        var kept = Statements(first).Find(sql).ShouldNotBeNull();
        kept.InUse.ShouldBeFalse();

        // The pool hands out the connection given back last; another test's context may take it in between.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await using var b = app.NewDb();
            (await Marked(b, marker).ToListAsync()).Count.ShouldBe(1);
            if (!ReferenceEquals(b.Database.GetDbConnection(), first)) continue;
            // The same command object with the same text: Microsoft.Data.Sqlite runs its prepared statements again.
            Statements(first).Find(sql).ShouldBeSameAs(kept);
            return;
        }
        throw new ShouldAssertException("the pool never handed the connection out again");
    }

    [Fact]
    public async Task The_same_query_inside_its_own_loop_gets_a_statement_of_its_own()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var db = app.NewDb();
        db.Notifications.AddRange(Note(marker), Note(marker), Note(marker));
        await db.SaveChangesAsync();

        var rounds = 0;
        await foreach (var id in Marked(db, marker).AsAsyncEnumerable())
        {
            (await Marked(db, marker).ToListAsync()).Count.ShouldBe(3);
            rounds++;
        }
        rounds.ShouldBe(3);
        // And the kept statement is free again afterwards.
        (await Marked(db, marker).ToListAsync()).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_connection_given_back_inside_a_transaction_is_closed_not_pooled()
    {
        SqliteConnection connection;
        await using (var db = app.NewDb())
        {
            await db.Database.OpenConnectionAsync();
            // A transaction EF does not know of: only the connection can tell.
            await db.Database.ExecuteSqlRawAsync("BEGIN");
            connection = (SqliteConnection)db.Database.GetDbConnection();
        }
        connection.State.ShouldBe(System.Data.ConnectionState.Closed);

        // Closed for good: no connection opened after it is still inside that transaction (Microsoft.Data.Sqlite's
        // own pool would have handed the handle on as it was). More contexts at once than the pool keeps idle.
        var many = Enumerable.Range(0, 40).Select(_ => app.NewDb()).ToList();
        try
        {
            foreach (var db in many)
            {
                await db.Database.OpenConnectionAsync();
                var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle;
                SQLitePCL.raw.sqlite3_get_autocommit(handle).ShouldNotBe(0);
            }
        }
        finally
        {
            foreach (var db in many) await db.DisposeAsync();
        }

        // And the next writer is not kept waiting by it.
        await SqliteWriteGateTests.WriteWithin10SecondsAsync(app, Guid.NewGuid().ToString("N"));
    }

    [Fact]
    public async Task A_connection_given_back_with_a_reader_still_open_is_closed_not_pooled()
    {
        await using (var seed = app.NewDb())
        {
            seed.Notifications.Add(Note(Guid.NewGuid().ToString("N")));
            await seed.SaveChangesAsync();
        }
        SqliteConnection connection;
        SqliteDataReader reader;
        await using (var db = app.NewDb())
        {
            await db.Database.OpenConnectionAsync();
            connection = (SqliteConnection)db.Database.GetDbConnection();
            var command = connection.CreateCommand();
            command.CommandText = "SELECT \"Id\" FROM \"Notifications\" UNION ALL SELECT \"Id\" FROM \"Notifications\"";
            // Not disposed: its statement holds a read snapshot the next user of the connection would read from.
            reader = command.ExecuteReader();
            reader.Read().ShouldBeTrue();
        }
        connection.State.ShouldBe(System.Data.ConnectionState.Closed);
        GC.KeepAlive(reader);
    }
}
