using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Tests.Modules.Activities;

public sealed record Member(long ResidentId, long HouseholdId, string Name, string? UserName, string? UserId);

// What the Activities tests do over and over. Residents get accounts of their own here (through
// Identity, as the registration flow would leave them) so many people can register for one event.
public sealed class ActivityDriver(GongzhiApp app)
{
    private static readonly HashSet<(GongzhiApp, long)> Used = [];
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public GongzhiApp App => app;

    public static DateTime Local(int daysAhead, int hour, int minute = 0) =>
        DateTime.SpecifyKind(DateTime.UtcNow.AddHours(8).Date.AddDays(daysAhead).AddHours(hour).AddMinutes(minute), DateTimeKind.Unspecified);

    public static string Iso(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    // People of a community (first or second) of the age given on the day in 60 days, not used by another test.
    public async Task<List<Member>> PeopleAsync(int count, int community = 0, int minAge = 18, int maxAge = 59, bool accounts = true, long? householdId = null)
    {
        var facts = await DemoFacts.ForAsync(app);
        var communityId = facts.CommunityIds[community];
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(60);
        var oldest = day.AddYears(-maxAge - 1).AddDays(1);
        var youngest = day.AddYears(-minAge);
        await Gate.WaitAsync();
        try
        {
            await using var db = app.NewDb();
            var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
            var candidates = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                                    where g.CommunityId == communityId && r.Status == ResidentStatus.Active && r.BirthDate != null
                                          && r.BirthDate >= oldest && r.BirthDate <= youngest && (householdId == null || h.Id == householdId)
                                    orderby r.Id
                                    select new { r.Id, r.HouseholdId, r.Name }).Take(5000).ToListAsync();
            // One person per household, so what a test sees of "my household's registrations" is that person's.
            var picked = candidates.Where(c => !linked.Contains(c.Id) && !Used.Contains((app, c.Id))).DistinctBy(c => c.HouseholdId).Take(count).ToList();
            picked.Count.ShouldBe(count, "not enough demo residents of that age left");
            var members = new List<Member>();
            foreach (var p in picked)
            {
                Used.Add((app, p.Id));
                members.Add(accounts ? await AccountForAsync(p.Id, p.HouseholdId, p.Name) : new Member(p.Id, p.HouseholdId, p.Name, null, null));
            }
            return members;
        }
        finally
        {
            Gate.Release();
        }
    }

    // A household holding an adult and a child, none of them with an account yet.
    public async Task<(Member Adult, Member Child)> FamilyAsync()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(60);
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
        var people = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                            where g.CommunityId == facts.Community1 && r.Status == ResidentStatus.Active && r.BirthDate != null
                            select new { r.Id, r.HouseholdId, r.Name, Birth = r.BirthDate!.Value }).ToListAsync();
        var family = people.GroupBy(p => p.HouseholdId).First(g =>
            g.All(p => !linked.Contains(p.Id) && !Used.Contains((app, p.Id)))
            && g.Any(p => p.Birth > day.AddYears(-10)) && g.Any(p => p.Birth < day.AddYears(-25) && p.Birth > day.AddYears(-55)));
        var adult = family.First(p => p.Birth < day.AddYears(-25) && p.Birth > day.AddYears(-55));
        var child = family.First(p => p.Birth > day.AddYears(-10));
        lock (Used)
        {
            foreach (var p in family) Used.Add((app, p.Id));
        }
        return (await AccountForAsync(adult.Id, adult.HouseholdId, adult.Name), new Member(child.Id, child.HouseholdId, child.Name, null, null));
    }

    private async Task<Member> AccountForAsync(long residentId, long householdId, string name)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"act{residentId}", DisplayName = name, PhoneNumberConfirmed = true, ResidentId = residentId, CreatedAt = DateTime.UtcNow };
        (await users.CreateAsync(user, GongzhiApp.Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, Roles.Resident)).Succeeded.ShouldBeTrue();
        return new Member(residentId, householdId, name, user.UserName, user.Id);
    }

    public Task<HttpClient> ClientAsync(Member m, string? language = null) => app.ClientForAsync(m.UserName!, language);

    public async Task<long> CreateEventAsync(object overrides, string staff = "tuanjie")
    {
        var facts = await DemoFacts.ForAsync(app);
        var body = new JsonObject
        {
            ["communityId"] = facts.Community1,
            ["title"] = "测试活动 " + Guid.NewGuid().ToString("N")[..6],
            ["kind"] = (int)EventKind.Clinic,
            ["address"] = "团结新村中心广场",
            ["organiserKind"] = (int)OrganiserKind.Community,
            ["organiserName"] = "社区居委会",
            ["startsAt"] = Iso(Local(30, 14)),
            ["endsAt"] = Iso(Local(30, 16)),
            ["capacity"] = 10,
        };
        foreach (var (key, value) in JsonSerializer.SerializeToNode(overrides, Api.Web)!.AsObject()) body[key] = value?.DeepClone();
        var client = await app.ClientForAsync(staff);
        var response = await client.PostAsJsonAsync("/api/v1/events", body);
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    public async Task<JsonNode> EventAsync(long id, HttpClient? client = null) =>
        await ((await (client ?? await app.ClientForAsync("tuanjie")).GetAsync($"/api/v1/events/{id}")).JsonAsync());

    // No ids: the caller registers themselves, by leaving residentIds out (an empty list is refused).
    public static Task<HttpResponseMessage> RegisterAsync(HttpClient client, long eventId, params long[] residentIds) => residentIds.Length == 0
        ? client.PostAsJsonAsync($"/api/v1/events/{eventId}/registrations", new { })
        : client.PostAsJsonAsync($"/api/v1/events/{eventId}/registrations", new { residentIds });

    public async Task<Dictionary<long, (RegistrationStatus Status, long Seq)>> RowsAsync(long eventId)
    {
        await using var db = app.NewDb();
        return await db.Registrations.Where(r => r.EventId == eventId).ToDictionaryAsync(r => r.ResidentId, r => (r.Status, r.Seq));
    }
}
