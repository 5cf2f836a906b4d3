using Npgsql;

namespace Gongzhi.Web.Data;

internal static class PostgresDatabase
{
    // True when the database was missing and has been created. Asks the server's maintenance database
    // (`postgres`) rather than trying the target and failing; a login without CREATEDB gets PostgreSQL's own
    // refusal, which says what to do. Behind PgBouncer the target must be listed there; create it beforehand.
    public static async Task<bool> CreateIfMissingAsync(string connectionString, CancellationToken ct = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? throw new InvalidOperationException("Database:ConnectionString names no database.");
        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(ct);
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: create it below.
        }
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(maintenance.ConnectionString);
        await conn.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ENCODING 'UTF8'", conn);
        try { await create.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { return false; } // another instance was first
        return true;
    }
}
