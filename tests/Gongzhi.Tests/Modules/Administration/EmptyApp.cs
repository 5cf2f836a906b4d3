using Gongzhi.Web.Data;
using Microsoft.AspNetCore.Hosting;

namespace Gongzhi.Tests.Modules.Administration;

// A new community's first start: no demo data, only the administrator (whose first password the
// operator set through Admin:InitialPassword).
public interface IEmptyApp
{
    GongzhiApp App { get; }
}

internal static class EmptySettings
{
    public static void Apply(IWebHostBuilder builder)
    {
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Admin:InitialPassword", GongzhiApp.Password);
    }
}

public sealed class EmptySqliteApp : GongzhiApp, IEmptyApp
{
    public EmptySqliteApp() => ConnectionString = $"Data Source={Path.Combine(DataDirectory, "gongzhi.db")}";
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public GongzhiApp App => this;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        EmptySettings.Apply(builder);
    }
}

public sealed class EmptyPostgresApp : GongzhiApp, IEmptyApp
{
    private readonly string _database = "gz_" + Guid.NewGuid().ToString("N")[..12];

    public EmptyPostgresApp() => ConnectionString = PostgresServer.ConnectionStringFor(_database);
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    public GongzhiApp App => this;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        EmptySettings.Apply(builder);
    }

    public override async Task InitializeAsync()
    {
        await PostgresServer.CreateDatabaseAsync(_database);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_database);
    }
}
