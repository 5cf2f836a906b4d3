using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Platform.Accounts;

// Residents register themselves with a phone and a one-time code; staff accounts come from an administrator.
public abstract class AccountTests(GongzhiApp app)
{
    private const string NewPassword = "Jiating2026";

    private async Task<HttpResponseMessage> LoginAsync(string userName, string password, string? language = null) =>
        await app.Anonymous(language).PostAsJsonAsync("/api/v1/auth/login", new { userName, password });

    [Fact]
    public async Task A_resident_registers_confirms_and_is_linked_to_their_registry_entry()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var taken = await db.Users.Select(u => u.UserName).ToListAsync();
        // A registered adult in the second grid whose phone has no account yet.
        var person = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id
                            where h.GridId == facts.Grid2 && r.Phone != null && r.Status == ResidentStatus.Active && !taken.Contains(r.Phone)
                            orderby r.Id descending select new { r.Id, r.Name, Phone = r.Phone!, r.HouseholdId }).FirstAsync();
        var anonymous = app.Anonymous("en");

        var register = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { phone = person.Phone, password = NewPassword, displayName = person.Name });
        register.StatusCode.ShouldBe(HttpStatusCode.Accepted, await register.Content.ReadAsStringAsync());

        // Not yet: the phone is unproven.
        (await (await LoginAsync(person.Phone, NewPassword, "en")).ProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>()
            .ShouldBe("Please confirm your phone first");

        var code = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(person.Phone);
        code.ShouldNotBeNullOrWhiteSpace();
        (await File.ReadAllTextAsync(Path.Combine(app.DataDirectory, "outbox", "codes.log"))).ShouldContain($"{person.Phone}\t{code}");

        var wrong = code == "000000" ? "111111" : "000000";
        var bad = await anonymous.PostAsJsonAsync("/api/v1/auth/confirm", new { phone = person.Phone, code = wrong });
        (await bad.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("code").ShouldBe(["The code is wrong or has expired"]);
        await (await LoginAsync(person.Phone, NewPassword)).ProblemAsync(HttpStatusCode.Forbidden);

        var confirm = await anonymous.PostAsJsonAsync("/api/v1/auth/confirm", new { phone = person.Phone, code });
        confirm.StatusCode.ShouldBe(HttpStatusCode.NoContent, await confirm.Content.ReadAsStringAsync());

        var login = await (await LoginAsync(person.Phone, NewPassword)).JsonAsync();
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]!.GetValue<string>());
        var me = await (await client.GetAsync("/api/v1/accounts/me")).JsonAsync();
        me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe([Roles.Resident]);

        await using var after = app.NewDb();
        (await after.Users.SingleAsync(u => u.UserName == person.Phone)).ResidentId.ShouldBe(person.Id);
        var own = await (await client.GetAsync($"/api/v1/households/{person.HouseholdId}")).JsonAsync();
        own["residents"]!.AsArray().Select(r => r!.Long("id")).ShouldContain(person.Id);
        await (await client.GetAsync($"/api/v1/households/{facts.ResidentHouseholdId}")).ProblemAsync(HttpStatusCode.NotFound);

        // The phone is now taken.
        var twice = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { phone = person.Phone, password = NewPassword, displayName = person.Name });
        (await twice.ProblemAsync(HttpStatusCode.Conflict)).ErrorsFor("phone").ShouldBe(["This phone is already registered; please log in"]);
    }

    [Fact]
    public async Task Registration_refuses_bad_input_in_the_callers_language()
    {
        var anonymous = app.Anonymous("zh-TW");
        var badPhone = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { phone = "12345", password = NewPassword, displayName = "張三" });
        (await badPhone.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("phone").ShouldBe(["手機號碼格式不正確（11 位手機號或帶區號的市話）"]);
        var weak = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { phone = "13700001111", password = "short", displayName = "張三" });
        (await weak.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("password").ShouldNotBeEmpty();
        await using var db = app.NewDb();
        (await db.Users.AnyAsync(u => u.UserName == "13700001111")).ShouldBeFalse();
        var nothing = await anonymous.PostAsJsonAsync("/api/v1/auth/confirm", new { phone = "13700001112", code = "123456" });
        (await nothing.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("phone").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task An_administrator_creates_staff_and_five_wrong_passwords_lock_the_account()
    {
        var userName = "lock.test." + app.Provider.ToString().ToLowerInvariant();
        var admin = await app.ClientForAsync("admin", "en");
        var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName, displayName = "锁定测试", password = "Suoding2026", roles = new[] { Roles.GridWorker } });
        (await created.JsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        (await (await LoginAsync(userName, "Suoding2026")).JsonAsync())["accessToken"].ShouldNotBeNull();

        var again = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName, displayName = "锁定测试", password = "Suoding2026", roles = new[] { Roles.GridWorker } });
        (await again.ProblemAsync(HttpStatusCode.Conflict)).ErrorsFor("userName").ShouldBe(["This user name is taken"]);
        var badName = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = "张 三", displayName = "x", password = "Suoding2026", roles = new[] { Roles.GridWorker } });
        (await badName.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("userName").ShouldNotBeEmpty();
        var badRole = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = userName + "x", displayName = "x", password = "Suoding2026", roles = new[] { "God" } });
        (await badRole.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("roles").ShouldNotBeEmpty();

        for (var i = 1; i <= 4; i++)
            (await (await LoginAsync(userName, "wrong-" + i, "en")).ProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>()
                .ShouldBe("Wrong user name or password");
        (await (await LoginAsync(userName, "wrong-5", "en")).ProblemAsync((HttpStatusCode)423))["detail"]!.GetValue<string>()
            .ShouldBe("Too many wrong passwords; the account is locked for 15 minutes");
        await (await LoginAsync(userName, "Suoding2026")).ProblemAsync((HttpStatusCode)423);

        await (await LoginAsync("no.such.user", "whatever1")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("tuanjie")]
    [InlineData("jiedao")]
    [InlineData("wangge.zhang")]
    [InlineData("bumen")]
    public async Task Only_an_administrator_creates_staff_accounts(string userName)
    {
        var client = await app.ClientForAsync(userName, "en");
        var name = "not.created." + userName;
        var response = await client.PostAsJsonAsync("/api/v1/accounts", new { userName = name, displayName = "x", password = "Suoding2026", roles = new[] { Roles.Administrator } });
        (await response.ProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>().ShouldBe("Your role may not do this");
        await using var db = app.NewDb();
        (await db.Users.AnyAsync(u => u.UserName == name)).ShouldBeFalse();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAccountTests(SqliteApp app) : AccountTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountTests(PostgresApp app) : AccountTests(app);
