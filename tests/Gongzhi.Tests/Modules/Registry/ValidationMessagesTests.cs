using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Registry;

// A refused edit explains itself in the caller's language, as RFC 7807 problem details, and changes nothing.
public abstract class ValidationMessagesTests(GongzhiApp app)
{
    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        { "zh-CN", "phone", "12345", "phone", "手机号码格式不正确（11 位手机号或带区号的固定电话）" },
        { "zh-TW", "phone", "12345", "phone", "手機號碼格式不正確（11 位手機號或帶區號的市話）" },
        { "en", "phone", "12345", "phone", "Not a valid phone number (11-digit mobile, or a landline with area code)" },
        { "zh-CN", "name", new string('张', 31), "name", "不能超过 30 个字" },
        { "zh-TW", "name", new string('张', 31), "name", "不能超過 30 個字" },
        { "en", "name", new string('张', 31), "name", "Must be at most 30 characters" },
        { "zh-CN", "idNumber", "110101199003071234", "idNumber", "身份证号校验位不正确，请核对" },
        { "zh-TW", "idNumber", "110101199003071234", "idNumber", "身分證號校驗位不正確，請核對" },
        { "en", "idNumber", "110101199003071234", "idNumber", "The ID card number's check digit is wrong; please check it" },
        { "en", "relation", "邻居", "relation", "Unknown relation to the head of household" },
        { "zh-Hans", "name", " ", "name", "此项必填" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_field_is_a_400_in_the_callers_language(string language, string field, string value, string errorField, string message)
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var before = await db.Residents.AsNoTracking()
            .Where(r => r.Status == ResidentStatus.Active && db.Households.Any(h => h.Id == r.HouseholdId && h.GridId == facts.Grid1))
            .OrderBy(r => r.Id).Skip(3).FirstAsync();
        var body = new Dictionary<string, object?>
        {
            ["name"] = before.Name, ["gender"] = (int)before.Gender, ["relation"] = before.Relation, ["phone"] = before.Phone, ["version"] = before.Version,
        };
        body[field] = value;

        var client = await app.ClientForAsync("wangge.li", language);
        var problem = await (await client.PutAsJsonAsync($"/api/v1/residents/{before.Id}", body)).ProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.ErrorsFor(errorField);
        errors.ShouldHaveSingleItem();
        errors[0].ShouldBe(message);
        problem["detail"]!.GetValue<string>().ShouldBe(errors[0]);
        var title = problem["title"]!.GetValue<string>();
        title.ShouldBe(language switch { "en" => "Invalid input", "zh-TW" => "輸入有誤", _ => "输入有误" });

        await using var after = app.NewDb();
        var now = await after.Residents.AsNoTracking().SingleAsync(r => r.Id == before.Id);
        (now.Name, now.Phone, now.Relation, now.Version, now.IdNumberHash).ShouldBe((before.Name, before.Phone, before.Relation, before.Version, before.IdNumberHash));
    }

    [Fact]
    public async Task A_number_that_names_no_enum_value_is_refused_not_stored()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var before = await db.Residents.AsNoTracking().Include(r => r.CareTags)
            .Where(r => r.Status == ResidentStatus.Active && db.Households.Any(h => h.Id == r.HouseholdId && h.GridId == facts.Grid1))
            .OrderBy(r => r.Id).Skip(4).FirstAsync();
        var client = await app.ClientForAsync("wangge.li", "zh-TW");

        var gender = await client.PutAsJsonAsync($"/api/v1/residents/{before.Id}",
            new { name = before.Name, gender = 3, relation = before.Relation, phone = before.Phone, version = before.Version });
        (await gender.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("gender").ShouldBe(["取值無效"]);
        var tags = await client.PutAsJsonAsync($"/api/v1/residents/{before.Id}",
            new { name = before.Name, relation = before.Relation, phone = before.Phone, careTags = new[] { 1, 99 }, version = before.Version });
        (await tags.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("careTags").ShouldBe(["取值無效"]);
        var status = await client.PostAsJsonAsync($"/api/v1/residents/{before.Id}/status", new { status = 7, version = before.Version });
        (await status.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("status").ShouldNotBeEmpty();
        var future = await client.PostAsJsonAsync($"/api/v1/residents/{before.Id}/status", new { status = 1, date = "2999-01-01", version = before.Version });
        (await future.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("date").ShouldNotBeEmpty();
        var added = await client.PostAsJsonAsync($"/api/v1/households/{before.HouseholdId}/residents", new { name = "性别错", gender = 0, relation = "其他", version = 0 });
        (await added.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("gender").ShouldBe(["取值無效"]);

        await using var after = app.NewDb();
        var now = await after.Residents.AsNoTracking().Include(r => r.CareTags).SingleAsync(r => r.Id == before.Id);
        (now.Gender, now.Version, now.Status).ShouldBe((before.Gender, before.Version, before.Status));
        now.CareTags.Select(t => t.Kind).ShouldBe(before.CareTags.Select(t => t.Kind), ignoreOrder: true);
        (await after.Residents.AnyAsync(r => r.Name == "性别错")).ShouldBeFalse();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteValidationMessagesTests(SqliteApp app) : ValidationMessagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresValidationMessagesTests(PostgresApp app) : ValidationMessagesTests(app);
