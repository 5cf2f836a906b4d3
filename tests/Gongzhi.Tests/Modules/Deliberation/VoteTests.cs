using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Deliberation;

namespace Gongzhi.Tests.Modules.Deliberation;

// Ballots: one per voter whatever arrives at once, paper and online counted once, secrecy, and the
// Art. 278 count on a hand-built roll through the real database.
public abstract class VoteTests(GongzhiApp app)
{
    private readonly TopicDriver _d = new(app);

    // Replaces the roll the vote took from the registry with a hand-built one (test setup, no API).
    private async Task<List<long>> HandBuiltRollAsync(long voteId, params long[] areas)
    {
        await using var db = app.NewDb();
        await db.VoteElectors.Where(e => e.VoteId == voteId).ExecuteDeleteAsync();
        var electors = areas.Select((a, i) => new VoteElector(voteId, "T:" + i, $"测试业主{i}", null, null, a, 1)).ToList();
        db.VoteElectors.AddRange(electors);
        await db.SaveChangesAsync();
        return electors.Select(e => e.Id).ToList();
    }

    [Fact]
    public async Task A_thousand_simultaneous_ballots_from_six_hundred_voters_count_six_hundred()
    {
        var staff = await _d.StaffAsync();
        var topic = await _d.CreateAsync();
        var vote = await _d.OpenVoteAsync(topic, VoteBasis.PerPerson);
        var electors = await HandBuiltRollAsync(vote, Enumerable.Repeat(0L, 600).ToArray());

        // Voters 0–399 twice (for, then against), 400–599 once: 1,000 requests in flight together.
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, 1000).Select(async i =>
        {
            await start.WaitAsync();
            var response = await staff.PostAsJsonAsync($"/api/v1/votes/{vote}/paper", new { electorId = electors[i % 600], choice = i < 600 ? Vote.For : Vote.Against });
            return (response.StatusCode, response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync());
        }).ToList();
        start.Release(1000);
        var answers = await Task.WhenAll(tasks);
        answers.Where(a => a.StatusCode != HttpStatusCode.NoContent).Select(a => a.StatusCode).ShouldBeEmpty();

