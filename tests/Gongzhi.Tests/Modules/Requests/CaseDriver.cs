using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Requests;
using Case = Gongzhi.Web.Modules.Requests.Case;
using Gongzhi.Web.Modules.Requests.Deadlines;

namespace Gongzhi.Tests.Modules.Requests;

// What the Requests tests do over and over, the way a client does it: submit through the API,
// read a case back, act on it with the version it showed. Setup that has no API (a case placed on
// an earlier calendar) goes straight to the database.
public sealed class CaseDriver(GongzhiApp app)
{
    public GongzhiApp App => app;

    // A word no other test writes: Latin letters and digits form one search term of their own.
    public static string Marker() => "zq" + Guid.NewGuid().ToString("N")[..10];

    public async Task<long> CategoryAsync(string code)
    {
        await using var db = app.NewDb();
        return await db.CaseCategories.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
    }

    public async Task<string> UserIdAsync(string userName) => (await DemoFacts.ForAsync(app)).UserIds[userName];

    public async Task<string> DisplayNameAsync(string userName)
    {
        await using var db = app.NewDb();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.DisplayName).SingleAsync();
    }

    public async Task<HttpClient> ResidentAsync(string? language = null) =>
        await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName, language);

    // The resident reports about their own home (channel Web).
    public async Task<long> SubmitAsResidentAsync(string code, string description, bool anonymous = false)
    {
        var resident = await ResidentAsync();
        var response = await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId = await CategoryAsync(code), description, anonymous });
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    // A worker takes a hotline call about a household of their place.
    public async Task<long> EnterAsync(string userName, string code, string description, long householdId, string callerName = "来电人", string? callerPhone = null,
        bool anonymous = false, string? address = null)
    {
        var client = await app.ClientForAsync(userName);
        var response = await client.PostAsJsonAsync("/api/v1/cases",
            new { categoryId = await CategoryAsync(code), description, householdId, callerName, callerPhone, anonymous, address, channel = (int)Channel.Hotline });
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    public static async Task<JsonNode> GetAsync(HttpClient client, long id) => await (await client.GetAsync($"/api/v1/cases/{id}")).JsonAsync();

    public async Task<JsonNode> StaffViewAsync(long id) => await GetAsync(await app.ClientForAsync("admin"), id);

    public async Task<int> VersionAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Cases.Where(c => c.Id == id).Select(c => c.Version).SingleAsync();
    }

    public async Task<Case> LoadAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public async Task<List<CaseEvent>> EventsAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task AcceptAsync(long id, string userName = "wangge.li") =>
        (await (await app.ClientForAsync(userName)).PostAsync($"/api/v1/cases/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

    public async Task<long> ReferToPropertyAsync(long id, string userName = "wangge.li")
    {
        var response = await (await app.ClientForAsync(userName)).PostAsJsonAsync($"/api/v1/cases/{id}/refer",
            new { kind = (int)ReferralKind.PropertyCompany, note = "请物业协助处理", version = await VersionAsync(id) });
        return (await response.JsonAsync()).Long("referralId");
    }

    public async Task ResolveAsync(long id, string resolution = "已现场处理完毕", string userName = "wangge.li")
    {
        var response = await (await app.ClientForAsync(userName)).PostAsJsonAsync($"/api/v1/cases/{id}/resolve", new { resolution, version = await VersionAsync(id) });
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> RateAsync(long id, Rating rating, string? comment = null)
    {
        var response = await (await ResidentAsync()).PostAsJsonAsync($"/api/v1/cases/{id}/rate", new { rating = (int)rating, comment });
        return (await response.JsonAsync())["outcome"]!.GetValue<string>();
    }

    // Every id of a paged list (work list, search), page by page.
    public static async Task<List<long>> ListIdsAsync(HttpClient client, string url)
    {
        var ids = new List<long>();
        for (var page = 1; page <= 200; page++)
        {
            var list = await (await client.GetAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}page={page}")).JsonAsync();
            var rows = list["rows"]!.AsArray();
            ids.AddRange(rows.Select(r => r!.Long("id")));
            if (rows.Count == 0 || ids.Count >= list["total"]!.GetValue<int>()) break;
        }
        return ids;
    }

    public static async Task<JsonArray> InboxAsync(HttpClient client) => (await (await client.GetAsync("/api/v1/inbox")).JsonAsync())["items"]!.AsArray();

    // A household of the given grid (and estate), read fresh: other tests move households around.
    public async Task<long> HouseholdAsync(long gridId, long? estateId = null)
    {
        await using var db = app.NewDb();
        return await db.Households.Where(h => h.GridId == gridId && (estateId == null || h.EstateId == estateId))
            .OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
    }

    public async Task<long> FirstEstateAsync()
    {
        await using var db = app.NewDb();
        return await db.Estates.OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
    }

    // The calendar the app works with (the official 2026 schedule it ships, as stored).
    public async Task<WorkingTime> WorkingTimeAsync() => await app.Services.GetRequiredService<WorkCalendar>().GetAsync();

    // A case placed directly on the calendar, in grid 1, owned by wangge.li: for deadlines in the past.
    public async Task<long> PlaceAsync(string description, DateTime submittedAt, DateTime respondBy, DateTime resolveBy, DateTime? acceptedAt = null)
    {
        var facts = await DemoFacts.ForAsync(app);
        var ownerId = facts.UserIds["wangge.li"];
        var ownerName = await DisplayNameAsync("wangge.li");
        var householdId = await HouseholdAsync(facts.Grid1);
        await using var db = app.NewDb();
        var h = await db.Households.AsNoTracking().SingleAsync(x => x.Id == householdId);
        var estate = await db.Estates.AsNoTracking().SingleAsync(e => e.Id == h.EstateId);
        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Id == estate.CommunityId);
        var category = await db.CaseCategories.SingleAsync(c => c.Code == "other");
        var place = new CasePlace(community.SubdistrictId, community.Id, h.GridId, estate.Id, h.BuildingId, h.Id, estate.Name + "测试地址");
        var c = new Case(category, Channel.Hotline, description, place, new CaseReporter(null, null, "测试来电人", null, false), (ownerId, ownerName),
            submittedAt, respondBy, resolveBy);
        if (acceptedAt is { } at) c.Accept(ownerId, ownerName, at);
        db.Cases.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    public static DateTime Cst(int year, int month, int day, int hour = 0, int minute = 0) =>
        WorkingTime.FromChina(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));
}
