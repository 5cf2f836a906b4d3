using System.Net;
using Gongzhi.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

// The real app on a real loopback port (Kestrel, its own SQLite file): what every browser test's host
// shares. Subclasses say only what differs — the demo's size, a privacy key, an outside listener.
public abstract class LoopbackApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gongzhi-browser", Guid.NewGuid().ToString("N"));

    public Uri BaseAddress { get; private set; } = default!;

    protected LoopbackApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    // Settings on top of the shared ones (Testing, SQLite in the data folder, warnings only in the log).
    protected abstract IReadOnlyDictionary<string, string> Settings { get; }

    protected static string KeyFrom(int first) => Convert.ToBase64String(Enumerable.Range(first, 32).Select(i => (byte)i).ToArray());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", "");
        builder.UseSetting("DataDirectory", _dataDirectory);
        // Fewer password-hash rounds than the shipped 100,000, as in the integration tests (they cost CPU, not coverage).
        builder.UseSetting("Accounts:PasswordHashIterations", "1000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" }));
    }

    public virtual Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        Directory.CreateDirectory(BrowserApp.ScreenshotDirectory);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address");
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        return Task.CompletedTask;
    }

    public GongzhiDb NewDb() => Services.CreateScope().ServiceProvider.GetRequiredService<IDbContextFactory<GongzhiDb>>().CreateDbContext();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}

// Debian's chromium driven by Playwright. Playwright never downloads a browser here.
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        // Two cores shared with the server: give slow renders room before an expectation fails.
        Assertions.SetDefaultExpectTimeout(15_000);
        return (playwright, browser);
    }

    public static async Task<IPage> NewPageAsync(this IBrowser browser, Uri baseAddress, int width, int height, string? userAgent = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            UserAgent = userAgent,
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }
}
