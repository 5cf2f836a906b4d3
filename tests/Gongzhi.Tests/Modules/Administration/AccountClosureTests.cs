using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Administration.Closures;
using Gongzhi.Web.Modules.Requests.Retention;
using Gongzhi.Web.Modules.WeChat;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Administration;

// PIPL: a resident asks to close their account; staff of their community carry it out. The person's
// fields are gone from the registry, household search, cases and the account (it can no longer sign
// in), while the rows that figures count stay. Two handlers at once: one closes, the other gets 409.
public abstract class AccountClosureTests(GongzhiApp app)
{
    private static int _n;
    private const string Name = "欧阳素馨";

    private string Sqlite => app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "1" : "2";

    private async Task<string> SignUpAsync(string prefix)
    {
        var phone = prefix + Sqlite + Interlocked.Increment(ref _n).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        await RegisterAsync(phone);
        return phone;
    }

    private async Task RegisterAsync(string phone)
    {
        var anonymous = app.Anonymous();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { phone, password = GongzhiApp.Password, displayName = "小欧" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(phone);
        (await anonymous.PostAsJsonAsync("/api/v1/auth/confirm", new { phone, code })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    // An 18-digit ID number with a correct check digit (GB 11643).
    private static string IdNumber(int seq)
    {
        var body = $"340104199002{10 + seq % 18:00}{seq % 1000:000}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    // A registry person in a home of grid 1 (community 1) whose phone signs up: the account is linked.
    private async Task<(string Phone, long ResidentId, long HouseholdId)> LinkedResidentAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        var mine = await facts.HouseholdsInScopeOfAsync(app, "wangge.li");
        var theirs = await facts.HouseholdsInScopeOfAsync(app, "jianshe");
        var pool = mine.Where(h => !theirs.Contains(h)).OrderBy(h => h).ToList();
        pool.Count.ShouldBeGreaterThan(0);
        var home = pool[(pool.Count / 2 + Interlocked.Increment(ref _n)) % pool.Count];
        var phone = "1370004" + Sqlite + Interlocked.Increment(ref _n).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        var staff = await app.ClientForAsync("tuanjie");
        var added = await staff.PostAsJsonAsync($"/api/v1/households/{home}/residents",
            new { name = Name, gender = 2, relation = "其他", phone, idNumber = IdNumber(_n * 7 + int.Parse(Sqlite)), version = 0 });
        var residentId = (await added.JsonAsync(HttpStatusCode.Created)).Long("id");
        await RegisterAsync(phone);
        await using var db = app.NewDb();
        (await db.Users.SingleAsync(u => u.UserName == phone)).ResidentId.ShouldBe(residentId);
        return (phone, residentId, home);
    }

    private sealed record Counts(int Cases, int Events, int Residents, int Households, int Ballots, int Points, int Users);

    private async Task<Counts> CountAsync()
    {
        await using var db = app.NewDb();
        return new Counts(await db.Cases.CountAsync(), await db.CaseEvents.CountAsync(), await db.Residents.CountAsync(), await db.Households.CountAsync(),
            await db.Ballots.CountAsync(), await db.PointsEntries.CountAsync(), await db.Users.CountAsync());
    }

    private async Task<AccountClosure> ClosureOfAsync(string userId)
    {
        await using var db = app.NewDb();
        return await db.Set<AccountClosure>().AsNoTracking().OrderByDescending(c => c.Id).FirstAsync(c => c.UserId == userId);
    }

    [Fact]
    public async Task A_handled_request_removes_the_person_everywhere_and_keeps_the_counts()
    {
        var (phone, residentId, home) = await LinkedResidentAsync();
        string userId;
        await using (var db = app.NewDb()) userId = await db.Users.Where(u => u.UserName == phone).Select(u => u.Id).SingleAsync();
        var resident = await app.ClientForAsync(phone);
        var category = await CategoryAsync();
        var caseId = (await (await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "楼道灯坏了三天" }))
            .JsonAsync(HttpStatusCode.Created)).Long("id");
        await using (var db = app.NewDb())
        {
            db.Set<WeChatBinding>().Add(WeChatBinding.Bind("wx-test", "openid-" + phone, null, userId, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        // Before: the person is there to be found (so the checks below can fail).
        var staff = await app.ClientForAsync("tuanjie");
        (await staff.GetStringAsync($"/api/v1/households?q={Name}")).ShouldContain(Name);
        var caseStaff = await PageSession.LogInAsync(app, "tuanjie");
        (await caseStaff.Client.GetStringAsync($"/cases/{caseId}")).ShouldContain(Name);

        // The resident asks on their page; the box must be ticked, said next to it, and nothing is written without it.
        var page = await PageSession.LogInAsync(app, phone);
        (await page.Client.GetStringAsync("/account")).ShouldContain("href=\"/account/close\"");
        var unticked = await page.PostFormAsync("/account/close", "account-close", new() { ["Reason"] = "搬走了" });
        unticked.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unticked.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"Understood\"");
        await using (var db = app.NewDb()) (await db.Set<AccountClosure>().CountAsync(c => c.UserId == userId)).ShouldBe(0);
        var asked = await page.PostFormAsync("/account/close", "account-close", new() { ["Reason"] = "搬走了", ["Understood"] = "true" });
        asked.StatusCode.ShouldBe(HttpStatusCode.Redirect, await asked.Content.ReadAsStringAsync());
        (await page.Client.GetStringAsync("/account/close")).ShouldContain("data-testid=\"closure-pending\"");
        (await resident.PostAsJsonAsync("/api/v1/account-closures", new { reason = "again" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var closure = await ClosureOfAsync(userId);
        (closure.HouseholdId, closure.Status).ShouldBe((home, ClosureStatus.Pending));

        // Another resident sees only their own (none), cannot list or handle; a grid worker lacks the role;
        // another community's staff do not see it at all.
        var other = await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName);
        (await other.GetAsync("/api/v1/account-closures/mine")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync("/api/v1/account-closures")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.PostAsJsonAsync($"/api/v1/account-closures/{closure.Id}/close", new { version = closure.Version })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientForAsync("wangge.li")).PostAsJsonAsync($"/api/v1/account-closures/{closure.Id}/close", new { version = closure.Version }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var elsewhere = await app.ClientForAsync("jianshe");
        (await elsewhere.GetStringAsync("/api/v1/account-closures")).ShouldNotContain($"\"id\":{closure.Id},");
        (await elsewhere.PostAsJsonAsync($"/api/v1/account-closures/{closure.Id}/close", new { version = closure.Version })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await caseStaff.Client.GetStringAsync("/administration/closures");
        list.ShouldContain($"data-closure=\"{closure.Id}\"");
        (await caseStaff.Client.GetStringAsync("/work")).ShouldContain("data-testid=\"pending-closures\"");
        (await ClosureOfAsync(userId)).Status.ShouldBe(ClosureStatus.Pending);

        // Two handlers at the same moment: one closes, the other is told it is already done.
        var before = await CountAsync();
        var admin = await app.ClientForAsync("admin");
        var answers = await Task.WhenAll(
            staff.PostAsJsonAsync($"/api/v1/account-closures/{closure.Id}/close", new { version = closure.Version }),
            admin.PostAsJsonAsync($"/api/v1/account-closures/{closure.Id}/close", new { version = closure.Version }));
        answers.Select(a => a.StatusCode).OrderBy(s => s).ShouldBe([HttpStatusCode.NoContent, HttpStatusCode.Conflict]);
        (await CountAsync()).ShouldBe(before);

        await using (var db = app.NewDb())
        {
            var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
            (account.UserName, account.DisplayName, account.PhoneNumber, account.PasswordHash).ShouldBe(($"closed-{closure.Id}", ClosureCommands.Placeholder, (string?)null, (string?)null));
            account.ResidentId.ShouldBe(residentId);
            var person = await db.Residents.AsNoTracking().SingleAsync(r => r.Id == residentId);
            (person.Name, person.Phone, person.IdNumberCipher, person.IdNumberHash, person.IdNumberMasked, person.BirthDate, person.HouseholdId)
                .ShouldBe((ClosureCommands.Placeholder, (string?)null, (string?)null, (string?)null, (string?)null, (DateOnly?)null, home));
            (await db.Set<Gongzhi.Web.Modules.Registry.NameGram>().CountAsync(g => g.ResidentId == residentId)).ShouldBe(0);
            var reported = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId);
            (reported.ReporterName, reported.ReporterPhone, reported.ReporterUserId, reported.HouseholdId).ShouldBe((ClosureCommands.Placeholder, (string?)null, userId, (long?)home));
            (await db.Set<WeChatBinding>().CountAsync(b => b.UserId == userId)).ShouldBe(0);
            (await db.Set<AccountClosure>().AsNoTracking().SingleAsync(c => c.Id == closure.Id)).Reason.ShouldBeNull();
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == ClosureCommands.CloseAction && a.Subject == $"User/{userId}").ToListAsync();
            audit.Count.ShouldBe(1);
            audit[0].Detail!.ShouldContain("Registry:");
            (await db.AuditEntries.CountAsync(a => a.Action == ClosureCommands.RequestAction && a.Subject == $"User/{userId}")).ShouldBe(1);
        }
        // Gone from search and the case page; the account signs in no more and its token stopped working.
        (await staff.GetStringAsync($"/api/v1/households?q={Name}")).ShouldNotContain(Name);
        (await staff.GetStringAsync($"/api/v1/households?q={phone[^4..]}")).ShouldNotContain(phone);
        var casePage = await caseStaff.Client.GetStringAsync($"/cases/{caseId}");
        casePage.ShouldNotContain(Name);
        casePage.ShouldNotContain(phone);
        (await staff.GetStringAsync($"/api/v1/cases/{caseId}")).ShouldNotContain(phone);
        (await resident.GetAsync("/api/v1/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { userName = phone, password = GongzhiApp.Password })).IsSuccessStatusCode.ShouldBeFalse();
        (await caseStaff.Client.GetStringAsync("/administration/closures")).ShouldNotContain($"data-closure=\"{closure.Id}\"");
    }

    [Fact]
    public async Task An_account_with_no_home_is_handled_by_an_administrator_on_the_page()
    {
        var phone = await SignUpAsync("1370005");
        string userId;
        await using (var db = app.NewDb()) userId = await db.Users.Where(u => u.UserName == phone).Select(u => u.Id).SingleAsync();
        var resident = await app.ClientForAsync(phone);
        (await resident.PostAsJsonAsync("/api/v1/account-closures", new { reason = new string('长', 201) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await resident.PostAsJsonAsync("/api/v1/account-closures", new { })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var mine = await (await resident.GetAsync("/api/v1/account-closures/mine")).JsonAsync();
        mine["status"]!.GetValue<string>().ShouldBe("Pending");
        var closure = await ClosureOfAsync(userId);
        closure.HouseholdId.ShouldBeNull();

        // Nobody can tell whose home it is, so community staff do not get it; the administrator does.
        var community = await PageSession.LogInAsync(app, "tuanjie");
        (await community.Client.GetStringAsync("/administration/closures")).ShouldNotContain($"data-closure=\"{closure.Id}\"");
        (await community.PostFormAsync("/administration/closures", "closure-close", new() { ["Close"] = $"{closure.Id}", [$"Version-{closure.Id}"] = "0" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Staff are not asked for closure here.
        (await community.Client.GetAsync("/account/close")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var admin = await PageSession.LogInAsync(app, "admin", "en");
        var list = await admin.Client.GetStringAsync("/administration/closures");
        list.ShouldContain($"data-closure=\"{closure.Id}\"");
        list.ShouldContain("Account closure requests to handle");
        var done = await admin.PostFormAsync("/administration/closures", "closure-close", new() { ["Close"] = $"{closure.Id}", [$"Version-{closure.Id}"] = "0" });
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        var again = await admin.PostFormAsync("/administration/closures", "closure-close", new() { ["Close"] = $"{closure.Id}", [$"Version-{closure.Id}"] = "0" });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await using (var db = app.NewDb())
        {
            var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
            (account.PhoneNumber, account.UserName).ShouldBe(((string?)null, $"closed-{closure.Id}"));
            (await db.Users.CountAsync(u => u.UserName == phone || u.PhoneNumber == phone)).ShouldBe(0);
        }
    }

    private async Task<long> CategoryAsync()
    {
        await using var db = app.NewDb();
        return await db.CaseCategories.Where(c => c.Code == "street-light").Select(c => c.Id).SingleAsync();
    }

    // Retention: off by default; when on, each closed case past the limit is anonymised once, however many
    // runs and instances go at it together, with one audit line per batch claimed.
    [Fact]
    public async Task The_retention_sweep_is_off_by_default_and_anonymises_old_closed_cases_once()
    {
        var phone = await SignUpAsync("1370006");
        var client = await app.ClientForAsync(phone);
        var category = await CategoryAsync();
        long building;
        await using (var db = app.NewDb()) building = await db.Buildings.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
            ids.Add((await (await client.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = $"井盖松了 {i}", buildingId = building }))
                .JsonAsync(HttpStatusCode.Created)).Long("id"));
        // Closed long ago: before any demo case, so the sweep below touches these and nothing of other tests.
        var longAgo = new DateTime(2001, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var db = app.NewDb())
            await db.Cases.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, Gongzhi.Web.Modules.Requests.CaseStatus.Closed)
                .SetProperty(c => c.ClosedAt, longAgo).SetProperty(c => c.RatingComment, "王师傅修得快"));
        var counts = await CountAsync();

        // Off (no Requests:RetentionYears): nothing happens.
        await using (var scope = app.Services.CreateAsyncScope())
            (await scope.ServiceProvider.GetRequiredService<CaseRetention>().RunAsync()).ShouldBe(new RetentionResult(false, 0));
        await using (var db = app.NewDb())
            (await db.Cases.CountAsync(c => ids.Contains(c.Id) && c.RatingComment != null && c.AnonymisedAt == null)).ShouldBe(3);

        int auditBefore;
        await using (var db = app.NewDb()) auditBefore = await db.AuditEntries.CountAsync(a => a.Action == CaseRetention.Action);
        var second = new SecondHost(app);
        await second.InitializeAsync();
        try
        {
            GongzhiApp[] hosts = [app, second];
            // 20 years: the cutoff is about 2006.
            var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
            {
                await using var scope = hosts[i % 2].Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<CaseRetention>().RunAsync(years: 20);
            })));
            results.Sum(r => r.Anonymised).ShouldBe(3);
        }
        finally
        {
            await second.DisposeAsync();
        }
        await using (var db = app.NewDb())
        {
            var swept = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync();
            swept.ShouldAllBe(c => c.AnonymisedAt != null && c.ReporterPhone == null && c.RatingComment == null
                && (c.ReporterName == null || c.ReporterName == CaseRetention.Placeholder));
            swept.ShouldAllBe(c => c.Status == Gongzhi.Web.Modules.Requests.CaseStatus.Closed && c.CategoryId == category);
            var lines = await db.AuditEntries.AsNoTracking().Where(a => a.Action == CaseRetention.Action).OrderBy(a => a.Id).Skip(auditBefore).ToListAsync();
            lines.Sum(a => int.Parse(a.Detail!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(3);
        }
        (await CountAsync()).ShouldBe(counts);
        // A later run finds nothing left to do.
        await using (var scope = app.Services.CreateAsyncScope())
            (await scope.ServiceProvider.GetRequiredService<CaseRetention>().RunAsync(years: 20)).ShouldBe(new RetentionResult(true, 0));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAccountClosureTests(SqliteApp app) : AccountClosureTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccountClosureTests(PostgresApp app) : AccountClosureTests(app);
