using Gongzhi.Web.Modules.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class ProjectsPageTests(BrowserApp app)
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    // 微公益创投 end to end: the leader of 爱心小帮客 applies to 团结巷's open call on a phone; two
    // outside experts score it on desktops; the owner funds it; the leader reports the first milestone
    // with a photo; once accepted the project shows on the public showcase.
    [Fact]
    public async Task A_leader_applies_on_a_phone_the_panel_scores_the_owner_funds_and_the_project_is_shown()
    {
        long callId;
        await using (var db = app.NewDb())
            callId = await db.Set<ProjectCall>().Where(c => c.Title == "团结巷邻里微创投 2027").Select(c => c.Id).SingleAsync();

        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync("zuzhi");
        await phone.GotoAsync("/projects");
        await phone.ClickToAsync($"a[href='/projects/calls/{callId}']", url => PageChecks.PathOf(url) == $"/projects/calls/{callId}");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ClickToAsync("#apply", url => PageChecks.PathOf(url).StartsWith("/projects/applications/", StringComparison.Ordinal));
        var appPath = PageChecks.PathOf(phone.Url);
        var appId = long.Parse(appPath["/projects/applications/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        await phone.FillAsync("#title", "幸福快递到家·团结巷");
        await phone.FillAsync("#problem", "高龄独居老人买菜、取药不便");
        await phone.FillAsync("#beneficiaries", "80 岁以上独居老人");
        await phone.FillAsync("#count", "40");
        await phone.FillAsync("#activities", "每周两次上门代购，每月一次陪诊");
        await phone.FillAsync("#cat-0", "活动物资");
        await phone.FillAsync("#amt-0", "3000");
        await phone.FillAsync("#cat-1", "宣传印刷");
        await phone.FillAsync("#amt-1", "12000.5");
        await phone.FillAsync("#ms-0", "招募志愿者、入户摸底");
        await phone.FillAsync("#due-0", "2027-02-15");
        await phone.FillAsync("#ms-1", "开展上门服务");
        await phone.FillAsync("#due-1", "2027-05-31");
        // Over the cap of 10 000 yuan: refused next to the budget, what was typed stays.
        await phone.ClickAsync("#submit-application");
        await Expect(phone.Locator("[data-field=Lines]")).ToContainTextAsync("超过单个项目上限 10,000.00 元");
        await Expect(phone.Locator("#title")).ToHaveValueAsync("幸福快递到家·团结巷");
        await phone.FillAsync("#amt-1", "500.5");
        await phone.ClickToAsync("#submit-application", url => url.Contains("saved=1", StringComparison.Ordinal));
        await Expect(phone.Locator("[data-testid=app-status]")).ToHaveTextAsync("已提交");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("projects-application-375");

        // The deadline passes; the owner starts the review.
        await using (var db = app.NewDb())
            await db.Set<ProjectCall>().Where(c => c.Id == callId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosesAt, DateTime.UtcNow.AddMinutes(-1)));
        var owner = await app.NewPageAsync();
        await owner.LogInAsync("tuanjie");
        await owner.GotoAsync($"/projects/calls/{callId}");
        await owner.ClickAsync("#step-review");
        await Expect(owner.Locator("[data-testid=call-status]")).ToHaveTextAsync("评审中");

        foreach (var (reviewer, score) in new[] { ("zhuanjia.wang", "85"), ("zhuanjia.li", "80") })
        {
            var desk = await app.NewPageAsync();
            await desk.LogInAsync(reviewer);
            await desk.GotoAsync($"/projects/calls/{callId}");
            await desk.ClickToAsync($"[data-testid=sheet] a[href='{appPath}']", url => PageChecks.PathOf(url) == appPath);
            foreach (var input in await desk.Locator("[data-testid=score-form] input[type=number]").AllAsync()) await input.FillAsync(score);
            await desk.ClickToAsync("#submit-score", url => url.Contains("saved=1", StringComparison.Ordinal));
            await Expect(desk.Locator("[data-testid=reviews]")).ToContainTextAsync(score + ".00");
            await desk.Context.CloseAsync();
        }

        await owner.GotoAsync($"/projects/calls/{callId}");
        await owner.ClickAsync("#step-close");
        await Expect(owner.Locator($"[data-testid=ranking] tr[data-app='{appId}']")).ToContainTextAsync("82.50");
        await owner.ClickAsync($"#decide-{appId}");
        await Expect(owner.Locator($"[data-testid=ranking] tr[data-app='{appId}']")).ToContainTextAsync("全额资助 3,500.50 元");
        await owner.ScreenshotAsync("projects-ranking-1280");

        // The leader reports the first milestone with a photo; the owner accepts it.
        await phone.GotoAsync(appPath);
        var form = phone.Locator("[data-testid=report-form]").First;
        await form.Locator("textarea[name=report]").FillAsync("完成 40 户入户摸底，招募志愿者 10 名");
        await form.Locator("input[name=reached]").FillAsync("40");
        await form.Locator("input[name^='spend.']").First.FillAsync("800");
        await form.Locator("input[name=photos]").SetInputFilesAsync(new FilePayload { Name = "摸底.png", MimeType = "image/png", Buffer = Png });
        await phone.ClickToAsync("#send-report-1", url => url.Contains("saved=1", StringComparison.Ordinal));
        await phone.ShouldNotScrollSidewaysAsync();
        await owner.GotoAsync(appPath);
        await owner.ClickToAsync("#accept-1", url => url.Contains("saved=1", StringComparison.Ordinal));

        // Anyone, signed in or not, sees the project with its photo.
        var visitor = await app.NewPageAsync(375, 812);
        await visitor.GotoAsync($"/showcase/calls/{callId}");
        await visitor.ClickToAsync($"a[href='/showcase/projects/{appId}']", url => PageChecks.PathOf(url) == $"/showcase/projects/{appId}");
        await Expect(visitor.Locator("[data-testid=project-title]")).ToContainTextAsync("幸福快递到家·团结巷");
        await Expect(visitor.Locator("[data-testid=showcase-milestones] img")).ToHaveCountAsync(1);
        await Expect(visitor.Locator("[data-testid=money]")).ToContainTextAsync("资助 3,500.50 元，已支出 800.00 元");
        await visitor.ShouldNotScrollSidewaysAsync();
        await visitor.ScreenshotAsync("projects-showcase-375");
    }
}
