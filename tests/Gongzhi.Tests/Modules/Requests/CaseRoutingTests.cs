using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// Who a new case goes to, and who else may look at it: the grid's worker owns it; the property
// company or a department sees only what is referred to them, and never an anonymous reporter.
public abstract class CaseRoutingTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    [Fact]
    public async Task A_residents_case_in_grid_1_goes_to_the_grid_worker()
    {
        var facts = await DemoFacts.ForAsync(app);
        (await DemoFacts.HouseholdsAsync(app)).Single(h => h.Id == facts.ResidentHouseholdId).GridId.ShouldBe(facts.Grid1);
        var id = await _cases.SubmitAsResidentAsync("sanitation", "楼下垃圾桶满了两天没人清运 " + CaseDriver.Marker());

        var c = await _cases.LoadAsync(id);
        c.GridId.ShouldBe(facts.Grid1);
        c.HouseholdId.ShouldBe(facts.ResidentHouseholdId);
        c.Channel.ShouldBe(Channel.Web);
        c.OwnerUserId.ShouldBe(facts.UserIds["wangge.li"]);
        var li = await app.ClientForAsync("wangge.li");
        var view = await CaseDriver.GetAsync(li, id);
        view["ownerName"]!.GetValue<string>().ShouldBe(await _cases.DisplayNameAsync("wangge.li"));
        view["capacity"]!.GetValue<int>().ShouldBe((int)CaseAccess.Capacity.Staff);
        view["actions"]!["accept"]!.GetValue<bool>().ShouldBeTrue();
        (await CaseDriver.InboxAsync(li)).ShouldContain(n => n!["kind"]!.GetValue<string>() == "case.new" && n!["link"]!.GetValue<string>() == $"/cases/{id}");
        (await CaseDriver.ListIdsAsync(li, "/api/v1/worklist")).ShouldContain(id);

        // The grid next door has its own worker.
        var other = await _cases.EnterAsync("tuanjie", "sanitation", "二网格垃圾桶满了 " + CaseDriver.Marker(), await _cases.HouseholdAsync(facts.Grid2), "李女士", "13900001111");
        (await _cases.LoadAsync(other)).OwnerUserId.ShouldBe(facts.UserIds["wangge.chen"]);
        await (await li.GetAsync($"/api/v1/cases/{other}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_property_category_is_referred_to_the_butler_of_the_estate_who_sees_it_masked()
    {
        var facts = await DemoFacts.ForAsync(app);
        var household = await _cases.HouseholdAsync(facts.Grid1, await _cases.FirstEstateAsync());
        var id = await _cases.EnterAsync("wangge.li", "water-leak", "楼上卫生间漏水渗到天花板 " + CaseDriver.Marker(), household, "赵建国", "13912345678");

        await using (var db = app.NewDb())
        {
            var referral = await db.Referrals.SingleAsync(r => r.CaseId == id);
            referral.Kind.ShouldBe(ReferralKind.PropertyCompany);
            referral.EstateId.ShouldBe(await _cases.FirstEstateAsync());
        }
        (await _cases.LoadAsync(id)).OwnerUserId.ShouldBe(facts.UserIds["wangge.li"]);

        var wuye = await app.ClientForAsync("wuye");
        var raw = await (await wuye.GetAsync($"/api/v1/cases/{id}")).Content.ReadAsStringAsync();
        var view = JsonNode.Parse(raw)!;
        view["capacity"]!.GetValue<int>().ShouldBe((int)CaseAccess.Capacity.Partner);
        view["reporterName"]!.GetValue<string>().ShouldBe("赵**");
        view["reporterPhone"]!.GetValue<string>().ShouldBe("139****5678");
        view["ownerUserId"].ShouldBeNull();
        raw.ShouldNotContain("赵建国");
        raw.ShouldNotContain("13912345678");
        view["actions"]!["reply"]!.GetValue<bool>().ShouldBeTrue();
        view["actions"]!["accept"]!.GetValue<bool>().ShouldBeFalse();
        (await CaseDriver.InboxAsync(wuye)).ShouldContain(n => n!["kind"]!.GetValue<string>() == "case.referred" && n!["link"]!.GetValue<string>() == $"/cases/{id}");
        (await CaseDriver.ListIdsAsync(wuye, "/api/v1/worklist")).ShouldContain(id);
        await (await wuye.PostAsync($"/api/v1/cases/{id}/accept", null)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_butler_never_sees_who_raised_an_anonymous_case()
    {
        var facts = await DemoFacts.ForAsync(app);
        (await DemoFacts.HouseholdsAsync(app)).Single(h => h.Id == facts.ResidentHouseholdId).EstateId.ShouldBe(await _cases.FirstEstateAsync());
        var resident = await _cases.ResidentAsync();
        string name, phone;
        await using (var db = app.NewDb())
        {
            var account = await db.Users.SingleAsync(u => u.UserName == facts.ResidentUserName);
            (name, phone) = (await db.Residents.Where(r => r.Id == account.ResidentId).Select(r => r.Name).SingleAsync(), account.PhoneNumber!);
        }

        foreach (var code in new[] { "clutter", "dogs", "noise" })
        {
            var id = await _cases.SubmitAsResidentAsync(code, "楼道里堆满杂物还有狗叫声 " + CaseDriver.Marker(), anonymous: true);
            var stored = await _cases.LoadAsync(id);
            stored.Anonymous.ShouldBeTrue();
            stored.ReporterName.ShouldBeNull();
            stored.ReporterPhone.ShouldBeNull();
            // The resident keeps talking in the case; their words may reach the butler, their name may not.
            (await resident.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "补充：晚上十点后更严重" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            await _cases.AcceptAsync(id);
            await _cases.ReferToPropertyAsync(id);
            await _cases.ResolveAsync(id);
            (await _cases.RateAsync(id, Rating.Unsatisfied, "还是有")).ShouldBe("Reopened");

            var wuye = await app.ClientForAsync("wuye");
            var raw = await (await wuye.GetAsync($"/api/v1/cases/{id}")).Content.ReadAsStringAsync();
            var view = JsonNode.Parse(raw)!;
            view["capacity"]!.GetValue<int>().ShouldBe((int)CaseAccess.Capacity.Partner, raw);
            view["anonymous"]!.GetValue<bool>().ShouldBeTrue();
            view["reporterName"].ShouldBeNull();
            view["reporterPhone"].ShouldBeNull();
            view["timeline"]!.AsArray().ShouldContain(e => e!["text"] != null && e["text"]!.GetValue<string>() == "补充：晚上十点后更严重");
            raw.ShouldNotContain(name, customMessage: code);
            raw.ShouldNotContain(phone, customMessage: code);
            var search = await (await wuye.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString("杂物")}")).Content.ReadAsStringAsync();
            search.ShouldNotContain(name);
            // Staff see no name either: the case was raised anonymously.
            var staff = await (await (await app.ClientForAsync("wangge.li")).GetAsync($"/api/v1/cases/{id}")).Content.ReadAsStringAsync();
            JsonNode.Parse(staff)!["reporterName"].ShouldBeNull();
        }
    }

    [Fact]
    public async Task A_department_category_is_referred_to_the_department_who_sees_it()
    {
        var id = await _cases.SubmitAsResidentAsync("street-vending", "小区门口流动水果摊占道经营 " + CaseDriver.Marker());
        await using (var db = app.NewDb())
        {
            var referral = await db.Referrals.SingleAsync(r => r.CaseId == id);
            referral.Kind.ShouldBe(ReferralKind.Department);
            referral.TargetName.ShouldBe("包河区城市管理局");
        }
        var bumen = await app.ClientForAsync("bumen");
        var view = await CaseDriver.GetAsync(bumen, id);
        view["capacity"]!.GetValue<int>().ShouldBe((int)CaseAccess.Capacity.Partner);
        view["referrals"]!.AsArray().ShouldHaveSingleItem()!["targetName"]!.GetValue<string>().ShouldBe("包河区城市管理局");
        (await CaseDriver.InboxAsync(bumen)).ShouldContain(n => n!["kind"]!.GetValue<string>() == "case.referred" && n!["link"]!.GetValue<string>() == $"/cases/{id}");
        await (await (await app.ClientForAsync("wuye")).GetAsync($"/api/v1/cases/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Partners_cannot_see_cases_not_referred_to_them()
    {
        var facts = await DemoFacts.ForAsync(app);
        var plain = await _cases.SubmitAsResidentAsync("other", "希望增加晾衣架 " + CaseDriver.Marker());
        long otherEstateHousehold;
        await using (var db = app.NewDb())
        {
            var first = await _cases.FirstEstateAsync();
            otherEstateHousehold = await (from h in db.Households join e in db.Estates on h.EstateId equals e.Id
                                          where e.CommunityId == facts.Community1 && e.Id != first orderby h.Id select h.Id).FirstAsync();
        }
        var leakElsewhere = await _cases.EnterAsync("tuanjie", "water-leak", "另一个小区的漏水 " + CaseDriver.Marker(), otherEstateHousehold, "钱先生");
        var vending = await _cases.SubmitAsResidentAsync("street-vending", "早餐店把桌子摆到了路上 " + CaseDriver.Marker());

        var wuye = await app.ClientForAsync("wuye", "en");
        var bumen = await app.ClientForAsync("bumen", "en");
        foreach (var (client, id) in new[] { (wuye, plain), (wuye, leakElsewhere), (wuye, vending), (bumen, plain), (bumen, leakElsewhere) })
        {
            (await (await client.GetAsync($"/api/v1/cases/{id}")).ProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe("Not found, or you may not see it");
            await (await client.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "看看" })).ProblemAsync(HttpStatusCode.NotFound);
        }
        var listed = await CaseDriver.ListIdsAsync(wuye, "/api/v1/worklist");
        listed.ShouldNotContain(plain);
        listed.ShouldNotContain(leakElsewhere);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCaseRoutingTests(SqliteApp app) : CaseRoutingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCaseRoutingTests(PostgresApp app) : CaseRoutingTests(app);
