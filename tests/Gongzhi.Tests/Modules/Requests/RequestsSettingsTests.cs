using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongzhi.Tests.Modules.Requests;

// Administrators change category deadlines and options and keep the working calendar; new cases and
// deadline arithmetic follow at once. Everyone else is refused, and wrong values name their fields.
public abstract partial class RequestsSettingsTests(GongzhiApp app)
{
    private static DateTime China(int year, int month, int day, int hour, int minute) =>
        new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);

    private static string NewCode() => "set-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonNode> CreateCategoryAsync(int contactMinutes, int resolveDays)
    {
        var admin = await app.ClientForAsync("admin");
        var response = await admin.PostAsJsonAsync("/api/v1/admin/case-categories",
            new { code = NewCode(), name = "设置测试", group = "测试", contactMinutes, resolveDays });
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    private async Task<(DateTime Submitted, DateTime RespondBy, DateTime ResolveBy)> SubmitAsync(long categoryId)
    {
        var facts = await DemoFacts.ForAsync(app);
        var resident = await app.ClientForAsync(facts.ResidentUserName);
        var created = await (await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId, description = "设置测试：楼道灯不亮了" })).JsonAsync(HttpStatusCode.Created);
        await using var db = app.NewDb();
        var id = created.Long("id");
        return await db.Cases.Where(c => c.Id == id).Select(c => new ValueTuple<DateTime, DateTime, DateTime>(c.SubmittedAt, c.RespondBy, c.ResolveBy)).SingleAsync();
    }

    private async Task<WorkingTime> CalendarAsync() => await app.Services.GetRequiredService<WorkCalendar>().GetAsync();

    [Fact]
    public async Task Edited_deadlines_apply_to_cases_submitted_afterwards()
    {
        var category = await CreateCategoryAsync(30, 2);
        var id = category.Long("id");
        category["contactMinutes"]!.GetValue<int>().ShouldBe(30);
        var time = await CalendarAsync();

        var first = await SubmitAsync(id);
        first.RespondBy.ShouldBe(time.AddMinutes(first.Submitted, 30), TimeSpan.FromMilliseconds(1));
        first.ResolveBy.ShouldBe(time.AddDays(first.Submitted, 2), TimeSpan.FromMilliseconds(1));

        var admin = await app.ClientForAsync("admin");
        var changed = await (await admin.PatchAsJsonAsync($"/api/v1/admin/case-categories/{id}", new { contactMinutes = 240, resolveDays = 7 })).JsonAsync();
        changed["contactMinutes"]!.GetValue<int>().ShouldBe(240);
        changed["resolveDays"]!.GetValue<int>().ShouldBe(7);
        changed["active"]!.GetValue<bool>().ShouldBeTrue();

        var second = await SubmitAsync(id);
        second.RespondBy.ShouldBe(time.AddMinutes(second.Submitted, 240), TimeSpan.FromMilliseconds(1));
        second.ResolveBy.ShouldBe(time.AddDays(second.Submitted, 7), TimeSpan.FromMilliseconds(1));
        second.ResolveBy.ShouldBeGreaterThan(first.ResolveBy);

        // The category list everyone reads shows the new deadlines too.
        var list = await (await (await app.ClientForAsync("wangge.li")).GetAsync("/api/v1/case-categories")).JsonAsync();
        var row = list.AsArray().Single(c => c!["id"]!.GetValue<long>() == id)!;
        row["contactMinutes"]!.GetValue<int>().ShouldBe(240);
        row["resolveDays"]!.GetValue<int>().ShouldBe(7);
    }

    [Fact]
    public async Task Options_and_activation_change_what_residents_can_do()
    {
        var id = (await CreateCategoryAsync(60, 3)).Long("id");
        var admin = await app.ClientForAsync("admin");
        var changed = await (await admin.PatchAsJsonAsync($"/api/v1/admin/case-categories/{id}", new { allowAnonymous = true, routeFirst = 1 })).JsonAsync();
        changed["allowAnonymous"]!.GetValue<bool>().ShouldBeTrue();
        changed["routeFirst"]!.GetValue<int>().ShouldBe(1);
        changed["contactMinutes"]!.GetValue<int>().ShouldBe(60);

        await (await admin.PatchAsJsonAsync($"/api/v1/admin/case-categories/{id}", new { active = false })).JsonAsync();
        var everyone = await (await (await app.ClientForAsync("wangge.li")).GetAsync("/api/v1/case-categories")).JsonAsync();
        everyone.AsArray().ShouldNotContain(c => c!["id"]!.GetValue<long>() == id);
        var all = await (await admin.GetAsync("/api/v1/admin/case-categories")).JsonAsync();
        all.AsArray().Single(c => c!["id"]!.GetValue<long>() == id)!["active"]!.GetValue<bool>().ShouldBeFalse();

        var facts = await DemoFacts.ForAsync(app);
        var resident = await app.ClientForAsync(facts.ResidentUserName, "en");
        var refused = await (await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId = id, description = "设置测试：停用后提交" })).ProblemAsync(HttpStatusCode.BadRequest);
        refused.ErrorsFor("categoryId").ShouldBe(["This category is no longer in use"]);

        await (await admin.PatchAsJsonAsync($"/api/v1/admin/case-categories/{id}", new { active = true })).JsonAsync();
        await SubmitAsync(id);
    }

    [Fact]
    public async Task A_recorded_holiday_is_skipped_by_deadlines_at_once_and_a_duplicate_is_409()
    {
        var admin = await app.ClientForAsync("admin", "en");
        var before = await CalendarAsync();
        var tuesday = China(2035, 3, 13, 9, 0);
        before.AddDays(tuesday, 1).ShouldBe(China(2035, 3, 14, 9, 0));

        var added = await (await admin.PostAsJsonAsync("/api/v1/admin/calendar", new { date = "2035-03-14", kind = 1, name = "测试假日" })).JsonAsync(HttpStatusCode.Created);
        added["date"]!.GetValue<string>().ShouldBe("2035-03-14");
        try
        {
            var time = await CalendarAsync();
            time.IsWorkingDay(new DateOnly(2035, 3, 14)).ShouldBeFalse();
            time.AddDays(tuesday, 1).ShouldBe(China(2035, 3, 15, 9, 0));

            var duplicate = await (await admin.PostAsJsonAsync("/api/v1/admin/calendar", new { date = "2035-03-14", kind = 1, name = "再来一次" })).ProblemAsync(HttpStatusCode.Conflict);
            duplicate.ErrorsFor("date").ShouldBe(["2035-03-14 is already in the calendar; remove it first to change it"]);
            duplicate["detail"]!.GetValue<string>().ShouldBe("2035-03-14 is already in the calendar; remove it first to change it");

            var year = await (await admin.GetAsync("/api/v1/admin/calendar?year=2035")).JsonAsync();
            year["days"]!.AsArray().ShouldContain(d => d!["date"]!.GetValue<string>() == "2035-03-14" && d["kind"]!.GetValue<int>() == 1 && d["name"]!.GetValue<string>() == "测试假日");
            year["hasOfficialSchedule"]!.GetValue<bool>().ShouldBeFalse();
        }
        finally
        {
            (await admin.DeleteAsync("/api/v1/admin/calendar/2035-03-14")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        var after = await CalendarAsync();
        after.IsWorkingDay(new DateOnly(2035, 3, 14)).ShouldBeTrue();
        after.AddDays(tuesday, 1).ShouldBe(China(2035, 3, 14, 9, 0));
        await (await admin.DeleteAsync("/api/v1/admin/calendar/2035-03-14")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_make_up_working_Saturday_counts_and_only_weekends_can_be_one()
    {
        var admin = await app.ClientForAsync("admin", "en");
        (await CalendarAsync()).IsWorkingDay(new DateOnly(2035, 3, 17)).ShouldBeFalse();
        await (await admin.PostAsJsonAsync("/api/v1/admin/calendar", new { date = "2035-03-17", kind = 2, name = "测试调休" })).JsonAsync(HttpStatusCode.Created);
        try
        {
            var time = await CalendarAsync();
            time.IsWorkingDay(new DateOnly(2035, 3, 17)).ShouldBeTrue();
            // Friday afternoon plus a working day ends on the Saturday now, not on Monday.
            time.AddDays(China(2035, 3, 16, 15, 0), 1).ShouldBe(China(2035, 3, 17, 15, 0));
        }
        finally
        {
            (await admin.DeleteAsync("/api/v1/admin/calendar/2035-03-17")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }
        var weekday = await (await admin.PostAsJsonAsync("/api/v1/admin/calendar", new { date = "2035-03-14", kind = 2, name = "测试" })).ProblemAsync(HttpStatusCode.BadRequest);
        weekday.ErrorsFor("kind").ShouldBe(["A make-up working day can only be a Saturday or a Sunday"]);
    }

    [Fact]
    public async Task The_official_2026_schedule_loads_only_the_missing_days()
    {
        var admin = await app.ClientForAsync("admin");
        var year = await (await admin.GetAsync("/api/v1/admin/calendar?year=2026")).JsonAsync();
        year["hasOfficialSchedule"]!.GetValue<bool>().ShouldBeTrue();
        year["days"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(OfficialHolidays.For2026().Count());

        // 2026-06-21 is a Sunday of the 端午 holiday: removing it changes no deadline while the test runs.
        (await admin.DeleteAsync("/api/v1/admin/calendar/2026-06-21")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await admin.GetAsync("/api/v1/admin/calendar?year=2026")).JsonAsync())["officialMissing"]!.GetValue<int>().ShouldBe(1);
        (await (await admin.PostAsync("/api/v1/admin/calendar/official/2026", null)).JsonAsync())["added"]!.GetValue<int>().ShouldBe(1);
        (await (await admin.PostAsync("/api/v1/admin/calendar/official/2026", null)).JsonAsync())["added"]!.GetValue<int>().ShouldBe(0);
        var restored = await (await admin.GetAsync("/api/v1/admin/calendar?year=2026")).JsonAsync();
        restored["officialMissing"]!.GetValue<int>().ShouldBe(0);
        restored["days"]!.AsArray().ShouldContain(d => d!["date"]!.GetValue<string>() == "2026-06-21" && d["name"]!.GetValue<string>() == "端午节");

        var english = await app.ClientForAsync("admin", "en");
        var none = await (await english.PostAsync("/api/v1/admin/calendar/official/2031", null)).ProblemAsync(HttpStatusCode.BadRequest);
        none.ErrorsFor("year").ShouldBe(["The app has no official holiday schedule for 2031"]);
    }

    [Fact]
    public async Task Office_hours_in_force_are_shown()
    {
        var hours = await (await (await app.ClientForAsync("admin")).GetAsync("/api/v1/admin/office-hours")).JsonAsync();
        hours["value"]!.GetValue<string>().ShouldBe("08:30-12:00,14:00-17:30");
        hours["minutesPerDay"]!.GetValue<int>().ShouldBe(420);
        hours["configKey"]!.GetValue<string>().ShouldBe("Requests:OfficeHours");
    }

    [Theory]
    [InlineData("wangge.li")]
    [InlineData("tuanjie")]
    [InlineData("jiedao")]
    [InlineData("wuye")]
    [InlineData("resident")]
    public async Task Only_administrators_change_request_settings(string account)
    {
        var facts = await DemoFacts.ForAsync(app);
        var client = await app.ClientForAsync(account == "resident" ? facts.ResidentUserName : account, "en");
        var someCategory = (await (await client.GetAsync("/api/v1/case-categories")).JsonAsync())[0]!.Long("id");
        var calls = new Func<Task<HttpResponseMessage>>[]
        {
            () => client.GetAsync("/api/v1/admin/case-categories"),
            () => client.PostAsJsonAsync("/api/v1/admin/case-categories", new { code = NewCode(), name = "越权", group = "测试", contactMinutes = 60, resolveDays = 3 }),
            () => client.PatchAsJsonAsync($"/api/v1/admin/case-categories/{someCategory}", new { contactMinutes = 11 }),
            () => client.GetAsync("/api/v1/admin/calendar?year=2026"),
            () => client.PostAsJsonAsync("/api/v1/admin/calendar", new { date = "2035-04-04", kind = 1, name = "越权" }),
            () => client.DeleteAsync("/api/v1/admin/calendar/2026-10-01"),
            () => client.PostAsync("/api/v1/admin/calendar/official/2026", null),
            () => client.GetAsync("/api/v1/admin/office-hours"),
        };
        foreach (var call in calls)
            (await (await call()).ProblemAsync(HttpStatusCode.Forbidden))["title"]!.GetValue<string>().ShouldBe("Forbidden");

        await using var db = app.NewDb();
        (await db.CaseCategories.Where(c => c.Id == someCategory).Select(c => c.ContactMinutes).SingleAsync()).ShouldNotBe(11);
        (await db.CalendarDays.AnyAsync(d => d.Date == new DateOnly(2026, 10, 1))).ShouldBeTrue();
        (await db.CalendarDays.AnyAsync(d => d.Date == new DateOnly(2035, 4, 4))).ShouldBeFalse();
        (await app.Anonymous().GetAsync("/api/v1/admin/case-categories")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_values_are_a_localized_400_naming_each_field_and_change_nothing()
    {
        var id = (await CreateCategoryAsync(120, 5)).Long("id");
        var admin = await app.ClientForAsync("admin", "en");

        var deadlines = await (await admin.PatchAsJsonAsync($"/api/v1/admin/case-categories/{id}", new { contactMinutes = 0, resolveDays = 1000 })).ProblemAsync(HttpStatusCode.BadRequest);
        deadlines.ErrorsFor("contactMinutes").ShouldBe(["Must be between 10 and 2400"]);
        deadlines.ErrorsFor("resolveDays").ShouldBe(["Must be between 1 and 90"]);
        deadlines["title"]!.GetValue<string>().ShouldBe("Invalid input");
        var oneWrong = await (await admin.PatchAsJsonAsync($"/api/v1/admin/case-categories/{id}", new { contactMinutes = 30, resolveDays = 91 })).ProblemAsync(HttpStatusCode.BadRequest);
        oneWrong.ErrorsFor("resolveDays").ShouldBe(["Must be between 1 and 90"]);
        oneWrong.ErrorsFor("contactMinutes").ShouldBeEmpty();
        await using (var db = app.NewDb())
        {
            var stored = await db.CaseCategories.SingleAsync(c => c.Id == id);
            (stored.ContactMinutes, stored.ResolveDays).ShouldBe((120, 5));
        }

        var unknown = await (await admin.PatchAsJsonAsync("/api/v1/admin/case-categories/987654321", new { contactMinutes = 60 })).ProblemAsync(HttpStatusCode.BadRequest);
        unknown.ErrorsFor("categoryId").ShouldBe(["There is no category with id 987654321"]);
        var department = await (await admin.PatchAsJsonAsync($"/api/v1/admin/case-categories/{id}", new { routeFirst = 2, departmentId = 987654321 })).ProblemAsync(HttpStatusCode.BadRequest);
        department.ErrorsFor("departmentId").ShouldBe(["There is no such department"]);

        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/case-categories", new { code = "停车 code", name = "停车", group = "测试", contactMinutes = 0 })).ProblemAsync(HttpStatusCode.BadRequest);
        created.ErrorsFor("code").ShouldBe(["A category code may only hold letters, digits, - and _"]);
        created.ErrorsFor("contactMinutes").ShouldBe(["Must be between 10 and 2400"]);
        created.ErrorsFor("resolveDays").ShouldBe(["This field is required"]);
        var taken = await (await admin.PostAsJsonAsync("/api/v1/admin/case-categories", new { code = "sanitation", name = "重复", group = "测试", contactMinutes = 60, resolveDays = 3 })).ProblemAsync(HttpStatusCode.Conflict);
        taken.ErrorsFor("code").ShouldBe(["The code \"sanitation\" is already in use"]);

        var noName = await (await admin.PostAsJsonAsync("/api/v1/admin/calendar", new { date = "2035-05-06", kind = 1 })).ProblemAsync(HttpStatusCode.BadRequest);
        noName.ErrorsFor("name").ShouldBe(["This field is required"]);
        var noKind = await (await admin.PostAsJsonAsync("/api/v1/admin/calendar", new { date = "2035-05-06", kind = 9, name = "测试" })).ProblemAsync(HttpStatusCode.BadRequest);
        noKind.ErrorsFor("kind").ShouldBe(["Choose holiday or make-up working day"]);
        var badDate = await (await admin.DeleteAsync("/api/v1/admin/calendar/2035-13-01")).ProblemAsync(HttpStatusCode.BadRequest);
        badDate.ErrorsFor("date").ShouldBe(["Give the date as yyyy-MM-dd"]);
        var badYear = await (await admin.GetAsync("/api/v1/admin/calendar?year=1900")).ProblemAsync(HttpStatusCode.BadRequest);
        badYear.ErrorsFor("year").ShouldBe(["Must be between 2000 and 2100"]);
        await using (var db = app.NewDb())
            (await db.CalendarDays.AnyAsync(d => d.Date == new DateOnly(2035, 5, 6))).ShouldBeFalse();

        var chinese = await app.ClientForAsync("admin", "zh-CN");
        var zh = await (await chinese.PatchAsJsonAsync($"/api/v1/admin/case-categories/{id}", new { contactMinutes = 0 })).ProblemAsync(HttpStatusCode.BadRequest);
        zh.ErrorsFor("contactMinutes").ShouldBe(["应在 10 到 2400 之间"]);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static async Task<string> TokenAsync(HttpResponseMessage page) =>
        WebUtility.HtmlDecode(AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);

    private async Task<HttpClient> PagesAsAsync(string userName)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var token = await TokenAsync(await client.GetAsync("/login"));
        var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = userName, ["Input.Password"] = GongzhiApp.Password, ["__RequestVerificationToken"] = token,
        }));
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    [Fact]
    public async Task The_settings_page_saves_deadlines_and_refuses_wrong_ones_with_the_reason()
    {
        var id = (await CreateCategoryAsync(120, 5)).Long("id");
        var client = await PagesAsAsync("admin");
        var page = await client.GetAsync("/admin/requests");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("08:30-12:00");
        html.ShouldContain("Requests:OfficeHours");
        html.ShouldContain($"category-{id}");
        var token = await TokenAsync(page);

        Task<HttpResponseMessage> Post(string contactMinutes, string resolveDays) => client.PostAsync("/admin/requests", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"category-{id}", ["__RequestVerificationToken"] = token, ["ContactMinutes"] = contactMinutes, ["ResolveDays"] = resolveDays,
            ["RouteFirst"] = "Grid", ["Active"] = "true",
        }));
        var saved = await Post("45", "4");
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        saved.Headers.Location!.OriginalString.ShouldContain("saved=category");
        await using (var db = app.NewDb())
        {
            var stored = await db.CaseCategories.SingleAsync(c => c.Id == id);
            (stored.ContactMinutes, stored.ResolveDays, stored.Active).ShouldBe((45, 4, true));
        }

        var refused = await Post("5", "4");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Must be between 10 and 2400");
        await using (var db = app.NewDb())
            (await db.CaseCategories.Where(c => c.Id == id).Select(c => c.ContactMinutes).SingleAsync()).ShouldBe(45);

        var worker = await PagesAsAsync("wangge.li");
        (await worker.GetAsync("/admin/requests")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRequestsSettingsTests(SqliteApp app) : RequestsSettingsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRequestsSettingsTests(PostgresApp app) : RequestsSettingsTests(app);
