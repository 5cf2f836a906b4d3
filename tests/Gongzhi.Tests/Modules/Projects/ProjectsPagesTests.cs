using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Projects;

namespace Gongzhi.Tests.Modules.Projects;

// The jobs that had only an API: editing a call before its deadline, uploading its guide, returning
// funds, the yearly organisation review and linking a member to a resident; and the /work section
// of milestone reports waiting for acceptance.
public abstract class ProjectsPagesTests(GongzhiApp app)
{
    private readonly ProjectsDriver _d = new(app);
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    private async Task<ProjectCall> CallAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Set<ProjectCall>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private static object Edit(string title, int version, long total = 10_000_000, long max = 2_000_000) => new
    {
        title, description = "修改后的说明", totalBudgetFen = total, maxPerProjectFen = max, fields = new[] { (int)OrgField.Elderly }, minStage = (int)OrgStage.Seedling,
        opensAt = DateTime.UtcNow.AddMinutes(-5), closesAt = DateTime.UtcNow.AddDays(20), version,
    };

    [Fact]
    public async Task A_call_is_edited_before_its_deadline_with_its_version_and_not_after()
    {
        var staff = await _d.StaffAsync();
        var s = await _d.OpenCallAsync(reviewers: 1);
        var version = await _d.CallVersionAsync(s.CallId);
        (await staff.PutAsJsonAsync($"/api/v1/projects/calls/{s.CallId}", Edit("善治骆岗（修订）", version))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await staff.PutAsJsonAsync($"/api/v1/projects/calls/{s.CallId}", Edit("另一人的修订", version))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var bad = await (await staff.PutAsJsonAsync($"/api/v1/projects/calls/{s.CallId}", Edit("上限高于总额", version + 1, total: 100_000, max: 200_000)))
            .ProblemAsync(HttpStatusCode.BadRequest);
        bad.ErrorsFor("maxPerProjectFen").ShouldNotBeEmpty();
        var saved = await CallAsync(s.CallId);
        (saved.Title, saved.Version, saved.TotalBudgetFen, saved.FieldList.Single()).ShouldBe(("善治骆岗（修订）", version + 1, 10_000_000L, OrgField.Elderly));
        // Another community's account and a resident: refused. After the deadline: refused, unchanged.
        ((int)(await (await _d.ClientAsync("jianshe")).PutAsJsonAsync($"/api/v1/projects/calls/{s.CallId}", Edit("越权修改", version + 1))).StatusCode).ShouldBeOneOf(403, 404);
        var resident = await _d.ClientAsync((await DemoFacts.ForAsync(app)).ResidentUserName);
        ((int)(await resident.PutAsJsonAsync($"/api/v1/projects/calls/{s.CallId}", Edit("居民修改", version + 1))).StatusCode).ShouldBeOneOf(403, 404);
        await _d.PassDeadlineAsync(s.CallId);
        (await (await staff.PutAsJsonAsync($"/api/v1/projects/calls/{s.CallId}", Edit("截止后修改", version + 1))).ProblemAsync(HttpStatusCode.BadRequest))["detail"]!
            .GetValue<string>().ShouldBe("申报已截止或大赛已进入评审，不能再修改");
        (await CallAsync(s.CallId)).Title.ShouldBe("善治骆岗（修订）");
    }

    [Fact]
    public async Task The_call_edit_page_shows_the_call_keeps_what_was_typed_next_to_an_error_and_saves()
    {
        var s = await _d.OpenCallAsync(reviewers: 1);
        var session = await PageSession.LogInAsync(app, "tuanjie");
        var page = await session.Client.GetStringAsync($"/projects/calls/{s.CallId}/edit");
        page.ShouldContain("修改创投大赛");
        page.ShouldContain((await CallAsync(s.CallId)).Title);
        var call = await CallAsync(s.CallId);
        Dictionary<string, string> Form(string title, string total) => new()
        {
            ["version"] = call.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["title"] = title, ["description"] = "说明",
            ["total"] = total, ["max"] = "20000", ["opens"] = DateTime.UtcNow.AddHours(8).AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["closes"] = DateTime.UtcNow.AddHours(8).AddDays(30).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["fields"] = "Elderly", ["minstage"] = "Seedling",
        };
        var bad = await session.PostFormAsync($"/projects/calls/{s.CallId}/edit", "new-call", Form("邻里微创投（改）", "100"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("data-field=\"MaxPerProjectFen\"");
        html.ShouldContain("邻里微创投（改）");
        (await CallAsync(s.CallId)).Version.ShouldBe(call.Version);

        var ok = await session.PostFormAsync($"/projects/calls/{s.CallId}/edit", "new-call", Form("邻里微创投（改）", "150000"));
        ((int)ok.StatusCode).ShouldBeLessThan(400);
        var saved = await CallAsync(s.CallId);
        (saved.Title, saved.TotalBudgetFen, saved.Version).ShouldBe(("邻里微创投（改）", 15_000_000L, call.Version + 1));
    }

    [Fact]
    public async Task The_guide_is_a_pdf_checked_by_its_content_on_the_api_and_the_page()
    {
        var staff = await _d.StaffAsync();
        var s = await _d.OpenCallAsync(reviewers: 1);
        using (var notPdf = new MultipartFormDataContent { { new ByteArrayContent(ProjectsDriver.Png), "file", "指导手册.pdf" } })
            (await (await staff.PostAsync($"/api/v1/projects/calls/{s.CallId}/guide", notPdf)).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("guide").ShouldNotBeEmpty();
        (await CallAsync(s.CallId)).GuideStoredName.ShouldBeNull();

        using (var pdf = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "微公益项目指导手册.pdf" } })
            (await staff.PostAsync($"/api/v1/projects/calls/{s.CallId}/guide", pdf)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var stored = await CallAsync(s.CallId);
        (stored.GuideFileName, stored.GuideContentType).ShouldBe(("微公益项目指导手册.pdf", "application/pdf"));
        (await app.Anonymous().GetByteArrayAsync($"/projects/calls/{s.CallId}/guide")).ShouldBe(Pdf);
        // A resident may not attach one.
        using (var other = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "x.pdf" } })
            ((int)(await (await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName)).PostAsync($"/api/v1/projects/calls/{s.CallId}/guide", other)).StatusCode)
                .ShouldBeOneOf(403, 404);

        var session = await PageSession.LogInAsync(app, "tuanjie");
        var refused = await session.PostMultipartAsync($"/projects/calls/{s.CallId}", "guide", [], [("guide-file", "手册.pdf", "<html>not a pdf</html>"u8.ToArray(), "application/pdf")]);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("data-field=\"Guide\"");
        (await CallAsync(s.CallId)).GuideStoredName.ShouldBe(stored.GuideStoredName);
        var replaced = await session.PostMultipartAsync($"/projects/calls/{s.CallId}", "guide", [], [("guide-file", "手册第二版.pdf", Pdf, "application/pdf")]);
        ((int)replaced.StatusCode).ShouldBeLessThan(400);
        (await CallAsync(s.CallId)).GuideFileName.ShouldBe("手册第二版.pdf");
    }

