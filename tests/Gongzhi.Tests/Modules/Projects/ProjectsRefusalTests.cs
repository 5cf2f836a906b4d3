using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Projects;

namespace Gongzhi.Tests.Modules.Projects;

// What the module refuses, and that a refusal writes nothing: budget lines that do not add up or
// break the cap, amounts that are not whole fen, bad forms, other people's applications, wrong roles.
public abstract class ProjectsRefusalTests(GongzhiApp app)
{
    private readonly ProjectsDriver _d = new(app);

    private async Task<(long Call, long App, HttpClient Leader)> DraftAsync(long maxFen = 1_000_000)
    {
        var s = await _d.OpenCallAsync(reviewers: 1, maxFen: maxFen);
        var leader = await _d.AccountAsync("leader");
        var org = await _d.OrganisationAsync(leader);
        var client = await _d.ClientAsync(leader);
        var id = (await (await client.PostAsJsonAsync($"/api/v1/projects/calls/{s.CallId}/applications", new { organisationId = org })).JsonAsync(HttpStatusCode.Created)).Long("id");
        return (s.CallId, id, client);
    }

    private async Task<(int Lines, int Milestones, long Requested, int Version)> StoredAsync(long id)
    {
        await using var db = app.NewDb();
        var a = await db.Set<ProjectApplication>().Where(x => x.Id == id).Select(x => new { x.RequestedFen, x.Version }).SingleAsync();
        return (await db.Set<BudgetLine>().CountAsync(l => l.ApplicationId == id), await db.Set<ProjectMilestone>().CountAsync(m => m.ApplicationId == id), a.RequestedFen, a.Version);
    }

