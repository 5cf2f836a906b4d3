using System.Data.Common;
using Gongzhi.Web.Modules.Requests.Escalation;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gongzhi.Tests.Modules.Requests;

// The escalation sweep's query, exactly as EF writes it, is answered from the partial index on open cases
// (IX_Cases_Open_Id): the open statuses go out as constants the planner can match to the index's WHERE. At city
// scale that is the difference between reading the few open cases and walking millions of closed ones from the
// oldest (docs/benchmarks.md has the plan on two million cases). A test database is small, so the paths that win
// only on small tables (reading the table whole, a bitmap, a sort) are switched off for this transaction; what is
// left is the primary key or the partial index, and the planner picks by their sizes. PostgreSQL only: SQLite's
// planner goes by ANALYZE's counts, and on a small test database where most cases are open it rightly scans the
// table; on 200,000 cases with 1 % open it reads IX_Cases_Open_Id (docs/benchmarks.md).
[Collection(PostgresCollection.Name)]
public sealed class PostgresEscalationPlanTests(PostgresApp app)
{
    [Fact]
    public async Task The_overdue_query_reads_the_partial_index_on_open_cases()
    {
        await using var db = app.NewDb();
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        foreach (var sql in new[] { "ANALYZE \"Cases\"", "SET LOCAL enable_seqscan = off", "SET LOCAL enable_bitmapscan = off", "SET LOCAL enable_sort = off" })
            await db.Database.ExecuteSqlRawAsync(sql);
        await using var command = EscalationSweep.OverdueQuery(db, DateTime.UtcNow).CreateDbCommand();
        var query = command.CommandText;
        query.ShouldContain("IN (1, 2, 3, 6)");
        command.CommandText = "EXPLAIN " + query;
        command.Transaction = tx.GetDbTransaction();
        var plan = await ReadAllAsync(command);
        plan.ShouldContain("IX_Cases_Open_Id", customMessage: query + "\n" + plan);
        await tx.RollbackAsync();
    }

    private static async Task<string> ReadAllAsync(DbCommand command)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join("\n", lines);
    }
}
