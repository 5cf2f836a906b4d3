using Gongzhi.Web.Modules.Insight;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class InsightPageTests(BrowserApp app)
{
    private async Task FiguresReadyAsync()
    {
        for (var i = 0; i < 60; i++)
        {
            using (var scope = app.Services.CreateScope())
                if ((await scope.ServiceProvider.GetRequiredService<InsightSweep>().RunAsync(DateTime.UtcNow)).Ran) return;
            await using (var db = app.NewDb())
                if (await db.Set<InsightSweepState>().AnyAsync(s => s.Id == 1 && s.LastRunAt != null && s.Holder == null)) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("the figures sweep did not finish");
    }

    // 统计与台账: the subdistrict official lands on the subdistrict, goes down to a community, opens the figure
    // 惠民活动 场次 and sees the events behind it; community staff download the month's 诉求办理台账.
    [Fact]
    public async Task The_official_goes_down_to_a_community_and_opens_a_figure_and_staff_download_the_ledger()
    {
        await FiguresReadyAsync();
        long communityId;
        await using (var db = app.NewDb()) communityId = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();

        var page = await app.NewPageAsync();
        await page.LogInAsync("jiedao");
        await page.GotoAsync("/insight?p=year");
        await page.WaitForURLAsync(url => url.Contains("/insight/subdistrict/", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToContainTextAsync("街道");
        await page.ScreenshotAsync("insight-subdistrict");
        await page.ClickToAsync($"[data-testid=child-{communityId}]", url => url.Contains($"/insight/community/{communityId}", StringComparison.Ordinal));
        var figure = page.Locator("#fig-EventsHeld");
        await Expect(figure).ToContainTextAsync("惠民活动 场次");
        var count = int.Parse((await figure.Locator(".gz-figure-value").InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        count.ShouldBeGreaterThan(0);
        await page.ScreenshotAsync("insight-community");
        await page.ClickToAsync("#fig-EventsHeld", url => url.Contains("/list?m=EventsHeld", StringComparison.Ordinal));
        await Expect(page.Locator("h1")).ToContainTextAsync("惠民活动 场次");
        await Expect(page.Locator("[data-testid=list] tbody tr")).ToHaveCountAsync(Math.Min(count, FigureList.MaxRows));

        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync("tuanjie");
        await phone.GotoAsync("/insight");
        await phone.WaitForURLAsync(url => url.Contains($"/insight/community/{communityId}", StringComparison.Ordinal));
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("insight-community-375");
        var download = await phone.RunAndWaitForDownloadAsync(() => phone.ClickAsync("#ledger-cases"));
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        download.SuggestedFilename.ShouldContain("诉求办理台账");
        var path = await download.PathAsync();
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false);
        document.WorkbookPart!.Workbook.Sheets!.ChildElements.Count.ShouldBe(1);
    }
}