    [Fact]
    public async Task Budget_lines_must_be_positive_whole_fen_within_the_cap_and_nothing_is_written_otherwise()
    {
        var (_, id, leader) = await DraftAsync(maxFen: 800_000);
        object Body(object lines) => new { title = "幸福快递到家", problem = "买菜难", beneficiaries = "独居老人", beneficiaryCount = 30, activities = "上门代购", lines, milestones = ProjectsDriver.Plan(), version = 0 };

        var over = await leader.PutAsJsonAsync($"/api/v1/projects/applications/{id}", Body(ProjectsDriver.Lines(500_000, 300_001)));
        (await over.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("lines").ShouldBe(["预算合计 8,000.01 元，超过单个项目上限 8,000.00 元"]);
        var bad = await leader.PutAsJsonAsync($"/api/v1/projects/applications/{id}", Body(new object[] { new { category = "", amountFen = 100 }, new { category = "物资", amountFen = -5 } }));
        var problem = await bad.ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("lines[0].category").ShouldBe(["此项必填"]);
        problem.ErrorsFor("lines[1].amountFen").ShouldBe(["金额须大于 0"]);
        // Money is whole fen: 12.5 fen does not bind and is explained, not guessed at.
        var fraction = await leader.PutAsync($"/api/v1/projects/applications/{id}",
            Api.RawJson("{\"title\":\"x\",\"lines\":[{\"category\":\"物资\",\"amountFen\":12.5}],\"version\":0}"));
        await fraction.ProblemAsync(HttpStatusCode.BadRequest);
        (await StoredAsync(id)).ShouldBe((0, 0, 0L, 0));

        (await leader.PutAsJsonAsync($"/api/v1/projects/applications/{id}", Body(ProjectsDriver.Lines(500_000, 300_000)))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StoredAsync(id)).ShouldBe((2, 2, 800_000L, 1));
        // A stale version (another tab) is refused and leaves the saved draft alone.
        var stale = await leader.PutAsJsonAsync($"/api/v1/projects/applications/{id}", Body(ProjectsDriver.Lines(100)));
        await stale.ProblemAsync(HttpStatusCode.Conflict);
        (await StoredAsync(id)).ShouldBe((2, 2, 800_000L, 1));
    }

    [Fact]
    public async Task An_incomplete_application_cannot_be_submitted_and_says_what_is_missing()
    {
        var (_, id, leader) = await DraftAsync();
        (await leader.PutAsJsonAsync($"/api/v1/projects/applications/{id}", new { title = "情暖夕阳", version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var response = await leader.PostAsJsonAsync($"/api/v1/projects/applications/{id}/submit", new { version = 1 });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("problem").ShouldBe(["此项必填"]);
        problem.ErrorsFor("lines").ShouldBe(["请至少填写一项预算"]);
        problem.ErrorsFor("milestones").ShouldBe(["请至少填写一个进度节点"]);
        var plan = await leader.PutAsJsonAsync($"/api/v1/projects/applications/{id}", new
        {
            title = "情暖夕阳", version = 1, milestones = new[] { new { title = "后", dueOn = "2027-05-01" }, new { title = "前", dueOn = "2027-01-01" } },
        });
        (await plan.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("milestones[1].dueOn").ShouldBe(["节点日期须按先后顺序"]);
        await using var db = app.NewDb();
        (await db.Set<ProjectApplication>().Where(a => a.Id == id).Select(a => a.Status).SingleAsync()).ShouldBe(ApplicationStatus.Draft);
    }

    [Fact]
    public async Task An_organisation_sees_only_its_own_applications_and_roles_are_checked()
    {
        var (call, id, _) = await DraftAsync();
        var stranger = await _d.AccountAsync("leader");
        var strangerOrg = await _d.OrganisationAsync(stranger);
        var other = await _d.ClientAsync(stranger);
        (await other.GetAsync($"/api/v1/projects/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PutAsJsonAsync($"/api/v1/projects/applications/{id}", new { title = "x", version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Applying for an organisation one does not lead.
        var foreign = await other.PostAsJsonAsync($"/api/v1/projects/calls/{call}/applications", new { organisationId = strangerOrg + 100000 });
        (await foreign.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("organisationId").ShouldBe(["请选择您负责的组织"]);
        // Drafts are the applicant's alone; staff of another community do not see the call's applications at all.
        (await (await _d.StaffAsync()).GetAsync($"/api/v1/projects/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _d.ClientAsync("jianshe")).GetAsync($"/api/v1/projects/calls/{call}/ranking")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A resident cannot open calls or register organisations; a leader cannot decide funding.
        var facts = await DemoFacts.ForAsync(app);
        var resident = await _d.ClientAsync(facts.ResidentUserName);
        (await resident.PostAsJsonAsync("/api/v1/projects/calls", new { communityId = facts.Community1, title = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await resident.PostAsJsonAsync("/api/v1/organisations", new { communityId = facts.Community1, name = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.PostAsJsonAsync($"/api/v1/projects/applications/{id}/decision", new { decision = 1, version = 0 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Another community's staff cannot register an organisation in community 1.
        var wrong = await (await _d.ClientAsync("jianshe")).PostAsJsonAsync("/api/v1/organisations", new { communityId = facts.Community1, name = "越界", field = 1, leaderName = "张三" });
        (await wrong.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("communityId").ShouldBe(["请选择您所管辖的社区"]);
    }

    [Fact]
    public async Task Bad_input_on_calls_and_organisations_is_explained_in_the_callers_language()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await _d.StaffAsync("en");
        var call = await staff.PostAsJsonAsync("/api/v1/projects/calls", new
        {
            communityId = facts.Community1, title = "善治骆岗", totalBudgetFen = 100, maxPerProjectFen = 200, fields = new[] { 1 },
            opensAt = "2027-01-01T09:00", closesAt = "2027-02-01T17:00",
        });
        (await call.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("maxPerProjectFen").ShouldBe(["The cap per project cannot exceed the total budget"]);
        var weights = await staff.PostAsJsonAsync("/api/v1/projects/calls", new
        {
            communityId = facts.Community1, title = "善治骆岗", totalBudgetFen = 1000, maxPerProjectFen = 200, fields = new[] { 1 },
            opensAt = "2027-01-01T09:00", closesAt = "2027-02-01T17:00", criteria = new[] { new { name = "需求评估", weight = 60 }, new { name = "可行性", weight = 30 } },
        });
        (await weights.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("criteria").ShouldBe(["The weights must add up to 100 (now 90)"]);
        var past = await staff.PostAsJsonAsync("/api/v1/projects/calls", new
        {
            communityId = facts.Community1, title = "善治骆岗", totalBudgetFen = 1000, maxPerProjectFen = 200, fields = new[] { 1 }, opensAt = "2020-01-01T09:00", closesAt = "2020-02-01T17:00",
        });
        (await past.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("closesAt").ShouldBe(["The deadline has already passed"]);
        var org = await staff.PostAsJsonAsync("/api/v1/organisations", new { communityId = facts.Community1, name = "", field = 42, leaderName = "" });
        (await org.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("name").ShouldBe(["This field is required"]);
        await using var db = app.NewDb();
        (await db.Set<ProjectCall>().CountAsync(c => c.Title == "善治骆岗" && c.TotalBudgetFen <= 1000)).ShouldBe(0);

        // Stages move one way, with a document number at registration.
        var leader = await _d.AccountAsync("leader");
        var id = await _d.OrganisationAsync(leader);
        var zh = await _d.StaffAsync();
        var skip = await zh.PostAsJsonAsync($"/api/v1/organisations/{id}/stage", new { stage = (int)OrgStage.Registered, number = "蜀民备 2026-017", version = 0 });
        (await skip.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldBe("组织不能从“培育”变为“备案/登记”");
        (await zh.PostAsJsonAsync($"/api/v1/organisations/{id}/stage", new { stage = (int)OrgStage.Incubating, version = 0 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var noNumber = await zh.PostAsJsonAsync($"/api/v1/organisations/{id}/stage", new { stage = (int)OrgStage.Registered, version = 1 });
        (await noNumber.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("number").ShouldBe(["此项必填"]);
        (await zh.PostAsJsonAsync($"/api/v1/organisations/{id}/stage", new { stage = (int)OrgStage.Registered, number = "蜀民备 2026-017", version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var record = await (await zh.GetAsync($"/api/v1/organisations/{id}")).JsonAsync();
        record["registrationNumber"]!.GetValue<string>().ShouldBe("蜀民备 2026-017");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteProjectsRefusalTests(SqliteApp app) : ProjectsRefusalTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresProjectsRefusalTests(PostgresApp app) : ProjectsRefusalTests(app);
