using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Care;

namespace Gongzhi.Tests.Modules.Care;

// 结对帮扶: staff pair any account with a recipient; the helper may then see and visit that one
// person; a pair's visit, confirmed by staff, earns the helper points through the ledger once.
public abstract class PairTests(GongzhiApp app)
{
    private readonly CareDriver _d = new(app);

    private async Task<long> PairAsync(HttpClient worker, long recipientId, string helper, HttpStatusCode expected = HttpStatusCode.Created) =>
        (await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{recipientId}/pairs", new { helper })).JsonAsync(expected)).Long("id");

    [Fact]
    public async Task A_pairs_visit_earns_the_helper_points_through_the_ledger_once_however_often_confirmed()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var helper = await _d.HelperAsync();
        var worker = await _d.WorkerAsync();
        var pairId = await PairAsync(worker, id, helper.UserName);

        // The helper, a resident with no care role, sees their own recipient but not the health notes.
        var mine = await app.ClientForAsync(helper.UserName);
        var view = await (await mine.GetAsync($"/api/v1/care/recipients/{id}")).JsonAsync();
        view["healthNote"].ShouldBeNull();
        view["pairs"]![0]!.Long("id").ShouldBe(pairId);
        var visit = (await (await mine.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 1, actions = new[] { 1 }, note = "陪老人聊天" }))
            .JsonAsync(HttpStatusCode.Created)).Long("id");
        (await _d.VisitsAsync(id)).ShouldHaveSingleItem().PairId.ShouldBe(pairId);

        var before = await _d.BalanceAsync(helper.VolunteerId);
        // Confirmed three times, two of them at once: one posting.
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => worker.PostAsync($"/api/v1/care/visits/{visit}/confirm", null)));
        var again = await worker.PostAsync($"/api/v1/care/visits/{visit}/confirm", null);
        var credits = new List<JsonNode>();
        foreach (var a in answers.Append(again)) credits.Add(await a.JsonAsync());
        var points = credits[0].Long("points");
        points.ShouldBeGreaterThan(0);
        credits.Select(c => c.Long("transactionId")).Distinct().ShouldHaveSingleItem();
        credits.Select(c => c.Long("points")).ShouldAllBe(p => p == points);
        credits.Count(c => (bool)c["created"]!).ShouldBe(1);
        (await _d.BalanceAsync(helper.VolunteerId)).ShouldBe(before + points);
        await using (var db = app.NewDb())
        {
            var tx = await db.PointsTransactions.SingleAsync(t => t.IdempotencyKey == $"care-visit:{visit}");
            (await db.PointsEntries.Where(e => e.TransactionId == tx.Id).SumAsync(e => e.Amount)).ShouldBe(0);
        }
        var stored = (await _d.VisitsAsync(id)).Single();
        (stored.CreditedMinutes, stored.PointsTransactionId).ShouldBe((60, credits[0].Long("transactionId")));

        var pairs = (await (await mine.GetAsync("/api/v1/care/pairs/mine")).JsonAsync()).AsArray();
        var row = pairs.Single(p => p!.Long("id") == pairId)!;
        ((int)row["visits"]!, (int)row["creditedMinutes"]!).ShouldBe((1, 60));

        // The helper confirms nothing and pairs no one; they are not staff.
        (await mine.PostAsync($"/api/v1/care/visits/{visit}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await mine.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pairs", new { helper = "loudong" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_recipient_has_one_helper_at_a_time_and_an_ended_pair_stays_as_history()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var first = await _d.HelperAsync();
        var second = await _d.HelperAsync(volunteer: false);
        var worker = await _d.WorkerAsync();
        var pairId = await PairAsync(worker, id, first.UserName);
        var taken = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pairs", new { helper = second.UserName })).ProblemAsync(HttpStatusCode.Conflict);
        taken["detail"]!.GetValue<string>().ShouldContain("已有结对帮扶人");

        // A visit by the grid worker is not the pair's: there is nothing to confirm.
        var own = (await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 1 })).JsonAsync(HttpStatusCode.Created)).Long("id");
        (await worker.PostAsync($"/api/v1/care/visits/{own}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await worker.PostAsJsonAsync($"/api/v1/care/pairs/{pairId}/end", new { version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await worker.PostAsJsonAsync($"/api/v1/care/pairs/{pairId}/end", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await worker.PostAsJsonAsync($"/api/v1/care/pairs/{pairId}/end", new { version = 0 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        // Once the pair has ended, the first helper no longer sees the person.
        (await (await app.ClientForAsync(first.UserName)).GetAsync($"/api/v1/care/recipients/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A helper who is not a volunteer: their visits are the pair's, confirmed, and earn no points.
        await PairAsync(worker, id, second.UserName);
        var mine = await app.ClientForAsync(second.UserName);
        var notSeen = (await (await mine.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 4, condition = 2 })).JsonAsync(HttpStatusCode.Created)).Long("id");
        var phone = (await (await mine.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 2, condition = 1 })).JsonAsync(HttpStatusCode.Created)).Long("id");
        (await worker.PostAsync($"/api/v1/care/visits/{notSeen}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var credit = await (await worker.PostAsync($"/api/v1/care/visits/{phone}/confirm", null)).JsonAsync();
        ((bool)credit["isVolunteer"]!, credit.Long("points"), (int)credit["minutes"]!).ShouldBe((false, 0L, 20));

        // What a neighbour helper finds goes to the grid's workers and, when urgent, to its leader: they open the case.
        var urgent = await (await mine.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 4, note = "老人发烧，家里没人" })).JsonAsync(HttpStatusCode.Created);
        urgent["caseId"].ShouldBeNull();
        var facts = await DemoFacts.ForAsync(app);
        (await _d.NoticesAsync("care.urgent", $"/care/recipients/{id}")).ShouldBe([facts.UserIds["wangge.zhang"]]);
        (await _d.NoticesAsync("care.need", $"/care/recipients/{id}")).ShouldContain(facts.UserIds["wangge.li"]);

        var view = await (await worker.GetAsync($"/api/v1/care/recipients/{id}")).JsonAsync();
        var pairs = view["pairs"]!.AsArray();
        pairs.Count.ShouldBe(2);
        pairs.Count(p => p!["to"] is null).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_pairs_and_refusals_are_answered_and_nothing_is_written()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        async Task<int> Count()
        {
            await using var db = app.NewDb();
            return await db.Set<CarePair>().CountAsync(p => p.RecipientId == id);
        }
        var unknown = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pairs", new { helper = "no-such-person" })).ProblemAsync(HttpStatusCode.BadRequest);
        unknown.ErrorsFor("helper").ShouldBe(["没有找到账号“no-such-person”，请填写登录名或手机号"]);
        (await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pairs", new { helper = "" })).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("helper").ShouldNotBeEmpty();
        var far = DateTime.UtcNow.AddYears(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pairs", new { helper = "loudong", from = far })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("from").ShouldNotBeEmpty();
        var english = await app.ClientForAsync("wangge.li", "en");
        (await (await english.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pairs", new { helper = "nobody" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("helper").ShouldBe(["No account \"nobody\": enter a login name or phone number"]);
        // Another grid's worker: the recipient does not exist for them; a resident: not their job.
        var other = await app.ClientForAsync("wangge.chen");
        (await other.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pairs", new { helper = "loudong" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var resident = await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName);
        (await resident.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pairs", new { helper = "loudong" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Count()).ShouldBe(0);

        var pairId = await PairAsync(worker, id, "loudong");
        (await other.PostAsJsonAsync($"/api/v1/care/pairs/{pairId}/end", new { version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var visit = (await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 1 })).JsonAsync(HttpStatusCode.Created)).Long("id");
        (await other.PostAsync($"/api/v1/care/visits/{visit}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await resident.PostAsync($"/api/v1/care/visits/{visit}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await worker.PostAsync($"/api/v1/care/visits/{long.MaxValue}/confirm", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Count()).ShouldBe(1);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePairTests(SqliteApp app) : PairTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPairTests(PostgresApp app) : PairTests(app);
