using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection("browser")]
public sealed class DeliberationPageTests(BrowserApp app)
{
    // 议事协商 end to end on phones: staff put up a topic with a consultation; a resident picks an
    // option and follows it; staff hold a meeting and open an owners' vote under Civil Code Art. 278;
    // the owners vote; the result page explains the outcome; the notice is published; a milestone is
    // completed and the resident sees it.
    [Fact]
    public async Task Topic_from_consultation_through_an_owners_vote_to_a_completed_milestone()
    {
        var (resident, owner, ownerResidentId) = await PeopleAsync();
        var title = "电动车充电桩 " + Guid.NewGuid().ToString("N")[..6];

        var staff = await app.NewPageAsync(375, 812);
        await staff.LogInAsync("tuanjie");
        await staff.GotoAsync("/topics/new");
        await staff.FillAsync("#title", title);
        await staff.FillAsync("#description", "楼道飞线充电隐患大，拟在小区北侧建设集中充电桩。");
        await staff.ShouldNotScrollSidewaysAsync();
        await staff.ClickToAsync("#create-topic", url => url.Contains("done=created", StringComparison.Ordinal));
        var topicPath = PageChecks.PathOf(staff.Url);
        var topicId = long.Parse(topicPath["/topics/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        await staff.ClickAsync("#open-consultation");
        await staff.FillAsync("#question", "您希望建设哪种充电设施？");
        await staff.FillAsync("#options", "地面充电桩 | 86000\n智能充电柜 | 32000");
        await staff.ClickToAsync("#start-consultation", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(staff.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "Consultation");
        await staff.ScreenshotAsync("topic-consultation-375");

        var phone = await app.NewPageAsync(375, 812);
        await phone.LogInAsync(resident);
        await phone.GotoAsync(topicPath);
        await phone.CheckAsync("[data-testid=consultation] input[data-option='2']");
        await phone.ClickToAsync("[data-testid=consultation] button[type=submit]", url => url.Contains("done=1", StringComparison.Ordinal));
        await phone.ClickToAsync("#follow", url => url.Contains("done=1", StringComparison.Ordinal));
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("topic-answered-375");

        // 议事会: agenda with the topic, a delegate ticked in, the room sends it to the owners.
        await staff.GotoAsync($"/meetings/new?topicId={topicId}");
        await staff.FillAsync("#meeting-title", "党群议事会：充电桩选址");
        await staff.FillAsync("#place", "社区党群服务中心");
        await staff.ClickToAsync("#create-meeting", url => PageChecks.PathOf(url).StartsWith("/meetings/", StringComparison.Ordinal) && !url.Contains("new", StringComparison.Ordinal));
        await staff.ClickAsync("#invite");
        await staff.FillAsync("#delegate-name", "王秀兰");
        await staff.ClickToAsync("#save-delegate", url => url.Contains("done=1", StringComparison.Ordinal));
        await staff.ClickToAsync("[data-testid=attendee] button[id^=tick-]", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(staff.Locator("[data-testid=attendance]")).ToContainTextAsync("签到 1");
        await staff.FillAsync("textarea[id^=resolution-]", "同意建设，提交业主表决");
        await staff.FillAsync("input[id^=for-]", "1");
        await staff.ClickToAsync("button[id^=resolve-]", url => url.Contains("done=1", StringComparison.Ordinal));
        await staff.ShouldNotScrollSidewaysAsync();
        await staff.ScreenshotAsync("meeting-375");

        // 业主表决 on matter (7), which needs three quarters.
        await staff.GotoAsync(topicPath);
        await staff.ClickAsync("#open-vote");
        await staff.FillAsync("#vote-title", "是否同意建设充电桩");
        await staff.SelectOptionAsync("#basis", "Owners278");
        await staff.SelectOptionAsync("#matter", "Rebuild");
        await staff.ClickToAsync("#start-vote", url => PageChecks.PathOf(url).StartsWith("/votes/", StringComparison.Ordinal));
        var votePath = PageChecks.PathOf(staff.Url);
        var voteId = long.Parse(votePath["/votes/".Length..], System.Globalization.CultureInfo.InvariantCulture);

        // The other owners' ballots are already in (test setup); this owner votes on their phone.
        await using (var db = app.NewDb())
        {
            var others = await db.VoteElectors.Where(e => e.VoteId == voteId && e.ResidentId != ownerResidentId).Select(e => e.VoterKey).ToListAsync();
            db.Ballots.AddRange(others.Select(k => new Ballot(voteId, k, Vote.For, BallotChannel.Paper, "test", DateTime.UtcNow)));
            await db.SaveChangesAsync();
        }
        var ownerPhone = await app.NewPageAsync(375, 812);
        await ownerPhone.LogInAsync(owner);
        await ownerPhone.GotoAsync(votePath);
        await ownerPhone.CheckAsync("#choice-1");
        await ownerPhone.ClickToAsync("#cast", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(ownerPhone.Locator("[data-testid=result]")).ToHaveCountAsync(0);
        await ownerPhone.ShouldNotScrollSidewaysAsync();
        await ownerPhone.ScreenshotAsync("vote-cast-375");

        // Closing counts for good, so it asks first and says so; opening the step changes nothing.
        await staff.GotoAsync(votePath);
        await Expect(staff.Locator("#close-vote")).ToBeHiddenAsync();
        await staff.ClickAsync("#close-vote-open");
        await Expect(staff.Locator("[data-testid=confirm-text]")).ToContainTextAsync("也不能重新打开");
        await Expect(staff.Locator("[data-testid=confirm-text]")).ToContainTextAsync("就按这些票计票");
        await using (var db = app.NewDb())
            (await db.Votes.Where(x => x.Id == voteId).Select(x => x.Status).SingleAsync()).ShouldBe(VoteStatus.Open, "opening the confirm step counts nothing");
        await staff.ClickToAsync("#close-vote", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(staff.Locator("[data-testid=outcome]")).ToContainTextAsync("通过");
        await Expect(staff.Locator("[data-testid=checks]")).ToContainTextAsync("不少于四分之三");
        await Expect(staff.Locator("[data-testid=checks]")).ToContainTextAsync("m²");
        await staff.ShouldNotScrollSidewaysAsync();
        await staff.ScreenshotAsync("vote-result-375");

        // 公示, then (the period over) 落实 with one milestone completed.
        await staff.GotoAsync(topicPath);
        await staff.FillAsync("#notice-text", "经业主表决通过，在小区北侧建设充电桩。");
        await staff.ClickToAsync("#publish", url => url.Contains("done=1", StringComparison.Ordinal));
        await Expect(staff.Locator("[data-testid=notice]")).ToBeVisibleAsync();
        await using (var db = app.NewDb())
            await db.Topics.Where(t => t.Id == topicId).ExecuteUpdateAsync(s => s.SetProperty(t => t.NoticeUntil, DateTime.UtcNow.AddMinutes(-1)));
        await staff.GotoAsync(topicPath);
        await staff.ClickToAsync("#implement", url => url.Contains("done=1", StringComparison.Ordinal));
        await staff.ClickAsync("#add-milestone");
        await staff.FillAsync("#milestone-title", "充电桩安装调试");
        await staff.FillAsync("#milestone-owner", "物业工程部");
        await staff.FillAsync("#milestone-due", DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await staff.ClickToAsync("#save-milestone", url => url.Contains("done=1", StringComparison.Ordinal));
        await staff.FillAsync("input[id^=progress-]", "100");
        await staff.ClickToAsync("button[id^=report-]", url => url.Contains("done=1", StringComparison.Ordinal));

        await phone.GotoAsync(topicPath);
        await Expect(phone.Locator("[data-testid=milestone][data-done=yes]")).ToContainTextAsync("充电桩安装调试");
        await Expect(phone.Locator("[data-testid=status]")).ToHaveAttributeAsync("data-status", "Implementation");
        await phone.ShouldNotScrollSidewaysAsync();
        await phone.ScreenshotAsync("topic-milestone-375");
        await phone.GotoAsync("/inbox");
        await Expect(phone.Locator("main")).ToContainTextAsync("充电桩安装调试");

        await staff.Context.CloseAsync();
        await phone.Context.CloseAsync();
        await ownerPhone.Context.CloseAsync();
    }

    // The demo resident, and an account of someone who owns a unit in the first community.
    private async Task<(string Resident, string Owner, long OwnerResidentId)> PeopleAsync()
    {
        await using var db = app.NewDb();
        var role = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync();
        var resident = await (from ur in db.UserRoles join u in db.Users on ur.UserId equals u.Id
                              where ur.RoleId == role && u.PhoneNumberConfirmed && u.ResidentId != null
                              orderby u.CreatedAt select u.UserName!).FirstAsync();
        var community = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var owner = await (from u in db.Users
                           join r in db.Residents on u.ResidentId equals r.Id
                           join h in db.Households on r.HouseholdId equals h.Id
                           join e in db.Estates on h.EstateId equals e.Id
                           where e.CommunityId == community && db.Ownerships.Any(o => o.ResidentId == r.Id)
                           orderby u.CreatedAt
                           select new { u.UserName, r.Id }).FirstAsync();
        return (resident, owner.UserName!, owner.Id);
    }
}
