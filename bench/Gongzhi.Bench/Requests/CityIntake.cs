using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace Gongzhi.Bench.Requests;

// One measure through nginx: the load, and the CPU per answered request of the database and of the two proxies,
// read over the same window as the load's server CPU.
public sealed record CityStep(LoadResult Load, double DbCpuMs, double ProxyCpuMs, double LoadAverage);

// IdleMsPerSecond: the instances' CPU over 5 s with no requests just before the timed loads (SettleAsync): context for the
// CPU per intake, which counts all of it. Not subtracted: it is not what the same background work costs under load.
public sealed record CityIntakeRun(string Build, int Round, double RestartSeconds, int WarmedUp, double IdleMsPerSecond, CityStep Single, CityStep Loaded);

public sealed record CityIntakeResult(CityStep Floor, List<CityIntakeRun> Runs, int Concurrency, int Instances, string Cluster, string BaselineDir, string AppDir, string? InstanceEnv);

// Intake on the local cluster (deploy/cluster.sh), through its nginx (`--only city-intake --cluster DIR --port-base N
// --baseline DIR`). First the floor: one bare-INSERT process per instance (--intake-floor-pg, the instances' own
// connection string through PgBouncer) behind the same nginx on base+79 (`cluster.sh floor-nginx`). Then --runs rounds
// of main, this: the cluster's instances stopped and started with that build (`cluster.sh stop-app/start-app` with
// GONGZHI_APP), warmed up by count, then one and --concurrency connections through nginx. CPU per intake: the
// instances' processes (their pids from the cluster's run folder), the primary's postgres processes, and nginx +
// PgBouncer. The instances are left running this build (started once more without --instance-env if one was given).
public sealed class CityIntake(string appDir, string benchDll, string root, BenchOptions options)
{
    private readonly string _cluster = Path.GetFullPath(options.Cluster ?? throw new ArgumentException("--only city-intake needs --cluster DIR (a cluster of deploy/cluster.sh up)"));
    private string Run(string name) => Path.Combine(_cluster, "run", name);

    public async Task<CityIntakeResult> RunAsync()
    {
        var baselineDir = Path.GetFullPath(options.Baseline ?? throw new ArgumentException("--only city-intake needs --baseline DIR (an app published from main)"));
        if (!File.Exists(Path.Combine(baselineDir, "Gongzhi.Web.dll"))) throw new FileNotFoundException("no Gongzhi.Web.dll in the baseline folder", baselineDir);
        var nginx = new Uri($"http://127.0.0.1:{options.PortBase + 80}");
        var floorNginx = new Uri($"http://127.0.0.1:{options.PortBase + 79}");
        var connection = ReadEnv("Database__ConnectionString");
        Console.WriteLine($"\n== city intake on {_cluster}: {options.Instances} instances through nginx {nginx}, floor through {floorNginx}");
        // Setup reads the demo community only (wangge.li's grid): the cluster may hold 20 million cases.
        var facts = await IntakeFacts.LoadAsync(new NpgsqlConnection(connection));

        CityStep floor;
        var floors = new List<AppProcess>();
        try
        {
            for (var i = 0; i < options.Instances; i++) floors.Add(AppProcess.Start(benchDll, new Dictionary<string, string>(), ["--intake-floor-pg", connection]));
            foreach (var f in floors) await f.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(2));
            await ClusterAsync(null, ["floor-nginx", .. floors.Select(f => f.BaseAddress.Port.ToString(CultureInfo.InvariantCulture))]);
            floor = await StepAsync(floorNginx, options.Concurrency, TimeSpan.FromSeconds(options.IntakeWarmUpSeconds), n => facts.Request(null, "cityfloor", n),
                () => floors.Aggregate(TimeSpan.Zero, (sum, f) => sum + f.Cpu));
            Console.WriteLine($"  floor, {options.Concurrency} connections: {floor.Load.Format()}; PostgreSQL {floor.DbCpuMs:0.00} ms, nginx + PgBouncer {floor.ProxyCpuMs:0.00} ms per request (load average {floor.LoadAverage:0.0})");
        }
        finally
        {
            await ClusterAsync(null, ["floor-nginx"]);
            foreach (var f in floors) await f.DisposeAsync();
        }

