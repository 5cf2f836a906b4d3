using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Gongzhi.Bench.Requests;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gongzhi.Bench.Insight;

public sealed record SweepRun(double Milliseconds, int GridMonths, int Rows);

public sealed record SweepResult(string Database, long Cases, long Grids, SweepRun Full, SweepRun Idle, SweepRun Changed, int CasesChanged,
    Latency Community, Latency Subdistrict, Latency FloorSql, Latency Healthz, long MonthRows, double LoadAverage);

// The Insight sweep (rollup of cases per grid and month, issue #20) at --cases generated cases, on SQLite and, when
// GONGZHI_TEST_PG names a PostgreSQL server, on PostgreSQL (database gz_insight_sweep, dropped first):
//  - the demo (--demo-households) is made by a first start (sweep off), then the cases are generated: on SQLite by
//    Requests/CaseGenerator, on PostgreSQL by bench/city/generate.sql (psql; one community per 10,000 cases, five grids
//    each, so a grid holds 2,000 cases over five years as in the 20 M city);
//  - the app starts with the sweep every 15 s; the times are the sweep's own log lines: the first (full) run, the next
//    with nothing changed, and one after 1,000 cases spread over the five years were rated (UpdatedAt set);
//  - on the app started again with the sweep off, the community and subdistrict dashboards (this year, pages with
//    cookie sign-in), one request at a time, against
//    /healthz and the dashboard's rollup read as one hand-written SQL (the floor).
// `--only insight-sweep [--cases N]`. The data (and the PostgreSQL database) is removed afterwards unless --keep-data.
public sealed class SweepBench(string appDll, string dataDir, BenchOptions options)
{
    private const string PgDatabase = "gz_insight_sweep";
    private const int CasesChanged = 1_000;

    public async Task<List<SweepResult>> RunAsync()
    {
        var results = new List<SweepResult> { await RunOneAsync(null) };
        if (System.Environment.GetEnvironmentVariable("GONGZHI_TEST_PG") is { Length: > 0 } server)
            results.Add(await RunOneAsync(new NpgsqlConnectionStringBuilder(server) { Database = PgDatabase }.ConnectionString));
        Console.WriteLine(Table(results));
        return results;
    }

    private async Task<SweepResult> RunOneAsync(string? postgres)
    {
        var name = postgres is null ? "SQLite" : "PostgreSQL";
        var dir = Path.Combine(dataDir, name.ToLowerInvariant());
        Console.WriteLine($"\n== insight sweep on {name}: {options.Cases:N0} cases ({dir})");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        if (postgres is not null) await DropAsync(postgres);
        var loads = new List<double>();
        var t = Stopwatch.StartNew();
        await using (var demo = AppProcess.Start(appDll, Environment(dir, postgres, sweepSeconds: 0)))
            await demo.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(30));
        SqliteConnection.ClearAllPools();
        Console.WriteLine($"demo in {t.Elapsed.TotalSeconds:0} s");
        t.Restart();
        if (postgres is null) await CaseGenerator.RunAsync(Path.Combine(dir, "gongzhi.db"), options.Cases, seed: 2026, Console.WriteLine);
        else GenerateCity(postgres);
        Console.WriteLine($"cases generated in {t.Elapsed.TotalSeconds:0} s");
        loads.Add(Machine.Load());

