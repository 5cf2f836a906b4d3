using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Requests;

// One INSERT prepared once and run per row, values written the way EF Core's SQLite provider
// writes them (dates as "yyyy-MM-dd HH:mm:ss.FFFFFFF", booleans as 0/1), so the app reads
// generated rows exactly like its own.
public sealed class Prepared : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _values;

    public Prepared(SqliteConnection db, SqliteTransaction tx, string table, params string[] columns)
    {
        _command = db.CreateCommand();
        _command.Transaction = tx;
        _command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => c.StartsWith('"') || c == "rowid" ? c : $"\"{c}\""))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        _values = columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
        _command.Prepare();
    }

    public object? this[int column]
    {
        set => _values[column].Value = value switch
        {
            null => DBNull.Value,
            DateTime d => Date(d),
            bool b => b ? 1L : 0L,
            _ => value,
        };
    }

    public void Run() => _command.ExecuteNonQuery();

    public static string Date(DateTime d) => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public void Dispose() => _command.Dispose();
}