    [Fact]
    public async Task The_demo_call_has_its_guide_attached_as_a_pdf()
    {
        long id;
        await using (var db = app.NewDb()) id = await db.Set<ProjectCall>().Where(c => c.Title == "善治骆岗").Select(c => c.Id).SingleAsync();
        var response = await app.Anonymous().GetAsync($"/projects/calls/{id}/guide");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await response.Content.ReadAsByteArrayAsync()).AsSpan(0, 5).SequenceEqual("%PDF-"u8).ShouldBeTrue();
        (await app.Anonymous().GetStringAsync($"/showcase/calls/{id}")).ShouldContain("善治骆岗微公益项目指导手册.pdf");
    }

    [Fact]
    public async Task Returning_funds_has_a_page_that_refuses_more_than_was_released()
    {
        // The demo's 善治骆岗 is the subdistrict's: 街道 staff run it, and some projects have money released.
        long id, open;
        await using (var db = app.NewDb())
        {
            var p = await db.Set<ProjectApplication>().Where(a => a.ReleasedFen > a.ReturnedFen).OrderBy(a => a.Id).Select(a => new { a.Id, a.ReleasedFen, a.ReturnedFen }).FirstAsync();
            (id, open) = (p.Id, p.ReleasedFen - p.ReturnedFen);
        }
        var session = await PageSession.LogInAsync(app, "jiedao");
        (await session.Client.GetStringAsync($"/projects/applications/{id}")).ShouldContain("登记退回资金");
        var tooMuch = Gongzhi.Web.Modules.Projects.Pages.PageInput.Yuan(open + 100);
        var bad = await session.PostFormAsync($"/projects/applications/{id}", "return-funds", new() { ["return-amount"] = tooMuch, ["return-note"] = "结余退回" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("data-field=\"AmountFen\"");
        html.ShouldContain("结余退回");
        await using (var db = app.NewDb())
            (await db.Set<GrantEntry>().CountAsync(g => g.ApplicationId == id && g.Kind == GrantEntryKind.Returned)).ShouldBe(0);

        var ok = await session.PostFormAsync($"/projects/applications/{id}", "return-funds", new() { ["return-amount"] = "1.50", ["return-note"] = "结余退回" });
        ((int)ok.StatusCode).ShouldBeLessThan(400);
        await using (var db = app.NewDb())
        {
            (await db.Set<ProjectApplication>().Where(a => a.Id == id).Select(a => a.ReturnedFen).SingleAsync()).ShouldBe(150);
            (await db.Set<GrantEntry>().SingleAsync(g => g.ApplicationId == id && g.Kind == GrantEntryKind.Returned)).AmountFen.ShouldBe(150);
        }
    }

    [Fact]
    public async Task The_yearly_review_and_linking_a_member_to_a_resident_have_pages()
    {
        var leader = await _d.AccountAsync("leader");
        var org = await _d.OrganisationAsync(leader);
        var session = await PageSession.LogInAsync(app, "tuanjie");
        (await session.Client.GetStringAsync($"/projects/organisations/{org}")).ShouldContain("保存年度评估");

        var missing = await session.PostFormAsync($"/projects/organisations/{org}", "annual", new() { ["year"] = "2026", ["rating"] = "", ["review-note"] = "活动开展规范" });
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await missing.Content.ReadAsStringAsync();
        html.ShouldContain("data-field=\"Rating\"");
        html.ShouldContain("活动开展规范");
        var ok = await session.PostFormAsync($"/projects/organisations/{org}", "annual", new() { ["year"] = "2026", ["rating"] = "Good", ["review-note"] = "活动开展规范" });
        ((int)ok.StatusCode).ShouldBeLessThan(400);
        var twice = await session.PostFormAsync($"/projects/organisations/{org}", "annual", new() { ["year"] = "2026", ["rating"] = "Excellent" });
        ((int)twice.StatusCode).ShouldBeOneOf(400, 409);
        await using (var db = app.NewDb())
            (await db.Set<OrgReview>().Where(r => r.OrganisationId == org).Select(r => r.Rating).ToListAsync()).ShouldBe([OrgRating.Good]);

        // The leader links a resident of the community by name (the demo resident).
        var facts = await DemoFacts.ForAsync(app);
        string name;
        long residentId;
        await using (var db = app.NewDb())
        {
            residentId = await db.Users.Where(u => u.Id == facts.UserIds[facts.ResidentUserName]).Select(u => u.ResidentId!.Value).SingleAsync();
            name = await db.Residents.Where(r => r.Id == residentId).Select(r => r.Name).SingleAsync();
        }
        var leaderPage = await PageSession.LogInAsync(app, leader);
        var unknown = await leaderPage.PostFormAsync($"/projects/organisations/{org}", "link", new() { ["resident-name"] = "查无此人", ["resident-address"] = "" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await unknown.Content.ReadAsStringAsync();
        body.ShouldContain("data-field=\"ResidentId\"");
        body.ShouldContain("查无此人");
        var linked = await leaderPage.PostFormAsync($"/projects/organisations/{org}", "link", new() { ["resident-name"] = name, ["resident-address"] = "" });
        if (linked.StatusCode == HttpStatusCode.BadRequest) // a shared name: the door decides
        {
            string room;
            await using (var db = app.NewDb())
                room = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id where r.Id == residentId select h.Room).SingleAsync();
            linked = await leaderPage.PostFormAsync($"/projects/organisations/{org}", "link", new() { ["resident-name"] = name, ["resident-address"] = "3栋2单元" + room });
        }
        ((int)linked.StatusCode).ShouldBeLessThan(400);
        await using (var db = app.NewDb())
            (await db.Set<OrgMember>().Where(m => m.OrganisationId == org).Select(m => m.ResidentId).ToListAsync()).ShouldContain(residentId);
    }

    [Fact]
    public async Task Reports_waiting_for_acceptance_show_on_the_work_list_of_those_who_run_the_call()
    {
        var jiedao = await PageSession.LogInAsync(app, "jiedao");
        var work = await jiedao.Client.GetStringAsync("/work");
        work.ShouldContain("data-testid=\"reports-to-accept\"");
        work.ShouldContain("待验收的项目报告");
        // A grid worker does not run the subdistrict's call: no such section.
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        (await worker.Client.GetStringAsync("/work")).ShouldNotContain("reports-to-accept");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteProjectsPagesTests(SqliteApp app) : ProjectsPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresProjectsPagesTests(PostgresApp app) : ProjectsPagesTests(app);
