using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gongzhi.Bench.Requests;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Volunteering;

public sealed record Rush(string Name, int Clients, int Granted, int Refused, int Other, SortedDictionary<string, int> Outcomes, Latency Latency, double WallSeconds, string Check,
    double CpuSeconds = double.NaN)
{
    // What the burst cost the server: on an idle machine with this many cores, the burst cannot be answered faster.
    public double CpuMsPerRequest => CpuSeconds * 1000 / Clients;
}

public sealed record VolunteeringResult(int Clients, double LoginSeconds, Rush Rewards, Rush Shift, LoadResult Postings, int FloorPostings, double FloorSeconds, string LedgerCheck, double LoadAverage)
{
    public double FloorPerSecond => FloorPostings / FloorSeconds;
}

// Volunteering under a rush, through the published app over HTTP: 2,000 signed-in volunteers
// press "redeem" on a reward with 20 in stock at the same instant, then "sign up" on a shift with
// 50 places; exactly 20 and 50 may win. Then ledger postings (redemptions of a deep-shelf reward)
// at fixed concurrency against the hand-written SQL floor on the same file.
public sealed class VolunteeringBench(string appDll, string dataDir, BenchOptions options)
{
    private const int Clients = 2_000;
    private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

    private Dictionary<string, string> Env => AppProcess.DemoEnvironment(dataDir, 1000);

