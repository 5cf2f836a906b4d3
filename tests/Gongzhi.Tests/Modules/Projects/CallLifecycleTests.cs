using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Projects;

namespace Gongzhi.Tests.Modules.Projects;

// A call from opening to funded projects reporting milestones, through the API: deadlines, the
// panel's independent and hidden scores, conflicts of interest, the ranking, decisions and the ledger.
public abstract class CallLifecycleTests(GongzhiApp app)
{
    private readonly ProjectsDriver _d = new(app);

    [Fact]
    public async Task A_call_runs_from_applications_through_review_and_funding_to_milestone_reports()
    {
        var staff = await _d.StaffAsync();
        var s = await _d.OpenCallAsync(reviewers: 2);
        var (r1, r2) = (s.Reviewers[0], s.Reviewers[1]);
        var leaders = new[] { await _d.AccountAsync("leader"), await _d.AccountAsync("leader"), await _d.AccountAsync("leader") };
        var orgs = new List<long>();
        foreach (var l in leaders) orgs.Add(await _d.OrganisationAsync(l));
        var a = await _d.ApplyAsync(s.CallId, leaders[0], orgs[0], "幸福快递到家", 500_000, 300_000);
        var b = await _d.ApplyAsync(s.CallId, leaders[1], orgs[1], "情暖夕阳", 400_000);
        var c = await _d.ApplyAsync(s.CallId, leaders[2], orgs[2], "幸福8号·繁华里", 700_000, 100_000);

        // The review waits for the deadline; after it nobody can apply.
        await _d.MoveAsync(s.CallId, "review", HttpStatusCode.BadRequest);
        await _d.PassDeadlineAsync(s.CallId);
        var late = await _d.AccountAsync("leader");
        var lateOrg = await _d.OrganisationAsync(late);
        var refused = await (await _d.ClientAsync(late)).PostAsJsonAsync($"/api/v1/projects/calls/{s.CallId}/applications", new { organisationId = lateOrg });
        (await refused.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldBe("申报已截止");
        await _d.MoveAsync(s.CallId, "review");

        // 回避: the second reviewer knows the third organisation; from then on it is hidden from them.
        var second = await _d.ClientAsync(r2);
        (await second.PostAsJsonAsync($"/api/v1/projects/applications/{c}/conflict", new { reason = "本人是该组织成员" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await second.GetAsync($"/api/v1/projects/applications/{c}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await second.PostAsJsonAsync($"/api/v1/projects/applications/{c}/scores", new { scores = s.Criteria.Select(id => new { criterionId = id, score = 99 }) }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var sheet = await (await second.GetAsync($"/api/v1/projects/calls/{s.CallId}/sheet")).JsonAsync();
        sheet.AsArray().Select(x => x!.Long("applicationId")).ShouldBe([a, b]);

        await _d.ScoreAsync(s, r1, a, 80, 80, 80, 80, 80);
        await _d.ScoreAsync(s, r1, b, 70, 90, 80, 80, 80);
        await _d.ScoreAsync(s, r1, c, 90, 90, 90, 90, 90);
        await _d.ScoreAsync(s, r2, a, 90, 70, 80, 80, 80);

        // Until every score is in, a reviewer sees only their own, and nobody sees a mean.
        var seen = await _d.ApplicationAsync(second, a);
        seen["reviews"]!.AsArray().Count.ShouldBe(1);
        seen["reviews"]![0]!["scores"]!.AsArray().Select(x => (int)x!).ShouldBe([90, 70, 80, 80, 80]);
        var early = await (await (await _d.ClientAsync(r1)).GetAsync($"/api/v1/projects/calls/{s.CallId}/ranking")).JsonAsync();
        early.AsArray().ShouldAllBe(r => r!["mean"] == null);
        var twice = await (await _d.ClientAsync(r2)).PostAsJsonAsync($"/api/v1/projects/applications/{a}/scores", new { scores = s.Criteria.Select(id => new { criterionId = id, score = 10 }) });
        await twice.ProblemAsync(HttpStatusCode.Conflict);
        var close = await staff.PostAsJsonAsync($"/api/v1/projects/calls/{s.CallId}/close-review", new { version = await _d.CallVersionAsync(s.CallId) });
        (await close.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldBe("还有 1 份评分未完成");
        await _d.ScoreAsync(s, r2, b, 80, 80, 80, 80, 80);
        await _d.MoveAsync(s.CallId, "close-review");

        // Weighted means: c 90 (one reviewer, the other declined); a and b both 80, a ahead on 需求评估 (85 against 75).
        var ranking = (await (await staff.GetAsync($"/api/v1/projects/calls/{s.CallId}/ranking")).JsonAsync()).AsArray();
        ranking.Select(r => r!.Long("applicationId")).ShouldBe([c, a, b]);
        ranking.Select(r => (decimal)r!["mean"]!).ShouldBe([90m, 80m, 80m]);
        ranking.Select(r => (decimal)r!["tieBreak"]!).ShouldBe([90m, 85m, 75m]);
        ((int)ranking[0]!["conflicts"]!).ShouldBe(1);
        (await _d.ApplicationAsync(second, a))["reviews"]!.AsArray().Count.ShouldBe(2);

        // Decisions: full, reduced, not funded with the reason the applicant reads.
        async Task<int> V(long id) => (int)(await _d.ApplicationAsync(staff, id))["version"]!;
        (await staff.PostAsJsonAsync($"/api/v1/projects/applications/{c}/decision", new { decision = (int)FundingDecision.Full, version = await V(c) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await staff.PostAsJsonAsync($"/api/v1/projects/applications/{a}/decision", new { decision = (int)FundingDecision.Reduced, grantedFen = 600_000, reason = "宣传费压缩", version = await V(a) }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var noReason = await staff.PostAsJsonAsync($"/api/v1/projects/applications/{b}/decision", new { decision = (int)FundingDecision.NotFunded, version = await V(b) });
        (await noReason.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("reason").ShouldBe(["减额或不予资助时请填写理由"]);
        (await staff.PostAsJsonAsync($"/api/v1/projects/applications/{b}/decision", new { decision = (int)FundingDecision.NotFunded, reason = "与已有服务重复", version = await V(b) }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var told = await _d.ApplicationAsync(await _d.ClientAsync(leaders[1]), b);
        told["decisionReason"]!.GetValue<string>().ShouldBe("与已有服务重复");
        told["reviews"]!.AsArray().ShouldBeEmpty();
        (await _d.BudgetAsync(s.CallId)).Committed.ShouldBe(800_000 + 600_000);

        // A resident follows the project; the leader reports the first milestone with a photo and spending.
        var facts = await DemoFacts.ForAsync(app);
        var resident = await _d.ClientAsync(facts.ResidentUserName);
        (await resident.PostAsync($"/api/v1/projects/applications/{a}/follow", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var leader = await _d.ClientAsync(leaders[0]);
        var view = await _d.ApplicationAsync(leader, a);
        var milestone = view["milestones"]![0]!;
        var line = view["lines"]![0]!.Long("id");
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("完成 60 户独居老人入户摸底，招募志愿者 12 名"), "report" }, { new StringContent("60"), "reached" },
            { new StringContent(((int)milestone["version"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)), "version" },
            { new StringContent("120000"), $"spend.{line}" },
        })
        {
            var photo = new ByteArrayContent(ProjectsDriver.Png);
            photo.Headers.ContentType = new("image/png");
            form.Add(photo, "photos", "摸底.png");
            var reported = await leader.PostAsync($"/api/v1/projects/applications/{a}/milestones/{milestone.Long("id")}/report", form);
            reported.StatusCode.ShouldBe(HttpStatusCode.NoContent, await reported.Content.ReadAsStringAsync());
        }
        var reportedView = (await _d.ApplicationAsync(staff, a))["milestones"]![0]!;
        reportedView["files"]!.AsArray().Count.ShouldBe(1);
        (await staff.PostAsJsonAsync($"/api/v1/projects/applications/{a}/milestones/{milestone.Long("id")}/review", new { accept = true, version = (int)reportedView["version"]! }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var inbox = await (await resident.GetAsync("/api/v1/inbox")).JsonAsync();
        inbox["items"]!.AsArray().ShouldContain(i => i!["kind"]!.GetValue<string>() == "project.milestone");

        // Releases: never beyond the grant.
        (await staff.PostAsJsonAsync($"/api/v1/projects/applications/{a}/releases", new { amountFen = 300_000, milestoneId = milestone.Long("id") })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var over = await staff.PostAsJsonAsync($"/api/v1/projects/applications/{a}/releases", new { amountFen = 300_001 });
        (await over.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldBe("超出资助金额：最多还可拨付 3,000.00 元");
        var ledger = (await (await staff.GetAsync($"/api/v1/projects/calls/{s.CallId}/ledger")).JsonAsync()).AsArray();
        ledger.Select(l => ((string)l!["kind"]!.ToString(), l.Long("amountFen"))).ShouldBe([("1", 800_000L), ("1", 600_000L), ("2", 300_000L)]);

        // The public side: the funded project with its accepted milestone and photo.
        var shown = await (await resident.GetAsync($"/api/v1/showcase/projects/{a}")).JsonAsync();
        shown["milestones"]![0]!["photoIds"]!.AsArray().Count.ShouldBe(1);
        var photoId = shown["milestones"]![0]!["photoIds"]![0]!.GetValue<long>();
        var file = await app.Anonymous().GetAsync($"/projects/applications/{a}/files/{photoId}");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await resident.GetAsync($"/api/v1/showcase/projects/{b}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Exports for the paperwork.
        foreach (var name in new[] { "applications.xlsx", "ledger.xlsx" })
        {
            var x = await staff.GetAsync($"/api/v1/projects/calls/{s.CallId}/{name}");
            x.StatusCode.ShouldBe(HttpStatusCode.OK);
            x.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            var bytes = await x.Content.ReadAsByteArrayAsync();
            bytes[..2].ShouldBe("PK"u8.ToArray());
        }
    }

    [Fact]
    public async Task Two_funding_decisions_at_once_never_exceed_the_calls_budget()
    {
        // A budget of 10 000 yuan; two applications of 6 000 each decided at the same moment: one fits.
        var s = await _d.OpenCallAsync(reviewers: 1, totalFen: 1_000_000, maxFen: 600_000);
        var apps = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            var leader = await _d.AccountAsync("leader");
            apps.Add(await _d.ApplyAsync(s.CallId, leader, await _d.OrganisationAsync(leader), "邻里互助" + i, 600_000));
        }
        await _d.PassDeadlineAsync(s.CallId);
        await _d.MoveAsync(s.CallId, "review");
        foreach (var id in apps) await _d.ScoreAsync(s, s.Reviewers[0], id, 80, 80, 80, 80, 80);
        await _d.MoveAsync(s.CallId, "close-review");

        var staff = await _d.StaffAsync();
        var other = await _d.ClientAsync("jiedao");
        var versions = new List<int>();
        foreach (var id in apps) versions.Add((int)(await _d.ApplicationAsync(staff, id))["version"]!);
        var results = await Task.WhenAll(
            staff.PostAsJsonAsync($"/api/v1/projects/applications/{apps[0]}/decision", new { decision = (int)FundingDecision.Full, version = versions[0] }),
            other.PostAsJsonAsync($"/api/v1/projects/applications/{apps[1]}/decision", new { decision = (int)FundingDecision.Full, version = versions[1] }));
        results.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.NoContent, HttpStatusCode.Conflict]);
        var loser = results.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        (await loser.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldBe("超出大赛总预算：仅剩 4,000.00 元");
        (await _d.BudgetAsync(s.CallId)).Committed.ShouldBe(600_000);
        await using var db = app.NewDb();
        (await db.Set<GrantEntry>().Where(g => g.CallId == s.CallId).SumAsync(g => g.AmountFen)).ShouldBe(600_000);
        (await db.Set<ProjectApplication>().CountAsync(x => x.CallId == s.CallId && x.Status == ApplicationStatus.Funded)).ShouldBe(1);
    }

    [Fact]
    public async Task Two_owners_deciding_the_same_application_at_once_get_one_winner()
    {
        var s = await _d.OpenCallAsync(reviewers: 1);
        var leader = await _d.AccountAsync("leader");
        var id = await _d.ApplyAsync(s.CallId, leader, await _d.OrganisationAsync(leader), "楼道微改造", 300_000);
        await _d.PassDeadlineAsync(s.CallId);
        await _d.MoveAsync(s.CallId, "review");
        await _d.ScoreAsync(s, s.Reviewers[0], id, 70, 70, 70, 70, 70);
        await _d.MoveAsync(s.CallId, "close-review");
        var staff = await _d.StaffAsync();
        var other = await _d.ClientAsync("jiedao");
        var version = (int)(await _d.ApplicationAsync(staff, id))["version"]!;
        var results = await Task.WhenAll(
            staff.PostAsJsonAsync($"/api/v1/projects/applications/{id}/decision", new { decision = (int)FundingDecision.Full, version }),
            other.PostAsJsonAsync($"/api/v1/projects/applications/{id}/decision", new { decision = (int)FundingDecision.Reduced, grantedFen = 100_000, reason = "压缩", version }));
        results.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.NoContent, HttpStatusCode.Conflict]);
        await using var db = app.NewDb();
        var granted = await db.Set<ProjectApplication>().Where(x => x.Id == id).Select(x => x.GrantedFen).SingleAsync();
        (await _d.BudgetAsync(s.CallId)).Committed.ShouldBe(granted);
        (await db.Set<GrantEntry>().CountAsync(g => g.ApplicationId == id)).ShouldBe(1);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCallLifecycleTests(SqliteApp app) : CallLifecycleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCallLifecycleTests(PostgresApp app) : CallLifecycleTests(app);
