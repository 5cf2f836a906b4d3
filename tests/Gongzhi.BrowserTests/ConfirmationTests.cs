using Gongzhi.Web.Modules.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// Irreversible taps ask first, in plain words, and the asking needs no script: the first tap opens
// what will happen and the real button, only the second one posts.
[Collection("browser")]
public sealed class ConfirmationTests(BrowserApp app)
{
    [Fact]
    public async Task Withdrawing_a_request_asks_first_even_without_javascript()
    {
        var resident = await ResidentAsync();
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
            Locale = "zh-CN",
            JavaScriptEnabled = false,
        });
        var phone = await context.NewPageAsync();
        await phone.LogInAsync(resident);
        await phone.GotoAsync("/requests/new");
        await phone.CheckAsync("input[data-code='street-light']");
        await phone.FillAsync("#description", "楼下路灯忽明忽暗" + Guid.NewGuid().ToString("N")[..6]);
        await phone.ClickToAsync("#submit", url => PageChecks.PathOf(url).StartsWith("/cases/", StringComparison.Ordinal));
        var caseId = long.Parse(PageChecks.PathOf(phone.Url)["/cases/".Length..], System.Globalization.CultureInfo.InvariantCulture);

        await Expect(phone.Locator("#cancel")).ToBeHiddenAsync();
        await phone.ClickAsync("#cancel-open");
        await Expect(phone.Locator("[data-testid=confirm-text]")).ToContainTextAsync("不能恢复");
        await Expect(phone.Locator("#cancel")).ToHaveTextAsync("确认撤回");
        (await StatusAsync(caseId)).ShouldBe(CaseStatus.Submitted, "opening the confirm step writes nothing");
        await phone.ShouldNotScrollSidewaysAsync();

        await phone.ClickToAsync("#cancel", url => url.Contains("done=cancelled", StringComparison.Ordinal));
        (await StatusAsync(caseId)).ShouldBe(CaseStatus.Cancelled);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Redeeming_says_what_it_costs_first_and_can_be_undone()
    {
        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(await ResidentAsync());
        await phone.GotoAsync("/points/shop");
        var balance = await BalanceAsync(phone);
        var row = phone.Locator("[data-reward]:has(details)").First;
        var price = int.Parse((await row.Locator("strong").First.InnerTextAsync()).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        await Expect(row.Locator("button[type=submit]")).ToBeHiddenAsync();
        await row.Locator("summary").ClickAsync();
        await Expect(row.Locator("[data-testid=confirm-text]")).ToContainTextAsync($"要扣 {price} 积分，扣后还剩 {balance - price} 积分");
        await Expect(row.Locator("[data-testid=confirm-text]")).ToContainTextAsync("可以取消兑换");
        await phone.ReloadAsync();
        (await BalanceAsync(phone)).ShouldBe(balance, "opening the confirm step spends nothing");

        var held = await RedemptionsAsync(phone);
        await row.Locator("summary").ClickAsync();
        await row.Locator("button[type=submit]").ClickAsync();
        await phone.WaitForURLAsync(url => url.Contains("done=1", StringComparison.Ordinal));
        (await BalanceAsync(phone)).ShouldBe(balance - price);

        // The undo: cancelling before pickup gives the points back.
        var mine = (await RedemptionsAsync(phone)).Except(held).Single();
        await phone.ClickAsync($"#cancel-{mine}");
        await phone.WaitForURLAsync(url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(phone.Locator("[data-testid=balance]")).ToHaveTextAsync(balance.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<string[]> RedemptionsAsync(IPage page) =>
        await page.EvalOnSelectorAllAsync<string[]>("[data-redemption]", "els => els.map(e => e.dataset.redemption)");

    private static async Task<int> BalanceAsync(IPage page) =>
        int.Parse(await page.Locator("[data-testid=balance]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> ResidentAsync() => (await new SiteCrawl(app).PeopleAsync()).Single(p => p.Role == "resident").UserName;

    private async Task<CaseStatus> StatusAsync(long caseId)
    {
        await using var db = app.NewDb();
        return await db.Cases.Where(c => c.Id == caseId).Select(c => c.Status).SingleAsync();
    }
}
