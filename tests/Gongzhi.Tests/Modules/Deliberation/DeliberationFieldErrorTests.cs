using System.Globalization;
using System.Net;

namespace Gongzhi.Tests.Modules.Deliberation;

// A form refused on the deliberation pages says why under the field concerned, in the person's language,
// keeps what was typed, and writes nothing.
public abstract class DeliberationFieldErrorTests(GongzhiApp app)
{
    private readonly TopicDriver _d = new(app);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_topic_title_too_short_is_refused_under_the_title_and_no_topic_is_written()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var description = "在 3 号楼北侧增设雨棚。" + TopicDriver.Marker();
        int before;
        await using (var db = app.NewDb()) before = await db.Topics.CountAsync();

        var response = await staff.PostFormAsync("/topics/new", "topic", new Dictionary<string, string>
        {
            ["Input.Title"] = "雨棚", ["Input.Description"] = description, ["Input.CommunityId"] = Id(facts.Community1), ["Input.EstateId"] = "", ["Input.Source"] = "Staff",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside("title", "Title", "标题至少 4 个字");
        html.ShouldNotMarkInvalid("description");
        html.ShouldContain("value=\"雨棚\"");
        html.ShouldContain(description);
        await using var after = app.NewDb();
        (await after.Topics.CountAsync()).ShouldBe(before);
        (await after.Topics.AnyAsync(t => t.Description == description)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_meeting_without_a_name_is_refused_under_the_name_in_english_and_no_meeting_is_written()
    {
        var facts = await DemoFacts.ForAsync(app);
        var topic = await _d.CreateAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie", "en");
        var place = "二楼会议室" + TopicDriver.Marker();
        int before;
        await using (var db = app.NewDb()) before = await db.Meetings.CountAsync();

        var page = $"/meetings/new?topicId={topic}";
        var response = await staff.PostFormAsync(page, "meeting", new Dictionary<string, string>
        {
            ["Input.Kind"] = "PartyMassCouncil", ["Input.Title"] = "  ", ["Input.Place"] = place, ["Input.StartsAt"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
            ["Input.CommunityId"] = Id(facts.Community1), ["Input.TopicIds"] = Id(topic),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside("meeting-title", "Title", "This field is required");
        html.ShouldNotMarkInvalid("place");
        html.ShouldContain($"value=\"{place}\"");
        await using var after = app.NewDb();
        (await after.Meetings.CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_consultation_with_one_option_is_refused_under_the_options_with_its_panel_open_and_nothing_written()
    {
        var topic = await _d.CreateAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie", "zh-Hant");
        var page = $"/topics/{topic}";

        var response = await staff.PostFormAsync(page, "consultation", new Dictionary<string, string>
        {
            ["ConsultationInput.Question"] = "兑换点放在哪里？", ["ConsultationInput.Mode"] = "Single", ["ConsultationInput.Options"] = "社区服务站", ["ConsultationInput.Days"] = "7",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside("options", "Options", "選項須有 2 到 20 個");
        html.ShouldNotMarkInvalid("question");
        html.ShouldContain("value=\"兑换点放在哪里？\"");
        html.ShouldMatch("<details[^>]*open[^>]*>\\s*<summary id=\"open-consultation\"");
        // The vote form on the same page was not sent: its fields are not marked.
        html.ShouldNotMarkInvalid("choices");
        await using var db = app.NewDb();
        (await db.Consultations.AnyAsync(c => c.TopicId == topic)).ShouldBeFalse();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteDeliberationFieldErrorTests(SqliteApp app) : DeliberationFieldErrorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDeliberationFieldErrorTests(PostgresApp app) : DeliberationFieldErrorTests(app);
