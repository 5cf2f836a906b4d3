using System.Net;

namespace Gongzhi.Tests.Modules.Care;

// The pages answer on the server: role and scope refusals, the due list on /work, the public wall.
public abstract class CarePageTests(GongzhiApp app)
{
    private readonly CareDriver _d = new(app);

    [Fact]
    public async Task The_grid_worker_sees_due_visits_on_the_work_list_and_the_resident_is_refused_the_pages()
    {
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        var work = await worker.Client.GetStringAsync("/work");
        work.ShouldContain("data-testid=\"due-visits\"");
        work.ShouldContain("逾期");
        var care = await worker.Client.GetAsync("/care");
        care.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await care.Content.ReadAsStringAsync()).ShouldContain("关爱走访");

        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var resident = await PageSession.LogInAsync(app, (await DemoFacts.ForAsync(app)).ResidentUserName);
        (await resident.Client.GetAsync("/care")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await resident.Client.GetAsync($"/care/recipients/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await resident.Client.GetAsync($"/care/recipients/{id}/visit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await resident.Client.GetAsync("/care/export.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var other = await PageSession.LogInAsync(app, "wangge.chen");
        (await other.Client.GetAsync($"/care/recipients/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Client.GetAsync($"/care/recipients/{id}/visit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var anonymous = await app.Anonymous("zh-Hans").GetAsync("/care/wishes");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.Content.ReadAsStringAsync()).ShouldContain("已圆梦");
    }

    [Fact]
    public async Task A_visit_posted_from_the_phone_form_twice_is_recorded_once_and_errors_sit_on_the_page()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        var page = $"/care/recipients/{id}/visit";
        var missing = await worker.PostFormAsync(page, "visit", new() { ["Input.Kind"] = "Home", ["Input.Key"] = "k1" });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("请选择老人的情况");
        (await _d.VisitsAsync(id)).ShouldBeEmpty();
        var fields = new Dictionary<string, string> { ["Input.Kind"] = "Home", ["Input.Condition"] = "Good", ["Input.Actions"] = "Chat", ["Input.Key"] = "same-key" };
        (await worker.PostFormAsync(page, "visit", new(fields))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await worker.PostFormAsync(page, "visit", new(fields))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _d.VisitsAsync(id)).ShouldHaveSingleItem();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCarePageTests(SqliteApp app) : CarePageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCarePageTests(PostgresApp app) : CarePageTests(app);
