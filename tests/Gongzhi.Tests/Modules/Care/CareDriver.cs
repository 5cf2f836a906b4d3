using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Tests.Modules.Care;

// What the Care tests do again and again, as a client would: the first grid's worker (wangge.li)
// adds people of the grid and visits them; its leader (wangge.zhang) is told; wangge.chen works
// the second grid; loudong leads a building of the first grid.
public sealed class CareDriver(GongzhiApp app)
{
    private static int _helpers;

    public GongzhiApp App => app;

    public Task<HttpClient> WorkerAsync(string language = "zh-Hans") => app.ClientForAsync("wangge.li", language);

    // A fresh resident of the first grid, not yet a recipient; inBuildingOf names a leader whose building it must (not) be in.
    public async Task<long> FreshResidentAsync(bool? inLoudongBuilding = null)
    {
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var loudong = facts.UserIds["loudong"];
        var building = await db.DutyPosts.Where(p => p.UserId == loudong && p.PlaceKind == PlaceKind.Building).Select(p => p.PlaceId).FirstAsync();
        var taken = db.Set<CareRecipient>().Select(c => c.ResidentId);
        var query = from r in db.Residents
                    join h in db.Households on r.HouseholdId equals h.Id
                    where h.GridId == facts.Grid1 && r.Status == ResidentStatus.Active && !taken.Contains(r.Id)
                    select new { r.Id, h.BuildingId };
        if (inLoudongBuilding == true) query = query.Where(x => x.BuildingId == building);
        if (inLoudongBuilding == false) query = query.Where(x => x.BuildingId != building);
        // Spread over the list so tests in one fixture do not collide.
        var ids = await query.OrderBy(x => x.Id).Select(x => x.Id).ToListAsync();
        return ids[Random.Shared.Next(ids.Count)];
    }

    public async Task<long> AddAsync(long residentId, string? healthNote = "高血压，每日服药", string contactPhone = "13912345678")
    {
        var worker = await WorkerAsync();
        var response = await worker.PostAsJsonAsync("/api/v1/care/recipients", new
        {
            residentId, reasons = new[] { (int)CareTagKind.ElderlyAlone }, risk = (int)CareRisk.Medium, healthNote, livingNote = "独居，女儿在外地",
            contacts = new[] { new { name = "王芳", relation = "女儿", phone = contactPhone } },
        });
        return (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
    }

    public async Task<CareRecipient> RecipientAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Set<CareRecipient>().AsNoTracking().SingleAsync(r => r.Id == id);
    }

    public async Task<List<Visit>> VisitsAsync(long recipientId)
    {
        await using var db = app.NewDb();
        return await db.Set<Visit>().AsNoTracking().Where(v => v.RecipientId == recipientId).OrderBy(v => v.Id).ToListAsync();
    }

    public async Task<int> AuditCountAsync(string action, string? subject = null)
    {
        await using var db = app.NewDb();
        return await db.AuditEntries.CountAsync(a => a.Action == action && (subject == null || a.Subject == subject));
    }

    public async Task<List<string>> NoticesAsync(string kind, string link)
    {
        await using var db = app.NewDb();
        return await db.Notifications.Where(n => n.Kind == kind && n.Link == link).Select(n => n.UserId).ToListAsync();
    }

    // A resident of the first grid with an account of their own (role Resident only) who has
    // registered as a volunteer: the kind of helper a pair (结对帮扶) is made with.
    public async Task<(string UserName, string UserId, long VolunteerId)> HelperAsync(bool volunteer = true)
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
        var candidates = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id
                                where h.GridId == facts.Grid1 && r.Status == ResidentStatus.Active && r.Phone != null
                                orderby r.Id select new { r.Id, r.Name }).Take(2000).ToListAsync();
        var free = candidates.Where(c => !linked.Contains(c.Id)).ToList();
        var pick = free[Interlocked.Increment(ref _helpers) * 7 % free.Count];
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"bf{pick.Id}", DisplayName = pick.Name, PhoneNumberConfirmed = true, ResidentId = pick.Id, CreatedAt = DateTime.UtcNow };
        (await users.CreateAsync(user, GongzhiApp.Password)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, Roles.Resident)).Succeeded.ShouldBeTrue();
        if (!volunteer) return (user.UserName, user.Id, 0);
        var client = await app.ClientForAsync(user.UserName);
        var registered = await (await client.PostAsJsonAsync("/api/v1/volunteer/register", new { skills = "陪伴聊天" })).JsonAsync();
        return (user.UserName, user.Id, registered.Long("volunteerId"));
    }

    public async Task<long> BalanceAsync(long volunteerId)
    {
        await using var db = app.NewDb();
        return await db.PointsAccounts.Where(a => a.VolunteerId == volunteerId).Select(a => a.Balance).FirstOrDefaultAsync();
    }

    public async Task<long> CategoryAsync(string code)
    {
        await using var db = app.NewDb();
        return await db.CaseCategories.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
    }
}
