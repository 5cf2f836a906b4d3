using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Notices;

// Draft → review (for the kinds the community names) → scheduled or published → withdrawn.
public abstract class NoticeLifecycleTests(GongzhiApp app)
{
    private readonly NoticeDriver _d = new(app);

    [Fact]
    public void The_moves_table_is_the_documented_one()
    {
        string.Join("; ", Notice.Moves.Select(m => $"{m.Key} -> {string.Join(",", m.Value)}")).ShouldBe(
            "Draft -> InReview,Scheduled,Published; InReview -> Draft,Scheduled,Published; Scheduled -> Published,Withdrawn; Published -> Withdrawn; Withdrawn -> ");
    }

    [Fact]
    public async Task A_kind_the_community_reviews_waits_for_a_second_staff_member_and_the_author_cannot_approve_it()
    {
        var staff = await _d.StaffAsync();
        var community = await _d.Community1Async();
        (await staff.PutJsonAsync("/api/v1/notices/review-kinds", new { communityId = community, kinds = new[] { (int)NoticeKind.PolicyBriefing, (int)NoticeKind.PublicNotice } }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var id = await _d.CreateAsync(staff, NoticeDriver.Input(PlaceKind.Community, community, NoticeKind.PolicyBriefing, title: "政策宣讲：养老服务补贴"));
        ((int)(await (await NoticeDriver.SubmitAsync(staff, id)).JsonAsync())["status"]!).ShouldBe((int)NoticeStatus.InReview);
        (await _d.RecipientsAsync(id)).ShouldBeEmpty();

        var version = (int)(await NoticeDriver.GetAsync(staff, id))["version"]!;
        var own = await (await staff.PostAsJsonAsync($"/api/v1/notices/{id}/approve", new { version })).ProblemAsync(HttpStatusCode.BadRequest);
        own["detail"]!.GetValue<string>().ShouldContain("不能审核自己");
        (await _d.StatusAsync(id)).ShouldBe(NoticeStatus.InReview);

        var reviewer = await _d.ReviewerAsync();
        ((int)(await (await reviewer.PostAsJsonAsync($"/api/v1/notices/{id}/approve", new { version })).JsonAsync())["status"]!).ShouldBe((int)NoticeStatus.Published);
        (await _d.RecipientsAsync(id)).ShouldNotBeEmpty();
        // The same approval again: somebody already moved it (stale version).
        (await reviewer.PostAsJsonAsync($"/api/v1/notices/{id}/approve", new { version })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_kind_the_community_does_not_review_goes_out_on_submit()
    {
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), NoticeKind.Reminder, title: "温馨提示：楼道禁止堆放杂物"));
        (await _d.StatusAsync(id)).ShouldBe(NoticeStatus.Published);
    }

    [Fact]
    public async Task A_notice_for_a_later_time_is_published_by_the_worker_pass_once_the_time_has_come()
    {
        var staff = await _d.StaffAsync();
        var at = DateTime.UtcNow.AddSeconds(3);
        var id = await _d.CreateAsync(staff, NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "明早停电检修", publishAt: at));
        ((int)(await (await NoticeDriver.SubmitAsync(staff, id)).JsonAsync())["status"]!).ShouldBe((int)NoticeStatus.Scheduled);

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<NoticePublisher>().PublishDueAsync();
        (await _d.StatusAsync(id)).ShouldBe(NoticeStatus.Scheduled);
        (await _d.RecipientsAsync(id)).ShouldBeEmpty();
        // Not on the public page before its time.
        (await (await app.Anonymous().GetAsync($"/c/{await _d.Community1Async()}")).Content.ReadAsStringAsync()).ShouldNotContain("明早停电检修");

        while (DateTime.UtcNow < at.AddMilliseconds(200)) await Task.Delay(100);
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<NoticePublisher>().PublishDueAsync();
        (await _d.StatusAsync(id)).ShouldBe(NoticeStatus.Published);
        (await _d.RecipientsAsync(id)).ShouldNotBeEmpty();
        (await (await app.Anonymous().GetAsync($"/c/{await _d.Community1Async()}")).Content.ReadAsStringAsync()).ShouldContain("明早停电检修");
    }

