using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gongzhi.Web.Data;

// SQLite parses and plans every statement again each time it is prepared, and Microsoft.Data.Sqlite keeps a
// prepared statement only inside its command object, which EF makes anew for every query (dotnet/efcore#14044);
// closing a connection also finalizes all its statements. At 32 concurrent intakes that preparing was an
// eighth of the server's CPU (docs/benchmarks.md, "Prepared statements kept with the connection").
// So on SQLite the app keeps its connections open between requests, in its own pool: a context takes one
// the first time it needs the database and gives it back when it is disposed, and each connection keeps
// its most used statements prepared (StatementCache). EF finds the connection already open and leaves it
// so. A connection goes back to the pool only as it came: open, outside any transaction, no reader open.
// Database:ReuseSqliteConnections=false turns it off (EF's own open and close per use, as before).
public sealed class SqliteReuse(SqliteWriteGate gate) : IDbCommandInterceptor, IDisposable
{
    // Enough for a 32-connection burst on a small server; the pool makes more when needed and closes the spares.
    private const int Idle = 32;
    private readonly Stack<SqliteConnection> _idle = new();
    private readonly ConditionalWeakTable<SqliteConnection, StatementCache> _statements = [];
    private bool _disposed;

    private (string Given, string Unpooled) _connectionString = ("", "");

    internal SqliteConnection Rent(string connectionString, Func<DbConnection> create)
    {
        // Microsoft.Data.Sqlite's own pool is bypassed: it would take back a handle still inside a transaction begun
        // by hand and give it to the next open, where the one below closes it for good (and SQLite rolls it back).
        var known = _connectionString;
        if (known.Given != connectionString)
            _connectionString = known = (connectionString, new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        lock (_idle)
        {
            while (!_disposed && _idle.TryPop(out var idle))
            {
                if (idle.ConnectionString == known.Unpooled) return idle;
                idle.Dispose();
            }
        }
        var connection = (SqliteConnection)create();
        connection.ConnectionString = known.Unpooled;
        connection.Open();
        SqliteWriteGate.WaitWhenBusy(connection);
        _statements.AddOrUpdate(connection, new StatementCache(connection));
        return connection;
    }

    internal StatementCache? StatementsOf(SqliteConnection connection) => _statements.TryGetValue(connection, out var statements) ? statements : null;

    internal void ReleaseWriteSlot(SqliteConnection connection) => gate.Release(connection);

    internal void Return(SqliteConnection connection)
    {
        // A write slot the context's transaction held (it was disposed without commit or rollback) is handed on
        // here, where EF would have closed the connection.
        gate.Release(connection);
        var clean = connection.State == ConnectionState.Open && connection.Handle is { } handle && NoTransaction(handle)
            && _statements.TryGetValue(connection, out var statements) && !statements.Busy;
        if (clean)
        {
            lock (_idle)
            {
                if (!_disposed && _idle.Count < Idle)
                {
                    _idle.Push(connection);
                    return;
                }
            }
        }
        connection.Dispose();
    }

    // No transaction at all: not one begun (autocommit off, even before its first statement), nor a read one that a
    // statement never reset would leave open (the next user would read an old snapshot). sqlite3_txn_state
    // (SQLite 3.34) is not wrapped by SQLitePCL; where it cannot be called, the autocommit flag alone decides.
    private static bool _txnState = true;

    private static bool NoTransaction(SQLitePCL.sqlite3 handle)
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0) return false;
        if (!_txnState) return true;
        try
        {
            return TxnState(handle.DangerousGetHandle(), IntPtr.Zero) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _txnState = false;
            return true;
        }
    }

    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_txn_state")]
    private static extern int TxnState(IntPtr db, IntPtr schema);

    // EF's commands on a pooled connection go through its statement cache.
    public InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        eventData.Connection is SqliteConnection connection && _statements.TryGetValue(connection, out var statements)
            ? InterceptionResult<DbCommand>.SuppressWithResult(new ReusedCommand(connection, statements))
            : result;

    public void Dispose()
    {
        lock (_idle)
        {
            _disposed = true;
            while (_idle.TryPop(out var idle)) idle.Dispose();
        }
    }
}

// Carries the app's pool to EF's connection service (one EF service provider serves every app in a process).
internal sealed class SqliteReuseExtension(SqliteReuse reuse) : IDbContextOptionsExtension
{
    public SqliteReuse Reuse => reuse;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    // The connection service is swapped with ReplaceService; nothing else to add.
    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;
        public override string LogFragment => "ReuseSqliteConnections ";
        public override int GetServiceProviderHashCode() => 0;
        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;
        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["Gongzhi:ReuseSqliteConnections"] = "1";
    }
}

// EF's SQLite connection service, taking its connection from the pool and giving it back instead of closing it.
#pragma warning disable EF1001 // SqliteRelationalConnection is EF's internal API: checked again on every EF upgrade by the tests.
internal sealed class ReusingSqliteConnection(RelationalConnectionDependencies dependencies, IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger) : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    private readonly SqliteReuse? _reuse = dependencies.ContextOptions.FindExtension<SqliteReuseExtension>()?.Reuse;
    private SqliteConnection? _lease;

    protected override DbConnection CreateDbConnection()
    {
        if (_reuse is null) return base.CreateDbConnection();
        return _lease = _reuse.Rent(GetValidatedConnectionString(), () => base.CreateDbConnection());
    }

    // EF "closes" after each command and when a transaction is disposed; the connection stays open, so a write
    // slot held by a transaction disposed without commit or rollback is handed on here instead.
    public override bool Close()
    {
        var closed = base.Close();
        if (_lease is { } lease && CurrentTransaction is null) _reuse!.ReleaseWriteSlot(lease);
        return closed;
    }

    public override async Task<bool> CloseAsync()
    {
        var closed = await base.CloseAsync();
        if (_lease is { } lease && CurrentTransaction is null) _reuse!.ReleaseWriteSlot(lease);
        return closed;
    }

    // EF closes a connection it did not open only when it is being disposed: the pool keeps it open.
    protected override void CloseDbConnection()
    {
        if (_lease is null) base.CloseDbConnection();
    }

    protected override Task CloseDbConnectionAsync() => _lease is null ? base.CloseDbConnectionAsync() : Task.CompletedTask;

    protected override void DisposeDbConnection()
    {
        if (_lease is { } lease)
        {
            _lease = null;
            _reuse!.Return(lease);
        }
        else base.DisposeDbConnection();
    }

    protected override ValueTask DisposeDbConnectionAsync()
    {
        if (_lease is null) return base.DisposeDbConnectionAsync();
        DisposeDbConnection();
        return ValueTask.CompletedTask;
    }
}
#pragma warning restore EF1001
