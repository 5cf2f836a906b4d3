using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// 满意 / 基本满意 close the case; 不满意 reopens it with a fresh deadline, and past
// Requests:MaxReopens (2 by default) the next 不满意 goes up to the community.
public abstract class RatingTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    [Theory]
    [InlineData(Rating.Satisfied)]
    [InlineData(Rating.BasicallySatisfied)]
    public async Task A_satisfied_rating_closes_the_case(Rating rating)
    {
        var id = await ResolvedCaseAsync();
        (await _cases.RateAsync(id, rating, "处理得不错")).ShouldBe("Closed");
        var c = await _cases.LoadAsync(id);
        c.Status.ShouldBe(CaseStatus.Closed);
        c.Rating.ShouldBe(rating);
        c.RatingComment.ShouldBe("处理得不错");
        c.ClosedAt.ShouldNotBeNull();
        c.ReopenCount.ShouldBe(0);
        var line = (await _cases.EventsAsync(id)).Last();
        line.Kind.ShouldBe(CaseEventKind.Rated);
        line.ToStatus.ShouldBe(CaseStatus.Closed);
    }

    [Fact]
    public async Task Not_satisfied_reopens_with_a_new_deadline_on_the_working_calendar()
    {
        var id = await ResolvedCaseAsync();
        var resolvedInbox = await CaseDriver.InboxAsync(await _cases.ResidentAsync());
        resolvedInbox.ShouldContain(n => n!["kind"]!.GetValue<string>() == "case.resolved" && n!["link"]!.GetValue<string>() == $"/cases/{id}");
        var before = await _cases.LoadAsync(id);

        (await _cases.RateAsync(id, Rating.Unsatisfied, "灯还是不亮")).ShouldBe("Reopened");
        var c = await _cases.LoadAsync(id);
        c.Status.ShouldBe(CaseStatus.Reopened);
        c.ReopenCount.ShouldBe(1);
        c.ResolvedAt.ShouldBeNull();
        c.EscalationLevel.ShouldBe(EscalationLevel.None);
        var time = await _cases.WorkingTimeAsync();
        c.ResolveBy.ShouldBe(time.AddDays(c.RatedAt!.Value, 3), TimeSpan.FromSeconds(1)); // street-light: 3 working days
        c.ResolveBy.ShouldBeGreaterThanOrEqualTo(before.ResolveBy); // equal only when both fall in the same weekend
        (await _cases.EventsAsync(id)).TakeLast(2).Select(e => (e.Kind, e.ToStatus)).ShouldBe([(CaseEventKind.Rated, CaseStatus.Reopened), (CaseEventKind.Reopened, CaseStatus.Reopened)]);
        var li = await app.ClientForAsync("wangge.li");
        (await CaseDriver.InboxAsync(li)).ShouldContain(n => n!["kind"]!.GetValue<string>() == "case.reopened" && n!["link"]!.GetValue<string>() == $"/cases/{id}");
        // It is back on the worker's desk, to be resolved again.
        (await CaseDriver.GetAsync(li, id))["actions"]!["resolve"]!.GetValue<bool>().ShouldBeTrue();
        await _cases.ResolveAsync(id, "更换了整条线路");
        (await _cases.RateAsync(id, Rating.Satisfied)).ShouldBe("Closed");
    }

    [Fact]
    public async Task Past_the_reopen_limit_not_satisfied_escalates_to_the_community()
    {
        var facts = await DemoFacts.ForAsync(app);
        var id = await ResolvedCaseAsync();
        (await _cases.RateAsync(id, Rating.Unsatisfied)).ShouldBe("Reopened");
        await _cases.ResolveAsync(id, "第二次处理");
        (await _cases.RateAsync(id, Rating.Unsatisfied)).ShouldBe("Reopened");
        (await _cases.LoadAsync(id)).EscalationLevel.ShouldBe(EscalationLevel.None);
        await _cases.ResolveAsync(id, "第三次处理");
        (await _cases.RateAsync(id, Rating.Unsatisfied, "还是没解决")).ShouldBe("Escalated");

        var c = await _cases.LoadAsync(id);
        c.Status.ShouldBe(CaseStatus.Reopened);
        c.ReopenCount.ShouldBe(3);
        c.EscalationLevel.ShouldBe(EscalationLevel.Community);
        var events = await _cases.EventsAsync(id);
        events.Count(e => e.Kind == CaseEventKind.Reopened).ShouldBe(3);
        var escalated = events.Where(e => e.Kind == CaseEventKind.Escalated).ShouldHaveSingleItem();
        escalated.Internal.ShouldBeTrue();
        await using (var db = app.NewDb())
            (await db.Notifications.CountAsync(n => n.Kind == "case.escalated" && n.Link == $"/cases/{id}" && n.UserId == facts.UserIds["tuanjie"])).ShouldBe(1);
        var staff = await CaseDriver.GetAsync(await app.ClientForAsync("tuanjie"), id);
        staff["escalation"]!.GetValue<int>().ShouldBe((int)EscalationLevel.Community);
        var own = await CaseDriver.GetAsync(await _cases.ResidentAsync(), id);
        own["timeline"]!.AsArray().ShouldNotContain(e => e!["kind"]!.GetValue<int>() == (int)CaseEventKind.Escalated);
    }

    [Fact]
    public async Task Only_the_reporter_rates_and_must_choose_a_rating()
    {
        var id = await ResolvedCaseAsync();
        var li = await app.ClientForAsync("wangge.li", "zh-Hans");
        (await (await li.PostAsJsonAsync($"/api/v1/cases/{id}/rate", new { rating = (int)Rating.Satisfied })).ProblemAsync(HttpStatusCode.Forbidden))["detail"]!
            .GetValue<string>().ShouldBe("只有提交人可以这样做");
        var resident = await _cases.ResidentAsync("en");
        (await (await resident.PostAsJsonAsync($"/api/v1/cases/{id}/rate", new { comment = "?" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("rating").ShouldBe(["Choose satisfied, basically satisfied or not satisfied"]);
        (await (await resident.PostAsJsonAsync($"/api/v1/cases/{id}/rate", new { rating = 42 })).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("rating").ShouldNotBeEmpty();
        var tooLong = await resident.PostAsJsonAsync($"/api/v1/cases/{id}/rate", new { rating = (int)Rating.Satisfied, comment = new string('好', 501) });
        (await tooLong.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("comment").ShouldNotBeEmpty();
        var c = await _cases.LoadAsync(id);
        c.Status.ShouldBe(CaseStatus.Resolved);
        c.Rating.ShouldBeNull();
    }

    private async Task<long> ResolvedCaseAsync()
    {
        var id = await _cases.SubmitAsResidentAsync("street-light", "单元楼道灯坏了老人看不见 " + CaseDriver.Marker());
        await _cases.AcceptAsync(id);
        await _cases.ResolveAsync(id, "已更换灯泡");
        return id;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRatingTests(SqliteApp app) : RatingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRatingTests(PostgresApp app) : RatingTests(app);
