using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Gongzhi.Web.Data;
using Npgsql;

namespace Gongzhi.Tests.Platform.Accounts;

// The app with the shipped limits (the suite's usual fixtures lift them).
// Requests come from addresses the test chooses, as if from different clients.

public static class FromAddress
{
    public static async Task<(HttpStatusCode Status, string Body, HttpResponse Response)> PostAsync(GongzhiApp app, string address, string path, object body, string language = "en")
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("localhost");
            c.Request.Path = path;
            c.Request.Headers.ContentType = "application/json";
            c.Request.Headers.AcceptLanguage = language;
            c.Request.Body = new MemoryStream(json);
            c.Request.ContentLength = json.Length;
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return ((HttpStatusCode)context.Response.StatusCode, await reader.ReadToEndAsync(), context.Response);
    }

    private static int _next;

    // A fresh client address for each use, so tests do not share a limit by accident.
    public static string NewAddress() => $"10.{Interlocked.Increment(ref _next) % 250}.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";

    public static string NewPhone() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class SqliteLimitsApp : GongzhiApp
{
    public SqliteLimitsApp() => ConnectionString = $"Data Source={Path.Combine(DataDirectory, "gongzhi.db")}";
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override bool RealLimits => true;
}

public sealed class PostgresLimitsApp : GongzhiApp
{
    private readonly string _database = "gz_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresLimitsApp() => ConnectionString = PostgresServer.ConnectionStringFor(_database);
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override bool RealLimits => true;

    public override async Task InitializeAsync()
    {
        await PostgresServer.CreateDatabaseAsync(_database);
        await base.InitializeAsync();
    }

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
