using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class NoticePageTests(BrowserApp app)
{
    // On a phone: a visitor opens the site, picks 团结巷社区, reads the pinned notice and finds their
    // grid worker by typing their door address.
    [Fact]
    public async Task A_visitor_picks_a_community_reads_the_pinned_notice_and_finds_their_grid_worker()
    {
        string address, worker;
        await using (var db = app.NewDb())
        {
            var h = await (from x in db.Households join b in db.Buildings on x.BuildingId equals b.Id join en in db.Entrances on x.EntranceId equals en.Id
                           join e in db.Estates on x.EstateId equals e.Id join c in db.Communities on e.CommunityId equals c.Id
                           where c.Name == "团结巷社区" orderby x.Id select new { e.Name, b.Number, En = en.Number, x.Room, x.GridId }).FirstAsync();
            address = $"{h.Name}{h.Number}栋{h.En}单元{h.Room}";
            worker = await db.DutyPosts.Where(p => p.PlaceKind == PlaceKind.Grid && p.PlaceId == h.GridId && p.Kind == DutyPostKind.GridWorker && p.To == null)
                .Select(p => p.HolderName).FirstAsync();
        }
        var page = await app.NewPageAsync(375, 812);
        await page.GotoAsync("/");
        await page.ClickAsync("a.btn:has-text('团结巷社区')");
        await page.WaitForURLAsync(url => PageChecks.PathOf(url).StartsWith("/c/", StringComparison.Ordinal));
        await Expect(page.Locator("#community-name")).ToHaveTextAsync("团结巷社区");
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("community-home-375");

        await page.ClickAsync("#public-notices a:has-text('停水通知')");
        await page.WaitForURLAsync(url => PageChecks.PathOf(url).StartsWith("/notices/", StringComparison.Ordinal));
        await Expect(page.Locator("#notice-title")).ToHaveTextAsync("停水通知");
        await Expect(page.Locator("#notice-body")).ToContainTextAsync("暂停供水");
        await page.ShouldNotScrollSidewaysAsync();

        // The choice is remembered: the site's home shows the community now.
        await page.GotoAsync("/");
        await Expect(page.Locator("#community-name")).ToHaveTextAsync("团结巷社区");
        await page.FillAsync("#address", address);
        await page.ClickToAsync("#find", url => url.Contains("address=", StringComparison.Ordinal));
        await Expect(page.Locator("#grid-board")).ToContainTextAsync(worker);
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("find-grid-375");
        await page.Context.CloseAsync();
    }

    // On a phone: the building leader opens the 停水通知, sees which households have not seen it,
    // and marks one as told in person.
    [Fact]
    public async Task A_building_leader_sees_who_has_not_read_the_water_notice_and_marks_one_told()
    {
        var page = await app.NewPageAsync(375, 812);
        await page.LogInAsync("loudong");
        await page.GotoAsync("/notices");
        await page.ClickAsync("a:has-text('停水通知')");
        await page.WaitForURLAsync(url => PageChecks.PathOf(url).StartsWith("/notices/", StringComparison.Ordinal));
        var rows = page.Locator("#unreached li[data-household]");
        await Expect(rows.First).ToBeVisibleAsync();
        var before = await rows.CountAsync();
        var household = long.Parse((await rows.First.GetAttributeAsync("data-household"))!, System.Globalization.CultureInfo.InvariantCulture);
        await page.ShouldNotScrollSidewaysAsync();
        await page.ScreenshotAsync("unreached-375");

        await rows.First.Locator("button").ClickAsync();
        await Expect(page.GetByText("已记录当面告知")).ToBeVisibleAsync();
        await Expect(page.Locator($"#unreached li[data-household='{household}']")).ToHaveCountAsync(0);
        (await page.Locator("#unreached li[data-household]").CountAsync()).ShouldBe(before - 1);
        await using (var db = app.NewDb())
        {
            var loudong = await db.Users.Where(u => u.UserName == "loudong").Select(u => u.Id).SingleAsync();
            (await db.Set<NoticeRecipient>().CountAsync(r => r.HouseholdId == household && r.ToldByUserId == loudong)).ShouldBe(1);
        }
        await page.ShouldNotScrollSidewaysAsync();
        await page.Context.CloseAsync();
    }
}
