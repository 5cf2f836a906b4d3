using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Gongzhi.Web.Data;
using Npgsql;

namespace Gongzhi.Tests.Platform.Accounts;

// The app with the shipped limits (the suite's usual fixtures lift them).
// Requests come from addresses the test chooses, as if from different clients.

public static class FromAddress
{
    // The test server has no client address; a startup filter of the limits fixtures reads it from this header.
    public const string Header = "X-Test-Client-Address";

    public static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(GongzhiApp app, string address, string path, object body, string language = "en")
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        client.DefaultRequestHeaders.Add(Header, address);
        var response = await client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static int _next;

    // A fresh client address for each use, so tests do not share a limit by accident.
    public static string NewAddress() => $"10.{Interlocked.Increment(ref _next) % 250}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";

    public static string NewPhone() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

// Sets the connection's remote address from the test header, before anything else runs.
internal sealed class ClientAddressFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, go) =>
        {
            if (context.Request.Headers.TryGetValue(FromAddress.Header, out var value)) context.Connection.RemoteIpAddress = IPAddress.Parse(value.ToString());
            return go(context);
        });
        next(app);
    };
}

public sealed class SqliteLimitsApp : GongzhiApp
{
    public SqliteLimitsApp() => ConnectionString = $"Data Source={Path.Combine(DataDirectory, "gongzhi.db")}";
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override bool RealLimits => true;
    public override Task InitializeAsync() => DemoCopies.StartAsync(this, null);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddressFilter>());
    }
}

public sealed class PostgresLimitsApp : GongzhiApp
{
    private readonly string _database = "gz_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresLimitsApp() => ConnectionString = PostgresServer.ConnectionStringFor(_database);
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override bool RealLimits => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddressFilter>());
    }

    public override Task InitializeAsync() => DemoCopies.StartAsync(this, _database);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_database);
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteLimitsCollection : ICollectionFixture<SqliteLimitsApp>
{
    public const string Name = "sqlite-limits";
}

[CollectionDefinition(Name)]
public sealed class PostgresLimitsCollection : ICollectionFixture<PostgresLimitsApp>
{
    public const string Name = "postgres-limits";
}
