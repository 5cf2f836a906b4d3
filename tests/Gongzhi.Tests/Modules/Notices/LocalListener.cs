using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gongzhi.Tests.Modules.Notices;

// A real HTTP server on a free local port standing in for another system (a webhook receiver, the
// SMS provider): records every request and answers what the test says.
public sealed class LocalListener : IDisposable
{
    public sealed record Received(string Method, string PathAndQuery, Dictionary<string, string> Headers, string Body);

    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public ConcurrentQueue<Received> Requests { get; } = new();
    public Func<Received, (int Status, string Body)> Answer { get; set; } = _ => (200, "ok");
    public string Url { get; }

    public LocalListener()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = ctx.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => ctx.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var received = new Received(ctx.Request.HttpMethod, ctx.Request.RawUrl ?? "", headers, body);
            Requests.Enqueue(received);
            var (status, answer) = Answer(received);
            ctx.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(answer);
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
    }
}
