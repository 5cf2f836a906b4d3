using System.Globalization;
using System.Net;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Registry;

// A resident form refused on the registry pages says why under the field concerned, in the person's
// language, keeps what was typed, and writes nothing.
public abstract class RegistryFieldErrorTests(GongzhiApp app)
{
    private async Task<Resident> ResidentOfGrid1Async(int skip)
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        return await db.Residents.AsNoTracking()
            .Where(r => r.Status == ResidentStatus.Active && db.Households.Any(h => h.Id == r.HouseholdId && h.GridId == facts.Grid1))
            .OrderBy(r => r.Id).Skip(skip).FirstAsync();
    }

    [Fact]
    public async Task A_new_resident_with_a_bad_phone_is_refused_under_the_phone_and_no_one_is_added()
    {
        var neighbour = await ResidentOfGrid1Async(5);
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        int before;
        await using (var db = app.NewDb()) before = await db.Residents.CountAsync(r => r.HouseholdId == neighbour.HouseholdId);

        var response = await worker.PostFormAsync($"/registry/households/{neighbour.HouseholdId}/residents/new", "resident-new", new Dictionary<string, string>
        {
            ["Input.Name"] = "林小满", ["Input.Gender"] = "Female", ["Input.Relation"] = "子女", ["Input.Phone"] = "12345", ["Input.IdNumber"] = "",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside("phone", "Phone", "手机号码格式不正确（11 位手机号或带区号的固定电话）");
        html.ShouldNotMarkInvalid("name");
        html.ShouldContain("value=\"林小满\"");
        await using var after = app.NewDb();
        (await after.Residents.CountAsync(r => r.HouseholdId == neighbour.HouseholdId)).ShouldBe(before);
    }

    [Fact]
    public async Task An_edit_with_a_wrong_check_digit_is_refused_under_the_id_number_in_traditional_chinese_and_nothing_changes()
    {
        var before = await ResidentOfGrid1Async(6);
        var worker = await PageSession.LogInAsync(app, "wangge.li", "zh-Hant");

        var response = await worker.PostFormAsync($"/registry/residents/{before.Id}/edit", "resident-edit", new Dictionary<string, string>
        {
            ["Input.Name"] = before.Name, ["Input.Gender"] = before.Gender.ToString(), ["Input.Relation"] = before.Relation, ["Input.Phone"] = before.Phone ?? "",
            ["Input.IdNumber"] = "110101199003071234", ["Input.Version"] = before.Version.ToString(CultureInfo.InvariantCulture),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside("idnumber", "IdNumber", "身分證號校驗位不正確，請核對");
        html.ShouldNotMarkInvalid("phone");
        await using var after = app.NewDb();
        var now = await after.Residents.AsNoTracking().SingleAsync(r => r.Id == before.Id);
        (now.Version, now.IdNumberHash, now.Name, now.Phone).ShouldBe((before.Version, before.IdNumberHash, before.Name, before.Phone));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRegistryFieldErrorTests(SqliteApp app) : RegistryFieldErrorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRegistryFieldErrorTests(PostgresApp app) : RegistryFieldErrorTests(app);
