using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// 联办: the property company or a department answers in the case; the community keeps the case
// and its owner is told of every answer.
public abstract class ReferralTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    [Fact]
    public async Task The_butler_replies_the_owner_is_told_and_the_community_keeps_the_case()
    {
        var facts = await DemoFacts.ForAsync(app);
        var household = await _cases.HouseholdAsync(facts.Grid1, await _cases.FirstEstateAsync());
        var id = await _cases.EnterAsync("wangge.li", "water-leak", "楼道水管漏水地面一直是湿的 " + CaseDriver.Marker(), household, "孙阿姨");
        long referralId;
        await using (var db = app.NewDb()) referralId = await db.Referrals.Where(r => r.CaseId == id).Select(r => r.Id).SingleAsync();

        var wuye = await app.ClientForAsync("wuye");
        var reply = await wuye.PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", new { text = "已派维修工更换水管" });
        reply.StatusCode.ShouldBe(HttpStatusCode.NoContent, await reply.Content.ReadAsStringAsync());

        var c = await _cases.LoadAsync(id);
        c.OwnerUserId.ShouldBe(facts.UserIds["wangge.li"]);
        c.Status.ShouldBe(CaseStatus.Submitted);
        await using (var db = app.NewDb())
        {
            var referral = await db.Referrals.SingleAsync(r => r.Id == referralId);
            referral.Reply.ShouldBe("已派维修工更换水管");
            referral.RepliedAt.ShouldNotBeNull();
            referral.RepliedByUserId.ShouldBe(facts.UserIds["wuye"]);
        }
        var line = (await _cases.EventsAsync(id)).Last();
        line.Kind.ShouldBe(CaseEventKind.ReferralReply);
        line.ReferralId.ShouldBe(referralId);
        line.ActorUserId.ShouldBe(facts.UserIds["wuye"]);

        var li = await app.ClientForAsync("wangge.li", "zh-Hans");
        var message = (await CaseDriver.InboxAsync(li)).First(n => n!["kind"]!.GetValue<string>() == "case.reply" && n!["link"]!.GetValue<string>() == $"/cases/{id}")!;
        message["text"]!.GetValue<string>().ShouldBe($"诉求 #{id} 有新的联办回复");
        message["read"]!.GetValue<bool>().ShouldBeFalse();
        var en = (await CaseDriver.InboxAsync(await app.ClientForAsync("wangge.li", "en"))).First(n => n!.Long("id") == message.Long("id"))!;
        en["text"]!.GetValue<string>().ShouldBe($"Case #{id} has a new reply from the partner");
        (await li.PostAsync($"/api/v1/inbox/read?id={message.Long("id")}", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await CaseDriver.InboxAsync(li)).First(n => n!.Long("id") == message.Long("id"))!["read"]!.GetValue<bool>().ShouldBeTrue();

        // The case is still the grid's to accept and resolve.
        await _cases.AcceptAsync(id);
        await _cases.ResolveAsync(id, "物业已更换水管，地面已干");
        (await _cases.LoadAsync(id)).Status.ShouldBe(CaseStatus.Resolved);
    }

    [Fact]
    public async Task A_worker_refers_to_a_department_which_replies_in_the_case()
    {
        var facts = await DemoFacts.ForAsync(app);
        var id = await _cases.SubmitAsResidentAsync("other", "沿街烧烤店油烟很大 " + CaseDriver.Marker());
        await _cases.AcceptAsync(id);
        long department;
        await using (var db = app.NewDb()) department = await db.Departments.Where(d => d.Name == "包河区城市管理局").Select(d => d.Id).SingleAsync();

        var li = await app.ClientForAsync("wangge.li", "zh-Hans");
        var unknown = await li.PostAsJsonAsync($"/api/v1/cases/{id}/refer", new { kind = (int)ReferralKind.Department, departmentId = 987654321, version = await _cases.VersionAsync(id) });
        (await unknown.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("departmentId").ShouldBe(["请选择本街道的职能部门"]);
        await (await (await app.ClientForAsync("bumen")).GetAsync($"/api/v1/cases/{id}")).ProblemAsync(HttpStatusCode.NotFound);

        var refer = await li.PostAsJsonAsync($"/api/v1/cases/{id}/refer", new { kind = (int)ReferralKind.Department, departmentId = department, note = "请城管执法", version = await _cases.VersionAsync(id) });
        var referralId = (await refer.JsonAsync()).Long("referralId");
        (await _cases.LoadAsync(id)).Status.ShouldBe(CaseStatus.Referred);
        // A second referral, to the property company as well: referred stays referred.
        var second = await _cases.ReferToPropertyAsync(id);
        second.ShouldNotBe(referralId);

        var bumen = await app.ClientForAsync("bumen");
        var view = await CaseDriver.GetAsync(bumen, id);
        view["referrals"]!.AsArray().Count.ShouldBe(2);
        // Each partner answers its own referral only, though both may see the case.
        await (await bumen.PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{second}/reply", new { text = "代物业答复" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await (await app.ClientForAsync("wuye")).PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", new { text = "代城管答复" }))
            .ProblemAsync(HttpStatusCode.NotFound);
        await using (var db = app.NewDb())
            (await db.Referrals.Where(r => r.CaseId == id).Select(r => r.Reply).ToListAsync()).ShouldAllBe(r => r == null);
        (await bumen.PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", new { text = "已责令整改" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await bumen.PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", new { text = "复查已整改到位" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = app.NewDb())
            (await db.Referrals.Where(r => r.Id == referralId).Select(r => r.Reply).SingleAsync()).ShouldBe("已责令整改\n复查已整改到位");
        (await _cases.LoadAsync(id)).OwnerUserId.ShouldBe(facts.UserIds["wangge.li"]);
        (await CaseDriver.InboxAsync(li)).Count(n => n!["kind"]!.GetValue<string>() == "case.reply" && n!["link"]!.GetValue<string>() == $"/cases/{id}").ShouldBe(2);
        // The partner's own notes stay internal, whatever it asks for.
        (await bumen.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "执法队周三到场", @internal = false })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _cases.EventsAsync(id)).Last().Internal.ShouldBeTrue();
    }

    [Fact]
    public async Task Only_the_partner_replies_and_only_while_the_case_is_open()
    {
        var facts = await DemoFacts.ForAsync(app);
        var household = await _cases.HouseholdAsync(facts.Grid1, await _cases.FirstEstateAsync());
        var id = await _cases.EnterAsync("wangge.li", "lift", "电梯运行有异响 " + CaseDriver.Marker(), household, "周先生");
        var other = await _cases.EnterAsync("wangge.li", "lift", "电梯按钮失灵 " + CaseDriver.Marker(), household, "吴先生");
        long referralId;
        await using (var db = app.NewDb()) referralId = await db.Referrals.Where(r => r.CaseId == id).Select(r => r.Id).SingleAsync();
        var body = new { text = "已通知维保单位" };

        await (await (await _cases.ResidentAsync()).PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", body)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await (await app.ClientForAsync("wangge.li")).PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", body)).ProblemAsync(HttpStatusCode.Forbidden);
        var wuye = await app.ClientForAsync("wuye", "zh-Hans");
        await (await wuye.PostAsJsonAsync($"/api/v1/cases/{other}/referrals/{referralId}/reply", body)).ProblemAsync(HttpStatusCode.NotFound);
        await (await (await app.ClientForAsync("bumen")).PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", body)).ProblemAsync(HttpStatusCode.NotFound);
        (await (await wuye.PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", new { text = " " })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("reply").ShouldBe(["此项必填"]);

        // Resolved, the case waits for the resident's rating: nothing more to reply to.
        await _cases.AcceptAsync(id);
        await _cases.ResolveAsync(id);
        var closed = await wuye.PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", body);
        (await closed.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldBe("该诉求已办结或关闭");
        await using (var db = app.NewDb()) (await db.Referrals.Where(r => r.Id == referralId).Select(r => r.Reply).SingleAsync()).ShouldBeNull();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteReferralTests(SqliteApp app) : ReferralTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReferralTests(PostgresApp app) : ReferralTests(app);