    public async Task<VolunteeringResult> RunAsync()
    {
        Console.WriteLine($"\n== volunteering: {Clients:N0}-client rushes, ledger postings ({dataDir})");
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);
        await using (var first = AppProcess.Start(appDll, Env))
            await first.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(10));
        var facts = await VolunteeringSetup.RunAsync(DatabasePath, Clients);
        var loads = new List<double> { Machine.Load() };

        Rush rewards, shift;
        LoadResult postings;
        double loginSeconds;
        await using (var app = AppProcess.Start(appDll, Env))
        {
            await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(3));
            var watch = Stopwatch.StartNew();
            var tokens = await LoginAllAsync(app.BaseAddress, facts.UserNames);
            loginSeconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"{tokens.Count:N0} volunteers signed in in {loginSeconds:0} s");
            // Warm the two endpoints (JIT, EF's compiled queries) on other rewards and shifts' refusals.
            await RushAsync(app.BaseAddress, tokens.Take(50).ToList(), null, t => Post("/api/v1/points/redemptions", t, new { rewardId = 999_999_999 }), "warm-up");

            var cpu = app.Cpu;
            rewards = await RushAsync(app.BaseAddress, tokens, Connections, t => Post("/api/v1/points/redemptions", t, new { rewardId = facts.RewardId }), Label("redeem a reward with stock 20"));
            rewards = rewards with { Check = await CheckRewardAsync(facts), CpuSeconds = (app.Cpu - cpu).TotalSeconds };
            Console.WriteLine(Describe(rewards));
            loads.Add(Machine.Load());
            cpu = app.Cpu;
            shift = await RushAsync(app.BaseAddress, tokens, Connections, t => Post($"/api/v1/volunteer/shifts/{facts.ShiftId}/signup", t, new { }), Label("sign up for a shift of 50"));
            shift = shift with { Check = await CheckShiftAsync(facts), CpuSeconds = (app.Cpu - cpu).TotalSeconds };
            Console.WriteLine(Describe(shift));
            loads.Add(Machine.Load());

            // Ledger postings: each a redemption (stock, a double-entry posting, the redemption row) at 32 connections.
            var list = tokens.ToArray();
            await Load.RunAsync(app.BaseAddress, options.Concurrency, TimeSpan.FromSeconds(5), TimeSpan.Zero, n => Post("/api/v1/points/redemptions", list[n % list.Length], new { rewardId = facts.BulkRewardId }));
            postings = await Load.RunAsync(app.BaseAddress, options.Concurrency, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(options.IntakeSeconds),
                n => Post("/api/v1/points/redemptions", list[n % list.Length], new { rewardId = facts.BulkRewardId }), serverCpu: () => app.Cpu);
            Console.WriteLine($"ledger postings through POST /api/v1/points/redemptions at {options.Concurrency} connections: {postings.Format()}");
            loads.Add(Machine.Load());
        }
        var shop = await ShopAccountAsync(facts.CommunityId);
        var volunteer = await FirstVolunteerAsync(facts.VolunteerAccounts[0]);
        var (floorN, floorSeconds) = await LedgerFloor.RunAsync(DatabasePath, facts.BulkRewardId, facts.VolunteerAccounts, shop, volunteer, TimeSpan.FromSeconds(options.IntakeSeconds));
        Console.WriteLine($"floor: the same writes by hand through Microsoft.Data.Sqlite, one connection: {floorN / floorSeconds:N0} postings/s");
        var ledger = await CheckLedgerAsync();
        Console.WriteLine($"ledger after the run: {ledger}");
        if (!options.KeepData)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
        return new VolunteeringResult(Clients, loginSeconds, rewards, shift, postings, floorN, floorSeconds, ledger, loads.Average());
    }

    private static string Describe(Rush r) =>
        $"{r.Name}: {r.Granted} granted, {r.Refused} refused (409), {r.Other} other [{string.Join(", ", r.Outcomes.Select(o => $"{o.Key}: {o.Value}"))}] in {r.WallSeconds:0.00} s; {r.Latency.Format()}; server CPU {r.CpuMsPerRequest:0.00} ms/request; {r.Check}";

    private static HttpRequestMessage Post(string path, string token, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    // All clients at once on their own connections, or (--paced) through a few connections, each client's
    // request sent as soon as a connection is free, as a front proxy or the activities rush would pace them.
    private int? Connections => options.Paced ? options.Concurrency : null;

    private string Label(string what) => what + (options.Paced ? $", paced through {options.Concurrency} connections" : ", all released at once");

    // Every client on its own connection, already open, all released at the same instant; with connections
    // given, at most that many requests in flight, latency counted from each request's own send.
    private static async Task<Rush> RushAsync(Uri baseAddress, IReadOnlyList<string> tokens, int? connections, Func<string, HttpRequestMessage> request, string name)
    {
        using var slots = new SemaphoreSlim(connections ?? tokens.Count);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections ?? tokens.Count, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, ConnectTimeout = TimeSpan.FromSeconds(30) };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        // Open the connections first (a cheap GET each, in parallel), so the rush measures the requests, not TCP set-up.
        await Task.WhenAll(Enumerable.Range(0, connections ?? tokens.Count).Select(async _ => { using var r = await http.GetAsync("/healthz"); }));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var samples = new ConcurrentBag<double>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var tasks = tokens.Select(async t =>
        {
            using var message = request(t);
            await gate.Task;
            await slots.WaitAsync();
            var started = clock.Elapsed;
            try
            {
                using var response = await http.SendAsync(message);
                await response.Content.ReadAsByteArrayAsync();
                samples.Add((clock.Elapsed - started).TotalMilliseconds);
                outcomes.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, v) => v + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                outcomes.AddOrUpdate(e.GetType().Name, 1, (_, v) => v + 1);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.Delay(200);
        var start = clock.Elapsed;
        gate.SetResult();
        await Task.WhenAll(tasks);
        var wall = (clock.Elapsed - start).TotalSeconds;
        var sorted = new SortedDictionary<string, int>(outcomes, StringComparer.Ordinal);
        var granted = sorted.Where(o => o.Key is "200" or "201").Sum(o => o.Value);
        var refused = sorted.GetValueOrDefault("409");
        return new Rush(name, tokens.Count, granted, refused, tokens.Count - granted - refused, sorted, Latency.Of(samples.ToList()), wall, "");
    }

    private static async Task<List<string>> LoginAllAsync(Uri baseAddress, IReadOnlyList<string> names)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var tokens = new string[names.Count];
        var next = -1;
        // Password hashing is the cost here (PBKDF2), so a few at a time: the server has two cores.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < names.Count)
            {
                using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = names[i], password = "Gongzhi@2026" });
                response.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                tokens[i] = json.RootElement.GetProperty("accessToken").GetString()!;
            }
        }));
        return tokens.ToList();
    }

    private async Task<T> ScalarAsync<T>(string sql, params (string, object)[] p)
    {
        await using var c = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (k, v) in p) cmd.Parameters.AddWithValue(k, v);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    private async Task<string> CheckRewardAsync(RushFacts f)
    {
        var stock = await ScalarAsync<long>("SELECT Stock FROM Rewards WHERE Id = $r", ("$r", f.RewardId));
        var rows = await ScalarAsync<long>("SELECT count(*) FROM Redemptions WHERE RewardId = $r", ("$r", f.RewardId));
        var spent = await ScalarAsync<long>("SELECT count(*) FROM PointsAccounts WHERE Code LIKE 'volunteer:%' AND Balance = 950");
        return $"database: {rows} redemptions, stock {stock}, {spent} volunteers at 950 points";
    }

    private async Task<string> CheckShiftAsync(RushFacts f)
    {
        var taken = await ScalarAsync<long>("SELECT Taken FROM Shifts WHERE Id = $s", ("$s", f.ShiftId));
        var rows = await ScalarAsync<long>("SELECT count(*) FROM ShiftSignups WHERE ShiftId = $s AND Status = 0", ("$s", f.ShiftId));
        return $"database: {rows} sign-ups, Taken {taken} of 50";
    }

    private async Task<string> CheckLedgerAsync()
    {
        var unbalanced = await ScalarAsync<long>("SELECT count(*) FROM (SELECT TransactionId FROM PointsEntries GROUP BY TransactionId HAVING sum(Amount) <> 0)");
        var drift = await ScalarAsync<long>("SELECT count(*) FROM PointsAccounts a WHERE a.Balance <> coalesce((SELECT sum(Amount) FROM PointsEntries e WHERE e.AccountId = a.Id), 0)");
        var negative = await ScalarAsync<long>("SELECT count(*) FROM PointsAccounts WHERE Kind <> 0 AND Balance < 0");
        var transactions = await ScalarAsync<long>("SELECT count(*) FROM PointsTransactions");
        return $"{transactions:N0} transactions; {unbalanced} not summing to zero, {drift} balances off their entries, {negative} negative";
    }

    private Task<long> ShopAccountAsync(long community) => ScalarAsync<long>("SELECT Id FROM PointsAccounts WHERE Code = $c", ("$c", $"shop:{community}"));

    private Task<long> FirstVolunteerAsync(long account) => ScalarAsync<long>("SELECT VolunteerId FROM PointsAccounts WHERE Id = $a", ("$a", account));
}

