using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// The phone's bottom tab bar (首页 / 办事 / 消息 / 我的), as residents know it from 随申办 and 粤省事:
// each tab opens its page and shows itself as the current one; staff find 工作 first.
[Collection("browser")]
public sealed class TabBarTests(BrowserApp app)
{
    [Fact]
    public async Task A_resident_reaches_home_services_messages_and_me_from_the_tab_bar_at_375px()
    {
        var people = await new SiteCrawl(app).PeopleAsync();
        var page = await app.NewPageAsync(375, 812);
        await page.LogInAsync(people.Single(p => p.Role == "resident").UserName);
        var bar = page.GetByTestId("tabbar");
        await Expect(bar).ToBeVisibleAsync();
        // The desktop's row of module links gives way to the bar on a phone.
        await Expect(page.Locator(".gz-tabs")).ToBeHiddenAsync();
        (await bar.Locator("a").AllInnerTextsAsync()).Select(t => t.Split('\n')[^1].Trim()[..2]).ShouldBe(["首页", "办事", "消息", "我的"]);

        foreach (var (tab, path) in new[] { ("办事", "/services"), ("消息", "/inbox"), ("我的", "/account"), ("首页", "/") })
        {
            await bar.GetByRole(AriaRole.Link, new() { Name = tab }).ClickAsync();
            await page.WaitForURLAsync(url => PageChecks.PathOf(url) == path);
            await Expect(bar.Locator("[aria-current=page]")).ToContainTextAsync(tab);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            await page.ShouldNotScrollSidewaysAsync();
            if (path == "/services")
                // 办事 lists what the resident can do, grouped by module, icon beside text.
                await Expect(page.Locator("main a[href='/me/requests'] .bi")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task A_grid_worker_finds_work_first()
    {
        var page = await app.NewPageAsync(375, 812);
        await page.LogInAsync("wangge.li");
        var first = page.GetByTestId("tabbar").Locator("a").First;
        await Expect(first).ToContainTextAsync("工作");
        await first.ClickAsync();
        await page.WaitForURLAsync(url => PageChecks.PathOf(url) == "/work");
        await Expect(first).ToHaveAttributeAsync("aria-current", "page");
    }
}
