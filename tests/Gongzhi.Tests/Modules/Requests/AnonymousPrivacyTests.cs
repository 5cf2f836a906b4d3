using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Tests.Modules.Requests.Open311;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// An anonymous reporter's home stays with the community: the property company and departments a
// case is referred to see the building at most, never the door, on the API, the work list, search
// and the page; and nothing the reporter wrote leaves through Open311.
public abstract class AnonymousPrivacyTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    private async Task<(long Id, string Door, string Building, string Marker)> AnonymousReferredCaseAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        var household = await _cases.HouseholdAsync(facts.Grid1, await _cases.FirstEstateAsync());
        var marker = CaseDriver.Marker();
        var client = await app.ClientForAsync("wangge.li");
        var response = await client.PostAsJsonAsync("/api/v1/cases",
            new { categoryId = await _cases.CategoryAsync("clutter"), description = "楼道里堆满纸箱堵住消防通道 " + marker, householdId = household, anonymous = true, channel = (int)Channel.Hotline });
        var id = (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
        await _cases.AcceptAsync(id);
        await _cases.ReferToPropertyAsync(id);
        var c = await _cases.LoadAsync(id);
        c.Anonymous.ShouldBeTrue();
        await using var db = app.NewDb();
        var building = await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id where b.Id == c.BuildingId select e.Name + b.Number + "栋").SingleAsync();
        var room = await db.Households.Where(h => h.Id == household).Select(h => h.Room).SingleAsync();
        c.Address.ShouldContain(room!); // the community itself keeps the door
        return (id, c.Address, building, marker);
    }

    [Fact]
    public async Task The_property_company_sees_the_building_of_an_anonymous_case_never_the_door()
    {
        var (id, door, building, marker) = await AnonymousReferredCaseAsync();
        door.ShouldNotBe(building);
        var wuye = await app.ClientForAsync("wuye");

        var view = await CaseDriver.GetAsync(wuye, id);
        view["address"]!.GetValue<string>().ShouldBe(building);
        view["reporterName"].ShouldBeNull();
        view["reporterPhone"].ShouldBeNull();

        var work = await (await wuye.GetAsync("/api/v1/worklist?mine=false")).JsonAsync();
        var row = AllRows(work).Single(r => r.Long("id") == id);
        row["address"]!.GetValue<string>().ShouldBe(building);

        var found = await (await wuye.GetAsync($"/api/v1/cases?q={marker}")).JsonAsync();
        AllRows(found).Single(r => r.Long("id") == id)["address"]!.GetValue<string>().ShouldBe(building);
        // The door is not searchable either: a hit would tell which home the case came from.
        var room = door[building.Length..];
        var byDoor = await (await wuye.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString(room)}")).JsonAsync();
        AllRows(byDoor).Select(r => r.Long("id")).ShouldNotContain(id);

        var page = await PageSession.LogInAsync(app, "wuye");
        var html = await page.Client.GetStringAsync($"/cases/{id}");
        html.ShouldContain(building);
        html.ShouldNotContain(door);

        // The community's own staff still see the door.
        (await CaseDriver.GetAsync(await app.ClientForAsync("wangge.li"), id))["address"]!.GetValue<string>().ShouldBe(door);
    }

    [Fact]
    public async Task Open311_publishes_status_changes_and_staff_replies_but_nothing_the_reporter_wrote()
    {
        var since = Open311Wire.W3C(DateTime.UtcNow.AddSeconds(-2));
        var resident = await _cases.ResidentAsync();
        var marker = CaseDriver.Marker();
        var id = await _cases.SubmitAsResidentAsync("clutter", "邻居在楼道堆放杂物 " + marker, anonymous: true);
        var secret = "我是501的住户王某 " + marker;
        (await resident.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = secret })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var admin = await app.ClientForAsync("admin");
        (await admin.PostAsync($"/api/v1/cases/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "已联系物业清理 " + marker, @internal = false })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "内部：疑似502所为 " + marker, @internal = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await _cases.ResolveAsync(id, "杂物已清理 " + marker, "admin");
        var rated = await _cases.RateAsync(id, Rating.Satisfied, "谢谢，我家就在楼上 " + marker);
        rated.ShouldNotBeNullOrEmpty();

        var response = await app.Anonymous().GetAsync($"/open311/v2/servicerequestupdates.json?start_date={since}");
        var mine = (await Open311Wire.ListAsync(response, Fmt.Json, "service_request_updates", "request_update"))
            .Where(u => u["service_request_id"] == id.ToString(CultureInfo.InvariantCulture)).ToList();
        var said = string.Join("\n", mine.Select(u => u["description"]));
        said.ShouldNotContain("我是501的住户王某");
        said.ShouldNotContain("谢谢，我家就在楼上");
        said.ShouldNotContain("疑似502所为");
        mine.Select(u => u["description"]).ShouldContain(d => d!.Contains("已联系物业清理"));
        mine.Select(u => u["description"]).ShouldContain(d => d!.Contains("杂物已清理"));
        mine.Select(u => u["status"]).Last().ShouldBe("closed");
    }

    private static IEnumerable<JsonNode> AllRows(JsonNode list) => list["rows"]!.AsArray().Select(r => r!);
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAnonymousPrivacyTests(SqliteApp app) : AnonymousPrivacyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAnonymousPrivacyTests(PostgresApp app) : AnonymousPrivacyTests(app);
