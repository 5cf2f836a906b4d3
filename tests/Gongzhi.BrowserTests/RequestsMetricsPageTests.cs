using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class RequestsMetricsPageTests(BrowserApp app)
{
    // The three rates on a phone: numbers in a table, charts drawn by ECharts from the page's JSON, nothing
    // wider than the screen, and the charts follow when the screen turns.
    [Fact]
    public async Task Community_staff_read_the_three_rates_on_a_phone_with_charts()
    {
        var page = await app.NewPageAsync(375, 800);
        await page.LogInAsync("tuanjie");
        await page.GotoAsync("/cases/metrics?by=grid");

        await Expect(page.Locator("table[data-testid=rates] tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("#metrics-chart svg")).ToHaveCountAsync(1);
        await Expect(page.Locator("#metrics-trend-chart svg")).ToHaveCountAsync(1);
        await page.ShouldNotScrollSidewaysAsync();
        var chartWidth = await page.EvaluateAsync<int>("() => document.querySelector('#metrics-chart svg').getBoundingClientRect().width");
        chartWidth.ShouldBeLessThanOrEqualTo(375);
        await page.ScreenshotAsync("metrics-375");

        await page.ClickToAsync("a.gz-chip[href*='by=owner']", url => url.Contains("by=owner", StringComparison.Ordinal));
        await Expect(page.Locator("#metrics-chart svg")).ToHaveCountAsync(1);
        await page.ShouldNotScrollSidewaysAsync();

        await page.SetViewportSizeAsync(800, 800);
        await page.WaitForFunctionAsync("() => document.querySelector('#metrics-chart svg').getBoundingClientRect().width > 500");
    }

    [Fact]
    public async Task The_administrator_records_a_holiday_on_a_phone()
    {
        var page = await app.NewPageAsync(375, 800);
        await page.LogInAsync("admin");
        await page.GotoAsync("/admin/requests?year=2036");
        await Expect(page.Locator("[data-testid=office-hours]")).ToContainTextAsync("08:30-12:00");
        await page.ShouldNotScrollSidewaysAsync();

        await page.FillAsync("#day-date", "2036-02-04");
        await page.SelectOptionAsync("#day-kind", "Holiday");
        await page.FillAsync("#day-name", "测试假日");
        await page.ClickToAsync("#add-day", url => url.Contains("saved=day", StringComparison.Ordinal));
        await Expect(page.Locator("tr[data-date='2036-02-04']")).ToContainTextAsync("测试假日");
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("requests-settings-375");

        // The same day again is refused with the reason, in the page's language.
        await page.FillAsync("#day-date", "2036-02-04");
        await page.FillAsync("#day-name", "再来一次");
        await page.ClickAsync("#add-day");
        await Expect(page.Locator("[data-testid=error]")).ToContainTextAsync("2036-02-04");

        await page.ClickToAsync("tr[data-date='2036-02-04'] button", url => url.Contains("saved=removed", StringComparison.Ordinal));
        await Expect(page.Locator("tr[data-date='2036-02-04']")).ToHaveCountAsync(0);
    }
}
