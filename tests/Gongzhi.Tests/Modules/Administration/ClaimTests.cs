using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Administration.Claims;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Administration;

// Claiming a household: a resident who signed up with a phone the registry does not know names their
// home; the grid worker of that home confirms (the account is linked to a registry resident) or
// refuses with a reason the resident reads. Staff of another grid cannot see or decide it (404).
public abstract class ClaimTests(GongzhiApp app)
{
    private static int _n;

    private async Task<string> SignUpAsync()
    {
        var phone = "1370002" + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "1" : "2") + Interlocked.Increment(ref _n).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        var anonymous = app.Anonymous();
        (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { phone, password = GongzhiApp.Password, displayName = "新居民" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var code = app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(phone);
        (await anonymous.PostAsJsonAsync("/api/v1/auth/confirm", new { phone, code })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return phone;
    }

    private sealed record Home(long Id, long EstateId, string Address);

    // A home of wangge.li's grid that wangge.chen (another grid) does not cover; a different one per test.
    private async Task<Home> HomeAsync(int skip)
    {
        var facts = await DemoFacts.ForAsync(app);
        var mine = await facts.HouseholdsInScopeOfAsync(app, "wangge.li");
        var theirs = await facts.HouseholdsInScopeOfAsync(app, "wangge.chen");
        await using var db = app.NewDb();
        var homes = await (from h in db.Households join b in db.Buildings on h.BuildingId equals b.Id join e in db.Entrances on h.EntranceId equals e.Id
                           orderby h.Id select new { h.Id, h.EstateId, Building = b.Number, Entrance = e.Number, h.Room }).ToListAsync();
        var home = homes.Where(h => mine.Contains(h.Id) && !theirs.Contains(h.Id)).Skip(40 + skip * 3).First();
        return new Home(home.Id, home.EstateId, $"{home.Building}栋{home.Entrance}单元{home.Room}");
    }

    private static Dictionary<string, string> Form(Home home, string? address = null) => new()
    {
        ["Input.EstateId"] = $"{home.EstateId}", ["Input.Address"] = address ?? home.Address, ["Input.Name"] = "林晓燕",
        ["Input.Gender"] = "Female", ["Input.Relation"] = "Tenant",
    };

    private async Task<HouseholdClaim> ClaimOfAsync(string phone)
    {
        await using var db = app.NewDb();
        var userId = await db.Users.Where(u => u.UserName == phone).Select(u => u.Id).SingleAsync();
        return await db.Set<HouseholdClaim>().AsNoTracking().OrderByDescending(c => c.Id).FirstAsync(c => c.UserId == userId);
    }

    private static Dictionary<string, string> Decide(HouseholdClaim claim, bool confirm, string? reason = null)
    {
        var form = new Dictionary<string, string> { [confirm ? "Confirm" : "Refuse"] = $"{claim.Id}", [$"Version-{claim.Id}"] = $"{claim.Version}" };
        if (reason is not null) form[$"Reason-{claim.Id}"] = reason;
        return form;
    }

    [Fact]
    public async Task A_confirmed_claim_links_the_account_to_a_new_registry_resident_of_that_home()
    {
        var phone = await SignUpAsync();
        var home = await HomeAsync(0);
        var resident = await PageSession.LogInAsync(app, phone);
        (await resident.Client.GetStringAsync("/me")).ShouldContain("href=\"/claim\"");
        var sent = await resident.PostFormAsync("/claim", "claim", Form(home));
        sent.StatusCode.ShouldBe(HttpStatusCode.Redirect, await sent.Content.ReadAsStringAsync());
        var claim = await ClaimOfAsync(phone);
        (claim.HouseholdId, claim.Status, claim.Relation).ShouldBe((home.Id, ClaimStatus.Pending, ClaimRelation.Tenant));
        (await resident.Client.GetStringAsync("/claim")).ShouldContain("正在等待网格员确认");
        // While it waits, the household is not theirs.
        (await resident.Client.GetStringAsync("/me")).ShouldContain("data-testid=\"not-linked\"");

        // Another grid's worker does not see it and cannot decide it; a resident may not use the page at all.
        var other = await PageSession.LogInAsync(app, "wangge.chen");
        (await other.Client.GetStringAsync("/administration/claims")).ShouldNotContain($"data-claim=\"{claim.Id}\"");
        (await other.PostFormAsync("/administration/claims", "claim-decide", Decide(claim, true))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await resident.Client.GetAsync("/administration/claims")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ClaimOfAsync(phone)).Status.ShouldBe(ClaimStatus.Pending);

        var worker = await PageSession.LogInAsync(app, "wangge.li");
        var work = await worker.Client.GetStringAsync("/work");
        work.ShouldContain("data-testid=\"pending-claims\"");
        var list = await worker.Client.GetStringAsync("/administration/claims");
        list.ShouldContain($"data-claim=\"{claim.Id}\"");
        list.ShouldContain("林晓燕");
        var confirmed = await worker.PostFormAsync("/administration/claims", "claim-decide", Decide(claim, true));
        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirmed.Content.ReadAsStringAsync());

        await using var db = app.NewDb();
        var done = await ClaimOfAsync(phone);
        done.Status.ShouldBe(ClaimStatus.Confirmed);
        var account = await db.Users.SingleAsync(u => u.UserName == phone);
        account.ResidentId.ShouldBe(done.ResidentId);
        var person = await db.Residents.SingleAsync(r => r.Id == account.ResidentId);
        (person.HouseholdId, person.Name, person.Phone, person.Relation).ShouldBe((home.Id, "林晓燕", phone, "租户"));
        (await db.AuditEntries.CountAsync(a => a.Action == ClaimCommands.LinkAction && a.Subject == $"User/{phone}")).ShouldBe(1);
        (await resident.Client.GetStringAsync("/me")).ShouldNotContain("data-testid=\"not-linked\"");
        (await resident.Client.GetStringAsync("/claim")).ShouldContain("data-testid=\"claim-linked\"");

        // The same decision a second time (another tab, a colleague) is a conflict that changes nothing.
        var again = await worker.PostFormAsync("/administration/claims", "claim-decide", Decide(claim, true));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await db.Residents.CountAsync(r => r.Phone == phone)).ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_claim_shows_the_reason_and_the_resident_may_claim_again()
    {
        var phone = await SignUpAsync();
        var home = await HomeAsync(1);
        var resident = await PageSession.LogInAsync(app, phone);
        (await resident.PostFormAsync("/claim", "claim", Form(home))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var claim = await ClaimOfAsync(phone);
        var worker = await PageSession.LogInAsync(app, "wangge.li");

        var noReason = await worker.PostFormAsync("/administration/claims", "claim-decide", Decide(claim, false, ""));
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"Reason\"");
        (await ClaimOfAsync(phone)).Status.ShouldBe(ClaimStatus.Pending);

        var stale = await worker.PostFormAsync("/administration/claims", "claim-decide", Decide(claim, false, "x"));
        stale.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var refusedAgain = await worker.PostFormAsync("/administration/claims", "claim-decide", Decide(claim, false, "该户登记的是别人"));
        refusedAgain.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var refused = await ClaimOfAsync(phone);
        (refused.Status, refused.Reason).ShouldBe((ClaimStatus.Refused, "x"));
        var page = await resident.Client.GetStringAsync("/claim");
        page.ShouldContain("data-testid=\"claim-refused\"");
        (await resident.PostFormAsync("/claim", "claim", Form(home))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ClaimOfAsync(phone)).Status.ShouldBe(ClaimStatus.Pending);
    }

    [Fact]
    public async Task Bad_claims_say_why_next_to_the_field_keep_what_was_typed_and_write_nothing()
    {
        var phone = await SignUpAsync();
        var home = await HomeAsync(2);
        var resident = await PageSession.LogInAsync(app, phone);
        await using var db = app.NewDb();
        var before = await db.Set<HouseholdClaim>().CountAsync();

        var format = await resident.PostFormAsync("/claim", "claim", Form(home, "三楼东边那户"));
        format.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await format.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Address\"");
        html.ShouldContain("请按“2栋1单元301”的格式填写住址");
        html.ShouldContain("value=\"三楼东边那户\"");
        html.ShouldContain("value=\"林晓燕\"");

        var nowhere = await resident.PostFormAsync("/claim", "claim", Form(home, "99栋9单元9901"));
        nowhere.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await nowhere.Content.ReadAsStringAsync()).ShouldContain("这个小区没有这一户");

