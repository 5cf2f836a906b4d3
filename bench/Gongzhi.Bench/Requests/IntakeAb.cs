using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gongzhi.Bench.Requests;

public sealed record IntakeRun(string Database, string Build, int Round, LoadResult Single, LoadResult Loaded, double LoadAverage);

public sealed record IntakeCrash(string Database, int Acknowledged, int Complete, double KilledAfterSeconds);

public sealed record IntakeAbResult(List<IntakeRun> Runs, Dictionary<string, LoadResult> Floors, Dictionary<string, double> FloorLoads, int Concurrency, string BaselineDir, List<IntakeCrash> Crashes);

// Intake of two builds of the app, back to back on the same data (`--only intake --baseline DIR`): the
// build published from this checkout and another one published elsewhere (today's main, from a worktree),
// alternating A B A B for --runs rounds so that a change in the machine's load falls on both. Each run is
// a new app process: 5 s of warm-up, then one connection and --concurrency connections, each
// --intake-seconds. The server's CPU per intake is what carries over on a shared machine; throughput and
// latency move with whatever else runs. On SQLite (a fresh data directory, --cases generated cases) and on
// PostgreSQL (--pg: a server; a database of its own is created and dropped), each with the bare INSERT
// floor measured in the same run.
public sealed class IntakeAb(string appDll, string benchDll, string resultsDir, BenchOptions options)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(30);

    public async Task<IntakeAbResult> RunAsync()
    {
        var baselineDll = Path.Combine(Path.GetFullPath(options.Baseline ?? throw new ArgumentException("--only intake needs --baseline DIR (an app published from main)")), "Gongzhi.Web.dll");
        if (!File.Exists(baselineDll)) throw new FileNotFoundException("no Gongzhi.Web.dll in the baseline folder", baselineDll);
        var runs = new List<IntakeRun>();
        var floors = new Dictionary<string, LoadResult>();
        var floorLoads = new Dictionary<string, double>();
        var crashes = new List<IntakeCrash>();
        foreach (var database in options.IntakeDatabases)
        {
            var dataDir = Path.Combine(resultsDir, "intake-" + database);
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
            Directory.CreateDirectory(dataDir);
            var pgName = "gongzhi_bench_intake_" + Guid.NewGuid().ToString("N")[..8];
            var pg = database == "postgres" ? new NpgsqlConnectionStringBuilder(options.PgServer ?? throw new ArgumentException("postgres needs --pg CONNECTION")) { Database = pgName, Pooling = false }.ConnectionString : null;
            var env = AppProcess.DemoEnvironment(dataDir, options.DemoHouseholds);
            if (pg is not null)
            {
                env["Database__Provider"] = "Postgres";
                // Pooled, as in any deployment (and as the floor's data source is): unpooled, every query of a request
                // opened a new server connection, and that, not the app's work, was most of its CPU per intake.
                env["Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(pg) { Pooling = true }.ConnectionString;
            }
            try
            {
                Console.WriteLine($"\n== intake on {database}: demo data ({options.DemoHouseholds:N0} households)");
                await using (var first = AppProcess.Start(appDll, env))
                    Console.WriteLine($"  first start to /healthz {(await first.WaitForOkAsync("/healthz", StartTimeout)).TotalSeconds:0.0} s");
                var dbPath = Path.Combine(dataDir, "gongzhi.db");
                if (pg is null && options.Cases > 0)
                {
                    var generation = await CaseGenerator.RunAsync(dbPath, options.Cases, seed: 2026, _ => { });
                    Console.WriteLine($"  generated {generation.Cases:N0} cases of history in {generation.TotalSeconds:0.0} s");
                }
                var facts = await IntakeFacts.LoadAsync(pg is null ? new SqliteConnection($"Data Source={dbPath}") : new NpgsqlConnection(pg));

                // The floor first: a bare INSERT on the same database (on SQLite also queued in-process; the better counts).
                foreach (var queued in pg is null ? new[] { false, true } : [false])
                {
                    var args = pg is null ? new List<string> { "--intake-floor", dbPath } : ["--intake-floor-pg", pg];
                    if (queued) args.Add("--queued");
                    await using var floor = AppProcess.Start(benchDll, new Dictionary<string, string>(), args);
                    await floor.WaitForOkAsync("/healthz", StartTimeout);
                    var result = await Load.RunAsync(floor.BaseAddress, options.Concurrency, TimeSpan.FromSeconds(options.IntakeWarmUpSeconds), TimeSpan.FromSeconds(options.IntakeSeconds),
                        n => facts.Request(null, "floor", n), serverCpu: () => floor.Cpu);
                    var key = database + (queued ? " queued" : "");
                    floors[key] = result;
                    floorLoads[key] = Machine.Load();
                    Console.WriteLine($"  floor ({key}), {options.Concurrency} connections: {result.Format()}");
                }

                for (var round = 1; round <= options.Runs; round++)
                {
                    foreach (var (build, dll) in new[] { ("main", baselineDll), ("this", appDll) })
                    {
                        await using var app = AppProcess.Start(dll, env);
                        await app.WaitForOkAsync("/healthz", StartTimeout);
                        var token = await LoginAsync(app.BaseAddress, "wangge.li");
                        var run = $"{build}{round}-{Guid.NewGuid().ToString("N")[..6]}";
                        var (warmed, warmSeconds) = await WarmUpAsync(app.BaseAddress, facts, token, run, options.WarmUpIntakes, options);
                        Console.WriteLine($"  {build} round {round}: warmed up ({warmed:N0} intakes in {warmSeconds:0} s)");
                        var single = await Load.RunAsync(app.BaseAddress, 1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.IntakeSeconds),
                            n => facts.Request(token, run + "s", n), serverCpu: () => app.Cpu);
                        var loaded = await Load.RunAsync(app.BaseAddress, options.Concurrency, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(options.IntakeSeconds),
                            n => facts.Request(token, run + "c", n), serverCpu: () => app.Cpu);
                        var r = new IntakeRun(database, build, round, single, loaded, Machine.Load());
                        runs.Add(r);
                        Console.WriteLine($"  {build} round {round}: 1 connection {single.Format()}");
                        Console.WriteLine($"  {build} round {round}: {options.Concurrency} connections {loaded.Format()} (load average {r.LoadAverage:0.0})");
                    }
                }
                crashes.Add(await CrashAsync(database, env, facts, pg, dbPath));
            }
            finally
            {
                if (pg is not null) await DropAsync(options.PgServer!, pgName);
                SqliteConnection.ClearAllPools();
                if (!options.KeepData && Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
            }
        }
        return new IntakeAbResult(runs, floors, floorLoads, options.Concurrency, Path.GetFullPath(options.Baseline!), crashes);
    }

    // This build only: kill -9 under intake load, start again, and every case answered 2xx must be there with its
    // first timeline line and its search terms (written in one transaction).
    private async Task<IntakeCrash> CrashAsync(string database, Dictionary<string, string> env, IntakeFacts facts, string? pg, string dbPath)
    {
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();
        var app = AppProcess.Start(appDll, env);
        double killedAfter;
        try
        {
            await app.WaitForOkAsync("/healthz", StartTimeout);
            var token = await LoginAsync(app.BaseAddress, "wangge.li");
            using var stop = new CancellationTokenSource();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var run = "crash-" + Guid.NewGuid().ToString("N")[..6];
            var load = Load.RunAsync(app.BaseAddress, options.Concurrency, TimeSpan.Zero, TimeSpan.FromHours(1), n => facts.Request(token, run, n),
                onSuccess: body =>
                {
                    using var json = JsonDocument.Parse(body);
                    acknowledged.Add(json.RootElement.GetProperty("id").GetInt64());
                }, stop: stop.Token);
            // A fresh process on a loaded machine may take seconds for its first answers: count from the first acknowledgement.
            while (acknowledged.IsEmpty && clock.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(100);
            await Task.Delay(TimeSpan.FromSeconds(4 + new Random().NextDouble() * 4));
            killedAfter = clock.Elapsed.TotalSeconds;
            app.Kill();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            await load;
        }
        finally
        {
            await app.DisposeAsync();
        }
        await using (var again = AppProcess.Start(appDll, env))
            await again.WaitForOkAsync("/healthz", StartTimeout);
        var ids = acknowledged.ToHashSet();
        var complete = 0;
        await using (DbConnection db = pg is null ? new SqliteConnection($"Data Source={dbPath}") : new NpgsqlConnection(pg))
        {
            await db.OpenAsync();
            var search = pg is null ? "SELECT 1 FROM case_search s WHERE s.rowid = c.\"Id\"" : "SELECT 1 FROM case_search s WHERE s.case_id = c.\"Id\"";
            foreach (var chunk in ids.Chunk(500))
            {
                await using var cmd = db.CreateCommand();
                cmd.CommandText = $"""
                    SELECT COUNT(*) FROM "Cases" c WHERE c."Id" IN ({string.Join(',', chunk)})
                      AND EXISTS (SELECT 1 FROM "CaseEvents" e WHERE e."CaseId" = c."Id" AND e."Kind" = 1) AND EXISTS ({search})
                    """;
                complete += Convert.ToInt32(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }
        }
        Console.WriteLine($"  crash ({database}): kill -9 after {killedAfter:0.0} s; {ids.Count:N0} acknowledged, {complete:N0} present with their first timeline line and search terms");
        return new IntakeCrash(database, ids.Count, complete, killedAfter);
    }

    private static async Task DropAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var db = new NpgsqlConnection(server);
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await cmd.ExecuteNonQueryAsync();
    }

    // A busy warm-up by count, not time: the runtime recompiles every hot method once more (tier 1) in the
    // background, thousands of them along intake's path, and on a loaded machine a few seconds are not enough.
    internal static async Task<(int Intakes, double Seconds)> WarmUpAsync(Uri baseAddress, IntakeFacts facts, string token, string run, int count, BenchOptions options)
    {
        var warmed = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (warmed < count && clock.Elapsed < TimeSpan.FromMinutes(5))
            warmed += (await Load.RunAsync(baseAddress, options.Concurrency, TimeSpan.Zero, TimeSpan.FromSeconds(options.IntakeWarmUpSeconds), n => facts.Request(token, run + "w" + warmed, n))).Completed;
        return (warmed, clock.Elapsed.TotalSeconds);
    }

    internal static async Task<string> LoginAsync(Uri baseAddress, string user)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = "Gongzhi@2026" });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public static string Table(IntakeAbResult r)
    {
        var lines = new List<string>
        {
            "| intake `POST /api/v1/cases` | build | round | server CPU per intake | throughput, " + r.Concurrency + " connections | p50 / p95 / p99 | one connection: per s; p50 / p95 / p99; CPU | load average |",
            "|---|---|---|---|---|---|---|---|",
        };
        foreach (var (key, f) in r.Floors)
            lines.Add(FormattableString.Invariant($"| floor: bare INSERT ({key}) | | | {f.CpuMsPerRequest:0.00} ms | {f.PerSecond:N0}/s | {f.Latency.P50:0.0} / {f.Latency.P95:0.0} / {f.Latency.P99:0.0} ms | | {r.FloorLoads[key]:0.0} |"));
        foreach (var x in r.Runs)
            lines.Add(FormattableString.Invariant($"| {x.Database} | {x.Build} | {x.Round} | **{x.Loaded.CpuMsPerRequest:0.00} ms** | {x.Loaded.PerSecond:N0}/s{Failures(x.Loaded)} | {x.Loaded.Latency.P50:0.0} / {x.Loaded.Latency.P95:0.0} / {x.Loaded.Latency.P99:0.0} ms | {x.Single.PerSecond:N0}/s; {x.Single.Latency.P50:0.0} / {x.Single.Latency.P95:0.0} / {x.Single.Latency.P99:0.0} ms; {x.Single.CpuMsPerRequest:0.00} ms | {x.LoadAverage:0.0} |"));
        foreach (var db in r.Runs.Select(x => x.Database).Distinct())
        {
            double Cpu(string build) => Median.Of(r.Runs.Where(x => x.Database == db && x.Build == build).Select(x => x.Loaded.CpuMsPerRequest));
            double Rate(string build) => Median.Of(r.Runs.Where(x => x.Database == db && x.Build == build).Select(x => x.Loaded.PerSecond));
            lines.Add(FormattableString.Invariant($"| **{db}: this / main** (medians) | | | **{Cpu("this") / Cpu("main"):0.00}×** ({Cpu("main"):0.00} → {Cpu("this"):0.00} ms) | {Rate("this") / Rate("main"):0.00}× | | | |"));
        }
        foreach (var c in r.Crashes)
            lines.Add(FormattableString.Invariant($"| crash ({c.Database}, this build): kill -9 after {c.KilledAfterSeconds:0.0} s under load | | | {c.Complete:N0} of {c.Acknowledged:N0} acknowledged cases present with timeline and search terms | | | | |"));
        return "Intake A/B (baseline " + r.BaselineDir + ")\n\n" + string.Join('\n', lines);
    }

    private static string Failures(LoadResult l) => l.Failed > 0 ? $" ({l.Failed} failed: {string.Join(", ", l.Outcomes.Select(o => $"{o.Key} {o.Value}"))})" : "";
}

