using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class VolunteeringPageTests(BrowserApp app)
{
    // 志愿服务 to 积分 to 兑换, clicked through as people do it: the community worker posts a shift
    // happening now; the resident signs up on their phone; the worker checks them in and out and
    // confirms the hours; the points appear; the resident redeems a reward and the worker hands it
    // over; then the resident shows a merchant code and 李记便民超市 verifies it on a 375 px phone.
    [Fact]
    public async Task Shift_to_points_to_reward_and_a_merchant_verifies_a_code_on_a_phone()
    {
        var resident = await ResidentUserNameAsync();
        var title = "楼道清理" + Guid.NewGuid().ToString("N")[..6];

        var staff = await app.NewPageAsync(375, 812);
        await staff.LogInAsync("tuanjie");
        await staff.GotoAsync("/volunteer/activities");
        await staff.FillAsync("#a-title", title);
        await staff.SelectOptionAsync("#a-kind", "green");
        var start = DateTime.UtcNow.AddHours(8).AddMinutes(-30); // China time, half an hour ago
        await staff.FillAsync("#a-start", start.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await staff.FillAsync("#a-capacity", "5");
        await staff.FillAsync("#a-place", "团结巷5栋楼道");
        await staff.ShouldNotScrollSidewaysAsync();
        await staff.ClickToAsync("#create-activity", url => PageChecks.PathOf(url).StartsWith("/volunteer/activities/", StringComparison.Ordinal));
        var activityUrl = PageChecks.PathOf(staff.Url);
        var shiftId = await staff.Locator("[data-shift]").First.GetAttributeAsync("data-shift");

        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(resident);
        await phone.GotoAsync("/volunteer");
        var before = int.Parse(await phone.Locator("[data-testid=balance]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await phone.GotoAsync(activityUrl);
        await phone.ClickToAsync($"#signup-{shiftId}", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(phone.Locator($"[data-shift='{shiftId}'] [data-testid=mine]")).ToContainTextAsync("已报名");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("volunteer-signed-up-375");

        await staff.GotoAsync($"/volunteer/shifts/{shiftId}");
        var row = staff.Locator("[data-signup]").First;
        var signupId = await row.GetAttributeAsync("data-signup");
        await staff.ClickToAsync($"#checkin-{signupId}", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(staff.Locator($"[data-signup='{signupId}'] [data-testid=status]")).ToContainTextAsync("已签到");
        await staff.ClickAsync($"#checkout-{signupId}");
        await Expect(staff.Locator($"[data-signup='{signupId}'] [data-testid=status]")).ToContainTextAsync("已签退");
        await staff.FillAsync($"#minutes-{signupId}", "120");
        await staff.ClickAsync($"#confirm-{signupId}");
        await Expect(staff.Locator($"[data-signup='{signupId}'] [data-testid=status]")).ToContainTextAsync("时长已确认");
        await staff.ShouldNotScrollSidewaysAsync();
        await staff.ScreenshotAsync("volunteer-roster-375");
        // The check-in code page shows a QR that changes every 30 seconds.
        await staff.GotoAsync($"/volunteer/shifts/{shiftId}/qr");
        await Expect(staff.Locator("#checkin-qr svg")).ToBeVisibleAsync();
        await staff.ShouldNotScrollSidewaysAsync();

        await phone.GotoAsync("/volunteer");
        await Expect(phone.Locator("[data-testid=balance]")).ToHaveTextAsync((before + 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(phone.Locator("[data-testid=ledger]")).ToContainTextAsync(title);
        await phone.ScreenshotAsync("volunteer-home-375");

        await phone.GotoAsync("/points/shop");
        var reward = phone.Locator("[data-reward]:has(details)").First;
        await reward.Locator("summary").ClickAsync();
        await reward.Locator("button[type=submit]").ClickAsync();
        await phone.WaitForURLAsync(url => url.Contains("done=1", StringComparison.Ordinal));
        var code = (await phone.Locator("[data-testid=pickup-code]").First.InnerTextAsync()).Trim();
        code.Length.ShouldBe(8);
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("points-shop-375");

        await staff.GotoAsync("/points/counter");
        await staff.FillAsync("#pickup", code);
        await staff.ClickToAsync("#collect", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(staff.Locator("[data-testid=done]")).ToBeVisibleAsync();
        await phone.GotoAsync("/points/shop");
        await Expect(phone.Locator("[data-redemption] [data-testid=status]").First).ToContainTextAsync("已领取");

        // A merchant code, shown as a QR on the resident's phone and typed in by the merchant.
        await phone.GotoAsync("/points/offers");
        await phone.Locator("[data-offer] button[type=submit]").First.ClickAsync();
        await Expect(phone.Locator("[data-testid=code-card] svg")).ToBeVisibleAsync();
        var merchantCode = (await phone.Locator("[data-testid=merchant-code]").InnerTextAsync()).Trim();
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("merchant-code-375");

        var shop = await app.NewPageAsync(375, 812);
        await shop.LogInAsync("shanghu");
        await shop.GotoAsync("/points/merchant");
        await shop.FillAsync("#code", merchantCode);
        await shop.ClickAsync("#verify");
        await Expect(shop.Locator("[data-testid=verified]")).ToBeVisibleAsync();
        await shop.ShouldNotScrollSidewaysAsync();
        await shop.ScreenshotAsync("merchant-verified-375");
        // The same code again is refused, in Chinese.
        await shop.FillAsync("#code", merchantCode);
        await shop.ClickAsync("#verify");
        await Expect(shop.Locator("[data-testid=error]")).ToContainTextAsync("已经使用过了");
    }

    private async Task<string> ResidentUserNameAsync()
    {
        await using var db = app.NewDb();
        var role = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync();
        return await (from ur in db.UserRoles join u in db.Users on ur.UserId equals u.Id
                      where ur.RoleId == role && u.PhoneNumberConfirmed && u.ResidentId != null
                      orderby u.CreatedAt select u.UserName!).FirstAsync();
    }
}
