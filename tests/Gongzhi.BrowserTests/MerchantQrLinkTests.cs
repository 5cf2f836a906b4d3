using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class MerchantQrLinkTests(BrowserApp app)
{
    // The resident's merchant QR holds a link, not a bare code: the merchant's phone camera opens
    // it, the verify page comes up with the code filled in, and only the merchant's tap on 核销
    // spends it.
    [Fact]
    public async Task A_merchant_code_opened_from_its_QR_link_is_filled_in_and_verified_by_a_tap()
    {
        string resident;
        long offerId;
        await using (var db = app.NewDb())
        {
            resident = await (from v in db.Volunteers join u in db.Users on v.UserId equals u.Id
                              where u.ResidentId != null orderby v.Id select u.UserName!).FirstAsync();
            offerId = await db.MerchantOffers.Where(o => o.Title == "注册志愿者购物9折").Select(o => o.Id).FirstAsync();
        }

        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(resident);
        await phone.GotoAsync("/points/offers");
        await phone.ClickAsync($"#code-{offerId}");
        await Expect(phone.Locator("[data-testid=code-card] svg")).ToBeVisibleAsync();
        var code = (await phone.Locator("[data-testid=merchant-code]").InnerTextAsync()).Trim();
        var link = await phone.Locator("[data-testid=merchant-qr]").GetAttributeAsync("data-qr") ?? "";
        link.ShouldStartWith("http");
        link.ShouldEndWith($"/points/merchant?code={code}");

        var shop = await app.NewPageAsync(375, 812);
        await shop.LogInAsync("shanghu");
        await shop.GotoAsync(link);
        await Expect(shop.Locator("#code")).ToHaveValueAsync(code);
        // Opening the link changed nothing: the code is still unused until the tap.
        (await UsedAtAsync(code)).ShouldBeNull();
        // The camera button is offered beside the box (the browser has a camera API on this origin).
        await Expect(shop.Locator("[data-testid=camera-scan]")).ToBeVisibleAsync();
        await shop.ShouldNotScrollSidewaysAsync();
        await shop.ClickAsync("#verify");
        await Expect(shop.Locator("[data-testid=verified]")).ToBeVisibleAsync();
        (await UsedAtAsync(code)).ShouldNotBeNull();
    }

    private async Task<DateTime?> UsedAtAsync(string code)
    {
        await using var db = app.NewDb();
        return await db.MerchantCodes.Where(c => c.Code == code).Select(c => c.UsedAt).SingleAsync();
    }
}
