using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Web.Data;

// A pooled SQLite connection's prepared statements, by SQL text, the most recently used kept (SqliteReuse).
// A connection serves one context at a time, so this needs no lock. The same text asked for again while its
// command is still in use (a query inside another's loop) gets a command of its own, not kept.
internal sealed class StatementCache(SqliteConnection connection)
{
    // An intake runs 8 statements and a busy page some 20: 64 keeps a day's working set without holding
    // every one-off (migrations, imports) prepared.
    private const int Capacity = 64;
    private readonly Dictionary<string, LinkedListNode<KeptCommand>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<KeptCommand> _recent = new();
    private int _out;

    // Whether a command taken from here is still out (its reader not disposed): then the connection is not clean.
    public bool Busy => _out > 0;

    public KeptCommand Take(string text)
    {
        if (_byText.TryGetValue(text, out var node))
        {
            if (node.Value.InUse) return Loose(text);
            _recent.Remove(node);
            _recent.AddFirst(node);
        }
        else
        {
            node = _recent.AddFirst(new KeptCommand(connection, text, kept: true));
            _byText.Add(text, node);
            if (_recent.Count > Capacity) Evict();
        }
        node.Value.InUse = true;
        _out++;
        return node.Value;
    }

    public KeptCommand? Find(string text) => _byText.TryGetValue(text, out var node) ? node.Value : null;

    // A command for text that is not kept: before its text is known, or while the kept one is in use.
    public KeptCommand Loose(string text = "") => new(connection, text, kept: false);

    public void Give(KeptCommand command)
    {
        if (!command.Kept)
        {
            command.Dispose();
            return;
        }
        // Its reader outlives the command (not EF's way): it stays out, so the connection is closed, not pooled.
        if (command.ReaderOpen) return;
        _out--;
        command.InUse = false;
        command.Parameters.Clear();
        command.Transaction = null;
    }

    public void Detach(KeptCommand command)
    {
        _out--;
        command.InUse = false;
        Forget(command);
    }

    private void Evict()
    {
        for (var node = _recent.Last; node is not null; node = node.Previous)
        {
            if (node.Value.InUse) continue;
            Forget(node.Value);
            node.Value.Dispose();
            return;
        }
    }

    private void Forget(KeptCommand command)
    {
        if (_byText.Remove(command.CommandText, out var node)) _recent.Remove(node);
        command.Kept = false;
    }
}

internal sealed class KeptCommand : SqliteCommand
{
    public KeptCommand(SqliteConnection connection, string text, bool kept)
    {
        Connection = connection;
        CommandText = text;
        Kept = kept;
    }

    public bool Kept { get; set; }
    public bool InUse { get; set; }
    public bool ReaderOpen => DataReader is not null;
}

// What EF holds as its command on a pooled connection: it takes the kept command for its SQL text when EF sets
// the text, and gives it back, prepared, when EF disposes it. Everything else passes through.
internal sealed class ReusedCommand(SqliteConnection connection, StatementCache statements) : DbCommand
{
    private KeptCommand? _inner;
    private DbTransaction? _transaction;
    private int? _timeout;

    // Parameters or settings before the text (not EF's order): a command of its own, not kept.
    private KeptCommand Inner => _inner ??= statements.Loose();

    [AllowNull]
    public override string CommandText
    {
        get => _inner?.CommandText ?? "";
        set
        {
            value ??= "";
            if (_inner is null) _inner = statements.Take(value);
            else if (_inner.CommandText != value)
            {
                // A new text on the same command (not EF's way): it leaves the cache and is this command's own.
                if (_inner.Kept) statements.Detach(_inner);
                _inner.CommandText = value;
            }
        }
    }

    public override int CommandTimeout
    {
        get => _timeout ?? connection.DefaultTimeout;
        set => _timeout = value;
    }

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text) throw new ArgumentException("SQLite runs text commands only.", nameof(value));
        }
    }

    public override bool DesignTimeVisible { get; set; }
    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (value != connection) throw new NotSupportedException("A command of a pooled SQLite connection stays on it.");
        }
    }

    protected override DbParameterCollection DbParameterCollection => Inner.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => _transaction;
        set => _transaction = value;
    }

    public override void Cancel() => _inner?.Cancel();

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override void Prepare() => Ready().Prepare();

    // The settings go on as the command runs: the kept command may have changed hands since they were set.
    private KeptCommand Ready()
    {
        var inner = Inner;
        inner.Transaction = (SqliteTransaction?)_transaction;
        inner.CommandTimeout = CommandTimeout;
        return inner;
    }

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Ready().ExecuteReader(behavior);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Ready().ExecuteReaderAsync(behavior, cancellationToken);

    public override int ExecuteNonQuery() => Ready().ExecuteNonQuery();

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Ready().ExecuteNonQueryAsync(cancellationToken);

    public override object? ExecuteScalar() => Ready().ExecuteScalar();

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Ready().ExecuteScalarAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _inner is { } inner)
        {
            _inner = null;
            statements.Give(inner);
        }
        base.Dispose(disposing);
    }
}
