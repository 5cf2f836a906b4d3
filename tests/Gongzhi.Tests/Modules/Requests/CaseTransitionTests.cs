using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Requests;
using Case = Gongzhi.Web.Modules.Requests.Case;
using Gongzhi.Web.Platform;

namespace Gongzhi.Tests.Modules.Requests;

// The moves a case may make, as the issue states them: submitted → accepted → (referred) →
// resolved → rated/closed; reopened when the resident is not satisfied; cancelled by the resident
// before acceptance; merged as duplicate. Written out here independently of Case.Moves.
public static class CaseRules
{
    public static readonly string[] Actions = ["accept", "refer", "resolve", "rate", "cancel", "merge", "reassign"];

    public static readonly Dictionary<CaseStatus, string[]> Allowed = new()
    {
        [CaseStatus.Submitted] = ["accept", "cancel", "merge", "reassign"],
        [CaseStatus.Accepted] = ["refer", "resolve", "merge", "reassign"],
        [CaseStatus.Referred] = ["refer", "resolve", "merge", "reassign"],
        [CaseStatus.Resolved] = ["rate"],
        [CaseStatus.Reopened] = ["refer", "resolve", "merge", "reassign"],
        [CaseStatus.Closed] = [],
        [CaseStatus.Cancelled] = [],
        [CaseStatus.Merged] = [],
    };

    public static IEnumerable<object[]> Pairs() =>
        Enum.GetValues<CaseStatus>().SelectMany(s => Actions.Select(a => new object[] { s, a }));
}

