using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Administration;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Administration;

// Changing the place tree keeps its past: a building moved to another grid takes its households
// along (the new grid's worker sees them, the old one no longer does) and the move is recorded; a
// retired building leaves the pickers while its cases stay readable. Refused moves write nothing.
public abstract class PlaceHistoryTests(GongzhiApp app)
{
    private static int _n;
    private int Next => 600 + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? 0 : 100) + Interlocked.Increment(ref _n);

    private sealed record Setup(long Estate, long GridLi, long GridChen);

    // An estate of the community both demo grid workers serve, and each one's grid.
    private async Task<Setup> SetupAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        long GridOf(string user) => db.DutyPosts.Where(p => p.UserId == facts.UserIds[user] && p.Kind == DutyPostKind.GridWorker).Select(p => p.PlaceId).First();
        var li = GridOf("wangge.li");
        var chen = GridOf("wangge.chen");
        var community = await db.Grids.Where(g => g.Id == li).Select(g => g.CommunityId).SingleAsync();
        var estate = await db.Estates.Where(e => e.CommunityId == community).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
        return new Setup(estate, li, chen);
    }

    private async Task<long> BuildAsync(PageSession admin, long estate, long grid, int number)
    {
        var response = await admin.PostFormAsync($"/administration/estates/{estate}", "add-building", new()
        {
            ["Input.Number"] = $"{number}", ["Input.GridId"] = $"{grid}", ["Input.Entrances"] = "1", ["Input.Floors"] = "2", ["Input.PerFloor"] = "2",
            ["Input.Numbering"] = nameof(RoomNumbering.FloorAndIndex), ["Input.Action"] = "save",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await using var db = app.NewDb();
        return await db.Buildings.Where(b => b.EstateId == estate && b.Number == number).Select(b => b.Id).SingleAsync();
    }

    [Fact]
    public async Task A_moved_building_takes_its_households_to_the_new_grid_worker_and_keeps_history()
    {
        var s = await SetupAsync();
        var admin = await PageSession.LogInAsync(app, "admin");
        var building = await BuildAsync(admin, s.Estate, s.GridLi, Next);
        await using var db = app.NewDb();
        var household = await db.Households.Where(h => h.BuildingId == building).Select(h => h.Id).FirstAsync();
        var li = await PageSession.LogInAsync(app, "wangge.li");
        var chen = await PageSession.LogInAsync(app, "wangge.chen");
        (await li.Client.GetAsync($"/registry/households/{household}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await chen.Client.GetAsync($"/registry/households/{household}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var moved = await admin.PostFormAsync($"/administration/estates/{s.Estate}", "move-building", new() { ["Move.BuildingId"] = $"{building}", ["Move.GridId"] = $"{s.GridChen}" });
        moved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await moved.Content.ReadAsStringAsync());
        (await li.Client.GetAsync($"/registry/households/{household}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await chen.Client.GetAsync($"/registry/households/{household}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await db.Households.Where(h => h.BuildingId == building).Select(h => h.GridId).Distinct().ToListAsync()).ShouldBe([s.GridChen]);
        (await db.Buildings.Where(b => b.Id == building).Select(b => b.GridId).SingleAsync()).ShouldBe(s.GridChen);
        var history = await db.Set<BuildingMove>().Where(m => m.BuildingId == building).ToListAsync();
        history.Select(m => (m.FromGridId, m.ToGridId, m.MovedBy)).ShouldBe([(s.GridLi, s.GridChen, (await DemoFacts.ForAsync(app)).UserIds["admin"])]);
    }

    [Fact]
    public async Task Refused_moves_say_why_and_write_nothing()
    {
        var s = await SetupAsync();
        var facts = await DemoFacts.ForAsync(app);
        var admin = await PageSession.LogInAsync(app, "admin");
        var building = await BuildAsync(admin, s.Estate, s.GridLi, Next);
        await using var db = app.NewDb();
        var foreignGrid = facts.Grids.First(g => g.CommunityId != (db.Grids.Where(x => x.Id == s.GridLi).Select(x => x.CommunityId).Single())).Id;
        var page = $"/administration/estates/{s.Estate}";
        var moves = await db.Set<BuildingMove>().CountAsync();

        var foreign = await admin.PostFormAsync(page, "move-building", new() { ["Move.BuildingId"] = $"{building}", ["Move.GridId"] = $"{foreignGrid}" });
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await foreign.Content.ReadAsStringAsync()).ShouldMatch("data-field-error=\"GridId\"[^<]*>\\s*<div>只能调整到本社区的网格");
        var english = await PageSession.LogInAsync(app, "admin", "en");
        var same = await english.PostFormAsync(page, "move-building", new() { ["Move.BuildingId"] = $"{building}", ["Move.GridId"] = $"{s.GridLi}" });
        same.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await same.Content.ReadAsStringAsync()).ShouldContain("The building is already in this grid");
        // A grid worker may not move buildings (403); community staff of another community do not find it (404).
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        (await worker.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var otherEstate = await db.Estates.Where(e => e.CommunityId == facts.Community2).Select(e => e.Id).FirstAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        (await staff.Client.GetAsync($"/administration/estates/{otherEstate}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await db.Set<BuildingMove>().CountAsync()).ShouldBe(moves);
        (await db.Households.Where(h => h.BuildingId == building).Select(h => h.GridId).Distinct().ToListAsync()).ShouldBe([s.GridLi]);
    }

    [Fact]
    public async Task A_retired_building_leaves_the_pickers_and_its_cases_stay_readable()
    {
        var s = await SetupAsync();
        var admin = await PageSession.LogInAsync(app, "admin");
        var number = Next;
        var building = await BuildAsync(admin, s.Estate, s.GridLi, number);
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var category = await db.CaseCategories.Where(c => c.Code == "street-light").Select(c => c.Id).SingleAsync();
        var resident = await app.ClientForAsync(facts.ResidentUserName);
        var created = await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "楼前路灯不亮", buildingId = building });
        var caseId = (await created.JsonAsync(HttpStatusCode.Created)).Long("id");

        // A building where registered residents live cannot be retired.
        var lived = await db.Households.Where(h => h.EstateId == s.Estate && db.Residents.Any(r => r.HouseholdId == h.Id)).Select(h => h.BuildingId).FirstAsync();
        var refused = await admin.PostFormAsync($"/administration/estates/{s.Estate}", "retire-building", new() { ["Retire.BuildingId"] = $"{lived}" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("位在册居民，请先办理迁出");
        (await db.Buildings.Where(b => b.Id == lived).Select(b => b.RetiredOn).SingleAsync()).ShouldBeNull();

        var retired = await admin.PostFormAsync($"/administration/estates/{s.Estate}", "retire-building", new() { ["Retire.BuildingId"] = $"{building}" });
        retired.StatusCode.ShouldBe(HttpStatusCode.Redirect, await retired.Content.ReadAsStringAsync());
        (await db.Buildings.CountAsync(b => b.Id == building)).ShouldBe(1);
        (await admin.Client.GetStringAsync($"/administration/estates/{s.Estate}")).ShouldContain("已停用");
        // Its case is still there for the reporter and for staff.
        (await resident.GetAsync($"/api/v1/cases/{caseId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.GetAsync($"/cases/{caseId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The picker of a resident without a household no longer offers it (the building after it is still offered).
        var next = await BuildAsync(admin, s.Estate, s.GridLi, Next);
        var phone = "1370003" + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "1" : "2") + Interlocked.Increment(ref _n).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        var anonymous = app.Anonymous();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { phone, password = GongzhiApp.Password, displayName = "新居民" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(phone);
        (await anonymous.PostAsJsonAsync("/api/v1/auth/confirm", new { phone, code })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var newcomer = await PageSession.LogInAsync(app, phone);
        var form = await newcomer.Client.GetStringAsync("/requests/new");
        form.ShouldNotContain($"value=\"{building}\"");
        form.ShouldContain($"value=\"{next}\"");
    }

    [Fact]
    public async Task A_grid_is_retired_only_once_empty()
    {
        var s = await SetupAsync();
        var admin = await PageSession.LogInAsync(app, "admin");
        await using var db = app.NewDb();
        var community = await db.Grids.Where(g => g.Id == s.GridLi).Select(g => g.CommunityId).SingleAsync();
        var name = "临时网格" + Next;
        (await admin.PostFormAsync("/administration", "add-grid", new() { ["GridInput.CommunityId"] = $"{community}", ["GridInput.Name"] = name })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var grid = await db.Grids.Where(g => g.Name == name).Select(g => g.Id).SingleAsync();

        var busy = await admin.PostFormAsync("/administration", "retire-grid", new() { ["RetireGrid.GridId"] = $"{s.GridLi}" });
        busy.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await busy.Content.ReadAsStringAsync()).ShouldContain("请先把楼栋移到别的网格");
        (await db.Grids.Where(g => g.Id == s.GridLi).Select(g => g.RetiredOn).SingleAsync()).ShouldBeNull();

        (await admin.PostFormAsync("/administration", "retire-grid", new() { ["RetireGrid.GridId"] = $"{grid}" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Grids.Where(g => g.Id == grid).Select(g => g.RetiredOn).SingleAsync()).ShouldNotBeNull();
        // No longer offered for new buildings or moves.
        (await admin.Client.GetStringAsync($"/administration/estates/{s.Estate}")).ShouldNotContain(name);
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        (await worker.Client.GetAsync("/administration")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePlaceHistoryTests(SqliteApp app) : PlaceHistoryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPlaceHistoryTests(PostgresApp app) : PlaceHistoryTests(app);
