using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class RequestPageTests(BrowserApp app)
{
    // The whole loop of 接诉即办 as people live it: a resident reports a dark street light with a
    // photo from their phone; the grid worker finds it on the to-do list, accepts and resolves it;
    // the resident is not satisfied, and the case is back on the worker's list.
    [Fact]
    public async Task Resident_reports_with_a_photo_worker_resolves_resident_unsatisfied_reopens_it()
    {
        var resident = await ResidentUserNameAsync();
        var marker = "东门路灯不亮" + Guid.NewGuid().ToString("N")[..6];
        var photo = Path.Combine(Path.GetTempPath(), $"gz-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(photo, TinyPng);

        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(resident);
        await phone.GotoAsync("/requests/new");
        await Expect(phone.Locator("[data-testid=place]")).ToBeVisibleAsync();
        await phone.CheckAsync("input[data-code='street-light']");
        await phone.FillAsync("#description", marker + "，晚上出行不便");
        await phone.SetInputFilesAsync("#photos", photo);
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("request-new-375");
        await phone.ClickToAsync("#submit", url => PageChecks.PathOf(url).StartsWith("/cases/", StringComparison.Ordinal));
        var caseId = long.Parse(PageChecks.PathOf(phone.Url)["/cases/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        await Expect(phone.Locator("[data-testid=description]")).ToContainTextAsync(marker);
        var img = phone.Locator(".gz-photos img").First;
        await Expect(img).ToBeVisibleAsync();
        (await img.EvaluateAsync<int>("i => i.naturalWidth")).ShouldBeGreaterThan(0);
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("request-submitted-375");

        var worker = await app.NewPageAsync(375, 812);
        await worker.LogInAsync("wangge.li");
        await worker.GotoAsync("/work");
        var link = worker.Locator($"[data-case='{caseId}'] a.case-link");
        await Expect(link).ToBeVisibleAsync();
        await worker.ShouldNotScrollSidewaysAsync();
        await worker.ScreenshotAsync("worklist-375");
        await link.ClickAsync();
        await worker.WaitForURLAsync(url => PageChecks.PathOf(url) == $"/cases/{caseId}");
        await worker.ClickToAsync("#accept", url => url.Contains("done=accepted", StringComparison.Ordinal));
        await Expect(worker.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "Accepted");
        await worker.FillAsync("#resolution", "已联系供电维修，东门路灯已更换灯泡");
        await worker.ClickToAsync("#resolve", url => url.Contains("done=resolved", StringComparison.Ordinal));
        await Expect(worker.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "Resolved");
        await worker.ScreenshotAsync("case-resolved-375");

        await phone.GotoAsync($"/cases/{caseId}");
        await Expect(phone.Locator("[data-testid=resolution]")).ToContainTextAsync("东门路灯已更换灯泡");
        await phone.CheckAsync("#rate-unsatisfied");
        await phone.FillAsync("#rate-comment", "晚上去看还是不亮");
        await phone.ClickToAsync("#rate", url => url.Contains("done=rated", StringComparison.Ordinal));
        await Expect(phone.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "Reopened");
        await phone.ShouldNotScrollSidewaysAsync();

        await worker.GotoAsync("/work");
        var card = worker.Locator($"[data-case='{caseId}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("重新办理");
        await using (var db = app.NewDb())
        {
            var c = await db.Cases.SingleAsync(x => x.Id == caseId);
            c.Status.ShouldBe(CaseStatus.Reopened);
            c.ReopenCount.ShouldBe(1);
            (await db.CasePhotos.CountAsync(p => p.CaseId == caseId)).ShouldBe(1);
        }
        await phone.Context.CloseAsync();
        await worker.Context.CloseAsync();
        File.Delete(photo);
    }

    private async Task<string> ResidentUserNameAsync()
    {
        await using var db = app.NewDb();
        var role = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync();
        return await (from ur in db.UserRoles join u in db.Users on ur.UserId equals u.Id
                      where ur.RoleId == role && u.PhoneNumberConfirmed && u.ResidentId != null
                      orderby u.CreatedAt select u.UserName!).FirstAsync();
    }

    // A 1×1 red PNG.
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
}
