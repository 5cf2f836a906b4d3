using System.Net;
using Gongzhi.Web.Modules.Administration;

namespace Gongzhi.Tests.Modules.Administration;

// Who may set up places, and where: administrators anywhere, community staff in their community
// (outside it: 404), everyone else not at all (403). A refused or bad form writes nothing.
public abstract class AdministrationAccessTests(GongzhiApp app)
{
    private async Task<(long Community1, long Estate1, long Grid1, long Estate2)> PlacesAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var estate1 = await db.Estates.Where(e => e.CommunityId == facts.Community1).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
        var estate2 = await db.Estates.Where(e => e.CommunityId == facts.Community2).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
        return (facts.Community1, estate1, facts.Grid1, estate2);
    }

    private static Dictionary<string, string> Building(long gridId, int number, string floors = "6") => new()
    {
        ["Input.Number"] = $"{number}", ["Input.GridId"] = $"{gridId}", ["Input.Entrances"] = "1", ["Input.Floors"] = floors, ["Input.PerFloor"] = "2",
        ["Input.Numbering"] = nameof(RoomNumbering.FloorDashIndex), ["Input.Action"] = "save",
    };

    [Theory]
    [InlineData("wangge.li")]
    [InlineData("wuye")]
    [InlineData("loudong")]
    [InlineData("bumen")]
    public async Task Roles_without_the_capability_get_403_on_every_page(string userName)
    {
        var (_, estate1, _, _) = await PlacesAsync();
        var session = await PageSession.LogInAsync(app, userName);
        foreach (var page in new[] { "/administration", "/administration/setup", $"/administration/estates/{estate1}" })
        {
            var response = await session.Client.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, page);
            (await response.Content.ReadAsStringAsync()).ShouldContain("无权进行此操作");
        }
    }

    [Fact]
    public async Task Community_staff_add_buildings_in_their_community_and_not_in_another()
    {
        var (_, estate1, grid1, estate2) = await PlacesAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        await using var db = app.NewDb();
        var households = await db.Households.CountAsync();

        var other = await staff.Client.GetAsync($"/administration/estates/{estate2}");
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staff.Client.GetAsync("/administration/estates/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The subdistrict is not theirs: no subdistrict-level forms, and the setup refuses them.
        var setup = await staff.PostFormAsync("/administration", "add-community", new() { ["CommunityInput.CommunityId"] = "1", ["CommunityInput.Name"] = "冒名社区" });
        ((int)setup.StatusCode).ShouldBeGreaterThanOrEqualTo(400);

        var number = 800 + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? 1 : 2);
        (await staff.PostFormAsync($"/administration/estates/{estate1}", "add-building", Building(grid1, number))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Households.CountAsync()).ShouldBe(households + 12);
        (await db.Households.Where(h => h.Room == "6-2" && h.EstateId == estate1).CountAsync()).ShouldBeGreaterThan(0);
        (await db.Communities.CountAsync(c => c.Name == "冒名社区")).ShouldBe(0);
    }

    [Fact]
    public async Task Bad_building_forms_say_what_is_wrong_in_the_users_language_and_write_nothing()
    {
        var (_, estate1, grid1, _) = await PlacesAsync();
        var admin = await PageSession.LogInAsync(app, "admin");
        var english = await PageSession.LogInAsync(app, "admin", "en");
        await using var db = app.NewDb();
        var (buildings, households) = (await db.Buildings.CountAsync(), await db.Households.CountAsync());
        var page = $"/administration/estates/{estate1}";

        var zero = await admin.PostFormAsync(page, "add-building", Building(grid1, 901, floors: "0"));
        zero.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await zero.Content.ReadAsStringAsync()).ShouldContain("1 到 120");
        var skipped = Building(grid1, 902);
        skipped["Input.SkippedFloors"] = "四楼";
        var skip = await english.PostFormAsync(page, "add-building", skipped);
        skip.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await skip.Content.ReadAsStringAsync()).ShouldContain("Enter floor numbers separated by commas");
        var empty = Building(grid1, 903);
        empty.Remove("Input.Number");
        (await admin.PostFormAsync(page, "add-building", empty)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A grid of another community cannot hold this estate's building.
        var facts = await DemoFacts.ForAsync(app);
        var foreign = facts.Grids.First(g => g.CommunityId == facts.Community2).Id;
        (await admin.PostFormAsync(page, "add-building", Building(foreign, 904))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A number the estate already has: 409, and the first building is untouched.
        var taken = await db.Buildings.Where(b => b.EstateId == estate1).Select(b => b.Number).FirstAsync();
        var clash = await admin.PostFormAsync(page, "add-building", Building(grid1, taken));
        clash.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await clash.Content.ReadAsStringAsync()).ShouldContain($"这个小区已经有 {taken} 栋");

        (await db.Buildings.CountAsync(), await db.Households.CountAsync()).ShouldBe((buildings, households));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAdministrationAccessTests(SqliteApp app) : AdministrationAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAdministrationAccessTests(PostgresApp app) : AdministrationAccessTests(app);
