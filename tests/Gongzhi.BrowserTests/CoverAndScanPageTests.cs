using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// The staff cover form used as staff use it (choose a file, tap 上传封面) on a 375 px phone, the
// picture then small in the list and large on the page, and axe-core finding nothing on the pages
// this adds to: the cover forms, the event check-in box with 扫码, the merchant's verify page.
[Collection("browser")]
public sealed class CoverAndScanPageTests(BrowserApp app)
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task Staff_set_a_cover_from_the_phone_and_the_pages_have_no_axe_violation()
    {
        long topicId;
        await using (var db = app.NewDb())
        {
            var community = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            topicId = await db.Topics.Where(t => t.CommunityId == community && t.EstateId == null).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        }
        var staff = await PageAsync("tuanjie");
        // An event the list shows, not called off (a called-off event has no cover form).
        await staff.GotoAsync("/activities");
        var href = await staff.Locator("[data-testid=event-row]:not(:has(.text-bg-secondary)) a[href^='/activities/events/']").First.GetAttributeAsync("href");
        var eventId = long.Parse(href!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        await staff.GotoAsync($"/activities/events/{eventId}/manage");
        await staff.Locator("[data-testid=cover-form] input[type=file]").SetInputFilesAsync(new FilePayload { Name = "封面.png", MimeType = "image/png", Buffer = Png });
        await staff.Locator("[data-testid=cover-save]").ClickAsync();
        await staff.WaitForURLAsync(url => url.Contains("done=cover", StringComparison.Ordinal));
        await Expect(staff.Locator("[data-testid=cover-form] img")).ToBeVisibleAsync();
        await NoViolationsAsync(staff);

        await staff.GotoAsync($"/activities/events/{eventId}");
        await Expect(staff.Locator("img[data-testid=cover]")).ToBeVisibleAsync();
        (await staff.Locator("img[data-testid=cover]").EvaluateAsync<int>("i => i.naturalWidth")).ShouldBe(1);
        await Expect(staff.Locator("#checkin-code-text")).ToBeVisibleAsync();
        await Expect(staff.Locator("[data-testid=camera-scan]")).ToBeVisibleAsync();
        await NoViolationsAsync(staff);
        await staff.GotoAsync("/activities");
        await Expect(staff.Locator($"[data-testid=event-row]:has(a[href='/activities/events/{eventId}']) img.gz-cover-thumb")).ToBeVisibleAsync();
        await NoViolationsAsync(staff);

        await staff.GotoAsync($"/topics/{topicId}");
        await staff.Locator("[data-testid=cover-form] input[type=file]").SetInputFilesAsync(new FilePayload { Name = "议题.png", MimeType = "image/png", Buffer = Png });
        await staff.Locator("[data-testid=cover-save]").ClickAsync();
        await Expect(staff.Locator("img[data-testid=cover]")).ToBeVisibleAsync();
        await NoViolationsAsync(staff);
        await staff.GotoAsync("/points/rewards");
        await NoViolationsAsync(staff);

        var shop = await PageAsync("shanghu");
        await shop.GotoAsync("/points/merchant");
        await Expect(shop.Locator("[data-testid=camera-scan]")).ToBeVisibleAsync();
        await NoViolationsAsync(shop);
    }

    private async Task<IPage> PageAsync(string user)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
            Locale = "zh-CN",
            BypassCSP = true, // for axe-core's script tag, as in the site walk
        });
        var page = await context.NewPageAsync();
        await page.LogInAsync(user);
        return page;
    }

    private static async Task NoViolationsAsync(IPage page)
    {
        var violations = await SiteCrawl.AxeAsync(page);
        violations.ShouldBeEmpty(string.Join("\n", violations.Select(v => $"{page.Url} {v.Id} {v.Sample}")));
        await page.ShouldNotScrollSidewaysAsync();
    }
}
