using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Web.Data;

// SQLite lets one connection write at a time, and Microsoft.Data.Sqlite meets a busy database by
// sleeping 150 ms (blocking its thread) before it tries again. Under concurrent writes most
// transactions slept, some many times: at 32 simultaneous intakes 78 cases/s with a p99 over a
// second; queued as below, 110 cases/s and 0.6 s on the same machine (docs/benchmarks.md).
// Within one process the writers can queue instead: a transaction first takes the process's one
// write slot, waiting asynchronously (no thread blocked), and hands it on when it commits, rolls
// back or fails; a transaction disposed without either (an exception) hands it on when its
// connection closes or runs its next command outside a transaction. Readers never
// wait for it (WAL). If the slot is not free within the command timeout the transaction goes
// ahead and SQLite's own locking decides, so a mistake here can slow writes but never stop them.
// Single statements outside a transaction (ExecuteUpdate claims, one-row SaveChanges) do not take
// the slot; for them every connection gets SQLite's own busy handler, which retries within a few
// milliseconds, instead of the 150 ms sleep. SQLite only; PostgreSQL has row locks.
public sealed class SqliteWriteGate : DbTransactionInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _slot = new(1, 1);
    private readonly ConditionalWeakTable<object, Hold> _holds = [];

    private sealed class Hold
    {
        private int _ended;
        public bool Ended => Volatile.Read(ref _ended) == 1;
        public bool End() => Interlocked.Exchange(ref _ended, 1) == 0;
    }

    // A connection that holds the slot is let through: EF calls every registered copy of an
    // interceptor, and the options are built from more than one registration (context and factory).
    private bool Holds(DbConnection connection) => _holds.TryGetValue(connection, out var hold) && !hold.Ended;

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!Holds(connection) && _slot.Wait(Wait)) _holds.AddOrUpdate(connection, new Hold());
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!Holds(connection) && await _slot.WaitAsync(Wait, cancellationToken)) _holds.AddOrUpdate(connection, new Hold());
        return result;
    }

    // The transaction ends by itself (commit, rollback), but by then it no longer knows its connection.
    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (_holds.TryGetValue(connection, out var hold)) _holds.AddOrUpdate(result, hold);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    // A command without a transaction on a connection that held the slot: its transaction is over.
    public DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (result.Transaction is null && result.Connection is { } connection) Release(connection);
        return result;
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => WaitWhenBusy(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WaitWhenBusy(connection);
        return Task.CompletedTask;
    }

    // A native call on the open handle, cheap enough for every open of a pooled connection.
    internal static void WaitWhenBusy(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle }) SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)Wait.TotalMilliseconds);
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(connection);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Release(connection);
        return ValueTask.FromResult(result);
    }

    internal void Release(object key)
    {
        if (_holds.TryGetValue(key, out var hold))
        {
            _holds.Remove(key);
            if (hold.End()) _slot.Release();
        }
    }
}
