using System.Net;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// 接单 race: two people of grid 1 take the same new case at the same moment. One wins and owns it;
// the other is told clearly who has it. Round after round, never both, never neither.
public abstract class ConcurrentAcceptTests(GongzhiApp app)
{
    private const int Rounds = 15;
    private readonly CaseDriver _cases = new(app);

    [Fact]
    public async Task Two_workers_accepting_at_once_give_one_owner_and_one_clear_conflict()
    {
        var facts = await DemoFacts.ForAsync(app);
        var names = new Dictionary<string, string>
        {
            [facts.UserIds["wangge.li"]] = await _cases.DisplayNameAsync("wangge.li"),
            [facts.UserIds["wangge.zhang"]] = await _cases.DisplayNameAsync("wangge.zhang"),
        };
        var li = await app.ClientForAsync("wangge.li", "zh-Hans");
        var zhang = await app.ClientForAsync("wangge.zhang", "zh-Hans");
        var winners = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            var id = await _cases.SubmitAsResidentAsync("facility-repair", $"休息座椅坏了一块木板 第{round}轮 " + CaseDriver.Marker());
            var responses = await Task.WhenAll(li.PostAsync($"/api/v1/cases/{id}/accept", null), zhang.PostAsync($"/api/v1/cases/{id}/accept", null));

            responses.Count(r => r.StatusCode == HttpStatusCode.NoContent).ShouldBe(1, $"round {round}");
            var loser = responses.Single(r => r.StatusCode != HttpStatusCode.NoContent);
            var problem = await loser.ProblemAsync(HttpStatusCode.Conflict);
            var c = await _cases.LoadAsync(id);
            c.Status.ShouldBe(CaseStatus.Accepted);
            c.OwnerName.ShouldBe(names[c.OwnerUserId!]);
            problem["detail"]!.GetValue<string>().ShouldBe($"该诉求已被{c.OwnerName}接单");
            var winner = responses[0].StatusCode == HttpStatusCode.NoContent ? facts.UserIds["wangge.li"] : facts.UserIds["wangge.zhang"];
            c.OwnerUserId.ShouldBe(winner);
            var accepted = (await _cases.EventsAsync(id)).Where(e => e.Kind == CaseEventKind.Accepted).ShouldHaveSingleItem();
            accepted.ActorUserId.ShouldBe(winner);
            winners.Add(winner);
        }
        // Informative only: who wins is up to timing, but each round has exactly one winner.
        winners.Count.ShouldBe(Rounds);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteConcurrentAcceptTests(SqliteApp app) : ConcurrentAcceptTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrentAcceptTests(PostgresApp app) : ConcurrentAcceptTests(app);