        var ballots = await _d.BallotsAsync(vote);
        ballots.Count.ShouldBe(600);
        ballots.Select(b => b.Key).Distinct().Count().ShouldBe(600);
        ((int)(await (await staff.GetAsync($"/api/v1/votes/{vote}")).JsonAsync())["voted"]!).ShouldBe(600);
    }

    [Fact]
    public async Task Paper_and_online_ballots_of_the_same_owner_count_once()
    {
        var staff = await _d.StaffAsync();
        var accounts = await _d.ResidentAccountsAsync();
        var owner = accounts.First(a => a.Owner);
        var topic = await _d.CreateAsync();
        var vote = await _d.OpenVoteAsync(topic, VoteBasis.Owners278, Art278Matter.Rebuild);
        var key = "R:" + owner.ResidentId;
        var elector = await _d.ElectorAsync(vote, key);
        var client = await app.ClientForAsync(owner.UserName, "zh-Hans");

        (await client.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await staff.PostAsJsonAsync($"/api/v1/votes/{vote}/paper", new { electorId = elector, choice = Vote.Against })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // And both at once, ten times over.
        var burst = Enumerable.Range(0, 10).SelectMany(_ => new[]
        {
            client.PostAsJsonAsync($"/api/v1/votes/{vote}/ballot", new { choice = Vote.Abstain }),
            staff.PostAsJsonAsync($"/api/v1/votes/{vote}/paper", new { electorId = elector, choice = Vote.Abstain }),
        });
        (await Task.WhenAll(burst)).ShouldAllBe(r => r.StatusCode == HttpStatusCode.NoContent);

        var ballots = await _d.BallotsAsync(vote);
        var mine = ballots.ShouldHaveSingleItem();
        mine.Key.ShouldBe(key);
        mine.Choice.ShouldBe(Vote.Abstain);
        var view = await (await client.GetAsync($"/api/v1/votes/{vote}")).JsonAsync();
        ((int)view["myChoice"]!).ShouldBe(Vote.Abstain);
        ((int)view["voted"]!).ShouldBe(1);
    }

    [Fact]
    public async Task Staff_see_who_voted_but_not_how_unless_the_vote_is_open()
    {
        var staff = await _d.StaffAsync();
        var secret = await _d.OpenVoteAsync(await _d.CreateAsync(), VoteBasis.PerPerson);
        var electors = await HandBuiltRollAsync(secret, 0, 0, 0);
        (await staff.PostAsJsonAsync($"/api/v1/votes/{secret}/paper", new { electorId = electors[0], choice = Vote.Against })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var roll = (await (await staff.GetAsync($"/api/v1/votes/{secret}/roll")).JsonAsync()).AsArray();
        var first = roll.Single(r => r!.Long("id") == electors[0])!;
        ((bool)first["voted"]!).ShouldBeTrue();
        ((int)first["channel"]!).ShouldBe((int)BallotChannel.Paper);
        first["choice"].ShouldBeNull();
        ((bool)roll.Single(r => r!.Long("id") == electors[1])!["voted"]!).ShouldBeFalse();

        var open = await _d.OpenVoteAsync(await _d.CreateAsync(), VoteBasis.PerPerson, openBallot: true);
        var openElectors = await HandBuiltRollAsync(open, 0, 0);
        (await staff.PostAsJsonAsync($"/api/v1/votes/{open}/paper", new { electorId = openElectors[1], choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var openRoll = (await (await staff.GetAsync($"/api/v1/votes/{open}/roll")).JsonAsync()).AsArray();
        ((int)openRoll.Single(r => r!.Long("id") == openElectors[1])!["choice"]!).ShouldBe(Vote.For);

        // Residents may not read the roll; they see turnout, and the count only after closing.
        var resident = await _d.ResidentAsync();
        (await resident.GetAsync($"/api/v1/votes/{secret}/roll")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_owners_vote_on_a_hand_built_roll_explains_its_outcome_exactly()
    {
        var staff = await _d.StaffAsync();
        var topic = await _d.CreateAsync();
        var vote = await _d.OpenVoteAsync(topic, VoteBasis.Owners278, Art278Matter.Rebuild);
        // Six owners of 100 m²; four take part (exactly 2/3), three for: exactly 3/4 on a matter (7).
        var electors = await HandBuiltRollAsync(vote, 10000, 10000, 10000, 10000, 10000, 10000);
        foreach (var (elector, choice) in electors.Take(4).Zip(new[] { Vote.For, Vote.For, Vote.For, Vote.Against }))
            (await staff.PostAsJsonAsync($"/api/v1/votes/{vote}/paper", new { electorId = elector, choice })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var resident = await _d.ResidentAsync();
        (await (await resident.GetAsync($"/api/v1/votes/{vote}")).JsonAsync())["result"].ShouldBeNull();
        var live = (await (await staff.GetAsync($"/api/v1/votes/{vote}")).JsonAsync())["result"]!;
        live["turnoutArea"]!.GetValue<string>().ShouldBe("400.00/600.00 m²");
        live["turnoutHeads"]!.GetValue<string>().ShouldBe("4/6");

        ((bool)(await (await staff.PostAsync($"/api/v1/votes/{vote}/close", null)).JsonAsync())["adopted"]!).ShouldBeTrue();
        var result = (await (await resident.GetAsync($"/api/v1/votes/{vote}")).JsonAsync())["result"]!;
        ((bool)result["adopted"]!).ShouldBeTrue();
        result["outcome"]!.GetValue<string>().ShouldBe("通过：各项要求均已达到");
        var checks = result["checks"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        checks.ShouldContain("同意人数占参与表决人数 3/4（75.00%），要求不少于四分之三：已达到");
        checks.ShouldContain("参与表决的专有部分面积 400.00/600.00 m²（66.66%），要求不少于三分之二：已达到");
        (await _d.StatusAsync(topic)).ShouldBe(TopicStatus.Adopted);
    }

    [Fact]
    public async Task Exactly_half_in_favour_is_explained_as_not_more_than_half()
    {
        var staff = await _d.StaffAsync();
        var topic = await _d.CreateAsync();
        var vote = await _d.OpenVoteAsync(topic, VoteBasis.Owners278, Art278Matter.PropertyService);
        var electors = await HandBuiltRollAsync(vote, 10000, 10000, 10000);
        (await staff.PostAsJsonAsync($"/api/v1/votes/{vote}/paper", new { electorId = electors[0], choice = Vote.For })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await staff.PostAsJsonAsync($"/api/v1/votes/{vote}/paper", new { electorId = electors[1], choice = Vote.Against })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        ((bool)(await (await staff.PostAsync($"/api/v1/votes/{vote}/close", null)).JsonAsync())["adopted"]!).ShouldBeFalse();
        var result = (await (await staff.GetAsync($"/api/v1/votes/{vote}")).JsonAsync())["result"]!;
        result["outcome"]!.GetValue<string>().ShouldBe("未通过：同意未过半数（恰好一半不算过半数）");
        (await _d.StatusAsync(topic)).ShouldBe(TopicStatus.Rejected);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVoteTests(SqliteApp app) : VoteTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVoteTests(PostgresApp app) : VoteTests(app);
