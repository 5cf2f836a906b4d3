using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gongzhi.Bench.Requests;

public sealed record ReadMeasure(string Name, Latency Latency, double CpuMs, double MeanTotal);

public sealed record CrashResult(int Acknowledged, int FoundInDb, int FoundComplete, int FoundByApi, int Missing, int CommittedUnacknowledged,
    double KilledAfterSeconds, double RestartSeconds, string QuickCheck, LoadResult Load);

public sealed record RequestsResult(int Households, int Concurrency, GenerationResult Generation, double DatabaseMb, double FirstStartSeconds, List<ReadMeasure> Reads,
    List<(string Word, int Total)> WordHits, LoadResult PlainFloor, LoadResult QueuedFloor, LoadResult Intake, LoadResult SingleIntake, CrashResult Crash, double LoadAverage, double IntakeLoadAverage)
{
    // The floor is the better of the two bare endpoints.
    public LoadResult Floor => QueuedFloor.PerSecond >= PlainFloor.PerSecond ? QueuedFloor : PlainFloor;
}

// Requests (接诉即办) under volume: a million generated cases, then the work list, the case view and
// search one request at a time; intake at fixed concurrency through the real endpoint against a
// bare INSERT endpoint on the same file; and a kill -9 in the middle of intake.
public sealed class RequestsBench(string appDll, string benchDll, string dataDir, BenchOptions options)
{
    private static readonly string[] Words = ["路灯", "漏水", "噪音", "电梯", "垃圾", "井盖", "快递", "停车"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly List<double> _loads = [];
    private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

    private Dictionary<string, string> Env => AppProcess.DemoEnvironment(dataDir, options.DemoHouseholds,
        ("Logging__LogLevel__Gongzhi", "Information"), ("Logging__LogLevel__Microsoft.Hosting.Lifetime", "Information"));

    public async Task<RequestsResult> RunAsync()
    {
        Console.WriteLine($"\n== requests: {options.Cases:N0} cases over the {options.DemoHouseholds:N0}-household demo ({dataDir})");
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);

        double firstStart;
        await using (var first = AppProcess.Start(appDll, Env))
            firstStart = (await first.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(30))).TotalSeconds;
        Console.WriteLine($"demo data: first start to /healthz {firstStart:0.0} s");

        _loads.Add(Machine.Load());
        var generation = await CaseGenerator.RunAsync(DatabasePath, options.Cases, seed: 2026, Console.WriteLine);
        _loads.Add(Machine.Load());
        var dbMb = Directory.EnumerateFiles(dataDir, "gongzhi.db*").Sum(f => new FileInfo(f).Length) / 1024.0 / 1024.0;
        Console.WriteLine($"generated {generation.Cases:N0} cases over {generation.SpanDays:0} days, {generation.Events:N0} timeline events, {generation.Referrals:N0} referrals "
            + $"in {generation.TotalSeconds:0.0} s (rows {generation.InsertSeconds:0.0} s, indexes {generation.IndexSeconds:0.0} s, ANALYZE {generation.AnalyzeSeconds:0.0} s); database {dbMb:N0} MB");
        Console.WriteLine($"  by status: {string.Join(", ", generation.ByStatus.Select(s => $"{s.Key}={s.Value:N0}"))}; open {generation.Open:N0}, of them overdue {generation.OpenOverdue:N0}");

        var facts = await Facts.LoadAsync(DatabasePath);
        List<ReadMeasure> reads;
        List<(string, int)> wordHits;
        await using (var app = AppProcess.Start(appDll, Env))
        {
            await app.WaitForOkAsync("/healthz", StartTimeout);
            (reads, wordHits) = await ReadsAsync(app, facts);
        }

        var intakeLoads = new List<double>();
        var floors = new List<LoadResult>();
        foreach (var queued in new[] { false, true })
        {
            await using var floorServer = AppProcess.Start(benchDll, new Dictionary<string, string>(), queued ? ["--intake-floor", DatabasePath, "--queued"] : ["--intake-floor", DatabasePath]);
            await floorServer.WaitForOkAsync("/healthz", StartTimeout);
            floors.Add(await IntakeAsync(floorServer, facts, token: null, queued ? "floor: bare INSERT endpoint, INSERTs queued in-process" : "floor: bare INSERT endpoint, plain"));
            intakeLoads.Add(Machine.Load());
        }
        LoadResult intake, single;
        await using (var app = AppProcess.Start(appDll, Env))
        {
            await app.WaitForOkAsync("/healthz", StartTimeout);
            var token = await LoginAsync(app.BaseAddress, "wangge.li");
            // One at a time first (what a single intake costs without waiting for others), before the
            // 32-connection run leaves the outbox a backlog of messages to send; after a busy warm-up,
            // so the runtime's background recompiling of hot code is not counted as an intake's cost.
            await Load.RunAsync(app.BaseAddress, options.Concurrency, TimeSpan.FromSeconds(options.IntakeWarmUpSeconds), TimeSpan.Zero,
                n => IntakeRequest(facts, token, "warm", n));
            single = await IntakeAsync(app, facts, token, "app: POST /api/v1/cases", connections: 1);
            intake = await IntakeAsync(app, facts, token, "app: POST /api/v1/cases");
            intakeLoads.Add(Machine.Load());
        }

