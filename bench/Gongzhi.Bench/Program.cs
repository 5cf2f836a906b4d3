using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Gongzhi.Bench;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// The start-up floor: an ASP.NET Core app that does nothing, started the same way as the real one.
if (args.Length > 0 && args[0] == "--floor-server")
{
    var floor = WebApplication.CreateBuilder(args[1..]);
    floor.Logging.ClearProviders();
    var floorApp = floor.Build();
    floorApp.MapGet("/", () => "ok");
    await floorApp.RunAsync();
    return 0;
}

// The floor for intake: a bare endpoint doing one INSERT into the app's database (see Requests/IntakeFloor.cs).
if (args.Length > 1 && args[0] == "--intake-floor")
    return await Gongzhi.Bench.Requests.IntakeFloor.RunAsync(args[1], args.Contains("--queued"), args[2..].Where(a => a != "--queued").ToArray());

if (args.Length > 1 && args[0] == "--intake-floor-pg")
    return await Gongzhi.Bench.Requests.IntakeFloor.RunPostgresAsync(args[1], args[2..]);

// Cases into an existing demo database (the app stopped), e.g. to try the app by hand on a million.
if (args.Length == 3 && args[0] == "--generate-cases" && int.TryParse(args[2], CultureInfo.InvariantCulture, out var generateCount))
{
    var generated = await Gongzhi.Bench.Requests.CaseGenerator.RunAsync(Path.GetFullPath(args[1]), generateCount, seed: 2026, Console.WriteLine);
    Console.WriteLine($"{generated.Cases:N0} cases, {generated.Events:N0} events, {generated.Referrals:N0} referrals in {generated.TotalSeconds:0.0} s "
        + $"(rows {generated.InsertSeconds:0.0} s, indexes {generated.IndexSeconds:0.0} s, ANALYZE {generated.AnalyzeSeconds:0.0} s)");
    return 0;
}

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.WriteLine("""
        usage: ./bench/run.sh [--only registry|requests|volunteering|activities|deliberation|notices|care|administration|audit] [--notice-households N] [--rush-clients N] [--households N] [--demo-households N] [--runs N] [--requests N] [--import-rows N]
                              [--cases N] [--concurrency N] [--intake-seconds N] [--keep-data] [--analyze]
          --only SECTION       run one section: registry (start, household search, import), requests (cases),
                               volunteering (2,000-client rushes on a reward and a shift, ledger postings) or
                               activities (the 义诊 rush: N clients on a 50-place event) or
                               deliberation (Art. 278 count, casting); default all
          --rush-clients N     residents in the activities rush (default 2000); --concurrency sets its connections
          --paced              volunteering rushes through --concurrency connections (as the activities rush) instead of
                               every client on its own connection released at the same instant
          --households N       the large data set (default 100000; 0 skips it)
          --demo-households N  the demo data set (default 3000); the requests section generates its cases over it
          --runs N             cold starts per measure, the median is reported (default 5)
          --requests N         timed requests per read measure after warm-up (default 1000)
          --import-rows N      rows in the generated .xlsx (default 10000)
          --cases N            generated cases for the requests section (default 1000000)
          --concurrency N      connections for the intake load (default 32)
          --intake-seconds N   timed window of each intake load, after 5 s of warm-up (default 20)
          --keep-data          keep bench/results/data-* and bench/results/requests after the run
          --reuse-data         care: time again on the data a --keep-data run left (implies --keep-data)
          --no-publish         reuse the app published by an earlier run (while working on the bench itself)
          --analyze            run SQLite's ANALYZE on the generated registry database first (what-if for the query plans)
        ./bench/run.sh --only intake --baseline DIR [--databases sqlite,postgres] [--pg CONNECTION] [--runs N] [--cases N]
                               intake of this checkout against an app published elsewhere (today's main), A B A B, with the floor
        ./bench/run.sh --only city-intake --cluster DIR --port-base N --baseline DIR [--instances N] [--app DIR] [--instance-env "K=V …"]
                               the same A/B on a cluster of deploy/cluster.sh through its nginx, its instances restarted with each
                               build, against the bare INSERT floor behind the same nginx; --app: this build's folder (no publish);
                               --instance-env: settings for both builds while measured, e.g. Requests__SweepSeconds=0
        ./bench/run.sh --only insight [--cases N] [--keep-data|--reuse-data]  dashboards and a 100,000-row ledger over 1,000,000 cases
        ./bench/run.sh --generate-cases DB N   adds N generated cases to a demo database (app stopped) and exits
        """);
    return 2;
}