        await using var app = AppProcess.Start(appDll, Environment(dir, postgres, sweepSeconds: 15));
        await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(10));
        var full = await NextSweepAsync(app, "full", 0, TimeSpan.FromMinutes(60));
        var idle = await NextSweepAsync(app, "incremental", 0, TimeSpan.FromMinutes(5));
        loads.Add(Machine.Load());

        await using var db = Open(dir, postgres);
        var (cases, grids) = (Scalar(db, """SELECT count(*) FROM "Cases" """), Scalar(db, """SELECT count(*) FROM "Grids" """));
        // Rated anew (满意 ↔ 基本满意), as residents rate old cases: 1,000 cases spread over the years, UpdatedAt now.
        var step = Math.Max(1, cases / CasesChanged);
        var seen = app.Output.Count();
        using (var update = db.CreateCommand())
        {
            update.CommandText = $"""
                UPDATE "Cases" SET "Rating" = CASE WHEN "Rating" = 1 THEN 2 ELSE 1 END, "UpdatedAt" = @now
                WHERE "Id" IN (SELECT "Id" FROM "Cases" WHERE "Status" = 5 AND "Id" % {step} = 0 LIMIT {CasesChanged})
                """;
            var p = update.CreateParameter();
            p.ParameterName = "@now";
            p.Value = DateTime.UtcNow;
            update.Parameters.Add(p);
            Console.WriteLine($"{update.ExecuteNonQuery()} cases rated anew");
        }
        var changed = await NextSweepAsync(app, "incremental", seen, TimeSpan.FromMinutes(5));
        loads.Add(Machine.Load());
        // The dashboards on an app whose sweep is off, so a sweep every 15 s does not sit in their tail.
        await app.DisposeAsync();
        await using var reader = AppProcess.Start(appDll, Environment(dir, postgres, sweepSeconds: 0));
        await reader.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(10));

        var subdistrict = Scalar(db, """SELECT min("Id") FROM "Subdistricts" """);
        var community = Scalar(db, """SELECT min("Id") FROM "Communities" """);
        var year = DateTime.UtcNow.AddHours(8).Year;
        using var official = await BenchHttp.PageClientAsync(reader.BaseAddress, "jiedao");
        using var staff = await BenchHttp.PageClientAsync(reader.BaseAddress, "tuanjie");
        var n = Math.Min(options.Requests, 300);
        var communityPage = await BenchHttp.TimeGetAsync(staff, $"/insight/community/{community}?p=year&on={year}", n, html => html.Contains("insight-title", StringComparison.Ordinal));
        var subdistrictPage = await BenchHttp.TimeGetAsync(official, $"/insight/subdistrict/{subdistrict}?p=year&on={year}", n, html => html.Contains("insight-title", StringComparison.Ordinal));
        var healthz = await BenchHttp.TimeGetAsync(official, "/healthz", n);
        var from = new DateOnly(year, 1, 1);
        var floor = TimeSql(db, n, $"""
            SELECT "Metric", "Key", sum("Value") FROM "InsightMonths" WHERE "SubdistrictId" = {subdistrict}
              AND "Month" >= {Day(postgres, from.AddYears(-1))} AND "Month" <= {Day(postgres, from.AddYears(1).AddMonths(-1))}
            GROUP BY "Metric", "Key", "Month" >= {Day(postgres, from)}
            UNION ALL
            SELECT "Metric", "Key", sum("Value") FROM "InsightFigures" WHERE "SubdistrictId" = {subdistrict} AND "Day" = {Day(postgres, new DateOnly(2000, 1, 1))} GROUP BY "Metric", "Key"
            """);
        loads.Add(Machine.Load());
        var result = new SweepResult(name, cases, grids, full, idle, changed, CasesChanged, communityPage, subdistrictPage, floor, healthz,
            Scalar(db, """SELECT count(*) FROM "InsightMonths" """), loads.Average());
        Console.WriteLine(Table([result]));
        await reader.DisposeAsync();
        await db.DisposeAsync();
        if (!options.KeepData)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
            if (postgres is not null) await DropAsync(postgres);
        }
        return result;
    }

    private static async Task DropAsync(string postgres)
    {
        NpgsqlConnection.ClearAllPools();
        await using var a = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ConnectionString);
        await a.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PgDatabase} WITH (FORCE)", a);
        await drop.ExecuteNonQueryAsync();
    }

    private static readonly Regex SweepLine = new(@"Insight sweep \((full|incremental)\) in (\d+) ms: (\d+) grid-months of cases recomputed, (\d+) rows written", RegexOptions.Compiled);

    // The first sweep log line of that kind printed after the first `skip` lines of output.
    private static async Task<SweepRun> NextSweepAsync(AppProcess app, string kind, int skip, TimeSpan timeout)
    {
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < timeout)
        {
            foreach (var line in app.Output.Skip(skip))
                if (SweepLine.Match(line) is { Success: true } m && m.Groups[1].Value == kind)
                {
                    var run = new SweepRun(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                        int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture));
                    Console.WriteLine($"sweep ({kind}): {run.Milliseconds:N0} ms, {run.GridMonths:N0} grid-months, {run.Rows:N0} rows written");
                    return run;
                }
            if (app.Output.Any(l => l.Contains("Insight sweep failed", StringComparison.Ordinal)))
                throw new InvalidOperationException("the Insight sweep failed:\n" + string.Join('\n', app.Output.TakeLast(40)));
            await Task.Delay(200);
        }
        throw new TimeoutException($"no {kind} Insight sweep within {timeout}:\n{string.Join('\n', app.Output.TakeLast(20))}");
    }

    // bench/city/generate.sql through psql: the city's own generator, at this size.
    private void GenerateCity(string postgres)
    {
        var b = new NpgsqlConnectionStringBuilder(postgres);
        var script = Path.GetFullPath(Path.Combine("bench", "city", "generate.sql"));
        var info = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", "-d", PgDatabase,
            "-v", $"cases={options.Cases}", "-v", $"communities={Math.Max(15, options.Cases / 10_000)}", "-v", "events=0", "-f", script })
            info.ArgumentList.Add(a);
        using var psql = Process.Start(info)!;
        var output = psql.StandardOutput.ReadToEndAsync();
        var errors = psql.StandardError.ReadToEnd();
        psql.WaitForExit();
        if (psql.ExitCode != 0) throw new InvalidOperationException($"generate.sql failed:\n{errors}\n{output.Result}");
    }

    private Dictionary<string, string> Environment(string dir, string? postgres, int sweepSeconds)
    {
        var env = AppProcess.DemoEnvironment(dir, options.DemoHouseholds,
            ("Insight__SweepSeconds", sweepSeconds.ToString(CultureInfo.InvariantCulture)),
            ("Logging__LogLevel__Gongzhi.Web.Modules.Insight.InsightSweep", "Information"));
        if (postgres is not null)
        {
            env["Database__Provider"] = "Postgres";
            env["Database__ConnectionString"] = postgres;
        }
        return env;
    }

    private static DbConnection Open(string dir, string? postgres)
    {
        DbConnection db = postgres is null ? new SqliteConnection($"Data Source={Path.Combine(dir, "gongzhi.db")};Pooling=False") : new NpgsqlConnection(postgres);
        db.Open();
        if (db is SqliteConnection) Exec(db, "PRAGMA busy_timeout = 30000;");
        return db;
    }

    private static string Day(string? postgres, DateOnly d) => postgres is null ? $"'{d:yyyy-MM-dd}'" : $"DATE '{d:yyyy-MM-dd}'";

    private static void Exec(DbConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    private static long Scalar(DbConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static Latency TimeSql(DbConnection db, int count, string sql, int warmUp = 20)
    {
        var samples = new List<double>();
        for (var i = 0; i < count + warmUp; i++)
        {
            var t = Stopwatch.StartNew();
            using var c = db.CreateCommand();
            c.CommandText = sql;
            using var reader = c.ExecuteReader();
            while (reader.Read())
            {
                for (var f = 0; f < reader.FieldCount; f++) reader.GetValue(f);
            }
            if (i >= warmUp) samples.Add(t.Elapsed.TotalMilliseconds);
        }
        return Latency.Of(samples);
    }

    public static string Table(IReadOnlyList<SweepResult> results) => string.Join('\n', results.SelectMany(r => new[]
    {
        $"| insight sweep on {r.Database} ({r.Cases:N0} cases, {r.Grids:N0} grids, {r.MonthRows:N0} month rows; load {r.LoadAverage:0.0}) | target | measured | floor |",
        "|---|---|---|---|",
        $"| first sweep (full, every grid-month) | | {r.Full.Milliseconds / 1000:0.0} s, {r.Full.GridMonths:N0} grid-months, {r.Full.Rows:N0} rows written | |",
        $"| next sweep, nothing changed | | {r.Idle.Milliseconds:N0} ms, {r.Idle.GridMonths:N0} grid-months, {r.Idle.Rows:N0} rows written | |",
        $"| sweep after {r.CasesChanged:N0} old cases rated anew | | {r.Changed.Milliseconds:N0} ms, {r.Changed.GridMonths:N0} grid-months, {r.Changed.Rows:N0} rows written | |",
        $"| community dashboard (this year) as tuanjie | p95 < 100 ms | {r.Community.Format()} | /healthz {r.Healthz.Format()} |",
        $"| subdistrict dashboard (this year) as jiedao | p95 < 100 ms | {r.Subdistrict.Format()} | SQL over the monthly rollup {r.FloorSql.Format()} |",
        "",
    }));
}
