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

// The site walk keeps two cores busy for five minutes by itself, while the page tests mostly wait on one
// page at a time: on a demo and a chromium of its own, the walk runs beside them instead of after them.
[CollectionDefinition("site walk")]
public sealed class SiteWalkCollection : ICollectionFixture<BrowserApp>;

// The demo community (300 households) on its own loopback host, and one chromium for all browser tests.
public sealed class BrowserApp : LoopbackApp
{
    public const string Password = "Gongzhi@2026";
    public const string ChromiumPath = Chromium.Path;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Demo:Enabled"] = "true", ["Demo:Households"] = "300", ["Privacy:Key"] = KeyFrom(7),
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    public Task<IPage> NewPageAsync(int width = 1280, int height = 900) => Browser.NewPageAsync(BaseAddress, width, height);

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
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
        // Success leaves /login; a failure comes back to it with an error. A host's first sign-in compiles the whole
        // sign-in path and lands the first page; with the suite's other hosts and the cluster smoke on the same two
        // cores it once took over the contexts' 30 s (CI, 2026-12-06), so this one wait gets longer.
        await page.WaitForURLAsync(url => PathOf(url) != "/login", new PageWaitForURLOptions { Timeout = 90_000 });
    }

    public static string PathOf(string url) => new Uri(url).AbsolutePath;

    // Clicks and waits until the page that the click leads to has loaded.
    public static async Task ClickToAsync(this IPage page, string selector, Func<string, bool> arrived)
    {
        await page.ClickAsync(selector);
        await page.WaitForURLAsync(arrived);
    }
}
