using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Care;

// What the Care tests do again and again, as a client would: the first grid's worker (wangge.li)
// adds people of the grid and visits them; its leader (wangge.zhang) is told; wangge.chen works
// the second grid; loudong leads a building of the first grid.
public sealed class CareDriver(GongzhiApp app)
{
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

    public async Task<long> CategoryAsync(string code)
    {
        await using var db = app.NewDb();
        return await db.CaseCategories.Where(c => c.Code == code).Select(c => c.Id).SingleAsync();
    }
}
