using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Projects;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Tests.Modules.Projects;

// What the Projects tests do again and again, the way a client does: community staff of 团结巷
// (tuanjie) register organisations and run a call; leaders and outside experts are accounts of their own.
public sealed class ProjectsDriver(GongzhiApp app)
{
    public GongzhiApp App => app;

    public static string Marker() => Guid.NewGuid().ToString("N")[..8];

    public Task<HttpClient> StaffAsync(string language = "zh-Hans") => app.ClientForAsync("tuanjie", language);

    public Task<HttpClient> ClientAsync(string userName, string language = "zh-Hans") => app.ClientForAsync(userName, language);

    // An account with no role at all (a leader of an organisation, or an outside expert).
    public async Task<string> AccountAsync(string prefix)
    {
        var userName = $"{prefix}{Marker()}";
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await users.CreateAsync(new AppUser { UserName = userName, DisplayName = prefix + "老师", PhoneNumberConfirmed = true, CreatedAt = DateTime.UtcNow }, GongzhiApp.Password);
        result.Succeeded.ShouldBeTrue(string.Join(";", result.Errors.Select(e => e.Description)));
        return userName;
    }

    public async Task<long> OrganisationAsync(string leaderUserName, OrgField field = OrgField.Elderly, long? communityId = null)
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await StaffAsync();
        var response = await staff.PostAsJsonAsync("/api/v1/organisations", new
        {
            communityId = communityId ?? facts.Community1, name = "爱心小帮客" + Marker(), field = (int)field, station = "团结巷社区社会服务站",
            leaderName = "王秀兰", leaderUserName, description = "为独居老人提供代购、陪诊等小帮手服务",
        });
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    public sealed record Scenario(long CallId, string[] Reviewers, long[] Criteria);

    // A call of community 1 with the default rubric and a panel of the given outside experts, opened.
    public async Task<Scenario> OpenCallAsync(int reviewers = 2, long totalFen = 10_000_000, long maxFen = 2_000_000)
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await StaffAsync();
        var names = new List<string>();
        for (var i = 0; i < reviewers; i++) names.Add(await AccountAsync("expert"));
        var response = await staff.PostAsJsonAsync("/api/v1/projects/calls", new
        {
            communityId = facts.Community1, title = "善治骆岗 " + Marker(), description = "社区微公益创投", totalBudgetFen = totalFen, maxPerProjectFen = maxFen,
            fields = new[] { (int)OrgField.Elderly, (int)OrgField.Youth, (int)OrgField.Culture }, minStage = (int)OrgStage.Seedling,
            opensAt = DateTime.UtcNow.AddMinutes(-5), closesAt = DateTime.UtcNow.AddDays(10), reviewers = names,
        });
        var id = (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
        var call = await (await staff.GetAsync($"/api/v1/projects/calls/{id}")).JsonAsync();
        (await staff.PostAsJsonAsync($"/api/v1/projects/calls/{id}/open", new { version = (int)call["version"]! })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var criteria = call["criteria"]!.AsArray().Select(c => c!.Long("id")).ToArray();
        return new Scenario(id, names.ToArray(), criteria);
    }

    public static object Lines(params long[] fen) => fen.Select((f, i) => new { category = new[] { "活动物资", "场地", "宣传", "交通", "餐费" }[i % 5], amountFen = f, note = "说明" }).ToArray();

    public static object Plan() => new[]
    {
        new { title = "招募志愿者与入户摸底", dueOn = "2027-01-15" },
        new { title = "开展上门服务", dueOn = "2027-04-30" },
    };

    // A leader applies with a complete application and submits it.
    public async Task<long> ApplyAsync(long callId, string leader, long orgId, string title, params long[] lines)
    {
        var client = await ClientAsync(leader);
        var id = (await (await client.PostAsJsonAsync($"/api/v1/projects/calls/{callId}/applications", new { organisationId = orgId })).JsonAsync(HttpStatusCode.Created)).Long("id");
        (await client.PutAsJsonAsync($"/api/v1/projects/applications/{id}", new
        {
            title, problem = "独居老人买菜、就医不便", beneficiaries = "辖区 80 岁以上独居老人", beneficiaryCount = 60,
            activities = "每周两次上门代购，每月一次陪诊", team = "志愿者 12 人", lines = Lines(lines.Length == 0 ? [500_000, 300_000] : lines), milestones = Plan(), version = 0,
        })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.PostAsJsonAsync($"/api/v1/projects/applications/{id}/submit", new { version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }

    // Time passes to just after the deadline (the stored deadline moves back; the server's clock decides).
    public async Task PassDeadlineAsync(long callId)
    {
        await using var db = app.NewDb();
        await db.Set<ProjectCall>().Where(c => c.Id == callId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosesAt, DateTime.UtcNow.AddSeconds(-1)));
    }

    public async Task<int> CallVersionAsync(long callId) => (int)(await (await (await StaffAsync()).GetAsync($"/api/v1/projects/calls/{callId}")).JsonAsync())["version"]!;

    public async Task MoveAsync(long callId, string step, HttpStatusCode expected = HttpStatusCode.NoContent)
    {
        var staff = await StaffAsync();
        var response = await staff.PostAsJsonAsync($"/api/v1/projects/calls/{callId}/{step}", new { version = await CallVersionAsync(callId) });
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
    }

    public async Task ScoreAsync(Scenario s, string reviewer, long applicationId, params int[] scores)
    {
        var client = await ClientAsync(reviewer);
        var response = await client.PostAsJsonAsync($"/api/v1/projects/applications/{applicationId}/scores", new
        {
            scores = s.Criteria.Select((c, i) => new { criterionId = c, score = scores[i] }).ToArray(), comment = "需求真实，方案可行",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonNode> ApplicationAsync(HttpClient client, long id) => await (await client.GetAsync($"/api/v1/projects/applications/{id}")).JsonAsync();

    public async Task<(long Committed, long Total)> BudgetAsync(long callId)
    {
        await using var db = app.NewDb();
        var c = await db.Set<ProjectCall>().Where(x => x.Id == callId).Select(x => new { x.CommittedFen, x.TotalBudgetFen }).SingleAsync();
        return (c.CommittedFen, c.TotalBudgetFen);
    }

    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