public static class VolunteeringReport
{
    public static string Table(VolunteeringResult r)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### Volunteering: {r.Clients:N0}-client rushes (load average {r.LoadAverage:0.0})");
        sb.AppendLine();
        sb.AppendLine("| rush | granted | refused (409) | other | p50 | p95 | p99 | all answered in | server CPU | database check |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var x in new[] { r.Rewards, r.Shift })
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {x.Name} | {x.Granted} | {x.Refused} | {x.Other} | {x.Latency.P50:0} ms | {x.Latency.P95:0} ms | {x.Latency.P99:0} ms | {x.WallSeconds:0.00} s | {x.CpuMsPerRequest:0.00} ms/request | {x.Check} |");
        sb.AppendLine();
        sb.AppendLine("| ledger postings | per second | latency | server CPU |");
        sb.AppendLine("|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| app: POST /api/v1/points/redemptions, 32 connections | {r.Postings.PerSecond:N0} | {r.Postings.Latency.Format()} | {r.Postings.CpuMsPerRequest:0.00} ms/posting |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| floor: the same writes through Microsoft.Data.Sqlite, one connection | {r.FloorPerSecond:N0} | | |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Ledger after the run: {r.LedgerCheck}. Sign-in of the {r.Clients:N0} volunteers (not timed in the rushes): {r.LoginSeconds:0} s.");
        return sb.ToString();
    }
}
