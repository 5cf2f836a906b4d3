using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Web.Data;

// SQLite reads the file through a memory map instead of a read() call per page. Every write flushes the page
// cache of each other pooled connection (WAL: a connection that sees the file changed starts its next read
// cold), so under concurrent intake nearly every statement read its index pages again, each a system call
// and a copy: about 5 % of an intake's CPU. Through the map a page is read where the kernel already holds it.
// Writes still go through the WAL as before (the map is read-only), so nothing about durability changes.
// A per-connection setting of SQLite: set once on each native connection, which the pool keeps across opens.
public sealed class SqliteReads : IDbConnectionInterceptor
{
    // The map is address space, not memory: pages are shared with the kernel's cache of the file.
    private const long MapBytes = 1L << 30;
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Mapped = [];
    private static readonly object Done = new();

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Map(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Map(connection);
        return Task.CompletedTask;
    }

    private static void Map(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || Mapped.TryGetValue(handle, out _)) return;
        SQLitePCL.raw.sqlite3_exec(handle, $"PRAGMA mmap_size={MapBytes}");
        Mapped.AddOrUpdate(handle, Done);
    }
}
