using System.Net;
using Gongzhi.Web.Modules.Deliberation;

namespace Gongzhi.Tests.Modules.Deliberation;

// The server-rendered pages, posted as a phone browser posts them (cookie, anti-forgery token).
public abstract class DeliberationPageTests(GongzhiApp app)
{
    private static long IdFrom(HttpResponseMessage response, string prefix)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        var path = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        path.ShouldStartWith(prefix, customMessage: path);
        return long.Parse(path[prefix.Length..].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_demo_topics_show_with_the_overdue_milestone_on_the_staff_list()
    {
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var html = await staff.Client.GetStringAsync("/topics");
        html.ShouldContain("电动车集中充电桩建设");
        html.ShouldContain("垃圾分类亭选址与建设");
        html.ShouldContain("data-testid=\"overdue\"");
        html.ShouldContain("充电棚钢结构搭建");
        // And on the staff work list of 接诉即办.
        var work = await (await PageSession.LogInAsync(app, "wangge.li")).Client.GetStringAsync("/work");
        work.ShouldContain("data-testid=\"overdue-milestones\"");
        work.ShouldContain("充电棚钢结构搭建");

        await using var db = app.NewDb();
        var kioskVote = await db.Votes.Where(v => v.Basis == VoteBasis.Owners278).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync();
        var vote = await staff.Client.GetStringAsync($"/votes/{kioskVote}");
        vote.ShouldContain("data-testid=\"result\"");
        vote.ShouldContain(" m²");
        vote.ShouldContain("不少于四分之三");
    }

    [Fact]
    public async Task Staff_open_a_consultation_and_a_vote_and_a_resident_answers_and_votes_on_the_pages()
    {
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var resident = await PageSession.LogInAsync(app, (await DemoFacts.ForAsync(app)).ResidentUserName);
        var facts = await DemoFacts.ForAsync(app);
        var created = await staff.PostFormAsync("/topics/new", "topic", new Dictionary<string, string>
        {
            ["Input.Title"] = "垃圾分类积分兑换点 " + TopicDriver.Marker(), ["Input.Description"] = "在社区服务站设立积分兑换点。",
            ["Input.CommunityId"] = facts.Community1.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.EstateId"] = "", ["Input.Source"] = "Staff",
        });
        var id = IdFrom(created, "/topics/");

        var page = $"/topics/{id}";
        (await staff.PostFormAsync(page, "consultation", new Dictionary<string, string>
        {
            ["ConsultationInput.Question"] = "兑换点放在哪里？", ["ConsultationInput.Mode"] = "Single", ["ConsultationInput.Options"] = "社区服务站 | 5000\n超市门口", ["ConsultationInput.Days"] = "7",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        long consultation;
        await using (var db = app.NewDb()) consultation = await db.Consultations.Where(c => c.TopicId == id).Select(c => c.Id).SingleAsync();
        (await resident.PostFormAsync(page, $"answer-{consultation}", new Dictionary<string, string>
        {
            ["AnswerInput.ConsultationId"] = consultation.ToString(System.Globalization.CultureInfo.InvariantCulture), ["AnswerInput.Picks"] = "1",
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // A malformed vote is refused on the page with the reason, and nothing opens.
        var refused = await staff.PostFormAsync(page, "vote", new Dictionary<string, string>
        {
            ["VoteInput.Title"] = "业主表决", ["VoteInput.Basis"] = "Owners278", ["VoteInput.Matter"] = "", ["VoteInput.Days"] = "7",
        });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("业主表决须选择民法典第二百七十八条所列事项");

        var opened = await staff.PostFormAsync(page, "vote", new Dictionary<string, string>
        {
            ["VoteInput.Title"] = "是否同意设立兑换点", ["VoteInput.Basis"] = "PerHousehold", ["VoteInput.Days"] = "7", ["VoteInput.AllowChange"] = "true",
        });
        var vote = IdFrom(opened, "/votes/");
        (await resident.PostFormAsync($"/votes/{vote}", "ballot", new Dictionary<string, string> { ["BallotInput.Choice"] = "1" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var mine = await resident.Client.GetStringAsync($"/votes/{vote}");
        mine.ShouldContain("已投票 1 /");
        mine.ShouldNotContain("data-testid=\"result\"");
        var staffView = await staff.Client.GetStringAsync($"/votes/{vote}");
        staffView.ShouldContain("实时计票");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteDeliberationPageTests(SqliteApp app) : DeliberationPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDeliberationPageTests(PostgresApp app) : DeliberationPageTests(app);