    [Fact]
    public async Task Two_instances_publishing_the_same_due_notice_write_its_inbox_rows_once()
    {
        var staff = await _d.StaffAsync();
        var at = DateTime.UtcNow.AddSeconds(2);
        var id = await _d.CreateAsync(staff, NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "两台服务器同时发布", publishAt: at));
        await NoticeDriver.SubmitAsync(staff, id);
        while (DateTime.UtcNow < at.AddMilliseconds(200)) await Task.Delay(100);
        await using var second = new SecondHost(app);
        await second.InitializeAsync();
        using var s1 = app.Services.CreateScope();
        using var s2 = second.Services.CreateScope();
        await Task.WhenAll(s1.ServiceProvider.GetRequiredService<NoticePublisher>().PublishDueAsync(),
            s2.ServiceProvider.GetRequiredService<NoticePublisher>().PublishDueAsync());
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var residentId = facts.UserIds[facts.ResidentUserName];
        (await db.Notifications.CountAsync(n => n.UserId == residentId && n.Link == "/notices/" + id)).ShouldBe(1);
        (await _d.StatusAsync(id)).ShouldBe(NoticeStatus.Published);
    }

    [Fact]
    public async Task A_withdrawn_notice_is_kept_and_marked_and_leaves_the_public_page()
    {
        var community = await _d.Community1Async();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, title: "周末广场舞比赛延期"));
        (await (await app.Anonymous().GetAsync($"/c/{community}")).Content.ReadAsStringAsync()).ShouldContain("周末广场舞比赛延期");
        var staff = await _d.StaffAsync();
        var version = (int)(await NoticeDriver.GetAsync(staff, id))["version"]!;
        (await staff.PostAsJsonAsync($"/api/v1/notices/{id}/withdraw", new { version, reason = "时间另行通知" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _d.StatusAsync(id)).ShouldBe(NoticeStatus.Withdrawn);
        (await (await app.Anonymous().GetAsync($"/c/{community}")).Content.ReadAsStringAsync()).ShouldNotContain("周末广场舞比赛延期");
        var page = await (await app.Anonymous().GetAsync($"/notices/{id}")).Content.ReadAsStringAsync();
        page.ShouldContain("撤回");
        page.ShouldContain("时间另行通知");
        // Withdrawn is final.
        var again = await (await staff.PostAsJsonAsync($"/api/v1/notices/{id}/withdraw", new { version = version + 1 })).ProblemAsync(HttpStatusCode.BadRequest);
        again["detail"]!.GetValue<string>().ShouldContain("已撤回的不能再改");
    }

    [Fact]
    public async Task Staff_cannot_write_outside_their_posts_and_cannot_see_other_communities_drafts()
    {
        var other = await _d.OtherCommunityAsync();
        var community = await _d.Community1Async();
        var refused = await (await other.PostAsJsonAsync("/api/v1/notices", NoticeDriver.Input(PlaceKind.Community, community))).ProblemAsync(HttpStatusCode.BadRequest);
        refused.ErrorsFor("scopeId").ShouldNotBeEmpty();
        var grid2Worker = await app.ClientForAsync("wangge.chen");
        (await grid2Worker.PostAsJsonAsync("/api/v1/notices", NoticeDriver.Input(PlaceKind.Building, await _d.LeaderBuildingAsync())))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var staff = await _d.StaffAsync();
        var draft = await _d.CreateAsync(staff, NoticeDriver.Input(PlaceKind.Community, community, title: "内部草稿"));
        (await other.GetAsync($"/api/v1/notices/{draft}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _d.ResidentAsync()).GetAsync($"/api/v1/notices/{draft}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _d.ResidentAsync()).PostAsJsonAsync("/api/v1/notices", NoticeDriver.Input(PlaceKind.Community, community))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.PostAsJsonAsync($"/api/v1/notices/{draft}/submit", new { version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _d.StatusAsync(draft)).ShouldBe(NoticeStatus.Draft);
        var page = await app.Anonymous().GetAsync($"/notices/{draft}");
        page.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteNoticeLifecycleTests(SqliteApp app) : NoticeLifecycleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresNoticeLifecycleTests(PostgresApp app) : NoticeLifecycleTests(app);
