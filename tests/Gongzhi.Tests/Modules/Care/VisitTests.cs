using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Care;

// A visit on the stairs: it moves the plan, a need becomes a case through Requests' intake, urgent tells
// the grid leader, a retry is recorded once, bad input writes nothing.
public abstract class VisitTests(GongzhiApp app)
{
    private readonly CareDriver _d = new(app);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    [Fact]
    public async Task A_visit_moves_the_next_due_date_and_leaves_the_due_list()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        var result = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits",
            new { kind = (int)VisitKind.Home, condition = (int)VisitCondition.Good, actions = new[] { (int)VisitActions.Chat, (int)VisitActions.BloodPressure }, note = "精神很好" }))
            .JsonAsync(HttpStatusCode.Created);
        result["caseId"].ShouldBeNull();
        var visit = (await _d.VisitsAsync(id)).ShouldHaveSingleItem();
        visit.Actions.ShouldBe(VisitActions.Chat | VisitActions.BloodPressure);
        visit.VisitorName.ShouldNotBeNullOrEmpty();
        (await _d.RecipientAsync(id)).NextDueOn.ShouldBe(Today.AddDays(7));
        (await (await worker.GetAsync("/api/v1/care/due?take=200")).JsonAsync())["rows"]!.AsArray().Select(r => r!.Long("id")).ShouldNotContain(id);
    }

    [Fact]
    public async Task A_need_becomes_a_case_in_one_step_and_the_two_link()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        var category = await _d.CategoryAsync("facility-repair");
        var result = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits",
            new { kind = 1, condition = (int)VisitCondition.Concern, note = "楼道扶手松动，老人下楼不安全", need = true, categoryId = category })).JsonAsync(HttpStatusCode.Created);
        var caseId = result.Long("caseId");
        var recipient = await _d.RecipientAsync(id);
        await using var db = app.NewDb();
        var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == caseId);
        (c.HouseholdId, c.CategoryId, c.Channel).ShouldBe((recipient.HouseholdId, category, Channel.Visit));
        c.Description.ShouldContain("楼道扶手松动");
        (await _d.VisitsAsync(id)).ShouldHaveSingleItem().CaseId.ShouldBe(caseId);
        // The case reads back to its visit through the API (the visit names it; the recipient page links it).
        var view = await (await worker.GetAsync($"/api/v1/care/recipients/{id}")).JsonAsync();
        view["visits"]![0]!.Long("caseId").ShouldBe(caseId);
    }

    [Fact]
    public async Task An_urgent_visit_opens_a_case_at_once_and_tells_the_grid_leader()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        var result = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits",
            new { kind = 1, condition = (int)VisitCondition.Urgent, note = "老人摔倒在家，已拨打120" })).JsonAsync(HttpStatusCode.Created);
        result["caseId"].ShouldNotBeNull();
        var facts = await DemoFacts.ForAsync(app);
        (await _d.NoticesAsync("care.urgent", $"/care/recipients/{id}")).ShouldBe([facts.UserIds["wangge.zhang"]]);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_records_the_visit_and_its_case_once()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        var category = await _d.CategoryAsync("other");
        object Body() => new { kind = 1, condition = 3, note = "需要代购药品", need = true, categoryId = category };
        var key = Guid.NewGuid().ToString("N");
        var requests = Enumerable.Range(0, 3).Select(async _ =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/care/recipients/{id}/visits") { Content = JsonContent.Create(Body()) };
            message.Headers.Add("Idempotency-Key", key);
            var response = await worker.SendAsync(message);
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
            return (await response.JsonAsync(response.StatusCode)).Long("id");
        }).ToList();
        var ids = await Task.WhenAll(requests);
        ids.Distinct().ShouldHaveSingleItem();
        var visit = (await _d.VisitsAsync(id)).ShouldHaveSingleItem();
        await using var db = app.NewDb();
        (await db.Cases.CountAsync(c => c.HouseholdId == (db.Set<CareRecipient>().Where(r => r.Id == id).Select(r => r.HouseholdId).First()) && c.Description.Contains("需要代购药品")))
            .ShouldBe(1);
        visit.CaseId.ShouldNotBeNull();
    }

    [Fact]
    public async Task Not_seen_twice_in_a_row_tells_the_grid_leader_once()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        for (var i = 0; i < 3; i++)
            (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = (int)VisitKind.NotSeen, condition = 2 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _d.NoticesAsync("care.not-seen", $"/care/recipients/{id}")).Count.ShouldBe(1);
        (await _d.RecipientAsync(id)).NextDueOn.ShouldBe(Today);
    }

    [Fact]
    public async Task Bad_visits_are_refused_and_nothing_is_written()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        var badCondition = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 9 })).ProblemAsync(HttpStatusCode.BadRequest);
        badCondition.ErrorsFor("condition").ShouldNotBeEmpty();
        var noCategory = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 3, need = true })).ProblemAsync(HttpStatusCode.BadRequest);
        noCategory.ErrorsFor("categoryId").ShouldBe(["发现需求时请选择诉求类别"]);
        var unknownCategory = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 3, need = true, categoryId = long.MaxValue }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        unknownCategory.ErrorsFor("categoryId").ShouldNotBeEmpty();
        var longNote = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 1, note = new string('好', 501) }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        longNote.ErrorsFor("note").ShouldNotBeEmpty();
        (await _d.VisitsAsync(id)).ShouldBeEmpty();
        var r = await _d.RecipientAsync(id);
        (r.Version, r.LastVisitAt).ShouldBe((0, null));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVisitTests(SqliteApp app) : VisitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVisitTests(PostgresApp app) : VisitTests(app);
