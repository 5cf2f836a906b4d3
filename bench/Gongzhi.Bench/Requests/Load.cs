using System.Diagnostics;

namespace Gongzhi.Bench.Requests;

public sealed record LoadResult(int Completed, int Failed, double Seconds, Latency Latency, SortedDictionary<string, int> Outcomes, double CpuSeconds)
{
    public double PerSecond => Completed / Seconds;

    // The server's CPU per answered request: other work on the machine hardly moves it.
    public double CpuMsPerRequest => Completed == 0 ? double.NaN : CpuSeconds * 1000 / Completed;

    public string Format() => FormattableString.Invariant(
        $"{PerSecond:N0} req/s ({Completed:N0} in {Seconds:0} s), {Latency.Format()}, server CPU {CpuMsPerRequest:0.00} ms/req{(Failed > 0 ? $", {Failed} failed" : "")} [{string.Join(", ", Outcomes.Select(o => $"{o.Key}: {o.Value}"))}]");
}

// A closed-loop load generator: `concurrency` workers, each on its own keep-alive connection, each
// sending its next request as soon as the last one is answered. Requests during the warm-up are
// not counted; the figures are the responses that arrive inside the timed window after it.
// Runs until the window ends or `stop` is cancelled (the crash test stops it by killing the server).
public static class Load
{
    public static async Task<LoadResult> RunAsync(Uri baseAddress, int concurrency, TimeSpan warmUp, TimeSpan window,
        Func<long, HttpRequestMessage> next, Action<string>? onSuccess = null, Func<TimeSpan>? serverCpu = null, CancellationToken stop = default)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        var windowEnd = warmUp + window;
        long sequence = 0;
        TimeSpan? cpuStart = null;
        var startGate = new object();
        var samples = new List<double>[concurrency];
        var outcomes = new Dictionary<string, int>[concurrency];
        var failed = new int[concurrency];

        async Task Worker(int w)
        {
            var mine = samples[w] = [];
            var seen = outcomes[w] = [];
            while (!stop.IsCancellationRequested && clock.Elapsed < windowEnd)
            {
                using var request = next(Interlocked.Increment(ref sequence));
                var started = clock.Elapsed;
                try
                {
                    using var response = await http.SendAsync(request, stop);
                    var body = await response.Content.ReadAsStringAsync(stop);
                    var ended = clock.Elapsed;
                    if (response.IsSuccessStatusCode) onSuccess?.Invoke(body);
                    if (ended < warmUp || ended > windowEnd) continue;
                    if (cpuStart is null && serverCpu is not null)
                        lock (startGate) cpuStart ??= serverCpu();
                    var key = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    seen[key] = seen.GetValueOrDefault(key) + 1;
                    if (response.IsSuccessStatusCode) mine.Add((ended - started).TotalMilliseconds);
                    else failed[w]++;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (stop.IsCancellationRequested) break;
                    var key = e is HttpRequestException { HttpRequestError: var kind } ? kind.ToString() : e.GetType().Name;
                    seen[key] = seen.GetValueOrDefault(key) + 1;
                    failed[w]++;
                    await Task.Delay(20, CancellationToken.None);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(() => Worker(w), CancellationToken.None)));
        var cpu = serverCpu is not null && cpuStart is { } c0 ? (serverCpu() - c0).TotalSeconds : double.NaN;
        var seconds = Math.Max(0.001, Math.Min(clock.Elapsed.TotalSeconds, windowEnd.TotalSeconds) - warmUp.TotalSeconds);
        var all = samples.SelectMany(s => s).ToList();
        var merged = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var o in outcomes.Where(o => o is not null))
            foreach (var (k, v) in o) merged[k] = merged.GetValueOrDefault(k) + v;
        return new LoadResult(all.Count, failed.Sum(), seconds, Latency.Of(all), merged, cpu);
    }
}
