using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// Runs only when asked: GONGZHI_SCREENSHOTS=1 dotnet test tests/Gongzhi.BrowserTests --filter HomeScreenshots
// (not part of ./test.sh's run: it writes the README's pictures, it checks nothing new).
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public ScreenshotFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("GONGZHI_SCREENSHOTS") != "1") Skip = "set GONGZHI_SCREENSHOTS=1 to write docs/images";
    }
}

// Each demo person's home page on a 375 px phone and a 1366 px desktop, into docs/images/.
[Collection("browser")]
public sealed class HomeScreenshots(BrowserApp app)
{
    [ScreenshotFact]
    public async Task Every_roles_home_at_375_and_1366px()
    {
        var images = Path.Combine(FindRepo(), "docs", "images");
        foreach (var (role, userName) in await new SiteCrawl(app).PeopleAsync())
            foreach (var width in new[] { 375, 1366 })
            {
                var page = await app.NewPageAsync(width, width == 375 ? 812 : 900);
                await page.LogInAsync(userName);
                await page.GotoAsync("/");
                await Expect(page.Locator("main h1")).ToBeVisibleAsync();
                await page.ScreenshotAsync(new() { Path = Path.Combine(images, $"home-{role.Replace(' ', '-')}-{width}.png") });
                await page.Context.CloseAsync();
            }
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gongzhi.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Gongzhi.slnx");
    }
}