// The state machine on the entity alone, without a database.
public sealed class CaseMovesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_moves_table_is_the_documented_one()
    {
        var expected = new Dictionary<CaseStatus, CaseStatus[]>
        {
            [CaseStatus.Submitted] = [CaseStatus.Accepted, CaseStatus.Cancelled, CaseStatus.Merged],
            [CaseStatus.Accepted] = [CaseStatus.Referred, CaseStatus.Resolved, CaseStatus.Merged],
            [CaseStatus.Referred] = [CaseStatus.Referred, CaseStatus.Resolved, CaseStatus.Merged],
            [CaseStatus.Resolved] = [CaseStatus.Closed, CaseStatus.Reopened],
            [CaseStatus.Reopened] = [CaseStatus.Referred, CaseStatus.Resolved, CaseStatus.Merged],
            [CaseStatus.Closed] = [],
            [CaseStatus.Cancelled] = [],
            [CaseStatus.Merged] = [],
        };
        Case.Moves.Keys.OrderBy(k => k).ShouldBe(Enum.GetValues<CaseStatus>());
        foreach (var from in Enum.GetValues<CaseStatus>())
        foreach (var to in Enum.GetValues<CaseStatus>())
            Case.CanMove(from, to).ShouldBe(expected[from].Contains(to), $"{from} → {to}");
    }

    [Theory]
    [MemberData(nameof(CaseRules.Pairs), MemberType = typeof(CaseRules))]
    public void Each_action_is_allowed_or_refused_by_the_entity(CaseStatus state, string action)
    {
        var c = InState(state);
        var version = c.Version;
        var allowed = CaseRules.Allowed[state].Contains(action);
        void Act()
        {
            switch (action)
            {
                case "accept": c.Accept("worker-2", "王五", Now); break;
                case "refer": c.Refer(ToDepartment(), Now); break;
                case "resolve": c.Resolve("已处理", Now); break;
                case "rate": c.Rate(Rating.Satisfied, null, 2, Now, Now.AddDays(3)); break;
                case "cancel": c.Cancel("resident", Now); break;
                case "merge": c.MergeInto(Target(), Now); break;
                case "reassign": c.Reassign("worker-2", "王五", "请假", Now); break;
            }
        }
        if (allowed)
        {
            Act();
            c.Version.ShouldBe(version + 1);
            return;
        }
        var error = Should.Throw<DomainException>(Act);
        // Accepting an accepted case is the lost race of two takers: a conflict that names the owner.
        if (state == CaseStatus.Accepted && action == "accept") error.ShouldBeOfType<ConcurrencyConflict>().Args.ShouldBe(["张三"]);
        c.Status.ShouldBe(state);
        c.Version.ShouldBe(version);
    }

    [Fact]
    public void Rating_closes_or_reopens_and_closing_unrated_needs_a_resolved_case()
    {
        var satisfied = InState(CaseStatus.Resolved);
        satisfied.Rate(Rating.BasicallySatisfied, "还行", 2, Now, Now.AddDays(3)).ShouldBe(Case.RateOutcome.Closed);
        satisfied.Status.ShouldBe(CaseStatus.Closed);
        satisfied.ClosedAt.ShouldBe(Now);

        var unhappy = InState(CaseStatus.Resolved);
        unhappy.Rate(Rating.Unsatisfied, "没修好", 2, Now, Now.AddDays(3)).ShouldBe(Case.RateOutcome.Reopened);
        unhappy.Status.ShouldBe(CaseStatus.Reopened);
        unhappy.ResolveBy.ShouldBe(Now.AddDays(3));
        unhappy.ResolvedAt.ShouldBeNull();

        var unrated = InState(CaseStatus.Resolved);
        unrated.CloseUnrated(Now);
        unrated.Status.ShouldBe(CaseStatus.Closed);
        Should.Throw<DomainException>(() => InState(CaseStatus.Accepted).CloseUnrated(Now));
        Should.Throw<ValidationFailure>(() => InState(CaseStatus.Resolved).Rate((Rating)42, null, 2, Now, Now));
    }

    [Fact]
    public void Only_the_reporter_cancels_and_a_merge_needs_another_open_case_of_the_community()
    {
        Should.Throw<Forbidden>(() => InState(CaseStatus.Submitted).Cancel("someone-else", Now));
        var c = InState(CaseStatus.Submitted);
        Should.Throw<ValidationFailure>(() => c.MergeInto(c, Now)).MessageKey.ShouldBe("Requests.Error.MergeSelf");
        var closed = Target();
        closed.Cancel("resident", Now);
        Should.Throw<ValidationFailure>(() => c.MergeInto(closed, Now)).MessageKey.ShouldBe("Requests.Error.MergeTargetClosed");
        Should.Throw<ValidationFailure>(() => c.MergeInto(Target(communityId: 99), Now)).MessageKey.ShouldBe("Requests.Error.MergeOtherCommunity");
        Should.Throw<ValidationFailure>(() => c.Reassign("worker", "张三", "同一人", Now)).MessageKey.ShouldBe("Requests.Error.SameOwner");
        Should.Throw<ValidationFailure>(() => c.Reassign("worker-2", "王五", " ", Now)).Errors[0].Field.ShouldBe("Reason");
        c.Status.ShouldBe(CaseStatus.Submitted);
    }

    private static Case New(long id, long communityId = 1)
    {
        var category = new CaseCategory("other", "其他", "其他", 120, 5);
        var c = new Case(category, Channel.Web, "楼道里堆了很多杂物", new CasePlace(1, communityId, 1, 1, 1, 1, "团结小区1栋1单元101"),
            new CaseReporter("resident", 1, "居民甲", "13800000000", false), ("worker", "张三"), Now.AddHours(-5), Now.AddHours(-3), Now.AddDays(3));
        typeof(Case).GetProperty(nameof(Case.Id))!.SetValue(c, id);
        return c;
    }

    private static Case Target(long communityId = 1) => New(2, communityId);

    private static Referral ToDepartment() => new(1, ReferralKind.Department, 1, null, "区城管局", null, Now, "worker");

    [Fact]
    public void Every_move_writes_its_own_timeline_line()
    {
        var c = New(1);
        c.Accept("worker", "张三", Now);
        c.Refer(ToDepartment(), Now);
        c.Resolve("已处理", Now);
        c.ActingAs("resident", "李四").Rate(Rating.Unsatisfied, "没修好", 2, Now, Now.AddDays(3));
        c.PendingLines.Select(l => (l.Kind, l.ToStatus, l.ActorName)).ShouldBe(
        [
            (CaseEventKind.Accepted, CaseStatus.Accepted, "张三"),
            (CaseEventKind.Referred, CaseStatus.Referred, "张三"),
            (CaseEventKind.Resolved, CaseStatus.Resolved, "张三"),
            (CaseEventKind.Rated, CaseStatus.Reopened, "李四"),
            (CaseEventKind.Reopened, CaseStatus.Reopened, "李四"),
        ]);
        c.PendingLines[1].Text.ShouldBe("区城管局");
        c.PendingLines[3].Text.ShouldBe("没修好");
    }

    public static Case InState(CaseStatus state)
    {
        var c = New(1);
        var at = Now.AddHours(-4);
        switch (state)
        {
            case CaseStatus.Submitted: break;
            case CaseStatus.Accepted: c.Accept("worker", "张三", at); break;
            case CaseStatus.Referred: c.Accept("worker", "张三", at); c.Refer(ToDepartment(), at); break;
            case CaseStatus.Resolved: c.Accept("worker", "张三", at); c.Resolve("已处理", at); break;
            case CaseStatus.Closed: c.Accept("worker", "张三", at); c.Resolve("已处理", at); c.Rate(Rating.Satisfied, null, 2, at, at); break;
            case CaseStatus.Reopened: c.Accept("worker", "张三", at); c.Resolve("已处理", at); c.Rate(Rating.Unsatisfied, null, 2, at, Now.AddDays(3)); break;
            case CaseStatus.Cancelled: c.Cancel("resident", at); break;
            case CaseStatus.Merged: c.MergeInto(Target(), at); break;
        }
        c.Status.ShouldBe(state);
        return c;
    }
}

