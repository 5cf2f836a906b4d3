using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Households;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed partial class RegistryPageTests(BrowserApp app)
{
    // The grid worker's everyday errand: find a household by its door address, correct a resident's
    // phone, see it on the household page — then the same page on a phone-sized screen.
    [Fact]
    public async Task Grid_worker_finds_a_household_by_address_edits_a_phone_and_sees_it()
    {
        var (householdId, address) = await GridOneHouseholdAsync();
        var page = await app.NewPageAsync();

        await page.LogInAsync("wangge.li");
        await page.GotoAsync("/registry");
        await page.FillAsync("#q", address);
        await page.ClickToAsync("#search", url => url.Contains("q=", StringComparison.Ordinal));

        var first = page.Locator("a.household-link").First;
        await Expect(first).ToContainTextAsync(address);
        await first.ClickAsync();
        await page.WaitForURLAsync(url => PageChecks.PathOf(url) == $"/registry/households/{householdId}");

        var edit = page.Locator("a[href^='/registry/residents/'][href$='/edit']").First;
        var href = await edit.GetAttributeAsync("href") ?? "";
        var residentId = long.Parse(ResidentIdInHref().Match(href).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await edit.ClickAsync();
        await page.WaitForURLAsync(url => PageChecks.PathOf(url) == $"/registry/residents/{residentId}/edit");

        var before = await page.InputValueAsync("#phone");
        var phone = before == "13600001234" ? "13600004321" : "13600001234";
        await page.FillAsync("#phone", phone);
        await page.ClickToAsync("#save", url => PageChecks.PathOf(url) == $"/registry/households/{householdId}");
        await Expect(page.GetByText(phone).First).ToBeVisibleAsync();
        await using (var db = app.NewDb())
            (await db.Residents.Where(r => r.Id == residentId).Select(r => r.Phone).SingleAsync()).ShouldBe(phone);

        await page.SetViewportSizeAsync(375, 812);
        await page.ReloadAsync();
        await Expect(page.GetByText(phone).First).ToBeVisibleAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("household-375");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_page_fits_a_phone_screen()
    {
        var page = await app.NewPageAsync(375, 812);
        await page.GotoAsync("/login");
        await Expect(page.Locator("#username")).ToBeVisibleAsync();
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("login-375");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Public_grid_board_fits_a_phone_screen_without_logging_in()
    {
        long gridId;
        string gridName;
        await using (var db = app.NewDb())
        {
            var grid = await db.Grids.OrderBy(g => g.Id).Select(g => new { g.Id, g.Name }).FirstAsync();
            (gridId, gridName) = (grid.Id, grid.Name);
        }
        var page = await app.NewPageAsync(375, 812);
        var response = await page.GotoAsync($"/board/{gridId}");
        response!.Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToContainTextAsync(gridName);
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("board-375");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Footer_link_switches_the_interface_to_English()
    {
        var text = app.Service<Gongzhi.Web.Platform.Localization.JsonText>();
        var page = await app.NewPageAsync();
        await page.GotoAsync("/login");
        await Expect(page.Locator("main h1")).ToHaveTextAsync(text.Get("zh-Hans", "Layout.Login"));

        // The link sets the language and comes back to the same page.
        await page.ClickAsync("footer a[lang='en']");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        PageChecks.PathOf(page.Url).ShouldBe("/login");
        await Expect(page.Locator("main h1")).ToHaveTextAsync(text.Get("en", "Layout.Login"));
        await Expect(page.Locator("label[for='password']")).ToHaveTextAsync(text.Get("en", "Account.Password"));
        await page.Context.CloseAsync();
    }

    // A household of the first grid (wangge.li's) with people in it, and its door address as the app writes it.
    private async Task<(long Id, string Address)> GridOneHouseholdAsync()
    {
        await using var db = app.NewDb();
        var gridId = await db.Grids.OrderBy(g => g.Id).Select(g => g.Id).FirstAsync();
        var candidates = db.Households.Where(h => h.GridId == gridId
            && db.Residents.Count(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active) >= 2).OrderBy(h => h.Id).Take(1);
        var row = await HouseholdRows.Project(candidates, db).SingleAsync();
        return (row.Id, row.Address);
    }

    [GeneratedRegex(@"/registry/residents/(\d+)/edit")]
    private static partial Regex ResidentIdInHref();
}
