using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Tests.Modules.Care;

// Who sees which recipient and what of them: scope, role, the sensitive notes, masked phones, the audit.
public abstract class CareRecipientTests(GongzhiApp app)
{
    private readonly CareDriver _d = new(app);

    [Fact]
    public async Task The_grid_worker_adds_a_recipient_and_sees_the_notes_with_an_audit_line()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var before = await _d.AuditCountAsync(CareAudit.ViewNotes, $"CareRecipient:{id}");
        var view = await (await (await _d.WorkerAsync()).GetAsync($"/api/v1/care/recipients/{id}")).JsonAsync();
        view["healthNote"]!.GetValue<string>().ShouldBe("高血压，每日服药");
        view["notesShown"]!.GetValue<bool>().ShouldBeTrue();
        // A grid worker may see full phones (SeeFullPhone), as on the household page.
        view["contacts"]![0]!["phone"]!.GetValue<string>().ShouldBe("13912345678");
        (await _d.AuditCountAsync(CareAudit.ViewNotes, $"CareRecipient:{id}")).ShouldBe(before + 1);
        var recipient = await _d.RecipientAsync(id);
        recipient.NextDueOn.ShouldBe(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));
        (recipient.PlanUnit, recipient.PlanEvery).ShouldBe((PlanUnit.Days, 7));
    }

    [Fact]
    public async Task A_building_leader_sees_the_building_s_recipients_masked_and_never_the_notes()
    {
        var inside = await _d.AddAsync(await _d.FreshResidentAsync(inLoudongBuilding: true));
        var outside = await _d.AddAsync(await _d.FreshResidentAsync(inLoudongBuilding: false));
        var leader = await app.ClientForAsync("loudong");
        var view = await (await leader.GetAsync($"/api/v1/care/recipients/{inside}")).JsonAsync();
        view["healthNote"].ShouldBeNull();
        view["livingNote"].ShouldBeNull();
        view["notesShown"]!.GetValue<bool>().ShouldBeFalse();
        view["contacts"]![0]!["phone"]!.GetValue<string>().ShouldBe("139****5678");
        (await _d.AuditCountAsync(CareAudit.ViewNotes, $"CareRecipient:{inside}")).ShouldBe(0);
        (await leader.GetAsync($"/api/v1/care/recipients/{outside}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await (await leader.GetAsync("/api/v1/care/recipients")).JsonAsync();
        list["rows"]!.AsArray().Select(r => r!.Long("id")).ShouldContain(inside);
        list["rows"]!.AsArray().Select(r => r!.Long("id")).ShouldNotContain(outside);
        // A leader reads and visits; changing the plan or status is not theirs.
        (await leader.PostAsJsonAsync($"/api/v1/care/recipients/{inside}/pause", new { version = 0 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await leader.PostAsJsonAsync($"/api/v1/care/recipients/{inside}/wishes", new { title = "收音机" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Outside_the_scope_is_not_found_and_without_the_role_is_forbidden_for_every_endpoint()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var otherGrid = await app.ClientForAsync("wangge.chen");
        foreach (var (method, url) in new[]
                 {
                     ("GET", $"/api/v1/care/recipients/{id}"), ("PUT", $"/api/v1/care/recipients/{id}"), ("PUT", $"/api/v1/care/recipients/{id}/plan"),
                     ("POST", $"/api/v1/care/recipients/{id}/pause"), ("POST", $"/api/v1/care/recipients/{id}/resume"), ("POST", $"/api/v1/care/recipients/{id}/end"),
                     ("POST", $"/api/v1/care/recipients/{id}/visits"), ("POST", $"/api/v1/care/recipients/{id}/wishes"),
                 })
        {
            var body = Api.RawJson("""{"version":0,"kind":1,"condition":1,"reasons":[1],"risk":1,"unit":1,"every":7,"visitorKind":1,"endReason":1,"title":"收音机"}""");
            var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "GET" ? null : body };
            (await otherGrid.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
        }
        var resident = await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName);
        (await resident.GetAsync($"/api/v1/care/recipients/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await resident.GetAsync("/api/v1/care/recipients")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await resident.GetAsync("/api/v1/care/due")).JsonAsync())["total"]!.GetValue<int>().ShouldBe(0);
        (await resident.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await resident.GetAsync("/api/v1/care/recipients.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.Anonymous().GetAsync("/api/v1/care/recipients")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_list_and_the_export_are_audited_and_filter_by_reason_and_risk()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        var lists = await _d.AuditCountAsync(AuditActions.ViewCareList);
        var list = await (await worker.GetAsync($"/api/v1/care/recipients?reason={CareTagKind.ElderlyAlone}&risk={CareRisk.Medium}")).JsonAsync();
        list["rows"]!.AsArray().ShouldAllBe(r => (int)r!["risk"]! == (int)CareRisk.Medium);
        list["rows"]!.AsArray().ShouldAllBe(r => r!["reasons"]!.AsArray().Any(x => (int)x! == (int)CareTagKind.ElderlyAlone));
        (await _d.AuditCountAsync(AuditActions.ViewCareList)).ShouldBe(lists + 1);
        var exports = await _d.AuditCountAsync(AuditActions.Export, "CareRecipients");
        var csv = await worker.GetStringAsync("/api/v1/care/recipients.csv");
        csv.ShouldContain("姓名,性别,年龄,地址,网格,关爱类型");
        csv.ShouldContain("独居老人");
        (await _d.AuditCountAsync(AuditActions.Export, "CareRecipients")).ShouldBe(exports + 1);
        _ = id;
    }

    [Fact]
    public async Task Bad_input_is_refused_in_the_callers_language_and_nothing_is_written()
    {
        var worker = await _d.WorkerAsync("en");
        var residentId = await _d.FreshResidentAsync();
        var badPhone = await (await worker.PostAsJsonAsync("/api/v1/care/recipients", new
        {
            residentId, reasons = new[] { 1 }, risk = 2, contacts = new[] { new { name = "王芳", relation = "女儿", phone = "12345" } },
        })).ProblemAsync(HttpStatusCode.BadRequest);
        badPhone.ErrorsFor("contactPhone").ShouldNotBeEmpty();
        var badRisk = await (await worker.PostAsJsonAsync("/api/v1/care/recipients", new { residentId, reasons = new[] { 1 }, risk = 9 })).ProblemAsync(HttpStatusCode.BadRequest);
        badRisk.ErrorsFor("risk").ShouldNotBeEmpty();
        var longNote = await (await worker.PostAsJsonAsync("/api/v1/care/recipients", new { residentId, reasons = new[] { 1 }, risk = 1, healthNote = new string('病', 501) }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        longNote.ErrorsFor("healthNote").ShouldNotBeEmpty();
        await using (var db = app.NewDb()) (await db.Set<CareRecipient>().AnyAsync(r => r.ResidentId == residentId)).ShouldBeFalse();

        var id = await _d.AddAsync(residentId);
        var twice = await (await worker.PostAsJsonAsync("/api/v1/care/recipients", new { residentId, reasons = new[] { 1 }, risk = 1 })).ProblemAsync(HttpStatusCode.Conflict);
        twice["detail"]!.GetValue<string>().ShouldBe("This resident is already a care recipient");
        var stale = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pause", new { version = 99 })).ProblemAsync(HttpStatusCode.Conflict);
        stale.ShouldNotBeNull();
        (await _d.RecipientAsync(id)).Status.ShouldBe(CareStatus.Active);
    }

    [Fact]
    public async Task Pausing_and_ending_keep_the_history_and_leave_the_due_list()
    {
        var id = await _d.AddAsync(await _d.FreshResidentAsync());
        var worker = await _d.WorkerAsync();
        (await (await worker.GetAsync("/api/v1/care/due?take=200")).JsonAsync())["rows"]!.AsArray().Select(r => r!.Long("id")).ShouldContain(id);
        (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/pause", new { version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await worker.GetAsync("/api/v1/care/due?take=200")).JsonAsync())["rows"]!.AsArray().Select(r => r!.Long("id")).ShouldNotContain(id);
        (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/resume", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        (await _d.RecipientAsync(id)).NextDueOn.ShouldBe(today.AddDays(1));
        (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/end", new { version = 2, endReason = (int)CareEndReason.MovedAway })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var ended = await _d.RecipientAsync(id);
        (ended.Status, ended.EndReason).ShouldBe((CareStatus.Ended, CareEndReason.MovedAway));
        (await worker.GetAsync($"/api/v1/care/recipients/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await (await worker.PostAsJsonAsync($"/api/v1/care/recipients/{id}/visits", new { kind = 1, condition = 1 })).ProblemAsync(HttpStatusCode.BadRequest);
        refused["detail"]!.GetValue<string>().ShouldBe("关爱已结束，不能再记录走访");
        (await _d.VisitsAsync(id)).ShouldBeEmpty();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCareRecipientTests(SqliteApp app) : CareRecipientTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCareRecipientTests(PostgresApp app) : CareRecipientTests(app);
