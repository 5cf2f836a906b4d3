using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gongzhi.Tests.Infrastructure;

// The real app over real HTTP (in-process test server) on a real database: a SQLite file,
// or a fresh database on the PostgreSQL server test.sh starts (GONGZHI_TEST_PG).
public abstract class GongzhiApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Gongzhi@2026";
    public static readonly string PrivacyKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "gongzhi-tests", Guid.NewGuid().ToString("N"));
    public abstract DatabaseProvider Provider { get; }
    public string ConnectionString { get; protected set; } = "";
    protected virtual int DemoHouseholds => 600;
    public int Households => DemoHouseholds;
    protected virtual bool RealLimits => false;
    private readonly Dictionary<string, string> _tokens = [];

    public virtual Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        StartHost();
        return Task.CompletedTask;
    }

    public void StartHost() => _ = Server; // migrate and seed now, not inside the first test

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("DataDirectory", DataDirectory);
        builder.UseSetting("Demo:Households", DemoHouseholds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Privacy:Key", PrivacyKey);
        // The escalation sweep runs only when a test calls it, with the instant the test chooses:
        // a timer sweeping at today's date would escalate cases a test placed on last year's calendar.
        builder.UseSetting("Requests:SweepSeconds", "0");
        builder.UseSetting("Notices:WorkerSeconds", "0"); // likewise scheduled notices
        builder.UseSetting("Webhooks:WorkerSeconds", "0"); // and webhook deliveries
        builder.UseSetting("Insight:SweepSeconds", "0"); // tests run the figures sweep themselves
        // The suite logs in and registers many times from one address: the limits are lifted here, and the
        // tests of the limits themselves (RealLimits) run on the shipped defaults.
        if (!RealLimits)
        {
            builder.UseSetting("Accounts:Limits:AuthPerAddress", "1000000");
            builder.UseSetting("Accounts:Limits:CodesPerAddress", "1000000");
            builder.UseSetting("Accounts:Limits:CodesPerPhone", "1000000");
        }
        // Password hashing at Identity's 100,000 rounds was a sixth of the suite's CPU (perf): the hosts use
        // fewer; PasswordHashingTests checks the shipped default.
        builder.UseSetting("Accounts:PasswordHashIterations", "1000");
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" }));
    }

    public GongzhiDb NewDb() => Services.CreateScope().ServiceProvider.GetRequiredService<IDbContextFactory<GongzhiDb>>().CreateDbContext();

    // A client authenticated as a demo account through the public login endpoint.
    public async Task<HttpClient> ClientForAsync(string userName, string? language = null)
    {
        if (!_tokens.TryGetValue(userName, out var token))
        {
            using var anonymous = CreateClient();
            var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = Password });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
            _tokens[userName] = token;
        }
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    public HttpClient Anonymous(string? language = null)
    {
        var client = CreateClient();
        if (language is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private sealed record TokenResponse(string AccessToken);
}

public sealed class SqliteApp : GongzhiApp
{
    public SqliteApp() => ConnectionString = $"Data Source={Path.Combine(DataDirectory, "gongzhi.db")}";
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override Task InitializeAsync() => DemoCopies.StartAsync(this, null);
}

public sealed class PostgresApp : GongzhiApp
{
    private readonly string _database = "gz_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresApp() => ConnectionString = PostgresServer.ConnectionStringFor(_database);
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override Task InitializeAsync() => DemoCopies.StartAsync(this, _database);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_database);
    }
}

// Another instance of the app on the database of an existing fixture, with its own data folder
// (outbox, photos, keys): two servers behind a load balancer sharing one database.
public sealed class SecondHost : GongzhiApp
{
    private readonly DatabaseProvider _provider;

    public SecondHost(GongzhiApp first)
    {
        _provider = first.Provider;
        ConnectionString = first.ConnectionString;
    }

    public override DatabaseProvider Provider => _provider;
}

public static class PostgresServer
{
    // test.sh starts a throwaway PostgreSQL 15 cluster and sets this; without it the PostgreSQL tests fail loudly.
    public static string Base => Environment.GetEnvironmentVariable("GONGZHI_TEST_PG")
        ?? throw new InvalidOperationException("GONGZHI_TEST_PG is not set: run the tests with ./test.sh, which starts PostgreSQL.");

    // The rush tests put 1,000 requests in flight against a pool of 100 connections: on a loaded
    // test machine a request may wait longer than Npgsql's default 15 s for one, so it waits 60.
    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(Base) { Database = database, Timeout = 60 }.ConnectionString;

    public static async Task CreateDatabaseAsync(string database, string? template = null)
    {
        await using var conn = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(template is null
            ? $"CREATE DATABASE \"{database}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
            : $"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string database)
    {
        await using var conn = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "postgres";
}
