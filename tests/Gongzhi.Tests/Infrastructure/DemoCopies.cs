using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gongzhi.Tests.Infrastructure;

// Migrating a new database and writing the demo community is most of a host's start, and the suite
// starts many hosts with the same demo (the shared SQLite and PostgreSQL hosts, each WeChat class, the
// limits). The first host of a provider and size writes it as always; the next ones start from a copy
// of its database and data folder (keys, photos) taken right after, as if they had written it
// themselves. A copy that cannot be taken (the database busy for too long) is simply not kept: the
// next host writes its own demo.
public static class DemoCopies
{
    private sealed record Template(string Folder, string? Database);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();
    private static readonly ConcurrentDictionary<string, Template> Templates = new();
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "gongzhi-tests", "demo-" + Guid.NewGuid().ToString("N")[..8]);

    static DemoCopies() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Clean();

    // Creates the host's PostgreSQL database (postgresDatabase, null on SQLite) and starts the host.
    public static async Task StartAsync(GongzhiApp app, string? postgresDatabase)
    {
        Directory.CreateDirectory(app.DataDirectory);
        var key = $"{app.Provider}-{app.Households}";
        var gate = Gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            if (Templates.TryGetValue(key, out var template))
            {
                CopyFolder(template.Folder, app.DataDirectory);
                if (postgresDatabase is not null) await PostgresServer.CreateDatabaseAsync(postgresDatabase, template.Database);
                app.StartHost();
                return;
            }
            if (postgresDatabase is not null) await PostgresServer.CreateDatabaseAsync(postgresDatabase);
            app.StartHost();
            if (await SaveAsync(app, key, postgresDatabase) is { } saved) Templates[key] = saved;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<Template?> SaveAsync(GongzhiApp app, string key, string? postgresDatabase)
    {
        var folder = Path.Combine(Root, key);
        Directory.CreateDirectory(folder);
        if (postgresDatabase is null)
        {
            var file = new SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) != Path.GetFullPath(app.DataDirectory)) return null;
            CopyFolder(app.DataDirectory, folder, skip: Path.GetFileName(file));
            // The online backup: a consistent copy of a database the host has open (with its WAL).
            await using var source = new SqliteConnection(app.ConnectionString);
            await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, Path.GetFileName(file)), Pooling = false }.ConnectionString);
            await source.OpenAsync();
            await target.OpenAsync();
            source.BackupDatabase(target);
            return new Template(folder, null);
        }
        CopyFolder(app.DataDirectory, folder);
        var database = "gzt_" + Guid.NewGuid().ToString("N")[..12];
        // CREATE DATABASE … TEMPLATE needs the source without other sessions: the host's idle pooled
        // connections are closed first, and again if one of its background workers was reading.
        for (var attempt = 0; attempt < 40; attempt++)
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await PostgresServer.CreateDatabaseAsync(database, postgresDatabase);
                return new Template(folder, database);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(250);
            }
        }
        return null;
    }

    private static void CopyFolder(string from, string to, string? skip = null)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (skip is not null && relative.StartsWith(skip, StringComparison.Ordinal)) continue; // the database, its -wal and -shm
            File.Copy(file, Path.Combine(to, relative), overwrite: true);
        }
    }

    private static void Clean()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        foreach (var t in Templates.Values.Where(t => t.Database is not null))
        {
            try
            {
                using var conn = new NpgsqlConnection(PostgresServer.ConnectionStringFor("postgres"));
                conn.Open();
                using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{t.Database}\"", conn);
                cmd.ExecuteNonQuery();
            }
            catch (NpgsqlException) { }
        }
    }

}
