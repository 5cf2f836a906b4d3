using System.Net;
using Gongzhi.Web.Modules.Volunteering.Points;

namespace Gongzhi.Tests.Modules.Volunteering;

// The points-rules page (API-only before): approvers change their community's rules through
// PointsCommands.SetRuleAsync; another community is 404, other roles 403, and a bad number says why
// next to the field, keeps what was typed and writes nothing.
public abstract class RulesPageTests(GongzhiApp app)
{
    private const string Page = "/points/rules";

    private async Task<int> PerHourAsync(long community)
    {
        await using var db = app.NewDb();
        return await db.PointsRules.AsNoTracking().Where(r => r.Kind == RuleKind.PerHour && r.Key == "" && (r.CommunityId == community || r.CommunityId == null))
            .OrderBy(r => r.CommunityId == null).Select(r => r.Points).FirstAsync();
    }

    [Fact]
    public async Task An_approver_changes_a_rule_of_their_community_and_bad_numbers_change_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var html = await staff.Client.GetStringAsync(Page);
        html.ShouldContain("data-rule=\"PerHour/\"");
        html.ShouldContain("治安巡逻");
        var before = await PerHourAsync(facts.Community1);
        await using var db = app.NewDb();
        var rows = await db.PointsRules.CountAsync();

        foreach (var bad in new[] { "十", "-5", "" })
        {
            var response = await staff.PostFormAsync(Page, "rule", new() { ["Row"] = "0", ["Points-0"] = bad });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
            var page = await response.Content.ReadAsStringAsync();
            page.ShouldContain("data-field-error=\"Points\"");
            if (bad.Length > 0) page.ShouldContain($"value=\"{bad}\"");
        }
        (await db.PointsRules.CountAsync()).ShouldBe(rows);
        (await PerHourAsync(facts.Community1)).ShouldBe(before);

        var changed = before + 2;
        try
        {
            (await staff.PostFormAsync(Page, "rule", new() { ["Row"] = "0", ["Points-0"] = $"{changed}" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
            (await PerHourAsync(facts.Community1)).ShouldBe(changed);
            (await staff.Client.GetStringAsync(Page)).ShouldContain("本社区设定");
        }
        finally
        {
            // Other tests in this app count on the community's hourly rate: put it back.
            (await staff.PostFormAsync(Page, "rule", new() { ["Row"] = "0", ["Points-0"] = $"{before}" })).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
    }

    [Fact]
    public async Task Another_community_is_404_and_other_roles_get_403()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var foreign = $"{Page}?communityId={facts.Community2}";
        (await staff.Client.GetAsync(foreign)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var before = await PerHourAsync(facts.Community2);
        var token = await staff.TokenAsync(Page);
        var post = await staff.Client.PostAsync(foreign, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "rule", ["__RequestVerificationToken"] = token, ["Row"] = "0", ["Points-0"] = $"{before + 7}",
        }));
        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PerHourAsync(facts.Community2)).ShouldBe(before);

        foreach (var user in new[] { "wangge.li", "wuye", facts.ResidentUserName })
            (await (await PageSession.LogInAsync(app, user)).Client.GetAsync(Page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, user);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRulesPageTests(SqliteApp app) : RulesPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRulesPageTests(PostgresApp app) : RulesPageTests(app);