        var runs = new List<CityIntakeRun>();
        for (var round = 1; round <= options.Runs; round++)
        {
            foreach (var (build, dir) in new[] { ("main", baselineDir), ("this", appDir) })
            {
                var restart = await RestartAsync(dir, options.InstanceEnv);
                var token = await IntakeAb.LoginAsync(nginx, "wangge.li");
                var run = $"city-{build}{round}-{Guid.NewGuid().ToString("N")[..6]}";
                var (warmed, warmSeconds) = await IntakeAb.WarmUpAsync(nginx, facts, token, run, options.WarmUpIntakes * options.Instances, options);
                var (idle, settled) = await SettleAsync();
                Console.WriteLine($"  {build} round {round}: restarted in {restart:0} s, warmed up ({warmed:N0} intakes in {warmSeconds:0} s), "
                    + $"idle {idle:0} ms CPU/s after {settled:0} s (load average {Machine.Load():0.0})");
                var single = await StepAsync(nginx, 1, TimeSpan.FromSeconds(1), n => facts.Request(token, run + "s", n), InstancesCpu);
                Console.WriteLine($"  {build} round {round}: 1 connection {single.Load.Format()}; PostgreSQL {single.DbCpuMs:0.00} ms (load average {single.LoadAverage:0.0})");
                var loaded = await StepAsync(nginx, options.Concurrency, TimeSpan.FromSeconds(1), n => facts.Request(token, run + "c", n), InstancesCpu);
                Console.WriteLine($"  {build} round {round}: {options.Concurrency} connections {loaded.Load.Format()}; PostgreSQL {loaded.DbCpuMs:0.00} ms, nginx + PgBouncer {loaded.ProxyCpuMs:0.00} ms (load average {loaded.LoadAverage:0.0})");
                runs.Add(new CityIntakeRun(build, round, restart, warmed, idle, single, loaded));
            }
        }
        if (options.InstanceEnv is not null)
            Console.WriteLine($"  instances started again with this build as configured (without {options.InstanceEnv}) in {await RestartAsync(appDir, null):0} s");
        return new CityIntakeResult(floor, runs, options.Concurrency, options.Instances, _cluster, baselineDir, appDir, options.InstanceEnv);
    }

    // After a start and the warm-up the instances keep busy on their own for a minute or two on a loaded machine (startup
    // sweeps, the runtime recompiling hot methods: 700-900 ms of CPU a second for three instances in a dev run), which the
    // CPU per intake would count. Wait, in 5 s steps up to 2 minutes, until they are nearly idle (20 ms/s an instance;
    // a settled instance used 2-4). Returns the last step's idle CPU in ms per second and the seconds waited.
    private async Task<(double MsPerSecond, double Seconds)> SettleAsync()
    {
        var clock = Stopwatch.StartNew();
        double idle;
        do
        {
            var from = InstancesCpu();
            await Task.Delay(TimeSpan.FromSeconds(5));
            idle = (InstancesCpu() - from).TotalMilliseconds / 5;
        }
        while (idle > 20 * options.Instances && clock.Elapsed < TimeSpan.FromMinutes(2));
        return (idle, clock.Elapsed.TotalSeconds);
    }

    // Load reads the server's CPU at the first answer in its window and at its end; the database's and the proxies'
    // CPU are read at the same two moments, so all three are per answered request of the same window.
    private async Task<CityStep> StepAsync(Uri target, int connections, TimeSpan warmUp, Func<long, HttpRequestMessage> next, Func<TimeSpan> serverCpu)
    {
        var marks = new List<(TimeSpan Db, TimeSpan Proxies)>();
        TimeSpan Read()
        {
            lock (marks) marks.Add((PostgresCpu(), ProxiesCpu()));
            return serverCpu();
        }
        var load = await Load.RunAsync(target, connections, warmUp, TimeSpan.FromSeconds(options.IntakeSeconds), next, serverCpu: Read);
        double PerRequest(Func<(TimeSpan Db, TimeSpan Proxies), TimeSpan> pick) =>
            marks.Count < 2 || load.Completed == 0 ? double.NaN : (pick(marks[^1]) - pick(marks[0])).TotalMilliseconds / load.Completed;
        return new CityStep(load, PerRequest(m => m.Db), PerRequest(m => m.Proxies), Machine.Load());
    }

    // Every instance stopped (SIGTERM, waited for), then started with the build in dir (and --instance-env over the
    // cluster's environment): the first alone, as `up` does, in case a build has a migration to apply; the others side by
    // side. Returns the wall time in seconds.
    private async Task<double> RestartAsync(string dir, string? env)
    {
        var clock = Stopwatch.StartNew();
        var all = Enumerable.Range(1, options.Instances).ToArray();
        await Task.WhenAll(all.Select(n => ClusterAsync(null, ["stop-app", $"{n}"])));
        await ClusterAsync(dir, ["start-app", "1"], env);
        await Task.WhenAll(all.Skip(1).Select(n => ClusterAsync(dir, ["start-app", $"{n}"], env)));
        return clock.Elapsed.TotalSeconds;
    }

    private async Task ClusterAsync(string? app, string[] args, string? env = null)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(root, "deploy", "cluster.sh"));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["GONGZHI_CLUSTER"] = _cluster;
        info.Environment["GONGZHI_PORT_BASE"] = options.PortBase.ToString(CultureInfo.InvariantCulture);
        info.Environment["GONGZHI_INSTANCES"] = options.Instances.ToString(CultureInfo.InvariantCulture);
        if (app is not null) info.Environment["GONGZHI_APP"] = app;
        info.Environment["GONGZHI_APP_ENV"] = env ?? "";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} failed ({p.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    private string ReadEnv(string key) =>
        File.ReadLines(Path.Combine(_cluster, "conf", "gongzhi.env")).Select(l => l.Split('=', 2)).FirstOrDefault(kv => kv[0] == key)?[1]
        ?? throw new InvalidOperationException($"no {key} in {_cluster}/conf/gongzhi.env");

    private TimeSpan InstancesCpu() =>
        Enumerable.Range(1, options.Instances).Aggregate(TimeSpan.Zero, (sum, n) => sum + ProcCpu.Of(PidIn(Run($"app{n}.pid")), children: false));

    // The primary's postmaster and its children, and the postmaster's waited-for children: a backend that exits
    // between the two readings moves its time into the postmaster's cutime, so nothing is lost or counted twice.
    private TimeSpan PostgresCpu() => ProcCpu.Tree(PidIn(Path.Combine(_cluster, "pg", "primary", "postmaster.pid")));

    private TimeSpan ProxiesCpu() => ProcCpu.Tree(PidIn(Run("nginx.pid"))) + ProcCpu.Of(PidIn(Run("pgbouncer.pid")), children: false);

    private static int PidIn(string file) =>
        File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault()?.Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : 0;

    public static string Table(CityIntakeResult r)
    {
        var lines = new List<string>
        {
            $"| intake through nginx ({r.Instances} instances) | build | round | app CPU per intake | instances idle | PostgreSQL CPU | nginx + PgBouncer CPU | throughput, {r.Concurrency} connections | p50 / p95 / p99 | one connection: per s; p50 / p95 / p99; app CPU | load average |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        };
        var f = r.Floor;
        lines.Add(FormattableString.Invariant($"| floor: bare INSERT ×{r.Instances} processes | | | {f.Load.CpuMsPerRequest:0.00} ms | | {f.DbCpuMs:0.00} ms | {f.ProxyCpuMs:0.00} ms | {f.Load.PerSecond:N0}/s{Failures(f.Load)} | {Percentiles(f.Load)} | | {f.LoadAverage:0.0} |"));
        foreach (var x in r.Runs)
        {
            var l = x.Loaded;
            lines.Add(FormattableString.Invariant($"| intake | {x.Build} | {x.Round} | **{l.Load.CpuMsPerRequest:0.00} ms** | {x.IdleMsPerSecond:0} ms/s | {l.DbCpuMs:0.00} ms | {l.ProxyCpuMs:0.00} ms | {l.Load.PerSecond:N0}/s{Failures(l.Load)} | {Percentiles(l.Load)} | {x.Single.Load.PerSecond:N0}/s; {Percentiles(x.Single.Load)}; {x.Single.Load.CpuMsPerRequest:0.00} ms | {x.Single.LoadAverage:0.0} / {l.LoadAverage:0.0} |"));
        }
        double Med(string build, Func<CityIntakeRun, double> pick) => Median.Of(r.Runs.Where(x => x.Build == build).Select(pick));
        double Cpu(string b) => Med(b, x => x.Loaded.Load.CpuMsPerRequest);
        double Db(string b) => Med(b, x => x.Loaded.DbCpuMs);
        double Rate(string b) => Med(b, x => x.Loaded.Load.PerSecond);
        double P99(string b) => Med(b, x => x.Loaded.Load.Latency.P99);
        lines.Add(FormattableString.Invariant($"| **this / main** (medians) | | | **{Cpu("this") / Cpu("main"):0.00}×** ({Cpu("main"):0.00} → {Cpu("this"):0.00} ms) | | {Db("this") / Db("main"):0.00}× ({Db("main"):0.00} → {Db("this"):0.00} ms) | | {Rate("this") / Rate("main"):0.00}× | p99 {P99("this") / P99("main"):0.00}× | | |"));
        lines.Add(FormattableString.Invariant($"| **this / floor** | | | {Cpu("this") / f.Load.CpuMsPerRequest:0.0}× | | {Db("this") / f.DbCpuMs:0.0}× | | {Rate("this") / f.Load.PerSecond:0.00}× | p99 {P99("this") / f.Load.Latency.P99:0.0}× | | |"));
        return $"Intake through nginx on {r.Cluster} (baseline {r.BaselineDir}, this {r.AppDir}{(r.InstanceEnv is null ? "" : "; instances with " + r.InstanceEnv)})\n\n" + string.Join('\n', lines);
    }

    private static string Percentiles(LoadResult l) => FormattableString.Invariant($"{l.Latency.P50:0.0} / {l.Latency.P95:0.0} / {l.Latency.P99:0.0} ms");

    private static string Failures(LoadResult l) => l.Failed > 0 ? $" ({l.Failed} failed: {string.Join(", ", l.Outcomes.Select(o => $"{o.Key} {o.Value}"))})" : "";
}

// CPU time of processes that are not this bench's children, from /proc/PID/stat (utime, stime, cutime, cstime in clock ticks).
public static class ProcCpu
{
    private static readonly double TicksPerSecond = SysConf(2 /* _SC_CLK_TCK */) is > 0 and var t ? t : 100;

    public static TimeSpan Of(int pid, bool children)
    {
        var f = Fields(pid);
        if (f is null) return TimeSpan.Zero;
        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        if (children) ticks += long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    // A parent (with the children it has waited for) and its living children.
    public static TimeSpan Tree(int parent)
    {
        if (parent == 0) return TimeSpan.Zero;
        var sum = Of(parent, children: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) || pid == parent) continue;
            var f = Fields(pid);
            if (f is not null && f[1] == parent.ToString(CultureInfo.InvariantCulture)) sum += Of(pid, children: false);
        }
        return sum;
    }

    // The fields after "(comm)" (which may hold spaces): state is [0], ppid [1], utime [11], stime [12], cutime [13], cstime [14].
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
