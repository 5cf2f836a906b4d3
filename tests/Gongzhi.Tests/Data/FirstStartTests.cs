using System.Collections.Concurrent;
using Gongzhi.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gongzhi.Tests.Data;

// A first start on a PostgreSQL server where the database does not exist yet: the app creates it and
// migrates it, says which database it migrated, and logs nothing at error level while doing so.
public sealed class FirstStartTests
{
    // The newest migration of the app, whichever module added it last.
    private static string LastMigration => typeof(Gongzhi.Web.Data.GongzhiDb).Assembly.GetTypes()
        .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).Cast<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().FirstOrDefault()?.Id)
        .OfType<string>().Max(StringComparer.Ordinal)!;

    [Fact]
    public async Task A_first_start_on_postgres_creates_and_migrates_the_database_without_a_fail_line()
    {
        var host = new FreshPostgresHost();
        try
        {
            await host.InitializeAsync();
            var lines = host.Log.ToList();
            lines.Where(l => l.Level >= LogLevel.Error).ShouldBeEmpty(string.Join("\n", lines.Where(l => l.Level >= LogLevel.Error).Select(l => l.Category + ": " + l.Message)));
            lines.ShouldContain(l => l.Category == "Gongzhi.Data" && l.Message.Contains($"Created database PostgreSQL '{host.Database}'", StringComparison.Ordinal));
            lines.ShouldContain(l => l.Category == "Gongzhi.Data" && l.Message.Contains($"Migrated PostgreSQL '{host.Database}'", StringComparison.Ordinal)
                && l.Message.Contains(LastMigration, StringComparison.Ordinal));
        }
        finally
        {
            await host.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(host.Database);
        }
    }

    private sealed record Line(LogLevel Level, string Category, string Message);

    private sealed class FreshPostgresHost : GongzhiApp
    {
        public string Database { get; } = "gz_" + Guid.NewGuid().ToString("N")[..12];
        public ConcurrentQueue<Line> Log { get; } = new();

        public FreshPostgresHost() => ConnectionString = PostgresServer.ConnectionStringFor(Database);
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Demo:Enabled", "false");
            builder.ConfigureLogging(l =>
            {
                l.AddProvider(new Capture(Log));
                l.AddFilter<Capture>(null, LogLevel.Information);
            });
        }
    }

    private sealed class Capture(ConcurrentQueue<Line> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);
        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<Line> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(new Line(logLevel, category, formatter(state, exception)));
        }
    }
}
