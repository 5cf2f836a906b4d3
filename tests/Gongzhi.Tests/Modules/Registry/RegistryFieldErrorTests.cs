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

    [Fact]
    public async Task A_status_change_dated_tomorrow_is_refused_under_that_rows_date_in_english_keeping_the_note_and_the_resident_stays()
    {
        var resident = await ResidentOfGrid1Async(9);
        var other = await ResidentOfGrid1Async(10);
        var worker = await PageSession.LogInAsync(app, "wangge.li", "en");
        var id = resident.Id.ToString(CultureInfo.InvariantCulture);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8).AddDays(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var note = "搬去女儿家" + Guid.NewGuid().ToString("N")[..6];

        var response = await worker.PostFormAsync($"/registry/households/{resident.HouseholdId}", "status", new Dictionary<string, string>
        {
            ["ResidentId"] = id, [$"Status-{id}"] = "MovedOut", [$"Date-{id}"] = tomorrow, [$"Note-{id}"] = note,
            [$"Version-{id}"] = resident.Version.ToString(CultureInfo.InvariantCulture),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside($"date-{id}", $"date-{id}", "The date cannot be in the future");
        html.ShouldNotMarkInvalid($"note-{id}");
        html.ShouldContain($"value=\"{note}\"");
        html.ShouldMatch($"<input[^>]*name=\"Status-{id}\" value=\"MovedOut\" checked");
        if (other.HouseholdId == resident.HouseholdId) html.ShouldNotMarkInvalid($"date-{other.Id}");
        await using var after = app.NewDb();
        var now = await after.Residents.AsNoTracking().SingleAsync(r => r.Id == resident.Id);
        (now.Status, now.Version, now.StatusNote).ShouldBe((ResidentStatus.Active, resident.Version, (string?)null));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRegistryFieldErrorTests(SqliteApp app) : RegistryFieldErrorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRegistryFieldErrorTests(PostgresApp app) : RegistryFieldErrorTests(app);
