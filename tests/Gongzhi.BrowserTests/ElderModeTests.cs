using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// 长辈模式: a switch at the top of every page, remembered, and everything grows with it — the
// heading and the label of a radio button are measured as the browser draws them.
[Collection("browser")]
public sealed class ElderModeTests(BrowserApp app)
{
    [Fact]
    public async Task The_elder_switch_scales_a_heading_and_a_radio_label_and_is_remembered()
    {
        var resident = (await new SiteCrawl(app).PeopleAsync()).Single(p => p.Role == "resident").UserName;
        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(resident);
        await phone.GotoAsync("/requests/new");
        var before = await SizesAsync(phone);
        await Expect(phone.Locator("#elder-switch")).ToHaveTextAsync("长辈模式");

        await phone.ClickToAsync("#elder-switch", url => PageChecks.PathOf(url) == "/requests/new");
        await Expect(phone.Locator("#elder-switch")).ToHaveTextAsync("退出长辈模式");
        var after = await SizesAsync(phone);
        after.Heading.ShouldBeGreaterThanOrEqualTo(before.Heading * 1.2, "the heading grows");
        after.Label.ShouldBeGreaterThanOrEqualTo(before.Label * 1.2, "the radio button's label grows");
        after.Label.ShouldBeGreaterThanOrEqualTo(18);
        after.Body.ShouldBeGreaterThanOrEqualTo(18);
        after.Target.ShouldBeGreaterThanOrEqualTo(48, "a radio button's tap target is at least 48 px high");
        await phone.ShouldNotScrollSidewaysAsync();

        // Remembered on the next page and the next visit, until switched off again.
        await phone.GotoAsync("/");
        await Expect(phone.Locator("body")).ToHaveClassAsync("elder");
        await phone.ClickToAsync("#elder-switch", url => PageChecks.PathOf(url) == "/");
        await Expect(phone.Locator("#elder-switch")).ToHaveTextAsync("长辈模式");
        await phone.Context.CloseAsync();
    }

    // In elder mode a resident's navigation is the eight things residents do, large, on the home page
    // (a phone) and in the header (a desktop); nothing on the home page is smaller than 18 px. Staff
    // keep their work navigation. On a phone the header leaves 消息 and the name to the tab bar.
    [Fact]
    public async Task A_resident_in_elder_mode_sees_only_the_few_large_things_residents_do()
    {
        string[] eight = ["我要反映", "活动报名", "议事投票", "积分兑换", "预约服务", "找网格员", "消息", "我的"];
        var resident = (await new SiteCrawl(app).PeopleAsync()).Single(p => p.Role == "resident").UserName;
        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(resident);
        await Expect(phone.Locator("#inbox-link")).ToBeHiddenAsync();
        await Expect(phone.Locator("[data-testid=user-name]")).ToBeHiddenAsync();
        await Expect(phone.Locator("#tab-inbox")).ToBeVisibleAsync();
        await phone.GotoAsync("/");
        await phone.ClickToAsync("#elder-switch", url => PageChecks.PathOf(url) == "/");

        var grid = phone.Locator("main [data-testid=elder-grid] a");
        (await grid.AllInnerTextsAsync()).Select(t => t.Trim()).ShouldBe(eight);
        (await phone.Locator("main #home-report").CountAsync()).ShouldBe(0, "the module cards give way to the eight tiles");
        var tile = await phone.EvaluateAsync<double[]>("""
            () => { const a = document.querySelector('main [data-testid=elder-grid] a'); const r = a.getBoundingClientRect();
                    return [parseFloat(getComputedStyle(a).fontSize), r.height]; }
            """);
        tile[0].ShouldBeGreaterThanOrEqualTo(24, "a tile's words are large");
        tile[1].ShouldBeGreaterThanOrEqualTo(48);
        var small = await phone.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main *')].filter(el => el.offsetParent !== null
                    && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
                    && parseFloat(getComputedStyle(el).fontSize) < 18).map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 30))
            """);
        small.ShouldBeEmpty("no text on the elder home page is smaller than 18 px");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ClickToAsync("#elder-grid-worker", url => PageChecks.PathOf(url) == "/me");

        // A desktop: the header's navigation is the same eight, and 消息 and the name are back in the header.
        var desktop = await phone.Context.NewPageAsync();
        await desktop.SetViewportSizeAsync(1366, 900);
        await desktop.GotoAsync("/activities");
        (await desktop.Locator("header [data-testid=elder-nav] a").AllInnerTextsAsync()).Select(t => t.Trim()).ShouldBe(eight);
        (await desktop.Locator("header .gz-tabs").CountAsync()).ShouldBe(0);
        await Expect(desktop.Locator("#inbox-link")).ToBeVisibleAsync();
        await Expect(desktop.Locator("[data-testid=user-name]")).ToBeVisibleAsync();
        await phone.Context.CloseAsync();

        // Staff in elder mode keep their own navigation.
        var worker = await app.NewPageAsync(1366, 900);
        await worker.LogInAsync("wangge.li");
        await worker.GotoAsync("/");
        await worker.ClickToAsync("#elder-switch", url => PageChecks.PathOf(url) == "/");
        await Expect(worker.Locator("header .gz-tabs #nav-work")).ToBeVisibleAsync();
        (await worker.Locator("[data-testid=elder-nav], [data-testid=elder-grid]").CountAsync()).ShouldBe(0);
        await worker.Context.CloseAsync();
    }

    private static async Task<(double Heading, double Label, double Body, double Target)> SizesAsync(IPage page)
    {
        var sizes = await page.EvaluateAsync<double[]>("""
            () => {
              const px = el => parseFloat(getComputedStyle(el).fontSize);
              const radio = document.querySelector('main input[type=radio]');
              const label = radio.closest('label') || radio.labels[0];
              return [px(document.querySelector('main h1')), px(label.querySelector('span') || label), px(document.body), label.getBoundingClientRect().height];
            }
            """);
        return (sizes[0], sizes[1], sizes[2], sizes[3]);
    }
}
