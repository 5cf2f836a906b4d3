using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Care;

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

    [Fact]
    public async Task Staff_edit_details_and_plan_on_a_page_errors_sit_beside_the_field_and_what_was_typed_stays()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync(inLoudongBuilding: true));
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        var page = $"/care/recipients/{id}/edit";
        var subject = $"CareRecipient:{id}";
        var audited = await _d.AuditCountAsync(CareAudit.ViewNotes, subject);
        (await worker.Client.GetStringAsync(page)).ShouldContain("高血压，每日服药");
        (await _d.AuditCountAsync(CareAudit.ViewNotes, subject)).ShouldBe(audited + 1);

        var refused = await worker.PostFormAsync(page, "details", new() { ["Details.Risk"] = "High", ["Details.HealthNote"] = "新写的健康情况", ["Details.Version"] = "0" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await refused.Content.ReadAsStringAsync();
        body.ShouldContain("data-field-error=\"Reasons\"");
        body.ShouldContain("请至少选择一种关爱类型");
        body.ShouldContain("新写的健康情况");
        (await _d.RecipientAsync(id)).HealthNote.ShouldBe("高血压，每日服药");

        (await worker.PostFormAsync(page, "details", new() { ["Details.Reasons"] = "ElderlyAlone", ["Details.Risk"] = "High", ["Details.HealthNote"] = "新写的健康情况", ["Details.Version"] = "0" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = await _d.RecipientAsync(id);
        (saved.Risk, saved.HealthNote, saved.Version).ShouldBe((CareRisk.High, "新写的健康情况", 1));

        var badPlan = await worker.PostFormAsync(page, "plan", new() { ["Plan.Every"] = "400", ["Plan.Unit"] = "Days", ["Plan.VisitorKind"] = "PartyMember", ["Plan.Version"] = "1" });
        badPlan.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var planBody = await badPlan.Content.ReadAsStringAsync();
        planBody.ShouldContain("data-field-error=\"PlanEvery\"");
        planBody.ShouldContain("value=\"400\"");
        (await worker.PostFormAsync(page, "plan", new() { ["Plan.Every"] = "14", ["Plan.Unit"] = "Days", ["Plan.VisitorKind"] = "PartyMember", ["Plan.Version"] = "0" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await worker.PostFormAsync(page, "plan", new() { ["Plan.Every"] = "14", ["Plan.Unit"] = "Days", ["Plan.VisitorKind"] = "PartyMember", ["Plan.Version"] = "1" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var planned = await _d.RecipientAsync(id);
        (planned.PlanEvery, planned.VisitorKind).ShouldBe((14, VisitorKind.PartyMember));

        // The building leader visits this neighbour but never edits, nor reads the notes.
        var leader = await PageSession.LogInAsync(app, "loudong");
        (await leader.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var seen = await leader.Client.GetStringAsync($"/care/recipients/{id}");
        seen.ShouldNotContain("新写的健康情况");
        (await (await app.ClientForAsync("loudong")).PutAsJsonAsync($"/api/v1/care/recipients/{id}", new { reasons = new[] { 5 }, risk = 1, version = 2 }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _d.RecipientAsync(id)).Risk.ShouldBe(CareRisk.High);
    }

    [Fact]
    public async Task A_pair_made_on_the_page_visits_with_a_photo_and_staff_confirm_the_service()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var helper = await _d.HelperAsync();
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        var page = $"/care/recipients/{id}";
        var bad = await worker.PostFormAsync(page, "pair", new() { ["Pairing.Helper"] = "nobody-here" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badBody = await bad.Content.ReadAsStringAsync();
        badBody.ShouldContain("data-field-error=\"Helper\"");
        badBody.ShouldContain("value=\"nobody-here\"");
        (await worker.PostFormAsync(page, "pair", new() { ["Pairing.Helper"] = helper.UserName })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await worker.Client.GetStringAsync(page)).ShouldContain("data-testid=\"helper\"");

        var mine = await PageSession.LogInAsync(app, helper.UserName);
        (await mine.Client.GetStringAsync("/care/mine")).ShouldContain($"/care/recipients/{id}/visit");
        var visitPage = $"/care/recipients/{id}/visit";
        Dictionary<string, string> Fields(string key) => new() { ["Input.Kind"] = "Home", ["Input.Condition"] = "Good", ["Input.Actions"] = "Chat", ["Input.Key"] = key };
        var notImage = await mine.PostMultipartAsync(visitPage, "visit", Fields("p1"), [("photo", "note.png", "not a picture"u8.ToArray(), "image/png")]);
        notImage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notImage.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"Photos\"");
        (await _d.VisitsAsync(id)).ShouldBeEmpty();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1];
        (await mine.PostMultipartAsync(visitPage, "visit", Fields("p2"), [("photo", "door.png", png, "image/png")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var visit = (await _d.VisitsAsync(id)).ShouldHaveSingleItem();
        visit.PairId.ShouldNotBeNull();
        visit.PhotoName.ShouldNotBeNull();
        var photo = await worker.Client.GetAsync($"/care/visits/{visit.Id}/photo");
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await photo.Content.ReadAsByteArrayAsync()).ShouldBe(png);
        (await (await PageSession.LogInAsync(app, "wangge.chen")).Client.GetAsync($"/care/visits/{visit.Id}/photo")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await worker.PostFormAsync(page, $"credit-{visit.Id}", new() { ["Credit.Id"] = visit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _d.VisitsAsync(id)).Single().CreditedMinutes.ShouldBe(60);
        (await worker.Client.GetStringAsync(page)).ShouldContain("data-testid=\"credited\"");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCarePageTests(SqliteApp app) : CarePageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCarePageTests(PostgresApp app) : CarePageTests(app);
