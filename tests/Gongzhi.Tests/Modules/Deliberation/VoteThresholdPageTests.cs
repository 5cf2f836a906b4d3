using System.Net;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Deliberation.Tally;

namespace Gongzhi.Tests.Modules.Deliberation;

// The vote-opening form on the topic page offers the turnout and approval thresholds the API takes for
// per-person and per-household votes; a bad one is refused next to its field, keeping what was typed.
public abstract class VoteThresholdPageTests(GongzhiApp app)
{
    private async Task<(PageSession Staff, long Topic)> TopicAsync()
    {
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var facts = await DemoFacts.ForAsync(app);
        var created = await staff.PostFormAsync("/topics/new", "topic", new Dictionary<string, string>
        {
            ["Input.Title"] = "楼道堆物清理 " + TopicDriver.Marker(), ["Input.Description"] = "清理楼道堆放的杂物。",
            ["Input.CommunityId"] = facts.Community1.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.EstateId"] = "", ["Input.Source"] = "Staff",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var path = created.Headers.Location!.OriginalString;
        return (staff, long.Parse(path[(path.LastIndexOf('/') + 1)..].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Staff_choose_turnout_and_approval_when_opening_a_vote_and_bad_values_are_said_next_to_the_field()
    {
        var (staff, topic) = await TopicAsync();
        var page = $"/topics/{topic}";
        var html = await staff.Client.GetStringAsync(page);
        html.ShouldContain("id=\"quorum\"");
        html.ShouldContain("id=\"approval\"");
        html.ShouldContain("参与表决的最低比例");

        await using var db = app.NewDb();
        var votes = await db.Votes.CountAsync();
        var bad = await staff.PostFormAsync(page, "vote", new Dictionary<string, string>
        {
            ["VoteInput.Title"] = "是否同意统一清理", ["VoteInput.Basis"] = "PerPerson", ["VoteInput.Quorum"] = "Nine", ["VoteInput.Approval"] = "7", ["VoteInput.Days"] = "7",
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await bad.Content.ReadAsStringAsync();
        text.ShouldContain("data-field-error=\"Quorum\"");
        text.ShouldContain("value=\"是否同意统一清理\"");
        (await db.Votes.CountAsync()).ShouldBe(votes);

        var tooLong = await staff.PostFormAsync(page, "vote", new Dictionary<string, string>
        {
            ["VoteInput.Title"] = "是否同意统一清理", ["VoteInput.Basis"] = "PerPerson", ["VoteInput.Approval"] = "7", ["VoteInput.Days"] = "99",
        });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var tooLongText = await tooLong.Content.ReadAsStringAsync();
        tooLongText.ShouldContain("data-field-error=\"Approval\"");
        (await db.Votes.CountAsync()).ShouldBe(votes);

        var opened = await staff.PostFormAsync(page, "vote", new Dictionary<string, string>
        {
            ["VoteInput.Title"] = "是否同意统一清理", ["VoteInput.Basis"] = "PerPerson", ["VoteInput.Quorum"] = "ThreeQuarters", ["VoteInput.Approval"] = "TwoThirds",
            ["VoteInput.Days"] = "7", ["VoteInput.AllowChange"] = "true",
        });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect, await opened.Content.ReadAsStringAsync());
        var vote = await db.Votes.AsNoTracking().Where(v => v.TopicId == topic).SingleAsync();
        (vote.Basis, vote.Quorum, vote.Approval).ShouldBe((VoteBasis.PerPerson, (Threshold?)Threshold.ThreeQuarters, (Threshold?)Threshold.TwoThirds));
        // The vote page says what it takes: the approval chosen, not the default.
        (await staff.Client.GetStringAsync($"/votes/{vote.Id}")).ShouldContain("不少于三分之二");
    }

    [Fact]
    public async Task Left_at_the_default_a_household_vote_needs_two_thirds_taking_part()
    {
        var (staff, topic) = await TopicAsync();
        var opened = await staff.PostFormAsync($"/topics/{topic}", "vote", new Dictionary<string, string>
        {
            ["VoteInput.Title"] = "是否同意统一清理", ["VoteInput.Basis"] = "PerHousehold", ["VoteInput.Quorum"] = "", ["VoteInput.Approval"] = "", ["VoteInput.Days"] = "7",
        });
        opened.StatusCode.ShouldBe(HttpStatusCode.Redirect, await opened.Content.ReadAsStringAsync());
        await using var db = app.NewDb();
        var vote = await db.Votes.AsNoTracking().Where(v => v.TopicId == topic).SingleAsync();
        (vote.Quorum, vote.Approval).ShouldBe(((Threshold?)Threshold.TwoThirds, (Threshold?)Threshold.MoreThanHalf));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVoteThresholdPageTests(SqliteApp app) : VoteThresholdPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVoteThresholdPageTests(PostgresApp app) : VoteThresholdPageTests(app);
