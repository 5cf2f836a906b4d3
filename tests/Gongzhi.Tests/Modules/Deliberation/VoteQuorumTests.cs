using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Deliberation.Tally;

namespace Gongzhi.Tests.Modules.Deliberation;

// One person or one household, one vote: 1 of 375 voting used to adopt a decision. These votes now
// need a quorum (turnout of the roll) and a threshold, and say which was or was not reached.
public sealed class VoteQuorumTallyTests
{
    private const int F = Vote.For, A = Vote.Against;

    private static List<TallyElector> Roll(int count) => Enumerable.Range(0, count).Select(i => new TallyElector("R:" + i, 0)).ToList();

    private static List<TallyBallot> Ballots(int forCount, int againstCount = 0) =>
        Enumerable.Range(0, forCount).Select(i => new TallyBallot("R:" + i, F))
            .Concat(Enumerable.Range(forCount, againstCount).Select(i => new TallyBallot("R:" + i, A))).ToList();

    [Fact]
    public void One_of_375_is_no_quorum_and_188_of_375_is()
    {
        var one = Art278Tally.Count(VoteBasis.PerPerson, null, true, 3, Roll(375), Ballots(1), Vote.DefaultQuorum(VoteBasis.PerPerson), Threshold.MoreThanHalf);
        one.Adopted.ShouldBeFalse();
        one.TurnoutMet.ShouldBeFalse();
        one.Checks.ShouldHaveSingleItem().ShouldBe(new TallyCheck(Measure.TurnoutHeads, new Fraction(1, 375), Threshold.MoreThanHalf, false));

        var half = Art278Tally.Count(VoteBasis.PerPerson, null, true, 3, Roll(376), Ballots(188), Threshold.MoreThanHalf, Threshold.MoreThanHalf);
        half.TurnoutMet.ShouldBeFalse(); // exactly half is not more than half
        var more = Art278Tally.Count(VoteBasis.PerPerson, null, true, 3, Roll(375), Ballots(188), Threshold.MoreThanHalf, Threshold.MoreThanHalf);
        more.TurnoutMet.ShouldBeTrue();
        more.Adopted.ShouldBeTrue();
    }

    [Fact]
    public void A_household_vote_needs_two_thirds_by_default_and_a_threshold_can_be_raised()
    {
        Vote.DefaultQuorum(VoteBasis.PerHousehold).ShouldBe(Threshold.TwoThirds);
        Art278Tally.Count(VoteBasis.PerHousehold, null, true, 3, Roll(300), Ballots(199), Threshold.TwoThirds, null).Adopted.ShouldBeFalse();
        Art278Tally.Count(VoteBasis.PerHousehold, null, true, 3, Roll(300), Ballots(200), Threshold.TwoThirds, null).Adopted.ShouldBeTrue();
        // 130 of 200 in favour is 65%: more than half, short of two thirds.
        Art278Tally.Count(VoteBasis.PerHousehold, null, true, 3, Roll(300), Ballots(130, 70), Threshold.TwoThirds, Threshold.MoreThanHalf).Adopted.ShouldBeTrue();
        Art278Tally.Count(VoteBasis.PerHousehold, null, true, 3, Roll(300), Ballots(130, 70), Threshold.TwoThirds, Threshold.TwoThirds).Adopted.ShouldBeFalse();
    }
}

public abstract class VoteQuorumTests(GongzhiApp app)
{
    private readonly TopicDriver _d = new(app);

    [Fact]
    public async Task One_household_voting_does_not_adopt_a_community_vote_and_the_page_says_why()
    {
        var staff = await _d.StaffAsync();
        var resident = await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName);
        var topic = await _d.CreateAsync();
        var vote = await _d.OpenVoteAsync(topic, VoteBasis.PerHousehold);
        (await resident.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        ((bool)(await (await staff.PostAsync($"/api/v1/votes/{vote}/close", null)).JsonAsync())["adopted"]!).ShouldBeFalse();
        (await _d.StatusAsync(topic)).ShouldNotBe(TopicStatus.Adopted);

        var result = (await (await staff.GetAsync($"/api/v1/votes/{vote}")).JsonAsync())["result"]!;
        result["outcome"]!.GetValue<string>().ShouldBe("未通过：参与表决的户数未达到不少于三分之二的要求，表决不成立");
        result["checks"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldContain(c => c.StartsWith("参与表决的户数 1/") && c.EndsWith("未达到"));
        var page = await PageSession.LogInAsync(app, "admin");
        (await page.Client.GetStringAsync($"/votes/{vote}")).ShouldContain("参与表决的户数未达到不少于三分之二的要求");
        await using var db = app.NewDb();
        var stored = await db.Votes.SingleAsync(v => v.Id == vote);
        (stored.Quorum, stored.Approval, stored.Adopted).ShouldBe((Threshold.TwoThirds, Threshold.MoreThanHalf, false));
    }

    [Fact]
    public async Task Staff_set_the_quorum_and_threshold_when_they_open_the_vote()
    {
        var staff = await _d.StaffAsync();
        var topic = await _d.CreateAsync();
        var id = (await (await staff.PostAsJsonAsync($"/api/v1/topics/{topic}/votes",
            new { title = "是否同意", basis = (int)VoteBasis.PerHousehold, days = 7, quorum = (int)Threshold.ThreeQuarters, approval = (int)Threshold.TwoThirds })).JsonAsync()).Long("id");
        await using var db = app.NewDb();
        var stored = await db.Votes.SingleAsync(v => v.Id == id);
        (stored.Quorum, stored.Approval).ShouldBe((Threshold.ThreeQuarters, Threshold.TwoThirds));
        var topic2 = await _d.CreateAsync();
        await (await staff.PostAsJsonAsync($"/api/v1/topics/{topic2}/votes",
            new { title = "是否同意", basis = (int)VoteBasis.PerHousehold, days = 7, quorum = 9 })).ProblemAsync(HttpStatusCode.BadRequest);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVoteQuorumTests(SqliteApp app) : VoteQuorumTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVoteQuorumTests(PostgresApp app) : VoteQuorumTests(app);