var root = RepoRoot();
var results = Path.Combine(root, "bench", "results");
Directory.CreateDirectory(results);
var appDir = options.App is null ? Path.Combine(results, "app") : Path.GetFullPath(options.App);

Console.WriteLine(Machine.Describe());
if (options.App is not null)
    Console.WriteLine($"using the app in {appDir} (--app)");
else if (options.NoPublish && File.Exists(Path.Combine(appDir, "Gongzhi.Web.dll")))
    Console.WriteLine($"using the app published earlier in {Path.GetRelativePath(root, appDir)} (--no-publish)");
else
{
    Console.WriteLine($"publishing src/Gongzhi.Web (Release) to {Path.GetRelativePath(root, appDir)} ...");
    Publish(root, appDir);
}
var appDll = Path.Combine(appDir, "Gongzhi.Web.dll");
var floorDll = typeof(BenchOptions).Assembly.Location;

var report = new List<DatasetResult>();
if (options.Only is null or "registry")
{
    foreach (var households in new[] { options.DemoHouseholds, options.Households }.Where(n => n > 0))
    {
        var bench = new DatasetBench(appDll, floorDll, Path.Combine(results, $"data-{households}"), households, options);
        report.Add(await bench.RunAsync());
    }
}
Gongzhi.Bench.Requests.RequestsResult? requests = null;
if (options.Only is null or "requests")
    requests = await new Gongzhi.Bench.Requests.RequestsBench(appDll, floorDll, Path.Combine(results, "requests"), options).RunAsync();
Gongzhi.Bench.Activities.RushResult? rush = null;
if (options.Only is null or "activities")
    rush = await new Gongzhi.Bench.Activities.ActivitiesBench(appDll, Path.Combine(results, "activities"), options).RunAsync();

Gongzhi.Bench.Volunteering.VolunteeringResult? volunteering = null;
if (options.Only is null or "volunteering")
    volunteering = await new Gongzhi.Bench.Volunteering.VolunteeringBench(appDll, Path.Combine(results, "volunteering"), options).RunAsync();

Gongzhi.Bench.Notices.NoticesResult? notices = null;
if (options.Only is null or "notices")
    notices = await new Gongzhi.Bench.Notices.NoticesBench(appDll, Path.Combine(results, "notices"), options).RunAsync();

Gongzhi.Bench.Deliberation.DeliberationResult? deliberation = null;
if (options.Only is null or "deliberation")
    deliberation = await new Gongzhi.Bench.Deliberation.DeliberationBench(appDll, Path.Combine(results, "deliberation"), options).RunAsync();

Gongzhi.Bench.Care.CareResult? care = null;
if (options.Only is "care")
    care = await new Gongzhi.Bench.Care.CareBench(appDll, Path.Combine(results, "care"), options).RunAsync();

Gongzhi.Bench.Administration.AdministrationResult? administration = null;
if (options.Only is "administration")
    administration = await new Gongzhi.Bench.Administration.AdministrationBench(appDll, Path.Combine(results, "administration"), options).RunAsync();
Gongzhi.Bench.Insight.InsightResult? insight = null;
if (options.Only is "insight")
    insight = await new Gongzhi.Bench.Insight.InsightBench(appDll, Path.Combine(results, "insight"), options).RunAsync();