// The same rules through the API, as the resident and the grid worker meet them.
public abstract class CaseTransitionTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    private static readonly Dictionary<string, (HttpStatusCode Ok, CaseEventKind Event, CaseStatus? To)> Success = new()
    {
        ["accept"] = (HttpStatusCode.NoContent, CaseEventKind.Accepted, CaseStatus.Accepted),
        ["refer"] = (HttpStatusCode.OK, CaseEventKind.Referred, CaseStatus.Referred),
        ["resolve"] = (HttpStatusCode.NoContent, CaseEventKind.Resolved, CaseStatus.Resolved),
        ["rate"] = (HttpStatusCode.OK, CaseEventKind.Rated, CaseStatus.Closed),
        ["cancel"] = (HttpStatusCode.NoContent, CaseEventKind.Cancelled, CaseStatus.Cancelled),
        ["merge"] = (HttpStatusCode.NoContent, CaseEventKind.Merged, CaseStatus.Merged),
        ["reassign"] = (HttpStatusCode.NoContent, CaseEventKind.Reassigned, null),
    };

    [Theory]
    [MemberData(nameof(CaseRules.Pairs), MemberType = typeof(CaseRules))]
    public async Task Each_action_in_each_state_is_allowed_or_refused_with_a_localized_problem(CaseStatus state, string action)
    {
        var id = await InStateAsync(state, $"状态{state}动作{action} {CaseDriver.Marker()}");
        var before = await _cases.LoadAsync(id);
        var events = (await _cases.EventsAsync(id)).Count;
        var allowed = CaseRules.Allowed[state].Contains(action);

        if (allowed)
        {
            var response = await ActAsync(id, action, "zh-Hans");
            var (ok, kind, to) = Success[action];
            response.StatusCode.ShouldBe(ok, await response.Content.ReadAsStringAsync());
            var after = await _cases.LoadAsync(id);
            after.Status.ShouldBe(to ?? state);
            after.Version.ShouldBeGreaterThan(before.Version);
            (await _cases.EventsAsync(id)).Skip(events).Select(e => e.Kind).ShouldContain(kind);
            return;
        }

        // Refused: 409 when someone else has already taken it, 400 otherwise; the same refusal in both languages, nothing written.
        var expected = state == CaseStatus.Accepted && action == "accept" ? HttpStatusCode.Conflict : HttpStatusCode.BadRequest;
        var zh = (await (await ActAsync(id, action, "zh-Hans")).ProblemAsync(expected))["detail"]!.GetValue<string>();
        var en = (await (await ActAsync(id, action, "en")).ProblemAsync(expected))["detail"]!.GetValue<string>();
        zh.Any(c => c >= '\u4e00' && c <= '\u9fff').ShouldBeTrue(zh);
        en.Any(char.IsAsciiLetter).ShouldBeTrue(en);
        en.ShouldNotBe(zh);
        en.ShouldNotStartWith("Requests.");
        var unchanged = await _cases.LoadAsync(id);
        unchanged.Status.ShouldBe(state);
        unchanged.Version.ShouldBe(before.Version);
        (await _cases.EventsAsync(id)).Count.ShouldBe(events);
    }

    [Fact]
    public async Task Refusals_name_the_states_and_the_owner_in_the_callers_language()
    {
        var id = await _cases.SubmitAsResidentAsync("other", "希望小区增加快递柜 " + CaseDriver.Marker());
        var li = await _cases.DisplayNameAsync("wangge.li");
        (await Detail(await Resolve(id, "zh-Hans"), HttpStatusCode.BadRequest)).ShouldBe("诉求当前为“待受理”，不能改为“已办结”");
        (await Detail(await Resolve(id, "en"), HttpStatusCode.BadRequest)).ShouldBe("The case is \"Submitted\" and cannot become \"Resolved\"");
        (await Detail(await Rate(id, "zh-Hans"), HttpStatusCode.BadRequest)).ShouldBe("诉求办结后才能评价");
        (await Detail(await Rate(id, "en"), HttpStatusCode.BadRequest)).ShouldBe("A case can be rated once it is resolved");

        await _cases.AcceptAsync(id);
        (await Detail(await Accept(id, "wangge.zhang", "zh-Hans"), HttpStatusCode.Conflict)).ShouldBe($"该诉求已被{li}接单");
        (await Detail(await Accept(id, "wangge.zhang", "en"), HttpStatusCode.Conflict)).ShouldBe($"{li} has already accepted this case");
        (await Detail(await Cancel(id, "zh-Hans"), HttpStatusCode.BadRequest)).ShouldBe("诉求已被受理，不能撤回");
        (await Detail(await Cancel(id, "en"), HttpStatusCode.BadRequest)).ShouldBe("The case has been accepted and can no longer be withdrawn");

        // Acting on what one saw before someone else changed it.
        var stale = await _cases.VersionAsync(id) - 1;
        var zh = await (await app.ClientForAsync("wangge.li", "zh-Hans")).PostAsJsonAsync($"/api/v1/cases/{id}/resolve", new { resolution = "已处理", version = stale });
        (await Detail(zh, HttpStatusCode.Conflict)).ShouldBe("该诉求刚被他人更新，请刷新后再试");
        var en = await (await app.ClientForAsync("wangge.li", "en")).PostAsJsonAsync($"/api/v1/cases/{id}/resolve", new { resolution = "已处理", version = stale });
        (await Detail(en, HttpStatusCode.Conflict)).ShouldBe("Someone else has just updated this case; reload and try again");

        await _cases.ResolveAsync(id);
        await _cases.RateAsync(id, Rating.Satisfied);
        var reassign = await (await app.ClientForAsync("wangge.li", "en")).PostAsJsonAsync($"/api/v1/cases/{id}/reassign",
            new { ownerUserId = await _cases.UserIdAsync("wangge.zhang"), reason = "请假", version = await _cases.VersionAsync(id) });
        (await Detail(reassign, HttpStatusCode.BadRequest)).ShouldBe("This case is no longer open");
        (await Detail(await Resolve(id, "zh-Hans"), HttpStatusCode.BadRequest)).ShouldBe("诉求当前为“已关闭”，不能改为“已办结”");
    }

    [Fact]
    public async Task A_case_from_submission_to_satisfied_writes_its_timeline_and_hides_internal_notes_from_the_resident()
    {
        var marker = CaseDriver.Marker();
        var id = await _cases.SubmitAsResidentAsync("other", "小区东门快递堆放杂乱 " + marker);
        var resident = await _cases.ResidentAsync();
        var li = await app.ClientForAsync("wangge.li");
        var residentName = (await CaseDriver.GetAsync(resident, id))["reporterName"]!.GetValue<string>();

        await _cases.AcceptAsync(id);
        (await li.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "内部：先与物业沟通 " + marker + "secret", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await li.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "您好，我们已经受理，明天上门查看", @internal = false })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await resident.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "好的，谢谢", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var referralId = await _cases.ReferToPropertyAsync(id);
        var wuye = await app.ClientForAsync("wuye");
        (await wuye.PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{referralId}/reply", new { text = "物业已安排保洁清理" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await _cases.ResolveAsync(id, "已协调物业清理完毕");
        (await _cases.RateAsync(id, Rating.Satisfied, "很及时")).ShouldBe("Closed");

        var staff = await CaseDriver.GetAsync(li, id);
        staff["status"]!.GetValue<int>().ShouldBe((int)CaseStatus.Closed);
        Kinds(staff).ShouldBe([
            CaseEventKind.Submitted, CaseEventKind.Accepted, CaseEventKind.InternalNote, CaseEventKind.Comment, CaseEventKind.Comment,
            CaseEventKind.Referred, CaseEventKind.ReferralReply, CaseEventKind.Resolved, CaseEventKind.Rated,
        ]);
        var timeline = staff["timeline"]!.AsArray();
        timeline.Select(e => e!["toStatus"]?.GetValue<int?>()).ShouldBe([
            (int)CaseStatus.Submitted, (int)CaseStatus.Accepted, null, null, null, (int)CaseStatus.Referred, null, (int)CaseStatus.Resolved, (int)CaseStatus.Closed,
        ]);
        timeline[1]!["actorName"]!.GetValue<string>().ShouldBe(await _cases.DisplayNameAsync("wangge.li"));
        timeline[4]!["actorName"]!.GetValue<string>().ShouldBe(residentName);
        timeline[4]!["internal"]!.GetValue<bool>().ShouldBeFalse("a resident's comment is never internal");
        timeline[8]!["text"]!.GetValue<string>().ShouldBe("很及时");

        var mine = await (await resident.GetAsync($"/api/v1/cases/{id}")).Content.ReadAsStringAsync();
        mine.ShouldNotContain("secret");
        var own = System.Text.Json.Nodes.JsonNode.Parse(mine)!;
        Kinds(own).ShouldNotContain(CaseEventKind.InternalNote);
        own["timeline"]!.AsArray().ShouldAllBe(e => !e!["internal"]!.GetValue<bool>());
        own["referrals"]!.AsArray().ShouldBeEmpty();
        own["rating"]!.GetValue<int>().ShouldBe((int)Rating.Satisfied);
    }

    [Fact]
    public async Task The_resident_withdraws_before_acceptance_and_nobody_else_can()
    {
        var id = await _cases.SubmitAsResidentAsync("other", "建议在活动室增加阅读区 " + CaseDriver.Marker());
        await (await (await app.ClientForAsync("wangge.li")).PostAsync($"/api/v1/cases/{id}/cancel", null)).ProblemAsync(HttpStatusCode.Forbidden);
        (await (await _cases.ResidentAsync()).PostAsync($"/api/v1/cases/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var c = await _cases.LoadAsync(id);
        c.Status.ShouldBe(CaseStatus.Cancelled);
        c.ClosedAt.ShouldNotBeNull();
        (await _cases.EventsAsync(id)).Last().Kind.ShouldBe(CaseEventKind.Cancelled);
        await (await Accept(id, "wangge.li", "zh-Hans")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_duplicate_is_merged_into_the_open_case_and_its_reporter_is_told()
    {
        var first = await _cases.SubmitAsResidentAsync("other", "单元门禁坏了一直开着 " + CaseDriver.Marker());
        var second = await _cases.SubmitAsResidentAsync("other", "单元门禁坏了关不上 " + CaseDriver.Marker());
        var li = await app.ClientForAsync("wangge.li", "zh-Hans");
        var self = await li.PostAsJsonAsync($"/api/v1/cases/{second}/merge", new { targetId = second, version = await _cases.VersionAsync(second) });
        (await self.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("targetId").ShouldBe(["不能与自身合并"]);
        var unknown = await li.PostAsJsonAsync($"/api/v1/cases/{second}/merge", new { targetId = 987654321, version = await _cases.VersionAsync(second) });
        await unknown.ProblemAsync(HttpStatusCode.NotFound);

        (await li.PostAsJsonAsync($"/api/v1/cases/{second}/merge", new { targetId = first, version = await _cases.VersionAsync(second) })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var merged = await _cases.LoadAsync(second);
        merged.Status.ShouldBe(CaseStatus.Merged);
        merged.MergedIntoId.ShouldBe(first);
        (await _cases.EventsAsync(second)).Last().Kind.ShouldBe(CaseEventKind.Merged);
        (await _cases.EventsAsync(first)).ShouldContain(e => e.Internal && e.Text!.Contains("#" + second));
        var inbox = await CaseDriver.InboxAsync(await _cases.ResidentAsync());
        inbox.ShouldContain(n => n!["kind"]!.GetValue<string>() == "case.merged" && n!["link"]!.GetValue<string>() == $"/cases/{second}");

        // Nothing may be merged into a case that is itself merged or closed.
        var third = await _cases.SubmitAsResidentAsync("other", "门禁问题第三次反映 " + CaseDriver.Marker());
        var intoMerged = await li.PostAsJsonAsync($"/api/v1/cases/{third}/merge", new { targetId = second, version = await _cases.VersionAsync(third) });
        (await intoMerged.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("targetId").ShouldBe(["只能合并到未办结的诉求"]);
    }

    [Fact]
    public async Task Reassigning_needs_a_reason_and_an_eligible_colleague()
    {
        var id = await _cases.SubmitAsResidentAsync("other", "楼下健身器材松动 " + CaseDriver.Marker());
        await _cases.AcceptAsync(id);
        var li = await app.ClientForAsync("wangge.li", "zh-Hans");
        var zhangId = await _cases.UserIdAsync("wangge.zhang");

        var noReason = await li.PostAsJsonAsync($"/api/v1/cases/{id}/reassign", new { ownerUserId = zhangId, reason = "", version = await _cases.VersionAsync(id) });
        (await noReason.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("reason").ShouldBe(["此项必填"]);
        var otherGrid = await li.PostAsJsonAsync($"/api/v1/cases/{id}/reassign",
            new { ownerUserId = await _cases.UserIdAsync("wangge.chen"), reason = "换人", version = await _cases.VersionAsync(id) });
        (await otherGrid.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("ownerUserId").ShouldBe(["只能转派给本网格或本社区的工作人员"]);
        var same = await li.PostAsJsonAsync($"/api/v1/cases/{id}/reassign",
            new { ownerUserId = await _cases.UserIdAsync("wangge.li"), reason = "换人", version = await _cases.VersionAsync(id) });
        (await same.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("ownerUserId").ShouldBe(["该诉求已由此人负责"]);

        var ok = await li.PostAsJsonAsync($"/api/v1/cases/{id}/reassign", new { ownerUserId = zhangId, reason = "本人休假一周", version = await _cases.VersionAsync(id) });
        ok.StatusCode.ShouldBe(HttpStatusCode.NoContent, await ok.Content.ReadAsStringAsync());
        var c = await _cases.LoadAsync(id);
        c.OwnerUserId.ShouldBe(zhangId);
        c.OwnerName.ShouldBe(await _cases.DisplayNameAsync("wangge.zhang"));
        c.Status.ShouldBe(CaseStatus.Accepted);
        var line = (await _cases.EventsAsync(id)).Last();
        line.Kind.ShouldBe(CaseEventKind.Reassigned);
        line.Internal.ShouldBeTrue();
        line.Text!.ShouldContain("本人休假一周");
        var inbox = await CaseDriver.InboxAsync(await app.ClientForAsync("wangge.zhang"));
        inbox.ShouldContain(n => n!["kind"]!.GetValue<string>() == "case.assigned" && n!["link"]!.GetValue<string>() == $"/cases/{id}");
        (await CaseDriver.GetAsync(await _cases.ResidentAsync(), id))["timeline"]!.AsArray()
            .ShouldNotContain(e => e!["kind"]!.GetValue<int>() == (int)CaseEventKind.Reassigned);
    }

    private static CaseEventKind[] Kinds(JsonNode view) => view["timeline"]!.AsArray().Select(e => (CaseEventKind)e!["kind"]!.GetValue<int>()).ToArray();

    private static async Task<string> Detail(HttpResponseMessage response, HttpStatusCode expected) =>
        (await response.ProblemAsync(expected))["detail"]!.GetValue<string>();

    private async Task<HttpResponseMessage> Resolve(long id, string language) =>
        await (await app.ClientForAsync("wangge.li", language)).PostAsJsonAsync($"/api/v1/cases/{id}/resolve", new { resolution = "已处理", version = await _cases.VersionAsync(id) });

    private async Task<HttpResponseMessage> Rate(long id, string language) =>
        await (await _cases.ResidentAsync(language)).PostAsJsonAsync($"/api/v1/cases/{id}/rate", new { rating = (int)Rating.Satisfied });

    private async Task<HttpResponseMessage> Accept(long id, string userName, string language) =>
        await (await app.ClientForAsync(userName, language)).PostAsync($"/api/v1/cases/{id}/accept", null);

    private async Task<HttpResponseMessage> Cancel(long id, string language) =>
        await (await _cases.ResidentAsync(language)).PostAsync($"/api/v1/cases/{id}/cancel", null);

    private async Task<HttpResponseMessage> ActAsync(long id, string action, string language)
    {
        var li = await app.ClientForAsync("wangge.li", language);
        switch (action)
        {
            case "accept": return await li.PostAsync($"/api/v1/cases/{id}/accept", null);
            case "refer":
                return await li.PostAsJsonAsync($"/api/v1/cases/{id}/refer", new { kind = (int)ReferralKind.PropertyCompany, version = await _cases.VersionAsync(id) });
            case "resolve": return await Resolve(id, language);
            case "rate": return await Rate(id, language);
            case "cancel": return await Cancel(id, language);
            case "merge":
                var target = await _cases.SubmitAsResidentAsync("other", "合并目标 " + CaseDriver.Marker());
                return await li.PostAsJsonAsync($"/api/v1/cases/{id}/merge", new { targetId = target, version = await _cases.VersionAsync(id) });
            default:
                return await li.PostAsJsonAsync($"/api/v1/cases/{id}/reassign",
                    new { ownerUserId = await _cases.UserIdAsync("wangge.zhang"), reason = "工作调整", version = await _cases.VersionAsync(id) });
        }
    }

    private async Task<long> InStateAsync(CaseStatus state, string description)
    {
        var id = await _cases.SubmitAsResidentAsync("other", description);
        switch (state)
        {
            case CaseStatus.Submitted: break;
            case CaseStatus.Accepted: await _cases.AcceptAsync(id); break;
            case CaseStatus.Referred: await _cases.AcceptAsync(id); await _cases.ReferToPropertyAsync(id); break;
            case CaseStatus.Resolved: await _cases.AcceptAsync(id); await _cases.ResolveAsync(id); break;
            case CaseStatus.Closed: await _cases.AcceptAsync(id); await _cases.ResolveAsync(id); (await _cases.RateAsync(id, Rating.Satisfied)).ShouldBe("Closed"); break;
            case CaseStatus.Reopened: await _cases.AcceptAsync(id); await _cases.ResolveAsync(id); (await _cases.RateAsync(id, Rating.Unsatisfied)).ShouldBe("Reopened"); break;
            case CaseStatus.Cancelled:
                (await (await _cases.ResidentAsync()).PostAsync($"/api/v1/cases/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
                break;
            case CaseStatus.Merged:
                var target = await _cases.SubmitAsResidentAsync("other", "先报的同一问题 " + CaseDriver.Marker());
                (await (await app.ClientForAsync("wangge.li")).PostAsJsonAsync($"/api/v1/cases/{id}/merge", new { targetId = target, version = await _cases.VersionAsync(id) }))
                    .StatusCode.ShouldBe(HttpStatusCode.NoContent);
                break;
        }
        (await _cases.LoadAsync(id)).Status.ShouldBe(state);
        return id;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCaseTransitionTests(SqliteApp app) : CaseTransitionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCaseTransitionTests(PostgresApp app) : CaseTransitionTests(app);
