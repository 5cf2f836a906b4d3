using System.Net;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// 批量分派 from the staff work list, posted as the page's plain form does (no script): each ticked row
// sends "id:version". Role and scope are checked for every case before anything is written; a case
// somebody changed meanwhile is named and left alone while the others are assigned.
public abstract class BulkAssignTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    // Posted to grid 1's tab of the list, where community staff see the grid's cases (their "mine" holds only their own),
    // newest first: the page drawn again after a refusal is the one the form came from, and the test's new cases
    // must be on it however many cases the other tests of this class have added to the grid.
    private async Task<HttpResponseMessage> PostAsync(PageSession session, IEnumerable<(long Id, int Version)> rows, string target, string reason)
    {
        var url = $"/work?grid={(await DemoFacts.ForAsync(app)).Grid1}&sort=id&dir=desc";
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "bulk-assign"),
            new("__RequestVerificationToken", await session.TokenAsync(url)),
            new("Target", target),
            new("Reason", reason),
        };
        fields.AddRange(rows.Select(r => new KeyValuePair<string, string>("Cases", $"{r.Id}:{r.Version}")));
        return await session.Client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private async Task<long> CaseInGrid1Async(string what)
    {
        var facts = await DemoFacts.ForAsync(app);
        return await _cases.EnterAsync("wangge.li", "other", what + " " + CaseDriver.Marker(), await _cases.HouseholdAsync(facts.Grid1));
    }

    private async Task<(long Id, int Version)> RowAsync(long id) => (id, await _cases.VersionAsync(id));

    // What a refused post must not have touched: owner, version and the number of timeline lines.
    private async Task<(string? Owner, int Version, int Lines)> StateAsync(long id)
    {
        var c = await _cases.LoadAsync(id);
        return (c.OwnerUserId, c.Version, (await _cases.EventsAsync(id)).Count);
    }

    [Fact]
    public async Task Community_staff_assign_two_cases_to_the_grid_leader_in_one_submit()
    {
        var facts = await DemoFacts.ForAsync(app);
        var a = await CaseInGrid1Async("三号楼楼道灯不亮");
        var b = await CaseInGrid1Async("小区东门垃圾堆放");
        var leader = facts.UserIds["wangge.zhang"];
        var staff = await PageSession.LogInAsync(app, "tuanjie");

        var response = await PostAsync(staff, [await RowAsync(a), await RowAsync(b)], "user:" + leader, "网格员请假，由网格长处理");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("data-testid=\"bulk-result\"");
        page.ShouldContain($"已分派给 {await _cases.DisplayNameAsync("wangge.zhang")}：2 件");
        page.ShouldNotContain("data-testid=\"bulk-changed\"");

        foreach (var id in new[] { a, b })
        {
            (await _cases.LoadAsync(id)).OwnerUserId.ShouldBe(leader);
            var line = (await _cases.EventsAsync(id)).Last();
            line.Kind.ShouldBe(CaseEventKind.Reassigned);
            line.ActorUserId.ShouldBe(facts.UserIds["tuanjie"]);
            line.Text.ShouldBe($"{await _cases.DisplayNameAsync("wangge.zhang")}：网格员请假，由网格长处理");
            await using var db = app.NewDb();
            (await db.Notifications.CountAsync(n => n.UserId == leader && n.Link == $"/cases/{id}" && n.Kind == "case.assigned")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_case_of_another_community_refuses_the_whole_submit_and_nothing_is_written()
    {
        var facts = await DemoFacts.ForAsync(app);
        var mine = await CaseInGrid1Async("单元门禁坏了");
        var otherGrid = facts.Grids.First(g => g.CommunityId == facts.Community2).Id;
        var theirs = await _cases.EnterAsync("jianshe", "other", "建设社区的路面塌陷 " + CaseDriver.Marker(), await _cases.HouseholdAsync(otherGrid));
        var before = (await StateAsync(mine), await StateAsync(theirs));
        var staff = await PageSession.LogInAsync(app, "tuanjie");

        var response = await PostAsync(staff, [await RowAsync(mine), await RowAsync(theirs)], "user:" + facts.UserIds["wangge.zhang"], "统一处理");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("data-testid=\"bulk-result\"");
        (await StateAsync(mine), await StateAsync(theirs)).ShouldBe(before);
    }

    [Fact]
    public async Task A_person_without_the_role_is_refused_and_bad_input_is_answered_next_to_its_field()
    {
        var facts = await DemoFacts.ForAsync(app);
        var id = await CaseInGrid1Async("健身器材松动");
        var before = await StateAsync(id);

        // The property butler sees the work list (cases referred to them) but may not assign.
        var butler = await PageSession.LogInAsync(app, "wuye");
        (await PostAsync(butler, [await RowAsync(id)], "user:" + facts.UserIds["wangge.zhang"], "请处理")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var none = await PostAsync(staff, [], "user:" + facts.UserIds["wangge.zhang"], "请处理");
        none.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await none.Content.ReadAsStringAsync()).ShouldContain("请先勾选要分派的诉求");

        var noReason = await PostAsync(staff, [await RowAsync(id)], "user:" + facts.UserIds["wangge.zhang"], " ");
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await noReason.Content.ReadAsStringAsync();
        html.ShouldMatch("id=\"bulk-reason\"[^>]*aria-invalid=\"true\"");
        // The row stays ticked and the chosen person stays chosen.
        html.ShouldMatch($"value=\"{id}:\\d+\" id=\"pick-{id}\"[^>]*checked");
        html.ShouldMatch($"value=\"user:{facts.UserIds["wangge.zhang"]}\" selected");

        // A worker of another community is nobody this staff may hand cases to.
        var stranger = await PostAsync(staff, [await RowAsync(id)], "user:" + facts.UserIds["jianshe"], "请处理");
        stranger.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await stranger.Content.ReadAsStringAsync()).ShouldContain("只能转派给本网格或本社区的工作人员");

        (await StateAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task A_case_changed_meanwhile_is_named_and_left_as_it_was_while_the_other_is_assigned()
    {
        var facts = await DemoFacts.ForAsync(app);
        var a = await CaseInGrid1Async("楼顶水箱有异味");
        var b = await CaseInGrid1Async("电动车在楼道充电");
        var rows = new[] { await RowAsync(a), await RowAsync(b) };
        // The worker accepts b after the staff's list was drawn.
        await _cases.AcceptAsync(b);
        var bBefore = await StateAsync(b);

        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var response = await PostAsync(staff, rows, "user:" + facts.UserIds["wangge.zhang"], "集中处理");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldMatch($"(?s)data-testid=\"bulk-assigned\">.*data-case-id=\"{a}\".*</ul>");
        page.ShouldMatch($"(?s)data-testid=\"bulk-changed\">\\s*<li data-case-id=\"{b}\"><a href=\"/cases/{b}\">#{b} ");
        page.ShouldContain("以下 1 件刚被他人更新，未分派");

        (await _cases.LoadAsync(a)).OwnerUserId.ShouldBe(facts.UserIds["wangge.zhang"]);
        (await StateAsync(b)).ShouldBe(bBefore);
        (await _cases.LoadAsync(b)).OwnerUserId.ShouldBe(facts.UserIds["wangge.li"]);
    }

    [Fact]
    public async Task To_a_department_accepted_cases_are_referred_and_one_not_yet_accepted_is_named_with_its_reason()
    {
        var accepted = await CaseInGrid1Async("沿街店铺占道经营");
        var waiting = await CaseInGrid1Async("夜间施工噪音扰民");
        await _cases.AcceptAsync(accepted);
        long department;
        await using (var db = app.NewDb()) department = await db.Departments.Where(d => d.Name == "包河区城市管理局").Select(d => d.Id).SingleAsync();
        var waitingBefore = await StateAsync(waiting);

        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var response = await PostAsync(staff, [await RowAsync(accepted), await RowAsync(waiting)], $"dept:{department}", "请城管执法");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("已分派给 包河区城市管理局：1 件");
        page.ShouldMatch($"(?s)data-testid=\"bulk-refused\">.*data-case-id=\"{waiting}\".*待受理的诉求需先受理，才能转办");

        (await _cases.LoadAsync(accepted)).Status.ShouldBe(CaseStatus.Referred);
        await using (var db = app.NewDb())
        {
            (await db.Referrals.CountAsync(r => r.CaseId == accepted && r.DepartmentId == department && r.Note == "请城管执法")).ShouldBe(1);
            (await db.Referrals.CountAsync(r => r.CaseId == waiting && r.DepartmentId == department)).ShouldBe(0);
        }
        (await _cases.EventsAsync(accepted)).Last().Kind.ShouldBe(CaseEventKind.Referred);
        (await StateAsync(waiting)).ShouldBe(waitingBefore);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBulkAssignTests(SqliteApp app) : BulkAssignTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBulkAssignTests(PostgresApp app) : BulkAssignTests(app);
