using Gongzhi.Web.Modules.Requests;
using Case = Gongzhi.Web.Modules.Requests.Case;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

// Community staff at a desk (1366 px, script off: the list is plain links and forms): the work list is a
// table; they filter it, sort it by number, tick two cases and give both to the grid leader in one submit.
[Collection("browser")]
public sealed class StaffCaseTableTests(BrowserApp app)
{
    [Fact]
    public async Task The_staff_case_table_sorts_filters_and_assigns_two_cases_at_once()
    {
        var (grid, category, leaderId, leaderName) = await FactsAsync();
        var a = await PlaceAsync(grid, category, "二号楼电梯异响" + Guid.NewGuid().ToString("N")[..6]);
        var b = await PlaceAsync(grid, category, "五号楼外墙瓷砖脱落" + Guid.NewGuid().ToString("N")[..6]);

        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "zh-CN",
            JavaScriptEnabled = false,
        });
        var desk = await context.NewPageAsync();
        await desk.LogInAsync("tuanjie");
        await desk.GotoAsync($"/work?grid={grid}");
        await Expect(desk.Locator("[data-testid=case-table]")).ToBeVisibleAsync();
        await Expect(desk.Locator(".gz-case-list")).ToBeHiddenAsync();

        // Filter: kept in the address.
        await desk.SelectOptionAsync("#filter-status", "Submitted");
        await desk.SelectOptionAsync("#filter-category", category.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await desk.ClickToAsync("#filter-go", url => url.Contains("status=Submitted", StringComparison.Ordinal) && url.Contains($"categoryId={category}", StringComparison.Ordinal));
        await Expect(desk.Locator("[data-testid=total]")).ToContainTextAsync("共");

        // Sort by number: up, then down (newest first); the filters stay.
        await desk.ClickToAsync("th a[data-sort=id]", url => url.Contains("sort=id&dir=asc", StringComparison.Ordinal));
        await Expect(desk.Locator("th[aria-sort=ascending]")).ToContainTextAsync("编号");
        await desk.ClickToAsync("th a[data-sort=id]", url => url.Contains("sort=id&dir=desc", StringComparison.Ordinal) && url.Contains("status=Submitted", StringComparison.Ordinal));
        var rows = desk.Locator("[data-testid=case-table] tbody tr");
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-row", b.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-row", a.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var statuses = await desk.Locator("[data-testid=case-table] tbody .gz-st:not(.gz-st-overdue)").AllInnerTextsAsync();
        statuses.ShouldAllBe(s => s == "待受理");

        await desk.CheckAsync($"#pick-{a}");
        await desk.CheckAsync($"#pick-{b}");
        await desk.SelectOptionAsync("#bulk-target", "user:" + leaderId);
        await desk.FillAsync("#bulk-reason", "网格员外出培训，由网格长跟进");
        await desk.ClickAsync("#bulk-assign");
        await Expect(desk.Locator("[data-testid=bulk-result]")).ToContainTextAsync($"已分派给 {leaderName}：2 件");
        await Expect(desk.Locator($"[data-row='{a}']")).ToContainTextAsync(leaderName);
        await Expect(desk.Locator($"[data-row='{b}']")).ToContainTextAsync(leaderName);
        await desk.ScreenshotAsync("worklist-bulk-1366");

        await using (var db = app.NewDb())
        {
            foreach (var id in new[] { a, b })
            {
                (await db.Cases.Where(c => c.Id == id).Select(c => c.OwnerUserId).SingleAsync()).ShouldBe(leaderId);
                var line = await db.CaseEvents.Where(e => e.CaseId == id).OrderBy(e => e.Id).LastAsync();
                line.Kind.ShouldBe(CaseEventKind.Reassigned);
                line.Text.ShouldBe($"{leaderName}：网格员外出培训，由网格长跟进");
            }
        }

        // The case page: the step bar says where it is (受理 under way), the timeline beside the case.
        await desk.GotoAsync($"/cases/{a}");
        await Expect(desk.Locator("[data-testid=steps] [aria-current=step]")).ToContainTextAsync("受理");
        var main = await desk.Locator(".gz-case-main").BoundingBoxAsync();
        var side = await desk.Locator(".gz-case-side").BoundingBoxAsync();
        side!.X.ShouldBeGreaterThan(main!.X + main.Width - 1, "the timeline stands beside the case at 1366 px");
        await context.CloseAsync();

        // The desktop forms (the table with its checkboxes and bulk form, the two-column case page) pass axe.
        // axe is added as a script tag, which the site's CSP would refuse (as the site walk does, bypass it).
        var axeContext = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "zh-CN",
            BypassCSP = true,
        });
        var axePage = await axeContext.NewPageAsync();
        await axePage.LogInAsync("tuanjie");
        foreach (var path in new[] { $"/work?grid={grid}&sort=id&dir=desc", $"/cases/{a}" })
        {
            await axePage.GotoAsync(path);
            (await SiteCrawl.AxeAsync(axePage)).ShouldBeEmpty(path);
        }
        await axeContext.CloseAsync();
    }

    private async Task<(long Grid, long Category, string LeaderId, string LeaderName)> FactsAsync()
    {
        await using var db = app.NewDb();
        var grid = await db.Grids.OrderBy(g => g.Id).Select(g => g.Id).FirstAsync();
        var category = await db.CaseCategories.Where(c => c.Code == "other").Select(c => c.Id).SingleAsync();
        var leader = await db.Users.Where(u => u.UserName == "wangge.zhang").Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        return (grid, category, leader.Id, leader.DisplayName);
    }

    // A hotline case of the grid, owned by its worker, placed straight in the database.
    private async Task<long> PlaceAsync(long gridId, long categoryId, string description)
    {
        await using var db = app.NewDb();
        var worker = await db.Users.Where(u => u.UserName == "wangge.li").Select(u => new { u.Id, u.DisplayName }).SingleAsync();
        var h = await db.Households.AsNoTracking().Where(x => x.GridId == gridId).OrderBy(x => x.Id).FirstAsync();
        var estate = await db.Estates.AsNoTracking().SingleAsync(e => e.Id == h.EstateId);
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Id == estate.CommunityId);
        var category = await db.CaseCategories.SingleAsync(c => c.Id == categoryId);
        var now = DateTime.UtcNow;
        var c = new Case(category, Channel.Hotline, description, new CasePlace(community.SubdistrictId, community.Id, gridId, estate.Id, h.BuildingId, h.Id, estate.Name + "3栋"),
            new CaseReporter(null, null, "周阿姨", null, false), (worker.Id, worker.DisplayName), now, now.AddHours(2), now.AddDays(5));
        db.Cases.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }
}
