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

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>;

// The real app on a real loopback port (Kestrel, SQLite file, demo data) and Debian's chromium
// driven by Playwright. Playwright never downloads a browser here: it is pointed at /usr/bin/chromium.
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Gongzhi@2026";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "gongzhi-browser", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public Uri BaseAddress { get; private set; } = default!;
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public BrowserApp() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", "");
        builder.UseSetting("DataDirectory", _dataDirectory);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Households", "300");
        builder.UseSetting("Privacy:Key", Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray()));
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" }));
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        Directory.CreateDirectory(ScreenshotDirectory);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address");
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        // Two cores shared with the server: give slow renders room before an expectation fails.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public GongzhiDb NewDb() => Services.CreateScope().ServiceProvider.GetRequiredService<IDbContextFactory<GongzhiDb>>().CreateDbContext();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public new async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}

public static class PageChecks
{
    // A phone-width page must not scroll sideways: the whole layout fits the viewport.
    public static async Task ShouldNotScrollSidewaysAsync(this IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"{page.Url} scrolls sideways: scrollWidth {widths[0]} > clientWidth {widths[1]}");
    }

    public static async Task ScreenshotAsync(this IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, name + ".png"), FullPage = true });

    public static async Task LogInAsync(this IPage page, string userName)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", BrowserApp.Password);
        await page.ClickAsync("main form button[type=submit]");
        // Success leaves /login; a failure comes back to it with an error.
        await page.WaitForURLAsync(url => PathOf(url) != "/login");
    }

    public static string PathOf(string url) => new Uri(url).AbsolutePath;

    // Clicks and waits until the page that the click leads to has loaded.
    public static async Task ClickToAsync(this IPage page, string selector, Func<string, bool> arrived)
    {
        await page.ClickAsync(selector);
        await page.WaitForURLAsync(arrived);
    }
}