// What the intake requests need, read from either database: grid 1's homes (wangge.li's), their people, the categories.
public sealed record IntakeFacts(Home[] Homes, Dictionary<long, List<Person>> People, Category[] Categories, Owner GridOneOwner)
{
    public static async Task<IntakeFacts> LoadAsync(DbConnection db)
    {
        await using (db)
        {
            await db.OpenAsync();
            var owner = (await ListAsync(db, """SELECT "Id", "DisplayName" FROM "AspNetUsers" WHERE "UserName" = 'wangge.li'""", r => new Owner(r.GetString(0), r.GetString(1)))).Single();
            var grid = (await ListAsync(db, $"""SELECT MIN("PlaceId") FROM "DutyPosts" WHERE "UserId" = '{owner.UserId}' AND "PlaceKind" = 3""", r => r.GetInt64(0))).Single();
            var homes = await ListAsync(db, $"""
                SELECT h."Id", h."GridId", e."CommunityId", c."SubdistrictId", h."EstateId", h."BuildingId", b."Number", en."Number", e."Name" || b."Number" || '栋' || en."Number" || '单元' || h."Room"
                FROM "Households" h JOIN "Buildings" b ON b."Id" = h."BuildingId" JOIN "Entrances" en ON en."Id" = h."EntranceId"
                JOIN "Estates" e ON e."Id" = h."EstateId" JOIN "Communities" c ON c."Id" = e."CommunityId" WHERE h."GridId" = {grid} ORDER BY h."Id"
                """, r => new Home(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt32(6), r.GetInt32(7), r.GetString(8)));
            var people = (await ListAsync(db, $"""SELECT r."HouseholdId", r."Id", r."Name", r."Phone" FROM "Residents" r JOIN "Households" h ON h."Id" = r."HouseholdId" WHERE r."Status" = 0 AND h."GridId" = {grid}""",
                    r => (Household: r.GetInt64(0), Person: new Person(r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)))))
                .GroupBy(x => x.Household).ToDictionary(g => g.Key, g => g.Select(x => x.Person).ToList());
            var categories = await ListAsync(db, """SELECT "Id", "Code", "ContactMinutes", "ResolveDays", "RouteFirst", "DepartmentId", "AllowAnonymous" FROM "CaseCategories" WHERE "Active" = TRUE ORDER BY "Id" """,
                r => new Category(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.IsDBNull(5) ? null : r.GetInt64(5), r.GetBoolean(6)));
            if (homes.Count == 0 || categories.Count == 0) throw new InvalidOperationException("no homes in wangge.li's grid or no categories: is demo data on?");
            return new IntakeFacts(homes.ToArray(), people, categories.ToArray(), owner);
        }
    }

    private static async Task<List<T>> ListAsync<T>(DbConnection db, string sql, Func<DbDataReader, T> read)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync()) list.Add(read(reader));
        return list;
    }

    // The same request as the requests section's intake: a door-to-door visit recorded by the grid worker, the caller linked by phone.
    public HttpRequestMessage Request(string? token, string run, long n)
    {
        var r = new Random(unchecked((int)n * 7919 + run.GetHashCode(StringComparison.Ordinal)));
        var home = Homes[r.Next(Homes.Length)];
        var category = Categories[r.Next(Categories.Length)];
        var people = People.GetValueOrDefault(home.Id) ?? [];
        var person = people.Count > 0 ? people[r.Next(people.Count)] : null;
        var description = CaseTexts.Description(category.Code, r, home.Building, home.Entrance);
        var request = new HttpRequestMessage(HttpMethod.Post, token is null ? "/cases" : "/api/v1/cases");
        if (token is null)
        {
            request.Content = JsonContent.Create(new IntakeFloor.FloorCase(category.Id, description, home.Id, home.BuildingId, home.EstateId, home.GridId, home.CommunityId,
                home.SubdistrictId, home.Address, GridOneOwner.UserId, GridOneOwner.Name, person?.Name, person?.Phone));
            return request;
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"bench-{run}-{n}"));
        request.Content = JsonContent.Create(new { categoryId = category.Id, description, householdId = home.Id, channel = 3, callerName = person?.Name ?? "居民", callerPhone = person?.Phone });
        return request;
    }
}
