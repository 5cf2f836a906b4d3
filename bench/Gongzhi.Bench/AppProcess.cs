using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gongzhi.Bench;

// One run of a .NET web app as its own process on a free loopback port, the way it is deployed:
// `dotnet App.dll --urls http://127.0.0.1:<port>`. Output is kept so callers can read what it printed.
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Stopwatch _sinceStart;

    public Uri BaseAddress { get; }

    // CPU time the app has used so far, all threads: unlike wall time, hardly moved by other work on the machine.
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public TimeSpan CpuAtFirstOk { get; private set; }
    public IEnumerable<string> Output => _output;

    private AppProcess(Process process, Uri baseAddress, Stopwatch sinceStart)
    {
        _process = process;
        BaseAddress = baseAddress;
        _sinceStart = sinceStart;
    }

    // The app as the benches run it: production settings on its own data directory, demo data of the given
    // size made on the first start, a fixed privacy key (bench data only), request logging off as in production.
    public static Dictionary<string, string> DemoEnvironment(string dataDir, int households, params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DataDirectory"] = dataDir,
            ["Demo__Enabled"] = "true",
            ["Demo__Households"] = households.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Privacy__Key"] = BenchPrivacyKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    private static readonly string BenchPrivacyKey = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());

    public static AppProcess Start(string dll, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? extraArgs = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in extraArgs ?? []) info.ArgumentList.Add(a);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment) info.Environment[k] = v;

        var watch = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var app = new AppProcess(process, baseAddress, watch);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) app._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) app._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    // Time from process start to the first 200 from path: connection refusals and non-200 answers are retried.
    public async Task<TimeSpan> WaitForOkAsync(string path, TimeSpan timeout)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, ConnectTimeout = TimeSpan.FromSeconds(2) };
        using var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        while (_sinceStart.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the app exited with {_process.ExitCode}:\n{string.Join('\n', _output.TakeLast(40))}");
            try
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    await response.Content.ReadAsByteArrayAsync();
                    var wall = _sinceStart.Elapsed;
                    CpuAtFirstOk = Cpu;
                    return wall;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (_sinceStart.Elapsed < timeout)
            {
                // the 2 s connect timeout on a loaded machine: not up yet either
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"no 200 from {path} within {timeout}:\n{string.Join('\n', _output.TakeLast(40))}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // kill -9: no shutdown, no closing of connections, as a power cut or the OOM killer would end it.
    public void Kill()
    {
        if (_process.HasExited) return;
        if (Terminate(_process.Id, 9) != 0) _process.Kill();
        _process.WaitForExit();
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            // SIGTERM first, as a service manager would stop it: the app closes its SQLite connections,
            // which folds the write-ahead log back into the file; a killed app leaves the next start to replay it.
            if (Terminate(_process.Id, 15) == 0)
            {
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try { await _process.WaitForExitAsync(grace.Token); } catch (OperationCanceledException) { }
            }
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);
}