List<Gongzhi.Bench.Insight.SweepResult>? insightSweep = null;
if (options.Only is "insight-sweep")
    insightSweep = await new Gongzhi.Bench.Insight.SweepBench(appDll, Path.Combine(results, "insight-sweep"), options).RunAsync();
Gongzhi.Bench.Requests.IntakeAbResult? intakeAb = null;
if (options.Only is "intake")
    intakeAb = await new Gongzhi.Bench.Requests.IntakeAb(appDll, floorDll, results, options).RunAsync();
Gongzhi.Bench.Requests.CityIntakeResult? cityIntake = null;
if (options.Only is "city-intake")
    cityIntake = await new Gongzhi.Bench.Requests.CityIntake(appDir, floorDll, root, options).RunAsync();
Gongzhi.Bench.Audit.AuditResult? audit = null;
if (options.Only is "audit")
    audit = await new Gongzhi.Bench.Audit.AuditBench(appDll, Path.Combine(results, "audit"), options).RunAsync();

var table = (report.Count > 0 ? Report.Table(report) : "")
    + (requests is null ? "" : (report.Count > 0 ? "\n" : "") + Gongzhi.Bench.Requests.RequestsReport.Table(requests))
    + (volunteering is null ? "" : "\n" + Gongzhi.Bench.Volunteering.VolunteeringReport.Table(volunteering))
    + (rush is null ? "" : "\n\n" + Gongzhi.Bench.Activities.ActivitiesBench.Table(rush))
    + (deliberation is null ? "" : "\n\n" + Gongzhi.Bench.Deliberation.DeliberationReport.Table(deliberation))
    + (notices is null ? "" : "\n\n" + Gongzhi.Bench.Notices.NoticesBench.Table(notices))
    + (care is null ? "" : "\n\n" + Gongzhi.Bench.Care.CareBench.Table(care))
    + (administration is null ? "" : "\n\n" + Gongzhi.Bench.Administration.AdministrationBench.Table(administration))
    + (audit is null ? "" : "\n\n" + Gongzhi.Bench.Audit.AuditBench.Table(audit))
    + (insight is null ? "" : "\n\n" + Gongzhi.Bench.Insight.InsightBench.Table(insight))
    + (insightSweep is null ? "" : "\n\n" + Gongzhi.Bench.Insight.SweepBench.Table(insightSweep))
    + (intakeAb is null ? "" : "\n\n" + Gongzhi.Bench.Requests.IntakeAb.Table(intakeAb))
    + (cityIntake is null ? "" : "\n\n" + Gongzhi.Bench.Requests.CityIntake.Table(cityIntake));
Console.WriteLine();
Console.WriteLine(table);
var latest = Path.Combine(results, "latest.md");
await File.WriteAllTextAsync(latest, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n{Machine.Describe()}\n\n{table}\n");
Console.WriteLine($"written to {Path.GetRelativePath(root, latest)}");
return 0;

static string RepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gongzhi.slnx"))) return dir.FullName;
        }
    }
    throw new InvalidOperationException("run from inside the Gongzhi repository");
}

static void Publish(string root, string output)
{
    var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
    // Published as a deployment would be: ReadyToRun, so start-up is not spent compiling IL.
    foreach (var a in new[]
             {
                 "publish", "src/Gongzhi.Web/Gongzhi.Web.csproj", "-c", "Release", "-o", output, "--nologo", "-v", "q",
                 "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true",
             })
        info.ArgumentList.Add(a);
    using var p = Process.Start(info)!;
    var stdout = p.StandardOutput.ReadToEndAsync();
    var stderr = p.StandardError.ReadToEndAsync();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"publish failed:\n{stdout.Result}\n{stderr.Result}");
}