        var missing = Form(home);
        missing.Remove("Input.Gender");
        missing["Input.Relation"] = "Landlord";
        var blank = await resident.PostFormAsync("/claim", "claim", missing);
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await blank.Content.ReadAsStringAsync();
        text.ShouldContain("data-field-error=\"Gender\"");
        text.ShouldContain("data-field-error=\"Relation\"");

        // English readers get English.
        var english = await PageSession.LogInAsync(app, phone, "en");
        (await (await english.PostFormAsync("/claim", "claim", Form(home, "nowhere"))).Content.ReadAsStringAsync()).ShouldContain("Please write the address as");

        (await db.Set<HouseholdClaim>().CountAsync()).ShouldBe(before);
        // Staff are not residents: they have nothing to claim.
        var staff = await PageSession.LogInAsync(app, "wangge.li");
        (await staff.Client.GetAsync("/claim")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("2栋1单元301", 2, 1, "301")]
    [InlineData("2幢1单元301室", 2, 1, "301")]
    [InlineData("12号楼3单元1502", 12, 3, "1502")]
    [InlineData("2-1-301", 2, 1, "301")]
    [InlineData("5栋102", 5, null, "102")]
    public void Addresses_are_read_as_residents_write_them(string text, int building, int? entrance, string room) =>
        ClaimAddressParser.Parse(text).ShouldBe(new ClaimAddress(building, entrance, room));
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteClaimTests(SqliteApp app) : ClaimTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresClaimTests(PostgresApp app) : ClaimTests(app);
