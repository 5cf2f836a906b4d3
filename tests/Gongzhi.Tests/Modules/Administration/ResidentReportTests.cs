using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Administration;

// A resident who signed up with a phone the registry does not know has no household yet, and can
// still report a problem at any building they pick: on the page and through the API.
public abstract class ResidentReportTests(GongzhiApp app)
{
    private static int _n;

    private async Task<string> SignUpAsync()
    {
        var phone = "1370000" + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "1" : "2") + Interlocked.Increment(ref _n).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        var anonymous = app.Anonymous();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { phone, password = GongzhiApp.Password, displayName = "新居民" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(phone);
        (await anonymous.PostAsJsonAsync("/api/v1/auth/confirm", new { phone, code })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using var db = app.NewDb();
        (await db.Users.SingleAsync(u => u.UserName == phone)).ResidentId.ShouldBeNull();
        return phone;
    }

    private async Task<(long Category, long Building, string Label)> PlaceAsync()
    {
        await using var db = app.NewDb();
        var category = await db.CaseCategories.Where(c => c.Code == "street-light").Select(c => c.Id).SingleAsync();
        var building = await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id orderby b.Id descending select new { b.Id, e.Name, b.Number }).FirstAsync();
        return (category, building.Id, $"{building.Name}{building.Number}栋");
    }

    [Fact]
    public async Task Without_a_household_a_resident_reports_at_a_building_through_the_api()
    {
        var phone = await SignUpAsync();
        var (category, building, label) = await PlaceAsync();
        var client = await app.ClientForAsync(phone);
        await using var db = app.NewDb();
        var before = await db.Cases.CountAsync();
        var nowhere = await client.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "楼道灯不亮了" });
        (await nowhere.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("householdId").ShouldBe(["请选择诉求发生的住户或楼栋"]);
        (await db.Cases.CountAsync()).ShouldBe(before);

        var response = await client.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "楼道灯不亮了", buildingId = building });
        var id = (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
        var stored = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
        (stored.BuildingId, stored.HouseholdId, stored.Address).ShouldBe((building, (long?)null, label));
        // They follow it like any case of theirs.
        (await client.GetAsync($"/api/v1/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_a_household_the_new_request_page_asks_for_a_building()
    {
        var phone = await SignUpAsync();
        var (category, building, _) = await PlaceAsync();
        var session = await PageSession.LogInAsync(app, phone);
        var html = await session.Client.GetStringAsync("/requests/new");
        html.ShouldContain("问题在哪栋楼");
        html.ShouldContain($"value=\"{building}\"");

        var response = await session.PostFormAsync("/requests/new", "case-new", new()
        {
            ["Input.Token"] = Guid.NewGuid().ToString("N"), ["Input.CategoryId"] = $"{category}", ["Input.Description"] = "3栋门口路灯坏了",
            ["Input.BuildingId"] = $"{building}",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await using var db = app.NewDb();
        (await db.Cases.CountAsync(c => c.BuildingId == building && c.Description == "3栋门口路灯坏了")).ShouldBe(1);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteResidentReportTests(SqliteApp app) : ResidentReportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresResidentReportTests(PostgresApp app) : ResidentReportTests(app);
