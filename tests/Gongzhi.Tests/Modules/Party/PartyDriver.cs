using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Tests.Modules.Party;

public sealed record Person(long ResidentId, long HouseholdId, long GridId, long CommunityId, string Name, string UserName, string UserId);

// What the Party tests do over and over: residents not yet members get accounts of their own,
// units join, members report in, shifts are served and confirmed through Volunteering's own API.
public sealed class PartyDriver(GongzhiApp app)
{
    private static readonly HashSet<(GongzhiApp, long)> Used = [];
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public GongzhiApp App => app;

    // An adult of the community (0: 团结巷, 1: 建设社区) who is not a member, with a resident account.
    public async Task<Person> PersonAsync(int community = 1, long? gridId = null)
    {
        var facts = await DemoFacts.ForAsync(app);
        var communityId = facts.CommunityIds[community];
        await Gate.WaitAsync();
        try
        {
            await using var db = app.NewDb();
            var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
            var members = await db.Set<PartyMember>().Where(m => m.ResidentId != null).Select(m => m.ResidentId!.Value).ToListAsync();
            var adult = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-25);
            var candidates = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                                    where g.CommunityId == communityId && r.Status == ResidentStatus.Active && r.BirthDate != null && r.BirthDate < adult
                                          && (gridId == null || h.GridId == gridId)
                                    orderby r.Id
                                    select new { r.Id, r.HouseholdId, h.GridId, r.Name }).Take(3000).ToListAsync();
            var p = candidates.First(c => !linked.Contains(c.Id) && !members.Contains(c.Id) && !Used.Contains((app, c.Id)));
            Used.Add((app, p.Id));
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = $"dy{p.Id}", DisplayName = p.Name, PhoneNumberConfirmed = true, ResidentId = p.Id, CreatedAt = DateTime.UtcNow };
            (await users.CreateAsync(user, GongzhiApp.Password)).Succeeded.ShouldBeTrue();
            (await users.AddToRoleAsync(user, Roles.Resident)).Succeeded.ShouldBeTrue();
            return new Person(p.Id, p.HouseholdId, p.GridId, communityId, p.Name, user.UserName, user.Id);
        }
        finally
        {
            Gate.Release();
        }
    }

    // An account for a resident staff recorded as a member before they signed up.
    public async Task<string> AccountForAsync(long residentId, string name)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"dy{residentId}", DisplayName = name, PhoneNumberConfirmed = true, ResidentId = residentId, CreatedAt = DateTime.UtcNow };
        (await users.CreateAsync(user, GongzhiApp.Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, Roles.Resident)).Succeeded.ShouldBeTrue();
        return user.UserName;
    }

    public Task<HttpClient> ClientAsync(Person p, string? language = null) => app.ClientForAsync(p.UserName, language);

    public async Task<long> UnitAsync(int community = 1, string staff = "jianshe")
    {
        var facts = await DemoFacts.ForAsync(app);
        var client = await app.ClientForAsync(staff);
        var response = await client.PostAsJsonAsync("/api/v1/party/units", new
        {
            communityId = facts.CommunityIds[community], name = "测试单位" + Guid.NewGuid().ToString("N")[..8], kind = (int)UnitKind.Company,
            contactName = "联络员", contactPhone = "13900001111",
        });
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    public async Task<long> ReportAsync(Person p, long unitId)
    {
        var response = await (await ClientAsync(p)).PostAsJsonAsync("/api/v1/party/me/report", new { unitId, joinedOn = "2010-07-01" });
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    // A shift of the person's community, served now: staff post it, the person registers as a
    // volunteer and signs up, checks in and out with the shift's code, staff confirm the minutes.
    public async Task ServeAsync(Person p, int minutes, string staff = "jianshe", bool confirm = true)
    {
        var staffClient = await app.ClientForAsync(staff);
        var start = DateTime.UtcNow.AddMinutes(-30);
        var activity = await (await staffClient.PostAsJsonAsync("/api/v1/volunteer/activities", new
        {
            communityId = p.CommunityId, title = "楼道清理", kind = "green",
            shifts = new[] { new { startsAt = start, endsAt = start.AddHours(3), place = "建设新村", capacity = 5 } },
        })).JsonAsync(HttpStatusCode.Created);
        var activityId = activity.Long("activityId");
        await using var db = app.NewDb();
        var shiftId = await db.Set<Shift>().Where(s => s.ActivityId == activityId).Select(s => s.Id).SingleAsync();
        var me = await ClientAsync(p);
        (await me.PostAsJsonAsync("/api/v1/volunteer/register", new { skills = "搬运" })).IsSuccessStatusCode.ShouldBeTrue();
        var signup = (await (await me.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signup", null)).JsonAsync()).Long("signupId");
        if (!confirm) return;
        (await staffClient.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{signup}/checkin", null)).IsSuccessStatusCode.ShouldBeTrue();
        (await staffClient.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{signup}/checkout", null)).IsSuccessStatusCode.ShouldBeTrue();
        var confirmed = await staffClient.PostAsJsonAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{signup}/confirm", new { minutes });
        confirmed.IsSuccessStatusCode.ShouldBeTrue(await confirmed.Content.ReadAsStringAsync());
    }

    public async Task<int> AuditCountAsync(string subject)
    {
        await using var db = app.NewDb();
        return await db.AuditEntries.CountAsync(a => a.Action == PartyAccess.AuditViewMembers && a.Subject == subject);
    }
}