        var crash = await CrashAsync(facts);
        _loads.AddRange(intakeLoads);
        if (!options.KeepData)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
        return new RequestsResult(options.DemoHouseholds, options.Concurrency, generation, dbMb, firstStart, reads, wordHits, floors[0], floors[1], intake, single, crash, _loads.Average(), intakeLoads.Average());
    }

    // ---- reads: one request at a time, as one person at a desk ----

    private async Task<(List<ReadMeasure>, List<(string, int)>)> ReadsAsync(AppProcess app, Facts facts)
    {
        var li = await ClientAsync(app.BaseAddress, "wangge.li");
        var tuanjie = await ClientAsync(app.BaseAddress, "tuanjie");
        // The case page as a person sees it: server-rendered HTML, signed in through the /login form.
        using var browser = await PageClientAsync(app.BaseAddress, "wangge.li");
        var r = new Random(5);
        var measures = new List<ReadMeasure>();
        var from = DateTime.UtcNow.AddHours(8).AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        string Word() => "/api/v1/cases?q=" + Uri.EscapeDataString(Words[r.Next(Words.Length)]);
        // The list filters with a word: a status (open ones are rare among a million) or the last 30 days.
        string Filtered() => Word() + (r.Next(3) == 0 ? "&from=" + from : "&status=" + new[] { 1, 2, 3, 4, 5 }[r.Next(5)]);

        // The last one is not a target: fewer requests.
        var plan = new (string Name, HttpClient Client, Func<string> Path, int Count)[]
        {
            ("work list, grid worker (wangge.li: own open cases)", li, () => "/api/v1/worklist", options.Requests),
            ("work list, grid 1 (wangge.li), pages 1-5", li, () => $"/api/v1/worklist?gridId={facts.GridOne}&page={1 + r.Next(5)}", options.Requests),
            ("work list, community staff (tuanjie: own + escalated, 4 grids)", tuanjie, () => "/api/v1/worklist", options.Requests),
            ("case view GET /api/v1/cases/{id} (wangge.li, grid 1)", li, () => $"/api/v1/cases/{facts.GridOneCases[r.Next(facts.GridOneCases.Length)]}", options.Requests),
            ("case page GET /cases/{id}, HTML (wangge.li, grid 1)", browser, () => $"/cases/{facts.GridOneCases[r.Next(facts.GridOneCases.Length)]}", options.Requests),
            ("search a word, grid worker (1 grid)", li, Word, options.Requests),
            ("search a word, community staff (4 grids)", tuanjie, Word, options.Requests),
            ("search a word + status or date filter, grid worker", li, Filtered, Math.Max(10, options.Requests / 5)),
        };
        // Warm-up for all of them first: the app's code is compiled ahead of time, but the runtime
        // still recompiles hot methods in the background, which would land on whichever measure came first.
        for (var round = 0; round < 3; round++)
            foreach (var (_, client, path, _) in plan)
                for (var i = 0; i < Math.Min(40, options.Requests); i++) await GetAsync(client, path());
        foreach (var (name, client, path, count) in plan)
        {
            var ms = new List<double>(count);
            double totals = 0;
            var cpu = app.Cpu;
            for (var i = 0; i < count; i++)
            {
                var p = path();
                var sw = Stopwatch.StartNew();
                totals += await GetAsync(client, p);
                ms.Add(sw.Elapsed.TotalMilliseconds);
            }
            var measure = new ReadMeasure(name, Latency.Of(ms), (app.Cpu - cpu).TotalMilliseconds / count, totals / count);
            measures.Add(measure);
            _loads.Add(Machine.Load());
            Console.WriteLine($"{name}: {measure.Latency.Format()} (app CPU {measure.CpuMs:0.0} ms/req; mean total {measure.MeanTotal:N0})");
        }

        // What each word finds, and how long that takes, per caller.
        var hits = new List<(string, int)>();
        foreach (var word in Words)
        {
            foreach (var (who, client) in new[] { ("wangge.li", li), ("tuanjie", tuanjie) })
            {
                var ms = new List<double>();
                var total = 0;
                for (var i = 0; i < 20; i++)
                {
                    var sw = Stopwatch.StartNew();
                    total = await GetAsync(client, "/api/v1/cases?q=" + Uri.EscapeDataString(word));
                    ms.Add(sw.Elapsed.TotalMilliseconds);
                }
                if (who == "wangge.li") hits.Add((word, total));
                Console.WriteLine($"  search {word} as {who}: {total:N0} cases, {Latency.Of(ms).Format()}");
            }
        }
        li.Dispose();
        tuanjie.Dispose();
        return (measures, hits);
    }

    // Returns the list's total where the answer has one.
    private static async Task<int> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        if (response.Content.Headers.ContentType?.MediaType != "application/json") return 0;
        using var json = JsonDocument.Parse(body);
        return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("total", out var t) ? t.GetInt32() : 0;
    }

    // ---- intake under load ----

    private async Task<LoadResult> IntakeAsync(AppProcess server, Facts facts, string? token, string name, int? connections = null)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var concurrency = connections ?? options.Concurrency;
        var result = await Load.RunAsync(server.BaseAddress, concurrency, TimeSpan.FromSeconds(options.IntakeWarmUpSeconds), TimeSpan.FromSeconds(options.IntakeSeconds),
            n => IntakeRequest(facts, token, run, n), serverCpu: () => server.Cpu);
        Console.WriteLine($"intake, {concurrency} connection{(concurrency == 1 ? "" : "s")}, {name}: {result.Format()}");
        return result;
    }

    private static HttpRequestMessage IntakeRequest(Facts facts, string? token, string run, long n)
    {
        var r = new Random(unchecked((int)n * 7919 + run.GetHashCode(StringComparison.Ordinal)));
        var home = facts.Homes[r.Next(facts.Homes.Length)];
        var category = facts.Categories[r.Next(facts.Categories.Length)];
        var person = home.People.Count > 0 ? home.People[r.Next(home.People.Count)] : null;
        var description = CaseTexts.Description(category.Code, r, home.Home.Building, home.Home.Entrance);
        var request = new HttpRequestMessage(HttpMethod.Post, token is null ? "/cases" : "/api/v1/cases");
        if (token is null)
        {
            // The floor gets what the app would have looked up itself.
            var h = home.Home;
            request.Content = JsonContent.Create(new IntakeFloor.FloorCase(category.Id, description, h.Id, h.BuildingId, h.EstateId, h.GridId, h.CommunityId,
                h.SubdistrictId, h.Address, facts.GridOneOwner.UserId, facts.GridOneOwner.Name, person?.Name, person?.Phone));
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", $"bench-{run}-{n}");
            // A door-to-door visit (上门走访) recorded by the grid worker, the caller linked by phone.
            request.Content = JsonContent.Create(new { categoryId = category.Id, description, householdId = home.Home.Id, channel = 3, callerName = person?.Name ?? "居民", callerPhone = person?.Phone });
        }
        return request;
    }

    // ---- kill -9 under load ----

    private async Task<CrashResult> CrashAsync(Facts facts)
    {
        var before = await MaxCaseIdAsync();
        var acknowledged = new ConcurrentBag<long>();
        var app = AppProcess.Start(appDll, Env);
        LoadResult load;
        double killedAfter;
        try
        {
            await app.WaitForOkAsync("/healthz", StartTimeout);
            var token = await LoginAsync(app.BaseAddress, "wangge.li");
            using var stop = new CancellationTokenSource();
            var run = Guid.NewGuid().ToString("N")[..8];
            var clock = Stopwatch.StartNew();
            var loadTask = Load.RunAsync(app.BaseAddress, options.Concurrency, TimeSpan.Zero, TimeSpan.FromHours(1), n => IntakeRequest(facts, token, run, n),
                onSuccess: body =>
                {
                    using var json = JsonDocument.Parse(body);
                    acknowledged.Add(json.RootElement.GetProperty("id").GetInt64());
                }, stop: stop.Token);
            // Somewhere in the middle of a busy stretch, not at a round moment.
            await Task.Delay(TimeSpan.FromSeconds(4 + new Random().NextDouble() * 4));
            killedAfter = clock.Elapsed.TotalSeconds;
            app.Kill();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stop.CancelAsync();
            load = await loadTask;
        }
        finally
        {
            await app.DisposeAsync();
        }
        var ids = acknowledged.ToHashSet();
        Console.WriteLine($"crash test: kill -9 after {killedAfter:0.0} s of load; {ids.Count:N0} cases acknowledged (2xx) before it");

        var restart = Stopwatch.StartNew();
        await using var again = AppProcess.Start(appDll, Env);
        await again.WaitForOkAsync("/healthz", StartTimeout);
        var restartSeconds = restart.Elapsed.TotalSeconds;

        // Every acknowledged case: its row, its first timeline line and its search terms (one transaction).
        await using var db = SearchMix.Open(DatabasePath);
        var inDb = await CountAsync(db, ids, "SELECT COUNT(*) FROM Cases WHERE Id IN ({0})");
        var complete = await CountAsync(db, ids, """
            SELECT COUNT(*) FROM Cases c WHERE c.Id IN ({0})
              AND EXISTS (SELECT 1 FROM CaseEvents e WHERE e.CaseId = c.Id AND e.Kind = 1)
              AND EXISTS (SELECT 1 FROM case_search s WHERE s.rowid = c.Id)
            """);
        var after = await MaxCaseIdAsync();
        var newRows = await SearchMix.ScalarAsync<long>(db, "SELECT COUNT(*) FROM Cases WHERE Id > $b", ("$b", before));
        var quick = string.Join("; ", await SearchMix.ListAsync(db, "PRAGMA quick_check", x => x.GetString(0)));

        using var client = await ClientAsync(again.BaseAddress, "wangge.li");
        var byApi = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, ct) =>
        {
            using var response = await client.GetAsync($"/api/v1/cases/{id}", ct);
            if (response.IsSuccessStatusCode) Interlocked.Increment(ref byApi);
        });
        var result = new CrashResult(ids.Count, inDb, complete, byApi, ids.Count - inDb, (int)newRows - inDb, killedAfter, restartSeconds, quick, load);
        Console.WriteLine($"  after restart ({restartSeconds:0.0} s to /healthz): {inDb:N0} of {ids.Count:N0} found in the database ({complete:N0} with timeline and search terms), "
            + $"{byApi:N0} through the API; missing {result.Missing}; committed but never acknowledged {result.CommittedUnacknowledged}; quick_check: {quick}; max id {before} -> {after}");
        return result;
    }

    private static async Task<int> CountAsync(Microsoft.Data.Sqlite.SqliteConnection db, HashSet<long> ids, string sql)
    {
        var found = 0;
        foreach (var chunk in ids.Chunk(500))
            found += (int)await SearchMix.ScalarAsync<long>(db, string.Format(CultureInfo.InvariantCulture, sql, string.Join(',', chunk)));
        return found;
    }

    private async Task<long> MaxCaseIdAsync()
    {
        await using var db = SearchMix.Open(DatabasePath);
        return await SearchMix.ScalarAsync<long>(db, "SELECT COALESCE(MAX(Id), 0) FROM Cases");
    }

    private static async Task<string> LoginAsync(Uri baseAddress, string user)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = "Gongzhi@2026" });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<HttpClient> PageClientAsync(Uri baseAddress, string user)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var form = await http.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (!token.Success) throw new InvalidOperationException("no anti-forgery token on /login");
        using var login = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = user,
            ["Input.Password"] = "Gongzhi@2026",
        }));
        if (login.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"login form answered {(int)login.StatusCode}");
        return http;
    }

    private static async Task<HttpClient> ClientAsync(Uri baseAddress, string user)
    {
        var token = await LoginAsync(baseAddress, user);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    // What the requests need from the generated data: grid 1 (wangge.li's), its homes and people, its cases.
    private sealed record Facts(long GridOne, Owner GridOneOwner, (Home Home, List<Person> People)[] Homes, Category[] Categories, long[] GridOneCases)
    {
        public static async Task<Facts> LoadAsync(string databasePath)
        {
            await using var db = SearchMix.Open(databasePath);
            var registry = await DemoRegistry.LoadAsync(db, DateTime.UtcNow);
            var gridOne = registry.Homes.Min(h => h.GridId);
            var homes = registry.Homes.Where(h => h.GridId == gridOne).Select(h => (h, registry.People.GetValueOrDefault(h.Id) ?? [])).ToArray();
            var cases = (await SearchMix.ListAsync(db, "SELECT Id FROM Cases WHERE GridId = $g ORDER BY random() LIMIT 5000", x => x.GetInt64(0), ("$g", gridOne))).ToArray();
            return new Facts(gridOne, registry.OwnerByGrid[gridOne], homes, registry.Categories.ToArray(), cases);
        }
    }
}
