using System.Net;
using Gongzhi.Web.Modules.Administration.Companies;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Administration;

// Property companies (物业公司): made, given estates and butlers through pages. A butler sees the
// households of the estates their company serves today: an estate taken off the company leaves
// their view at once, and the old 物业管家 post stays in history. Only subdistrict-level staff keep
// companies (others 403, a company out of scope 404); bad forms say why next to the field and write nothing.
public abstract class CompanyTests(GongzhiApp app)
{
    private static int _n;
    private string Tag => (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "s" : "p") + Interlocked.Increment(ref _n);

    private async Task<(long A, long B, long HouseholdA, long HouseholdB)> EstatesAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var estates = await db.Estates.Where(e => e.CommunityId == facts.Community1).OrderBy(e => e.Id).Select(e => e.Id).Take(2).ToListAsync();
        var a = await db.Households.Where(h => h.EstateId == estates[0]).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        var b = await db.Households.Where(h => h.EstateId == estates[1]).OrderBy(h => h.Id).Select(h => h.Id).FirstAsync();
        return (estates[0], estates[1], a, b);
    }

    private async Task<string> SubdistrictAsync()
    {
        await using var db = app.NewDb();
        return $"{await db.Subdistricts.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync()}";
    }

    private async Task<long> CreateCompanyAsync(PageSession admin, string name)
    {
        var created = await admin.PostFormAsync("/administration/companies", "add-company", new() { ["Input.SubdistrictId"] = await SubdistrictAsync(), ["Input.Name"] = name, ["Input.Contact"] = "王经理", ["Input.Phone"] = "0551-63456789" });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        return long.Parse(created.Headers.Location!.OriginalString.Split('/').Last().Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<HttpResponseMessage> SetEstatesAsync(PageSession session, long companyId, params long[] estates)
    {
        var page = $"/administration/companies/{companyId}";
        var fields = new List<KeyValuePair<string, string>> { new("_handler", "company-estates"), new("__RequestVerificationToken", await session.TokenAsync(page)) };
        fields.AddRange(estates.Select(e => new KeyValuePair<string, string>("Ticks.Estates", $"{e}")));
        return await session.Client.PostAsync(page, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_butler_sees_the_estates_their_company_serves_and_loses_one_taken_off_it()
    {
        var (a, b, householdA, householdB) = await EstatesAsync();
        var admin = await PageSession.LogInAsync(app, "admin");
        var tag = Tag;
        var butlerName = "butler." + tag;
        (await admin.PostFormAsync("/admin/accounts", "account-new", new()
        {
            ["Input.UserName"] = butlerName, ["Input.DisplayName"] = "物业管家" + tag, ["Input.Password"] = GongzhiApp.Password, ["role"] = Roles.PropertyButler,
        })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var company = await CreateCompanyAsync(admin, "诚信物业" + tag);

        (await SetEstatesAsync(admin, company, a)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var added = await admin.PostFormAsync($"/administration/companies/{company}", "add-butler", new() { ["Butler.UserName"] = butlerName });
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());
        var page = await admin.Client.GetStringAsync($"/administration/companies/{company}");
        page.ShouldContain("物业管家" + tag);

        var butler = await PageSession.LogInAsync(app, butlerName);
        (await butler.Client.GetAsync($"/registry/households/{householdA}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await butler.Client.GetAsync($"/registry/households/{householdB}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The company now serves B instead of A: the butler's view follows at once.
        (await SetEstatesAsync(admin, company, b)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await butler.Client.GetAsync($"/registry/households/{householdA}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await butler.Client.GetAsync($"/registry/households/{householdB}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var db = app.NewDb();
        var userId = await db.Users.Where(u => u.UserName == butlerName).Select(u => u.Id).SingleAsync();
        var posts = await db.DutyPosts.Where(p => p.UserId == userId && p.Kind == DutyPostKind.PropertyButler).OrderBy(p => p.Id).ToListAsync();
        posts.Select(p => (p.PlaceId, Ended: p.To != null)).ShouldBe([(a, true), (b, false)]);
        var links = await db.Set<CompanyEstate>().Where(x => x.CompanyId == company).OrderBy(x => x.Id).ToListAsync();
        links.Select(x => (x.EstateId, Ended: x.To != null)).ShouldBe([(a, true), (b, false)]);

        // Removed from the company, the butler sees nothing of it any more; the link stays as history.
        var butlerRow = await db.Set<CompanyButler>().Where(x => x.UserId == userId).Select(x => x.Id).SingleAsync();
        (await admin.PostFormAsync($"/administration/companies/{company}", "remove-butler", new() { ["Remove.Id"] = $"{butlerRow}" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await butler.Client.GetAsync($"/registry/households/{householdB}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await db.Set<CompanyButler>().AsNoTracking().SingleAsync(x => x.UserId == userId)).To.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("wangge.li")]
    [InlineData("wuye")]
    [InlineData("bumen")]
    [InlineData("tuanjie")]
    public async Task Only_subdistrict_staff_keep_companies(string userName)
    {
        var admin = await PageSession.LogInAsync(app, "admin");
        var company = await CreateCompanyAsync(admin, "安居物业" + Tag);
        var session = await PageSession.LogInAsync(app, userName);
        var list = await session.Client.GetAsync("/administration/companies");
        list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await list.Content.ReadAsStringAsync()).ShouldContain("无权进行此操作");
        // Community staff may set up places, but a company is the subdistrict's: not theirs to see (404); the rest 403.
        var detail = await session.Client.GetAsync($"/administration/companies/{company}");
        detail.StatusCode.ShouldBe(userName == "tuanjie" ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden);
        var official = await PageSession.LogInAsync(app, "jiedao");
        (await official.Client.GetAsync($"/administration/companies/{company}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Client.GetAsync("/administration/companies/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_company_forms_say_why_next_to_the_field_and_write_nothing()
    {
        var admin = await PageSession.LogInAsync(app, "admin");
        var english = await PageSession.LogInAsync(app, "admin", "en");
        var name = "和美物业" + Tag;
        var company = await CreateCompanyAsync(admin, name);
        await using var db = app.NewDb();
        async Task<(int, int, int, int)> CountsAsync() => (await db.Set<PropertyCompany>().CountAsync(), await db.Set<CompanyEstate>().CountAsync(),
            await db.Set<CompanyButler>().CountAsync(), await db.DutyPosts.CountAsync());
        var before = await CountsAsync();

        var empty = await admin.PostFormAsync("/administration/companies", "add-company", new() { ["Input.SubdistrictId"] = await SubdistrictAsync(), ["Input.Name"] = " " });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).ShouldMatch("data-field-error=\"Name\"[^<]*>\\s*<div>此项必填");
        var phone = await english.PostFormAsync("/administration/companies", "add-company", new() { ["Input.SubdistrictId"] = await SubdistrictAsync(), ["Input.Name"] = "Good name", ["Input.Phone"] = "电话" });
        phone.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await phone.Content.ReadAsStringAsync()).ShouldMatch("data-field-error=\"Phone\"[^<]*>\\s*<div>Not a valid phone number");
        var same = await admin.PostFormAsync("/administration/companies", "add-company", new() { ["Input.SubdistrictId"] = await SubdistrictAsync(), ["Input.Name"] = name });
        same.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await same.Content.ReadAsStringAsync()).ShouldContain($"“{name}”已经有了");

        var page = $"/administration/companies/{company}";
        var notButler = await admin.PostFormAsync(page, "add-butler", new() { ["Butler.UserName"] = "wangge.li" });
        notButler.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notButler.Content.ReadAsStringAsync()).ShouldMatch("data-field-error=\"UserName\"[^<]*>\\s*<div>没有名为“wangge.li”的物业管家账号");
        (await SetEstatesAsync(admin, company, 987654321)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var stale = await admin.PostFormAsync(page, "edit-company", new() { ["Input.Name"] = name + "改", ["Input.Version"] = "7" });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await CountsAsync()).ShouldBe(before);
        (await db.Set<PropertyCompany>().AsNoTracking().SingleAsync(c => c.Id == company)).Name.ShouldBe(name);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCompanyTests(SqliteApp app) : CompanyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCompanyTests(PostgresApp app) : CompanyTests(app);
