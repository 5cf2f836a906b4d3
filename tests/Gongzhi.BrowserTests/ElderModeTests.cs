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
