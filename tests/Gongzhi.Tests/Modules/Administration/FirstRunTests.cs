using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Tests.Modules.Registry;
using Gongzhi.Web.Modules.Administration;
using Gongzhi.Web.Modules.Registry.Transfer;

namespace Gongzhi.Tests.Modules.Administration;

// A real community sets itself up from an empty database through the pages: the administrator is
// taken to the setup, adds the subdistrict, a community, two grids, an estate, a department and a
// building by pattern whose households are exactly the previewed rooms; the resident roster then
// imports onto those households.
public abstract class FirstRunTests(GongzhiApp app)
{
    [Fact]
    public async Task An_administrator_sets_up_a_community_from_nothing_and_imports_its_residents()
    {
        var admin = await PageSession.LogInAsync(app, "admin");
        var home = await admin.Client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.OriginalString.ShouldBe("/administration/setup");

        // Bad input first: nothing is written and the reason is next to the form, in Chinese.
        var blank = await admin.PostFormAsync("/administration/setup", "setup-subdistrict", new() { ["Sub.Name"] = " " });
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await blank.Content.ReadAsStringAsync()).ShouldContain("此项必填");
        await using (var db = app.NewDb()) (await db.Subdistricts.CountAsync()).ShouldBe(0);

        (await admin.PostFormAsync("/administration/setup", "setup-subdistrict", new() { ["Sub.Name"] = "骆岗街道" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostFormAsync("/administration/setup", "setup-community", new() { ["Com.Name"] = "团结巷社区" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        long communityId;
        await using (var db = app.NewDb()) communityId = await db.Communities.Where(c => c.Name == "团结巷社区").Select(c => c.Id).SingleAsync();
        foreach (var grid in new[] { "第一网格", "第二网格" })
            (await admin.PostFormAsync("/administration/setup", "setup-grid", new() { ["GridInput.CommunityId"] = $"{communityId}", ["GridInput.Name"] = grid }))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var twice = await admin.PostFormAsync("/administration/setup", "setup-grid", new() { ["GridInput.CommunityId"] = $"{communityId}", ["GridInput.Name"] = "第二网格" });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await twice.Content.ReadAsStringAsync()).ShouldContain("“第二网格”已经有了");
        // Once a subdistrict exists, the home page is the home page again.
        (await admin.Client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await admin.PostFormAsync("/administration", "add-estate", new() { ["EstateInput.CommunityId"] = $"{communityId}", ["EstateInput.Name"] = "团结新村" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostFormAsync("/administration", "add-department", new() { ["DepartmentInput.CommunityId"] = "", ["DepartmentInput.Name"] = "街道城管中队" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        long subdistrictId, estateId, grid2;
        await using (var db = app.NewDb())
        {
            subdistrictId = await db.Subdistricts.Select(s => s.Id).SingleAsync();
            estateId = await db.Estates.Where(e => e.Name == "团结新村").Select(e => e.Id).SingleAsync();
            grid2 = await db.Grids.Where(g => g.Name == "第二网格").Select(g => g.Id).SingleAsync();
            (await db.Departments.CountAsync()).ShouldBe(0);
        }
        (await admin.PostFormAsync("/administration", "add-department", new() { ["DepartmentInput.CommunityId"] = $"{subdistrictId}", ["DepartmentInput.Name"] = "街道城管中队" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var overview = await admin.Client.GetStringAsync("/administration");
        overview.ShouldContain("团结新村");
        overview.ShouldContain("街道城管中队");

        var estatePage = $"/administration/estates/{estateId}";
        var fields = new Dictionary<string, string>
        {
            ["Input.Number"] = "2", ["Input.GridId"] = $"{grid2}", ["Input.Entrances"] = "2", ["Input.Floors"] = "6", ["Input.PerFloor"] = "2",
            ["Input.Numbering"] = nameof(RoomNumbering.FloorAndIndex), ["Input.SkippedFloors"] = "4", ["Input.Action"] = "preview",
        };
        var preview = await admin.PostFormAsync(estatePage, "add-building", new(fields));
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        var previewHtml = await preview.Content.ReadAsStringAsync();
        previewHtml.ShouldContain("1 2 3 5 6 7");
        previewHtml.ShouldContain("101 102 201 202 301 302 501 502 601 602 701 702");
        await using (var db = app.NewDb()) (await db.Buildings.CountAsync()).ShouldBe(0);

        fields["Input.Action"] = "save";
        (await admin.PostFormAsync(estatePage, "add-building", new(fields))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = app.NewDb())
        {
            var building = await db.Buildings.SingleAsync(b => b.EstateId == estateId && b.Number == 2);
            (building.Floors, building.GridId).ShouldBe((6, grid2));
            var rooms = await (from h in db.Households join n in db.Entrances on h.EntranceId equals n.Id
                               where h.BuildingId == building.Id orderby n.Number, h.Id select new { n.Number, h.Room, h.GridId }).ToListAsync();
            var expected = new BuildingPattern(2, 2, 6, 2, RoomNumbering.FloorAndIndex, [4]).Rooms();
            rooms.Select(r => (r.Number, r.Room)).ShouldBe(expected.Select(r => (r.Entrance, r.Room)));
            rooms.ShouldAllBe(r => r.GridId == grid2);
        }
        var again = await admin.PostFormAsync(estatePage, "add-building", new(fields));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("这个小区已经有 2 栋");

        // The roster now finds its households: "团结新村没有 2 栋" no longer.
        var file = XlsxBuilder.Build(
        [
            ["姓名", "性别", "身份证号", "手机", "小区", "楼栋", "单元", "房号", "与户主关系", "标签"],
            ["张建国", "男", null, "13900001111", "团结新村", "2栋", "1单元", "301", "户主", null],
        ]);
        var client = await app.ClientForAsync("admin");
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(TransferLayout.ContentType);
        content.Add(part, "file", "roster.xlsx");
        var import = await client.PostAsync($"/api/v1/registry/import?communityId={communityId}", content);
        var body = await import.Content.ReadAsStringAsync();
        import.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var result = (await import.Content.ReadFromJsonAsync<ImportResult>())!;
        (result.Applied, result.HouseholdsCreated, result.ResidentsCreated).ShouldBe((true, 0, 1));
    }
}

public sealed class SqliteFirstRunTests(EmptySqliteApp app) : FirstRunTests(app), IClassFixture<EmptySqliteApp>;

public sealed class PostgresFirstRunTests(EmptyPostgresApp app) : FirstRunTests(app), IClassFixture<EmptyPostgresApp>;
