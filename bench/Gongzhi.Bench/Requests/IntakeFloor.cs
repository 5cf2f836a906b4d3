using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gongzhi.Bench.Requests;

// The floor for intake: the least a server can do to take a case — Kestrel, a JSON body, one
// INSERT into the app's Cases table (all its indexes) in the same SQLite file, through the same
// Microsoft.Data.Sqlite with the same connection string the app builds. No authentication, no
// routing, no duplicate check, no timeline, search terms or inbox message. It runs as its own
// process (this bench with --intake-floor), started the way the app is, so the product never
// carries an endpoint that writes without checks.
// Two ways: plain (each request just runs its INSERT; concurrent writers meet SQLite's lock and
// Microsoft.Data.Sqlite's 150 ms retry sleep) and queued (--queued: the INSERTs wait their turn
// on an in-process async lock, as the app's SqliteWriteGate makes its transactions do). The
// higher of the two is the floor.
public static class IntakeFloor
{
    public sealed record FloorCase(long CategoryId, string Description, long HouseholdId, long BuildingId, long EstateId, long GridId, long CommunityId,
        long SubdistrictId, string Address, string OwnerUserId, string OwnerName, string? CallerName, string? CallerPhone);

    private const string Insert = """
        INSERT INTO "Cases" ("CategoryId", "Channel", "Status", "Description", "Address", "SubdistrictId", "CommunityId", "GridId", "EstateId", "BuildingId",
          "HouseholdId", "Anonymous", "ReporterName", "ReporterPhone", "OwnerUserId", "OwnerName", "SubmittedAt", "RespondBy", "ResolveBy",
          "ReopenCount", "EscalationLevel", "UpdatedAt", "Version")
        VALUES ($category, 3, 1, $description, $address, $subdistrict, $community, $grid, $estate, $building,
          $household, 0, $name, $phone, $owner, $ownerName, $now, $respondBy, $resolveBy, 0, 0, $now, 0)
        RETURNING "Id"
        """;

    public static async Task<int> RunAsync(string databasePath, bool queued, string[] hostArgs)
    {
        using var turn = new SemaphoreSlim(1, 1);
        var builder = WebApplication.CreateBuilder(hostArgs);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connection = $"Data Source={databasePath}";
        app.MapGet("/healthz", () => "ok");
        app.MapPost("/cases", async (FloorCase input) =>
        {
            await using var db = new SqliteConnection(connection);
            await db.OpenAsync();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = Insert;
            var now = DateTime.UtcNow;
            Bind(cmd, "$", input, Prepared.Date(now), Prepared.Date(now.AddHours(2)), Prepared.Date(now.AddDays(5)));
            if (queued) await turn.WaitAsync();
            long id;
            try
            {
                id = (long)(await cmd.ExecuteScalarAsync())!;
            }
            finally
            {
                if (queued) turn.Release();
            }
            return Results.Created($"/cases/{id}", new { id, created = true });
        });
        await app.RunAsync();
        return 0;
    }

    // The same on PostgreSQL (--intake-floor-pg CONNECTION): one INSERT through Npgsql, pooled as the app's
    // connections are. PostgreSQL needs no in-process queue: concurrent writers wait on row locks, not the file.
    public static async Task<int> RunPostgresAsync(string connection, string[] hostArgs)
    {
        var builder = WebApplication.CreateBuilder(hostArgs);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        await using var source = Npgsql.NpgsqlDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(connection) { Pooling = true }.ConnectionString);
        var sql = Insert.Replace("$", "@", StringComparison.Ordinal).Replace("@household, 0, @name", "@household, FALSE, @name", StringComparison.Ordinal);
        app.MapGet("/healthz", () => "ok");
        app.MapPost("/cases", async (FloorCase input) =>
        {
            await using var cmd = source.CreateCommand(sql);
            var now = DateTime.UtcNow;
            Bind(cmd, "", input, now, now.AddHours(2), now.AddDays(5));
            var id = (long)(await cmd.ExecuteScalarAsync())!;
            return Results.Created($"/cases/{id}", new { id, created = true });
        });
        await app.RunAsync();
        return 0;
    }

    // The INSERT's parameters, the same on both databases but for how each stores a time (SQLite: text).
    private static void Bind(System.Data.Common.DbCommand cmd, string prefix, FloorCase input, object now, object respondBy, object resolveBy)
    {
        void Add(string name, object? value)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = prefix + name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        Add("category", input.CategoryId);
        Add("description", input.Description);
        Add("address", input.Address);
        Add("subdistrict", input.SubdistrictId);
        Add("community", input.CommunityId);
        Add("grid", input.GridId);
        Add("estate", input.EstateId);
        Add("building", input.BuildingId);
        Add("household", input.HouseholdId);
        Add("name", input.CallerName);
        Add("phone", input.CallerPhone);
        Add("owner", input.OwnerUserId);
        Add("ownerName", input.OwnerName);
        Add("now", now);
        Add("respondBy", respondBy);
        Add("resolveBy", resolveBy);
    }
}
