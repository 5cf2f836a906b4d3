using Gongzhi.Web.Platform.Problems;

namespace Gongzhi.Web.Data;

// What a failed write means, the same on SQLite and PostgreSQL.
public static class DbErrors
{
    // index: the PostgreSQL constraint name; columns: how SQLite names it ("Table.Column"). Both null: any unique violation.
    public static bool IsUniqueViolation(DbUpdateException ex, string? index = null, string? columns = null) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } e =>
            columns is null || e.Message.Contains("UNIQUE constraint failed: " + columns, StringComparison.Ordinal),
        Npgsql.PostgresException { SqlState: "23505" } e => index is null || e.ConstraintName == index,
        _ => false,
    };

    // For raw commands (bulk inserts), where the provider's exception arrives unwrapped.
    public static bool IsUniqueViolation(Exception ex) =>
        ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } or Npgsql.PostgresException { SqlState: "23505" }
        || ex is DbUpdateException { InnerException: { } inner } && IsUniqueViolation(inner);

    // Saves, or, when somebody changed the same row first (its Version moved), refuses with 409 and
    // the given message ("该记录刚被其他人修改" unless the caller says something more precise).
    public static async Task SaveOrConflictAsync(this GongzhiDb db, string? conflictKey = null, CancellationToken ct = default)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw conflictKey is null ? new ConcurrencyConflict() : new ConcurrencyConflict(conflictKey);
        }
    }
}
