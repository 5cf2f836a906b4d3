using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class CarePageTests(BrowserApp app)
{
    // 关爱走访 on a phone: the grid worker opens the work list, sees an overdue visit, records it in
    // three taps (需关注, a chip, save) with a need that becomes a case, and the case is on the list;
    // a volunteer claims a small wish on the wall and marks it done.
    [Fact]
    public async Task A_grid_worker_records_an_overdue_visit_with_a_need_and_a_volunteer_fulfils_a_wish()
    {
        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync("wangge.li");
        await phone.GotoAsync("/work");
        var due = phone.Locator("[data-testid=due-visits]");
        await Expect(due).ToContainTextAsync("逾期");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("care-work-list-375");
        var first = due.Locator("[data-testid=due-visit]").First;
        var name = await first.InnerTextAsync();
        await first.ClickAsync();
        await phone.WaitForURLAsync(url => url.EndsWith("/visit", StringComparison.Ordinal));
        var recipientId = long.Parse(PageChecks.PathOf(phone.Url).Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
        await Expect(phone.Locator("h1")).ToContainTextAsync(name);

        await phone.ClickAsync("label[for=condition-Concern]");
        await phone.ClickAsync("label[for=action-Shopping]");
        await phone.FillAsync("#note", "冰箱空了，腿疼下不了楼，需要每周代购");
        await phone.ClickAsync("details summary");
        await phone.CheckAsync("#need");
        await phone.SelectOptionAsync("#category", new Microsoft.Playwright.SelectOptionValue { Label = "其他" });
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("care-visit-375");
        await phone.ClickToAsync("#save-visit", url => url.Contains("done=visit", StringComparison.Ordinal));
        var caseLink = phone.Locator("[data-testid=case-link]");
        await Expect(caseLink).ToBeVisibleAsync();
        await Expect(phone.Locator("[data-testid=visits] li").First).ToContainTextAsync("需关注");
        await phone.ScreenshotAsync("care-recipient-375");

        long caseId, gridId;
        await using (var db = app.NewDb())
        {
            var visit = await db.Set<Visit>().Where(v => v.RecipientId == recipientId).OrderByDescending(v => v.Id).FirstAsync();
            caseId = visit.CaseId!.Value;
            gridId = visit.GridId;
            (await db.Set<CareRecipient>().Where(r => r.Id == recipientId).Select(r => r.NextDueOn).SingleAsync())
                .ShouldBeGreaterThan(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));
        }
        await phone.GotoAsync($"/work?grid={gridId}");
        await Expect(phone.Locator($"a[href='/cases/{caseId}']").First).ToBeVisibleAsync();
        await Expect(phone.Locator($"[data-testid=due-visits] [data-recipient='{recipientId}']")).ToHaveCountAsync(0);

        var volunteer = await app.NewPageAsync(375, 812);
        await volunteer.LogInAsync(await VolunteerAsync());
        await volunteer.GotoAsync("/care/wishes");
        var claim = volunteer.Locator("[data-testid=open-wishes] button[id^=claim-]").First;
        var wishId = (await claim.GetAttributeAsync("id"))!["claim-".Length..];
        await volunteer.ShouldNotScrollSidewaysAsync();
        await volunteer.ClickToAsync($"#claim-{wishId}", url => url.Contains("done=claimed", StringComparison.Ordinal));
        await Expect(volunteer.Locator($"[data-wish='{wishId}'] [data-testid=wish-status]")).ToHaveTextAsync("已认领");
        await volunteer.FillAsync($"[data-wish='{wishId}'] input[name='Action.Note']", "收音机已送到，教会了老人换台");
        await volunteer.ClickToAsync($"#fulfil-{wishId}", url => url.Contains("done=fulfilled", StringComparison.Ordinal));
        await Expect(volunteer.Locator($"[data-wish='{wishId}'] [data-testid=wish-status]")).ToHaveTextAsync("已完成待确认");
        await volunteer.ScreenshotAsync("care-wishes-375");
    }

    // The demo resident with an account is also a registered volunteer.
    private async Task<string> VolunteerAsync()
    {
        await using var db = app.NewDb();
        var role = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync();
        return await (from ur in db.UserRoles join u in db.Users on ur.UserId equals u.Id
                      where ur.RoleId == role && u.PhoneNumberConfirmed && db.Volunteers.Any(v => v.UserId == u.Id)
                      orderby u.CreatedAt select u.UserName!).FirstAsync();
    }
}
