using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Deliberation;

namespace Gongzhi.Tests.Modules.Deliberation;

// What the Deliberation tests do again and again, the way a client does: community staff of
// 团结巷 (tuanjie) run topics of the community; residents of the registry take part.
public sealed class TopicDriver(GongzhiApp app)
{
    public GongzhiApp App => app;

    public Task<HttpClient> StaffAsync(string language = "zh-Hans") => app.ClientForAsync("tuanjie", language);

    public async Task<HttpClient> ResidentAsync(string language = "zh-Hans") => await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName, language);

    public static string Marker() => "议题" + Guid.NewGuid().ToString("N")[..8];

    public async Task<long> CreateAsync(object? place = null, string? title = null)
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await StaffAsync();
        var body = place ?? new { communityId = facts.Community1 };
        var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body))!.AsObject();
        json["title"] = title ?? "电动车充电桩建设 " + Marker();
        json["description"] = "楼道里飞线充电隐患大，居民希望在小区内建设集中充电桩。";
        json["source"] = (int)TopicSource.Staff;
        var response = await staff.PostAsync("/api/v1/topics", Api.RawJson(json.ToJsonString()));
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    // A topic scoped to the building of the demo resident's home.
    public async Task<long> CreateForResidentBuildingAsync()
    {
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var building = await db.Households.Where(h => h.Id == facts.ResidentHouseholdId).Select(h => h.BuildingId).SingleAsync();
        return await CreateAsync(new { buildingId = building });
    }

    public static async Task<JsonNode> TopicAsync(HttpClient client, long id) => await (await client.GetAsync($"/api/v1/topics/{id}")).JsonAsync();

    public async Task<int> VersionAsync(long id) => (int)(await TopicAsync(await StaffAsync(), id))["version"]!;

    public async Task<TopicStatus> StatusAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Topics.Where(t => t.Id == id).Select(t => t.Status).SingleAsync();
    }

    public async Task<long> OpenVoteAsync(long topicId, VoteBasis basis, Art278Matter? matter = null, bool allowChange = true, bool openBallot = false, string[]? choices = null)
    {
        var staff = await StaffAsync();
        var response = await staff.PostAsJsonAsync($"/api/v1/topics/{topicId}/votes",
            new { title = "是否同意建设充电桩", basis = (int)basis, matter = (int?)matter, allowChange, openBallot, days = 7, choices });
        return (await response.JsonAsync()).Long("id");
    }

    public async Task<long> ElectorAsync(long voteId, string voterKey)
    {
        await using var db = app.NewDb();
        return await db.VoteElectors.Where(e => e.VoteId == voteId && e.VoterKey == voterKey).Select(e => e.Id).SingleAsync();
    }

    public async Task<List<(string Key, int Choice, BallotChannel Channel)>> BallotsAsync(long voteId)
    {
        await using var db = app.NewDb();
        var rows = await db.Ballots.Where(b => b.VoteId == voteId).Select(b => new { b.VoterKey, b.Choice, b.Channel }).ToListAsync();
        return rows.Select(r => (r.VoterKey, r.Choice, r.Channel)).ToList();
    }

    // A new resident account for someone of community 1 who owns no unit (a tenant or a family member).
    public async Task<string> NonOwnerAccountAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Gongzhi.Web.Data.GongzhiDb>();
        var residentId = await (from r in db.Residents
                                join h in db.Households on r.HouseholdId equals h.Id
                                join e in db.Estates on h.EstateId equals e.Id
                                where e.CommunityId == facts.Community1 && r.Status == Gongzhi.Web.Modules.Registry.ResidentStatus.Active
                                      && !db.Ownerships.Any(o => o.ResidentId == r.Id) && !db.Users.Any(u => u.ResidentId == r.Id)
                                orderby r.Id
                                select r.Id).FirstAsync();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Gongzhi.Web.Platform.Accounts.AppUser>>();
        var userName = "zuhu" + Guid.NewGuid().ToString("N")[..8];
        var user = new Gongzhi.Web.Platform.Accounts.AppUser { UserName = userName, DisplayName = "租户", PhoneNumberConfirmed = true, ResidentId = residentId, CreatedAt = DateTime.UtcNow.AddYears(1) };
        (await users.CreateAsync(user, GongzhiApp.Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, Gongzhi.Web.Platform.Accounts.Roles.Resident)).Succeeded.ShouldBeTrue();
        return userName;
    }

    // Demo accounts linked to a registry resident, with whether that resident owns a unit in community 1.
    public async Task<List<(string UserName, long ResidentId, bool Owner)>> ResidentAccountsAsync()
    {
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var names = new[] { facts.ResidentUserName, "loudong", "danyuan", "linzhang" };
        var rows = await (from u in db.Users
                          join r in db.Residents on u.ResidentId equals r.Id
                          join h in db.Households on r.HouseholdId equals h.Id
                          join e in db.Estates on h.EstateId equals e.Id
                          where names.Contains(u.UserName) && e.CommunityId == facts.Community1
                          select new { u.UserName, r.Id, Owner = db.Ownerships.Any(o => o.ResidentId == r.Id) }).ToListAsync();
        return rows.Select(r => (r.UserName!, r.Id, r.Owner)).ToList();
    }
}
