using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Web.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public static class DataModule
{
    public static string DataDirectory(IConfiguration config) =>
        Path.GetFullPath(config["DataDirectory"] ?? "data");

    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var provider = Enum.Parse<DatabaseProvider>(config["Database:Provider"] ?? "Sqlite", ignoreCase: true);
        var connection = config["Database:ConnectionString"];
        if (provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(connection))
        {
            var dir = DataDirectory(config);
            Directory.CreateDirectory(dir);
            connection = $"Data Source={Path.Combine(dir, "gongzhi.db")}";
        }
        if (string.IsNullOrWhiteSpace(connection)) throw new InvalidOperationException("Database:ConnectionString is required for PostgreSQL.");
        // One per app, shared by every context on the file (see SqliteWriteGate).
        var writeGate = new SqliteWriteGate();
        // One per app: the SQLite connections kept open with their prepared statements (SqliteReuse.cs).
        var reuse = provider == DatabaseProvider.Sqlite && config.GetValue("Database:ReuseSqliteConnections", true) ? new SqliteReuse(writeGate) : null;
        // Registered by factory so the container closes the pooled connections when the app stops.
        if (reuse is not null) builder.Services.AddSingleton(_ => reuse);
        // One per app too: caches of reference data ask it whether their tables changed (DataChanges.cs).
        var changes = new DataChanges();
        builder.Services.AddSingleton(changes);

        void Configure(DbContextOptionsBuilder options)
        {
            if (provider == DatabaseProvider.Postgres) options.UseNpgsql(connection);
            else
            {
                options.UseSqlite(connection);
                // This runs once per registration (context and factory) on the same options: add the gate once.
                if (options.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(writeGate) != true) options.AddInterceptors(writeGate);
                if (reuse is not null)
                {
#pragma warning disable EF1001 // EF's SQLite connection service has no public interface to replace it by.
                    options.ReplaceService<Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal.ISqliteRelationalConnection, ReusingSqliteConnection>();
#pragma warning restore EF1001
                    ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new SqliteReuseExtension(reuse));
                    if (options.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(reuse) != true) options.AddInterceptors(reuse);
                }
            }
            if (options.Options.FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(changes) != true) options.AddInterceptors(changes);
            // Migrations are hand-written without a model snapshot; the schema test checks them against the model instead.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        }

        builder.Services.AddDbContext<GongzhiDb>(Configure, ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        builder.Services.AddDbContextFactory<GongzhiDb>(Configure);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddSingleton(new ReadReplica(config, provider));
        builder.Services.AddScoped<ReadDb>();
        builder.Services.AddTransient<IStartupFilter, FreshReadsStartup>();
        return builder;
    }

    public static async Task MigrateAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gongzhi.Data");
        var sqlite = db.Database.IsSqlite();
        // Resolved once so that the container owns it (and closes its connections on shutdown).
        app.Services.GetService<SqliteReuse>();
        var where = DatabaseName(db);
        // EF would find a missing PostgreSQL database by failing to open it (two `fail:` lines) and then create it;
        // ask the server first instead, and create it ourselves.
        if (!sqlite && await PostgresDatabase.CreateIfMissingAsync(db.Database.GetConnectionString()!)) log.LogInformation("Created database {Database}", where);
        if (sqlite)
        {
            // WAL lets readers go on while one writer works; it is a property of the file, set once.
            await ExecuteAsync(db, "PRAGMA journal_mode=WAL;");
        }
        // Migrate only when something is pending: EF's MigrateAsync also diffs the whole model against a
        // snapshot we do not keep, which costs seconds of CPU on every start.
        // Asking for applied migrations on a fresh database logs a failed query; ask whether the history exists first.
        var history = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>();
        // Npgsql's provider answers ExistsAsync by reading the table and logging the failure (`fail:`, twice
        // with the migrator's own check): ask the catalogue instead, and make the table first, as the migrator would.
        var exists = sqlite ? await history.ExistsAsync() : await ExecuteAsync(db, "SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL") is true;
        if (!exists && !sqlite) await history.CreateIfNotExistsAsync();
        var applied = exists ? (await db.Database.GetAppliedMigrationsAsync()).ToHashSet() : [];
        var pending = db.Database.GetMigrations().Where(m => !applied.Contains(m)).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync();
            log.LogInformation("Migrated {Database}: applied {Count} migration(s), {First} to {Last}", where, pending.Count, pending[0], pending[^1]);
        }
        else log.LogInformation("Database {Database} is up to date ({Count} migrations)", where, applied.Count);
        try
        {
            await Platform.Privacy.PrivacyKeyGuard.VerifyAsync(db, app.Services.GetRequiredService<Platform.Privacy.IdNumberProtector>(),
                app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
                app.Services.GetService<Platform.Privacy.IdNumberSample>());
        }
        catch (Platform.Privacy.PrivacyKeyMismatchException e)
        {
            log.LogCritical("{Message}", e.Message);
            throw;
        }
        // A SQLite file that has never been analysed plans searches as if every table were tiny.
        if (sqlite && Convert.ToInt64(await ExecuteAsync(db, "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"), System.Globalization.CultureInfo.InvariantCulture) == 0)
            await RefreshStatisticsAsync(db);
    }

    // Which database, said plainly in the log (never the password).
    private static string DatabaseName(GongzhiDb db)
    {
        var connection = db.Database.GetDbConnection();
        return db.Database.IsSqlite() ? $"SQLite {connection.DataSource}" : $"PostgreSQL '{connection.Database}' on {connection.DataSource}";
    }

    // Plain ADO.NET for start-up statements: the first EF raw query costs a noticeable share of a cold start.
    private static async Task<object?> ExecuteAsync(GongzhiDb db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // After a bulk load (demo data, an import) the planner needs fresh row counts to pick the indexes.
    public static async Task RefreshStatisticsAsync(GongzhiDb db, CancellationToken ct = default) =>
        await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);

    // After a smaller change (an import): SQLite re-analyses only the tables whose size moved a lot;
    // PostgreSQL's autovacuum does the same on its own.
    public static async Task OptimizeAsync(GongzhiDb db, CancellationToken ct = default)
    {
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA optimize", ct);
    }
}

internal sealed class DatabaseHealthCheck(GongzhiDb db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
                : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("database unreachable");
        }
        catch (Exception ex)
        {
            return Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("database error", ex);
        }
    }
}