namespace Gongzhi.Bench
{
    public sealed record BenchOptions(int Households, int DemoHouseholds, int Runs, int Requests, int ImportRows, bool KeepData, bool Analyze)
    {
        public string? Only { get; init; }
        public bool NoPublish { get; init; }
        public bool ReuseData { get; init; }
        public int Cases { get; init; } = 1_000_000;
        public int Concurrency { get; init; } = 32;
        public int IntakeSeconds { get; init; } = 20;
        public int IntakeWarmUpSeconds { get; init; } = 5;
        public int RushClients { get; init; } = 2_000;
        public bool Paced { get; init; }
        public int NoticeHouseholds { get; init; } = 10_000;
        public string? Baseline { get; init; }
        public int WarmUpIntakes { get; init; } = 1_500;
        public string[] IntakeDatabases { get; init; } = ["sqlite", "postgres"];
        public string? PgServer { get; init; } = Environment.GetEnvironmentVariable("GONGZHI_TEST_PG");
        public string? Cluster { get; init; }
        public int PortBase { get; init; } = 56400;
        public int Instances { get; init; } = 3;
        public string? App { get; init; }
        public string? InstanceEnv { get; init; }

        public static BenchOptions? Parse(string[] args)
        {
            var o = new BenchOptions(100_000, 3_000, 5, 1_000, 10_000, false, false);
            for (var i = 0; i < args.Length; i++)
            {
                int Next() => i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a number");
                try
                {
                    o = args[i] switch
                    {
                        "--households" => o with { Households = Next() },
                        "--notice-households" => o with { NoticeHouseholds = Math.Max(100, Next()) },
                        "--demo-households" => o with { DemoHouseholds = Next() },
                        "--runs" => o with { Runs = Math.Max(1, Next()) },
                        "--requests" => o with { Requests = Math.Max(10, Next()) },
                        "--import-rows" => o with { ImportRows = Math.Max(1, Next()) },
                        "--keep-data" => o with { KeepData = true },
                        "--reuse-data" => o with { ReuseData = true, KeepData = true },
                        "--paced" => o with { Paced = true },
                        "--analyze" => o with { Analyze = true },
                        "--only" when i + 1 < args.Length && args[i + 1] is "registry" or "requests" or "volunteering" or "activities" or "deliberation" or "notices" or "care" or "administration" or "audit" or "insight" or "insight-sweep" or "intake" or "city-intake" => o with { Only = args[++i] },
                        "--rush-clients" => o with { RushClients = Math.Max(1, Next()) },
                        "--no-publish" => o with { NoPublish = true },
                        "--baseline" when i + 1 < args.Length => o with { Baseline = args[++i] },
                        "--warmup-intakes" => o with { WarmUpIntakes = Next() },
                        "--pg" when i + 1 < args.Length => o with { PgServer = args[++i] },
                        "--cluster" when i + 1 < args.Length => o with { Cluster = args[++i] },
                        "--port-base" => o with { PortBase = Next() },
                        "--instances" => o with { Instances = Math.Max(1, Next()) },
                        "--app" when i + 1 < args.Length => o with { App = args[++i] },
                        "--instance-env" when i + 1 < args.Length => o with { InstanceEnv = args[++i] },
                        "--databases" when i + 1 < args.Length => o with { IntakeDatabases = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries) },
                        "--cases" => o with { Cases = Math.Max(1, Next()) },
                        "--concurrency" => o with { Concurrency = Math.Max(1, Next()) },
                        "--intake-seconds" => o with { IntakeSeconds = Math.Max(1, Next()) },
                        _ => throw new ArgumentException($"unknown option {args[i]}"),
                    };
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return null;
                }
            }
            return o;
        }
    }

    public sealed record DatasetResult(
        int Households, long Residents, double DatabaseMb,
        double GeneratedSeconds, double GenerationWallSeconds,
        double StartHome, double StartHealthz, double StartFloor,
        Latency Search, Latency RawSql, Latency Healthz, double SearchHitShare,
        string Import, double? ImportRowsPerSecond, double? ImportSeconds, double LoadAverage,
        double StartHomeCpu, double StartHealthzCpu, double StartFloorCpu, double SearchCpu, double HealthzCpu, double RawCpu);

    public sealed class DatasetBench(string appDll, string floorDll, string dataDir, int households, BenchOptions options)
    {
        // Any fixed key: the bench data is generated, never real.
        private static readonly string PrivacyKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

        private Dictionary<string, string> Env => new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DataDirectory"] = dataDir,
            ["Demo__Enabled"] = "true",
            ["Demo__Households"] = households.ToString(CultureInfo.InvariantCulture),
            ["Privacy__Key"] = PrivacyKey,
        };

        private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

        public async Task<DatasetResult> RunAsync()
        {
            var loads = new List<double>();
            Console.WriteLine($"\n== {households:N0} households ({dataDir})");
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
            Directory.CreateDirectory(dataDir);

            // 1. Generation: a fresh data directory, the real app, until it answers.
            double generated, generationWall;
            await using (var app = AppProcess.Start(appDll, Env))
            {
                generationWall = (await app.WaitForOkAsync("/healthz", TimeSpan.FromHours(2))).TotalSeconds;
                var line = app.Output.FirstOrDefault(l => l.Contains("generated in", StringComparison.Ordinal));
                generated = line is null ? double.NaN
                    : double.Parse(line[(line.IndexOf("generated in", StringComparison.Ordinal) + 12)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
            await using (var db = SearchMix.Open(DatabasePath, readOnly: false))
            {
                // Generation is one long transaction: fold its write-ahead log into the file, as the
                // app's next writes would, so the starts below measure the app and not a log replay.
                await using (var checkpoint = db.CreateCommand())
                {
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                    await checkpoint.ExecuteNonQueryAsync();
                }
                if (options.Analyze)
                {
                    await using var analyze = db.CreateCommand();
                    analyze.CommandText = "ANALYZE";
                    await analyze.ExecuteNonQueryAsync();
                    Console.WriteLine("ran ANALYZE on the generated database (--analyze)");
                }
                await using var cmd = db.CreateCommand();
                cmd.CommandText = "SELECT COUNT(*) FROM Residents";
                var residentCount = (long)(await cmd.ExecuteScalarAsync())!;
                Console.WriteLine($"generation: {generated:0.0} s as printed by the app, {generationWall:0.0} s from process start to the first /healthz 200; {residentCount:N0} residents");
                _residents = residentCount;
            }
            var dbMb = Directory.EnumerateFiles(dataDir, "gongzhi.db*").Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;

            // 2. Cold starts, interleaved so the three measures share the machine's state.
            var home = new List<double>();
            var health = new List<double>();
            var floor = new List<double>();
            var homeCpu = new List<double>();
            var healthCpu = new List<double>();
            var floorCpu = new List<double>();
            for (var run = 0; run < options.Runs; run++)
            {
                await using (var app = AppProcess.Start(appDll, Env))
                {
                    home.Add((await app.WaitForOkAsync("/", StartTimeout)).TotalMilliseconds);
                    homeCpu.Add(app.CpuAtFirstOk.TotalMilliseconds);
                }
                await using (var app = AppProcess.Start(appDll, Env))
                {
                    health.Add((await app.WaitForOkAsync("/healthz", StartTimeout)).TotalMilliseconds);
                    healthCpu.Add(app.CpuAtFirstOk.TotalMilliseconds);
                }
                await using (var app = AppProcess.Start(floorDll, new Dictionary<string, string>(), ["--floor-server"]))
                {
                    floor.Add((await app.WaitForOkAsync("/", StartTimeout)).TotalMilliseconds);
                    floorCpu.Add(app.CpuAtFirstOk.TotalMilliseconds);
                }
                loads.Add(Machine.Load());
                Console.WriteLine($"start run {run + 1}: GET / {home[^1]:0} ms (CPU {homeCpu[^1]:0} ms), /healthz {health[^1]:0} ms (CPU {healthCpu[^1]:0} ms), empty ASP.NET Core app {floor[^1]:0} ms (CPU {floorCpu[^1]:0} ms)");
            }

            // 3. Search and 4. import, on one warm app.
            await using var warm = AppProcess.Start(appDll, Env);
            await warm.WaitForOkAsync("/healthz", StartTimeout);
            using var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler) { BaseAddress = warm.BaseAddress, Timeout = TimeSpan.FromMinutes(15) };
            var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = "tuanjie", password = "Gongzhi@2026" });
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var (_, gridIds, queries) = await SearchMix.BuildAsync(DatabasePath, "团结巷社区", options.Requests + 200, seed: households);
            var warmup = queries.Take(200).ToList();
            var timed = queries.Skip(200).ToList();
            foreach (var q in warmup) await SearchAsync(http, q);
            var searchMs = new List<double>();
            var hits = 0;
            var cpuBefore = warm.Cpu;
            foreach (var q in timed)
            {
                var sw = Stopwatch.StartNew();
                var count = await SearchAsync(http, q);
                searchMs.Add(sw.Elapsed.TotalMilliseconds);
                if (count > 0) hits++;
            }
            var search = Latency.Of(searchMs);
            var searchCpu = (warm.Cpu - cpuBefore).TotalMilliseconds / timed.Count;
            loads.Add(Machine.Load());
            Console.WriteLine($"app CPU per search request: {searchCpu:0.00} ms");
            Console.WriteLine($"search over HTTP ({timed.Count} sequential, {hits * 100.0 / timed.Count:0}% with hits): {search.Format()}");
            foreach (var kind in Enum.GetValues<QueryKind>())
            {
                var of = timed.Select((q, i) => (q, i)).Where(x => x.q.Kind == kind).Select(x => searchMs[x.i]).ToList();
                if (of.Count > 0) Console.WriteLine($"  {kind,-14} n={of.Count,4}  {Latency.Of(of).Format()}");
            }

            var healthMs = new List<double>();
            var healthCpuBefore = TimeSpan.Zero;
            for (var i = 0; i < 200 + timed.Count; i++)
            {
                if (i == 200) healthCpuBefore = warm.Cpu;
                var sw = Stopwatch.StartNew();
                using var r = await http.GetAsync("/healthz");
                await r.Content.ReadAsByteArrayAsync();
                if (i >= 200) healthMs.Add(sw.Elapsed.TotalMilliseconds);
            }
            var healthz = Latency.Of(healthMs);
            var healthzCpu = (warm.Cpu - healthCpuBefore).TotalMilliseconds / timed.Count;
            loads.Add(Machine.Load());
            Console.WriteLine($"GET /healthz: {healthz.Format()}");

            Latency raw;
            double rawCpu;
            await using (var db = SearchMix.Open(DatabasePath))
            {
                var rawSearch = new RawSearch(db, gridIds);
                foreach (var q in warmup) rawSearch.Run(q);
                var rawMs = new List<double>();
                var self = Process.GetCurrentProcess();
                var selfBefore = self.TotalProcessorTime;
                foreach (var q in timed)
                {
                    var sw = Stopwatch.StartNew();
                    rawSearch.Run(q);
                    rawMs.Add(sw.Elapsed.TotalMilliseconds);
                }
                raw = Latency.Of(rawMs);
                self.Refresh();
                rawCpu = (self.TotalProcessorTime - selfBefore).TotalMilliseconds / timed.Count;
                Console.WriteLine($"same lookups as raw SQL (Microsoft.Data.Sqlite, same file): {raw.Format()}");
                foreach (var kind in Enum.GetValues<QueryKind>())
                {
                    var of = timed.Select((q, i) => (q, i)).Where(x => x.q.Kind == kind).Select(x => rawMs[x.i]).ToList();
                    if (of.Count > 0) Console.WriteLine($"  {kind,-14} n={of.Count,4}  {Latency.Of(of).Format()}");
                }
            }

            (string Text, double? Rate, double? Seconds) imported;
            try
            {
                imported = await ImportAsync(http, warm);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException)
            {
                imported = ($"not available ({e.GetType().Name}: {e.Message})", null, null);
            }
            var (import, rate, seconds) = imported;
            loads.Add(Machine.Load());
            Console.WriteLine($"import: {import}");
            // The app logs where an import spent its time; show it beside the figure.
            foreach (var line in warm.Output.Where(l => l.Contains("Imported ", StringComparison.Ordinal)).TakeLast(1))
                Console.WriteLine($"  app: {line.Trim()}");

            if (!options.KeepData)
            {
                await warm.DisposeAsync();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dataDir, recursive: true);
            }
            return new DatasetResult(households, _residents, dbMb, generated, generationWall,
                Median.Of(home), Median.Of(health), Median.Of(floor), search, raw, healthz, hits / (double)timed.Count,
                import, rate, seconds, loads.Average(),
                Median.Of(homeCpu), Median.Of(healthCpu), Median.Of(floorCpu), searchCpu, healthzCpu, rawCpu);
        }

        private long _residents;

        private static async Task<int> SearchAsync(HttpClient http, SearchQuery q)
        {
            using var response = await http.GetAsync("/api/v1/households?q=" + Uri.EscapeDataString(q.Text));
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetArrayLength();
        }

        private async Task<(string Text, double? Rate, double? Seconds)> ImportAsync(HttpClient http, AppProcess app)
        {
            var places = await http.GetFromJsonAsync<JsonElement>("/api/v1/places");
            var community = places.EnumerateArray().First(c => c.GetProperty("name").GetString() == "团结巷社区");
            var communityId = community.GetProperty("id").GetInt64();
            // Only buildings the estate has at this size (1..16 at the demo size).
            var buildings = community.GetProperty("estates").EnumerateArray()
                .First(e => e.GetProperty("name").GetString() == "团结新村").GetProperty("buildings").GetArrayLength();
            var file = ImportFile.Build(options.ImportRows, "团结新村", Math.Min(16, buildings), 3, seed: households);
            var xlsx = Path.Combine(dataDir, $"import-{options.ImportRows}.xlsx");
            await File.WriteAllBytesAsync(xlsx, file);

            using var content = new MultipartFormDataContent();
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            content.Add(part, "file", "import.xlsx");
            var cpuBefore = app.Cpu;
            var sw = Stopwatch.StartNew();
            using var response = await http.PostAsync($"/api/v1/registry/import?communityId={communityId}", content);
            var body = await response.Content.ReadAsStringAsync();
            sw.Stop();
            var cpu = (app.Cpu - cpuBefore).TotalSeconds;
            if (!response.IsSuccessStatusCode)
            {
                // A problem+json answer says why; an HTML error page says nothing useful here.
                var why = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true ? " " + Trim(body) : "";
                return ($"not available ({(int)response.StatusCode} {response.StatusCode}{why})", null, null);
            }
            var result = JsonDocument.Parse(body).RootElement;
            var applied = result.TryGetProperty("applied", out var a) && a.ValueKind == JsonValueKind.True;
            var errors = result.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array ? e.GetArrayLength() : 0;
            if (!applied || errors > 0)
                return ($"not applied ({errors} errors: {Trim(body)})", null, null);
            var rate = options.ImportRows / sw.Elapsed.TotalSeconds;
            return ($"{options.ImportRows:N0} rows in {sw.Elapsed.TotalSeconds:0.00} s = {rate:N0} rows/s, app CPU {cpu:0.0} s ({Trim(body)})", rate, sw.Elapsed.TotalSeconds);
        }

        private static string Trim(string s) => s.Length > 300 ? s[..300] + "…" : s;
    }

    public static class Report
    {
        public static string Table(IReadOnlyList<DatasetResult> results)
        {
            var sb = new StringBuilder();
            sb.Append("| measure | target |");
            foreach (var r in results) sb.Append(CultureInfo.InvariantCulture, $" {r.Households:N0} households ({r.Residents:N0} residents, {r.DatabaseMb:0} MB) |");
            sb.AppendLine().Append("| --- | --- |");
            foreach (var _ in results) sb.Append(" --- |");
            sb.AppendLine();
            void Row(string measure, string target, Func<DatasetResult, string> cell)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {measure} | {target} |");
                foreach (var r in results) sb.Append(' ').Append(cell(r)).Append(" |");
                sb.AppendLine();
            }
            Row("demo generation (printed by the app)", "", r => $"{r.GeneratedSeconds:0.0} s");
            Row("first start incl. migration + generation, to /healthz 200", "", r => $"{r.GenerationWallSeconds:0.0} s");
            Row("cold start to first 200 of GET / (median wall; CPU used)", "< 3 s", r => $"**{r.StartHome / 1000:0.00} s** (CPU {r.StartHomeCpu / 1000:0.00} s)");
            Row("  floor: same app to first /healthz 200", "", r => $"{r.StartHealthz / 1000:0.00} s (CPU {r.StartHealthzCpu / 1000:0.00} s)");
            Row("  floor: empty ASP.NET Core app to first 200", "", r => $"{r.StartFloor / 1000:0.00} s (CPU {r.StartFloorCpu / 1000:0.00} s)");
            Row("household search over HTTP p50 / p95 / p99 (app CPU per request)", "p95 < 20 ms", r => $"{r.Search.P50:0.0} / **{r.Search.P95:0.0}** / {r.Search.P99:0.0} ms (CPU {r.SearchCpu:0.0} ms)");
            Row("  floor: same lookups as raw SQL p50 / p95 / p99", "", r => $"{r.RawSql.P50:0.00} / {r.RawSql.P95:0.00} / {r.RawSql.P99:0.00} ms (CPU {r.RawCpu:0.00} ms)");
            Row("  floor: GET /healthz p50 / p95 / p99", "", r => $"{r.Healthz.P50:0.00} / {r.Healthz.P95:0.00} / {r.Healthz.P99:0.00} ms (CPU {r.HealthzCpu:0.00} ms)");
            Row("  queries with at least one hit", "", r => $"{r.SearchHitShare * 100:0}%");
            Row("machine load (1-min load average, mean of samples taken during the run)", "", r => $"{r.LoadAverage:0.0}");
            Row("xlsx import, rows/s", "≥ 2,000", r => r.ImportRowsPerSecond is { } rate ? $"{rate:N0} rows/s ({r.ImportSeconds:0.0} s)" : r.Import);
            return sb.ToString();
        }
    }

    public static class Machine
    {
        // Other work on the machine skews every figure here; the load average says how much there was.
        public static double Load()
        {
            try
            {
                return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return double.NaN;
            }
        }

        public static string Describe()
        {
            static string Find(string file, string prefix)
            {
                try
                {
                    var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                    return line is null ? "?" : line[(line.IndexOf(line.Contains(':') ? ':' : '=') + 1)..].Trim().Trim('"');
                }
                catch (IOException) { return "?"; }
            }
            var memKb = Find("/proc/meminfo", "MemTotal").Split(' ')[0];
            var memGb = long.TryParse(memKb, out var kb) ? $"{kb / 1024.0 / 1024.0:0.0} GiB" : "?";
            return $"machine: {Environment.ProcessorCount} cores ({Find("/proc/cpuinfo", "model name")}), {memGb} memory, "
                + $"{Find("/etc/os-release", "PRETTY_NAME")}, {RuntimeInformation.FrameworkDescription}";
        }
    }
}
