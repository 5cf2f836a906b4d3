using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Deliberation;

namespace Gongzhi.Tests.Modules.Deliberation;

// Bad input gets a clear refusal in the caller's language and changes nothing.
public abstract class DeliberationBadInputTests(GongzhiApp app)
{
    private readonly TopicDriver _d = new(app);

    [Fact]
    public async Task A_ballot_after_closing_is_refused_and_the_count_stays()
    {
        var staff = await _d.StaffAsync();
        var resident = await _d.ResidentAsync("en");
        var vote = await _d.OpenVoteAsync(await _d.CreateAsync(), VoteBasis.PerHousehold);
        (await resident.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await staff.PostAsync($"/api/v1/votes/{vote}/close", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var late = await (await resident.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.Against })).ProblemAsync(HttpStatusCode.BadRequest);
        late["detail"]!.GetValue<string>().ShouldBe("The vote has closed; no more ballots");
        (await _d.BallotsAsync(vote)).ShouldHaveSingleItem().Choice.ShouldBe(Vote.For);
        (await staff.PostAsync($"/api/v1/votes/{vote}/close", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_non_owner_in_an_owners_vote_is_refused()
    {
        var tenant = await _d.NonOwnerAccountAsync();
        var vote = await _d.OpenVoteAsync(await _d.CreateAsync(), VoteBasis.Owners278, Art278Matter.CommonPartsUse);
        var client = await app.ClientForAsync(tenant, "zh-Hans");
        var refused = await (await client.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.For })).ProblemAsync(HttpStatusCode.Forbidden);
        refused["detail"]!.GetValue<string>().ShouldBe("本次为业主表决，您不是该范围内登记的业主");
        (await _d.BallotsAsync(vote)).ShouldBeEmpty();
        // Staff cannot slip a non-elector in on paper either.
        var staff = await _d.StaffAsync();
        (await staff.PostAsJsonAsync($"/api/v1/votes/{vote}/paper", new { electorId = long.MaxValue, choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _d.BallotsAsync(vote)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Malformed_options_and_choices_are_refused_and_nothing_is_created()
    {
        var staff = await _d.StaffAsync();
        var resident = await _d.ResidentAsync();
        var topic = await _d.CreateAsync();

        var one = await (await staff.PostAsJsonAsync($"/api/v1/topics/{topic}/consultations",
            new { question = "建哪种？", mode = (int)ConsultationMode.Single, options = new[] { new { text = "充电桩" } } })).ProblemAsync(HttpStatusCode.BadRequest);
        one.ErrorsFor("options").ShouldBe(["选项须有 2 到 20 个"]);
        var twice = await (await staff.PostAsJsonAsync($"/api/v1/topics/{topic}/consultations",
            new { question = "建哪种？", mode = (int)ConsultationMode.Single, options = new[] { new { text = "充电桩" }, new { text = "充电桩" } } })).ProblemAsync(HttpStatusCode.BadRequest);
        twice.ErrorsFor("options").ShouldBe(["选项不能重复"]);
        var budget = await (await staff.PostAsJsonAsync($"/api/v1/topics/{topic}/consultations",
            new { question = "建哪种？", mode = (int)ConsultationMode.Multiple, options = new object[] { new { text = "甲", budget = -1m }, new { text = "乙" } } })).ProblemAsync(HttpStatusCode.BadRequest);
        budget.ErrorsFor("options").ShouldNotBeEmpty();
        var noMatter = await (await staff.PostAsJsonAsync($"/api/v1/topics/{topic}/votes", new { title = "表决", basis = (int)VoteBasis.Owners278, days = 7 })).ProblemAsync(HttpStatusCode.BadRequest);
        noMatter.ErrorsFor("matter").ShouldBe(["业主表决须选择民法典第二百七十八条所列事项"]);
        var oneChoice = await (await staff.PostAsJsonAsync($"/api/v1/topics/{topic}/votes",
            new { title = "选址", basis = (int)VoteBasis.PerPerson, days = 7, choices = new[] { "北门" } })).ProblemAsync(HttpStatusCode.BadRequest);
        oneChoice.ErrorsFor("choices").ShouldNotBeEmpty();
        (await staff.PostAsync($"/api/v1/topics/{topic}/votes", Api.RawJson("{\"title\": \"表决\", \"basis\": "))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using (var db = app.NewDb())
        {
            (await db.Consultations.CountAsync(c => c.TopicId == topic)).ShouldBe(0);
            (await db.Votes.CountAsync(v => v.TopicId == topic)).ShouldBe(0);
        }
        (await _d.StatusAsync(topic)).ShouldBe(TopicStatus.Proposed);

        // Answers that do not fit the menu.
        var consultation = (await (await staff.PostAsJsonAsync($"/api/v1/topics/{topic}/consultations",
            new { question = "建哪种？", mode = (int)ConsultationMode.Single, options = new[] { new { text = "充电桩" }, new { text = "充电柜" } } })).JsonAsync()).Long("id");
        (await (await resident.PostAsJsonAsync($"/api/v1/consultations/{consultation}/answer", new { picks = new[] { 1, 2 } })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("options").ShouldBe(["本次为单选，只能选择一项"]);
        (await (await resident.PostAsJsonAsync($"/api/v1/consultations/{consultation}/answer", new { picks = new[] { 9 } })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("options").ShouldBe(["所选选项不存在"]);
        var vote = await _d.OpenVoteAsync(topic, VoteBasis.PerHousehold);
        (await resident.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = 4 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await resident.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = 0 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using (var db = app.NewDb())
        {
            (await db.ConsultationResponses.CountAsync(r => r.ConsultationId == consultation)).ShouldBe(0);
            (await db.Ballots.CountAsync(b => b.VoteId == vote)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_vote_that_allows_no_change_refuses_the_second_ballot()
    {
        var resident = await _d.ResidentAsync();
        var vote = await _d.OpenVoteAsync(await _d.CreateAsync(), VoteBasis.PerHousehold, allowChange: false);
        (await resident.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var again = await (await resident.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.Against })).ProblemAsync(HttpStatusCode.Conflict);
        again["detail"]!.GetValue<string>().ShouldBe("您已投票，本次表决不允许改票");
        (await _d.BallotsAsync(vote)).ShouldHaveSingleItem().Choice.ShouldBe(Vote.For);
    }

    [Fact]
    public async Task Outsiders_cannot_see_or_run_a_communitys_topics()
    {
        var topic = await _d.CreateAsync();
        var otherCommunity = await app.ClientForAsync("jianshe", "zh-Hans");
        (await otherCommunity.GetAsync($"/api/v1/topics/{topic}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherCommunity.PostAsJsonAsync($"/api/v1/topics/{topic}/votes", new { title = "表决", basis = (int)VoteBasis.PerPerson, days = 7 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A grid worker of the community sees it but may not open a vote.
        var worker = await app.ClientForAsync("wangge.li", "zh-Hans");
        (await worker.GetAsync($"/api/v1/topics/{topic}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await worker.PostAsJsonAsync($"/api/v1/topics/{topic}/votes", new { title = "表决", basis = (int)VoteBasis.PerPerson, days = 7 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _d.StatusAsync(topic)).ShouldBe(TopicStatus.Proposed);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteDeliberationBadInputTests(SqliteApp app) : DeliberationBadInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDeliberationBadInputTests(PostgresApp app) : DeliberationBadInputTests(app);
