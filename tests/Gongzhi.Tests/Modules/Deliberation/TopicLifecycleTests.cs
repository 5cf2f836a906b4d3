using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Deliberation;

namespace Gongzhi.Tests.Modules.Deliberation;

// A topic from proposal to done through the API, and the moves its life cycle refuses.
public abstract class TopicLifecycleTests(GongzhiApp app)
{
    private readonly TopicDriver _d = new(app);

    [Fact]
    public async Task A_topic_goes_through_consultation_meeting_vote_notice_and_implementation_to_done()
    {
        var staff = await _d.StaffAsync();
        var resident = await _d.ResidentAsync();
        var id = await _d.CreateAsync();
        (await resident.PostAsync($"/api/v1/topics/{id}/follow", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // 群众点单: two options with budgets; the resident picks one and sees no count until it closes.
        var consultation = (await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/consultations", new
        {
            question = "您希望建设哪种充电设施？", mode = (int)ConsultationMode.Single, days = 7,
            options = new object[] { new { text = "地面充电桩（12个车位）", budget = 86000m }, new { text = "智能充电柜", budget = 32000m } },
        })).JsonAsync()).Long("id");
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Consultation);
        (await resident.PostAsJsonAsync($"/api/v1/consultations/{consultation}/answer", new { picks = new[] { 2 } })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var seen = (await TopicDriver.TopicAsync(resident, id))["consultations"]![0]!;
        ((bool)seen["resultsShown"]!).ShouldBeFalse();
        seen["options"]![1]!["count"].ShouldBeNull();
        ((int)seen["myPicks"]![0]!).ShouldBe(2);
        var live = (await TopicDriver.TopicAsync(staff, id))["consultations"]![0]!;
        ((int)live["options"]![1]!["count"]!).ShouldBe(1);
        (await staff.PostAsync($"/api/v1/consultations/{consultation}/close", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        ((int)(await TopicDriver.TopicAsync(resident, id))["consultations"]![0]!["options"]![1]!["count"]!).ShouldBe(1);

        // 议事会: agenda, a delegate ticked in, a resolution with the room's votes that sends it to a vote.
        var meeting = (await (await staff.PostAsJsonAsync("/api/v1/meetings", new
        {
            communityId = (await DemoFacts.ForAsync(app)).Community1, kind = (int)MeetingKind.PartyMassCouncil, title = "十一月党群议事会",
            place = "社区党群服务中心二楼会议室", startsAt = DateTime.UtcNow.AddDays(1), topicIds = new[] { id },
        })).JsonAsync()).Long("id");
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Meeting);
        var delegateId = (await (await staff.PostAsJsonAsync($"/api/v1/meetings/{meeting}/attendees",
            new { name = "王秀兰", capacity = (int)DelegateCapacity.ResidentDelegate })).JsonAsync()).Long("id");
        (await staff.PostAsync($"/api/v1/meetings/{meeting}/attendees/{delegateId}/tick", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var view = await (await staff.GetAsync($"/api/v1/meetings/{meeting}")).JsonAsync();
        ((int)view["present"]!).ShouldBe(1);
        var item = view["items"]![0]!.Long("id");
        (await staff.PostAsJsonAsync($"/api/v1/meetings/{meeting}/items/{item}/resolve",
            new { resolution = "提交全体住户一户一票表决", votesFor = 1, votesAgainst = 0, votesAbstain = 0, decides = false })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Meeting);

        // 表决: one household, one vote; the resident's household votes for. The roll is cut to three
        // households so that two of them make the two-thirds turnout a household vote needs.
        var vote = await _d.OpenVoteAsync(id, VoteBasis.PerHousehold);
        await using (var db = app.NewDb())
        {
            var keep = await db.VoteElectors.Where(e => e.VoteId == vote).OrderBy(e => e.Id).Select(e => e.Id).Take(2).ToListAsync();
            var mine = await db.VoteElectors.Where(e => e.VoteId == vote).Select(e => new { e.Id, e.VoterKey }).ToListAsync();
            var facts = await DemoFacts.ForAsync(app);
            var own = mine.Single(e => e.VoterKey == "H:" + facts.ResidentHouseholdId).Id;
            await db.VoteElectors.Where(e => e.VoteId == vote && e.Id != own && !keep.Contains(e.Id)).ExecuteDeleteAsync();
            var other = keep.First(k => k != own);
            (await staff.PostAsJsonAsync($"/api/v1/votes/{vote}/paper", new { electorId = other, choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        (await resident.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        ((bool)(await (await staff.PostAsync($"/api/v1/votes/{vote}/close", null)).JsonAsync())["adopted"]!).ShouldBeTrue();
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Adopted);

        // 公示 with an objection: implementation waits for the period to end and for the answer.
        (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/notice", new { text = "经表决通过，在3栋北侧建设充电柜。", days = 7, version = await _d.VersionAsync(id) }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var objection = (await (await resident.PostAsJsonAsync($"/api/v1/topics/{id}/objections", new { text = "充电柜离窗户太近，担心噪音。" })).JsonAsync()).Long("id");
        var early = await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/implementation", new { version = await _d.VersionAsync(id) })).ProblemAsync(HttpStatusCode.BadRequest);
        await using (var db = app.NewDb())
        {
            // Said in Beijing time, as people read it, not in UTC.
            var until = await db.Topics.Where(t => t.Id == id).Select(t => t.NoticeUntil!.Value).SingleAsync();
            early["detail"]!.GetValue<string>().ShouldBe($"公示期至 {until.AddHours(8):yyyy-MM-dd HH:mm} 结束，期满后才能进入落实");
        }
        await using (var db = app.NewDb())
            await db.Topics.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.NoticeUntil, DateTime.UtcNow.AddMinutes(-1)));
        var unanswered = await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/implementation", new { version = await _d.VersionAsync(id) })).ProblemAsync(HttpStatusCode.BadRequest);
        unanswered["detail"]!.GetValue<string>().ShouldBe("还有 1 条异议未答复");
        (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/objections/{objection}/answer", new { text = "充电柜选用静音型号，并加装隔音板。" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/implementation", new { version = await _d.VersionAsync(id) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // 落实: a milestone completed; the follower sees it on the topic and in the inbox.
        var milestone = (await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/milestones",
            new { title = "充电柜安装调试", ownerName = "物业工程部", dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)) })).JsonAsync()).Long("id");
        var early2 = await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/done", new { version = await _d.VersionAsync(id) })).ProblemAsync(HttpStatusCode.BadRequest);
        early2["detail"]!.GetValue<string>().ShouldBe("还有 1 个落实节点未完成");
        (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/milestones/{milestone}/progress", new { progress = 100, note = "已通电试运行", photoUrl = "/img/charger.jpg", version = 0 }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var seenByResident = await TopicDriver.TopicAsync(resident, id);
        ((bool)seenByResident["milestones"]![0]!["done"]!).ShouldBeTrue();
        var inbox = await (await resident.GetAsync("/api/v1/inbox")).JsonAsync();
        inbox["items"]!.AsArray().Select(i => i!["text"]!.GetValue<string>()).ShouldContain(t => t.Contains("充电柜安装调试") && t.Contains("已完成"));
        (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/done", new { version = await _d.VersionAsync(id) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Done);
    }

    [Fact]
    public async Task Moves_out_of_order_are_refused_and_change_nothing()
    {
        var staff = await _d.StaffAsync();
        var id = await _d.CreateAsync();
        var version = await _d.VersionAsync(id);

        var notice = await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/notice", new { text = "公示内容", days = 7, version })).ProblemAsync(HttpStatusCode.BadRequest);
        notice["detail"]!.GetValue<string>().ShouldBe("议题处于「征集附议」阶段，不能转为「公示中」");
        (await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/implementation", new { version })).ProblemAsync(HttpStatusCode.BadRequest))["detail"]!
            .GetValue<string>().ShouldContain("不能转为「落实中」");
        (await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/milestones", new { title = "施工", ownerName = "物业", dueOn = "2026-12-31" })).ProblemAsync(HttpStatusCode.BadRequest))["detail"]!
            .GetValue<string>().ShouldBe("只有已通过的议题才能安排落实");
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Proposed);
        (await _d.VersionAsync(id)).ShouldBe(version);

        // Withdrawn: nothing more happens to it, not even a vote.
        (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/withdraw", new { version })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var vote = await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/votes", new { title = "表决", basis = (int)VoteBasis.PerHousehold, days = 7 }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        vote["detail"]!.GetValue<string>().ShouldBe("议题处于「已撤回」阶段，不能转为「表决中」");
        (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/withdraw", new { version = version + 1 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var db = app.NewDb();
        (await db.Votes.CountAsync(v => v.TopicId == id)).ShouldBe(0);
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Withdrawn);

        // A stale version is a conflict, not a silent overwrite.
        var other = await _d.CreateAsync();
        (await staff.PostAsJsonAsync($"/api/v1/topics/{other}/withdraw", new { version = 5 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_residents_proposal_needs_its_supporters_before_it_goes_on()
    {
        var resident = await _d.ResidentAsync();
        var staff = await _d.StaffAsync();
        var created = await resident.PostAsJsonAsync("/api/v1/topics", new { title = "小区大门改造 " + TopicDriver.Marker(), description = "大门门禁经常失灵，希望改造为人脸识别门禁。", scope = (int)TopicScope.Community });
        var id = (await created.JsonAsync(HttpStatusCode.Created)).Long("id");
        var topic = await TopicDriver.TopicAsync(staff, id);
        ((int)topic["supporters"]!).ShouldBe(1);
        ((int)topic["supportersNeeded"]!).ShouldBe(10);
        ((int)topic["source"]!).ShouldBe((int)TopicSource.Resident);

        var refused = await (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/consultations",
            new { question = "您的意见？", mode = (int)ConsultationMode.Comments, days = 7 })).ProblemAsync(HttpStatusCode.BadRequest);
        refused["detail"]!.GetValue<string>().ShouldBe("还需要 9 位居民附议才能进入下一步");
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Proposed);

        (await resident.PostAsync($"/api/v1/topics/{id}/support", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var neighbour = await app.ClientForAsync("loudong", "zh-Hans");
        ((int)(await (await neighbour.PostAsync($"/api/v1/topics/{id}/support", null)).JsonAsync())["supporters"]!).ShouldBe(2);
        (await neighbour.PostAsync($"/api/v1/topics/{id}/support", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Enough support (the rest recorded directly), and it may go on.
        await using (var db = app.NewDb())
            await db.Topics.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Supporters, 10));
        (await staff.PostAsJsonAsync($"/api/v1/topics/{id}/consultations", new { question = "您的意见？", mode = (int)ConsultationMode.Comments, days = 7 }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _d.StatusAsync(id)).ShouldBe(TopicStatus.Consultation);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteTopicLifecycleTests(SqliteApp app) : TopicLifecycleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTopicLifecycleTests(PostgresApp app) : TopicLifecycleTests(app);
