using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Deliberation;

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

    // The meeting page's four forms: invite (简体), an item's resolution (English), minutes (繁體) and the
    // attendee's own sign-in code (简体). Each refusal sits under its field; nothing is written.
    [Fact]
    public async Task The_meeting_forms_show_each_refusal_under_its_field_keep_what_was_typed_and_write_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        var topic = await _d.CreateAsync();
        var api = await _d.StaffAsync();
        var meeting = (await (await api.PostAsJsonAsync("/api/v1/meetings", new
        {
            communityId = facts.Community1, kind = (int)MeetingKind.PartyMassCouncil, title = "党群议事会" + TopicDriver.Marker(),
            place = "二楼会议室", startsAt = DateTime.UtcNow.AddDays(1), topicIds = new[] { topic },
        })).JsonAsync()).Long("id");
        // The staff member is on the list with an account, so the page offers them the sign-in form too.
        (await api.PostAsJsonAsync($"/api/v1/meetings/{meeting}/attendees", new { name = "团结巷社区", capacity = (int)DelegateCapacity.PartyOrganisation, userName = "tuanjie" }))
            .IsSuccessStatusCode.ShouldBeTrue();
        var item = (await (await api.GetAsync($"/api/v1/meetings/{meeting}")).JsonAsync())["items"]![0]!.Long("id");
        var page = $"/meetings/{meeting}";
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var organisation = "街道办" + TopicDriver.Marker();

        var invite = await staff.PostFormAsync(page, "invite", new Dictionary<string, string>
        {
            ["AttendeeInput.Name"] = " ", ["AttendeeInput.Capacity"] = "ResidentDelegate", ["AttendeeInput.Organisation"] = organisation, ["AttendeeInput.UserName"] = "",
        });
        invite.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await invite.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside("delegate-name", "delegate-Name", "此项必填");
        html.ShouldNotMarkInvalid("delegate-organisation");
        html.ShouldNotMarkInvalid("minutes");
        html.ShouldContain($"value=\"{organisation}\"");
        html.ShouldMatch("<details[^>]*open[^>]*>\\s*<summary id=\"invite\"");

        var english = await PageSession.LogInAsync(app, "tuanjie", "en");
        var resolve = await english.PostFormAsync(page, $"item-{item}", new Dictionary<string, string>
        {
            ["ItemInput.ItemId"] = Id(item), ["ItemInput.Resolution"] = "Put it to a household vote", ["ItemInput.VotesFor"] = "0", ["ItemInput.VotesAgainst"] = "0", ["ItemInput.VotesAbstain"] = "0",
        });
        resolve.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        html = await resolve.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside($"for-{item}", $"for-{item}", "Enter the votes taken in the room");
        html.ShouldNotMarkInvalid($"resolution-{item}");
        html.ShouldNotMarkInvalid($"against-{item}");
        html.ShouldContain("Put it to a household vote</textarea>");

        var traditional = await PageSession.LogInAsync(app, "tuanjie", "zh-Hant");
        int version;
        await using (var db0 = app.NewDb()) version = await db0.Meetings.Where(m => m.Id == meeting).Select(m => m.Version).SingleAsync();
        var minutes = await traditional.PostFormAsync(page, "minutes", new Dictionary<string, string> { ["TextInput.Text"] = "  ", ["TextInput.Version"] = Id(version) });
        minutes.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await minutes.Content.ReadAsStringAsync()).ShouldShowErrorBeside("minutes", "Minutes", "此項必填");

        var signIn = await staff.PostFormAsync(page, "sign-in", new Dictionary<string, string> { ["TextInput.Text"] = "ZZ-0000" });
        signIn.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        html = await signIn.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside("sign-in-input", "Code", "签到码不正确");
        html.ShouldContain("value=\"ZZ-0000\"");
        html.ShouldNotMarkInvalid("delegate-name");

        await using var db = app.NewDb();
        (await db.MeetingAttendees.CountAsync(a => a.MeetingId == meeting)).ShouldBe(1);
        (await db.MeetingAttendees.AnyAsync(a => a.MeetingId == meeting && a.SignedInAt != null)).ShouldBeFalse();
        (await db.MeetingItems.Where(i => i.Id == item).Select(i => i.Resolution).SingleAsync()).ShouldBeNull();
        (await db.Meetings.Where(m => m.Id == meeting).Select(m => m.Minutes).SingleAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_paper_ballot_for_someone_off_the_roll_is_refused_under_the_elector_in_traditional_chinese_and_no_ballot_is_written()
    {
        var topic = await _d.CreateAsync();
        var vote = await _d.OpenVoteAsync(topic, VoteBasis.PerHousehold);
        var staff = await PageSession.LogInAsync(app, "tuanjie", "zh-Hant");

        var response = await staff.PostFormAsync($"/votes/{vote}", "paper", new Dictionary<string, string> { ["BallotInput.ElectorId"] = "999999999", ["BallotInput.Choice"] = "1" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside("paper-elector", "ElectorId", "您不在本次表決的投票人名冊中");
        html.ShouldMatch("<input type=\"radio\" name=\"BallotInput.Choice\" value=\"1\" id=\"paper-choice-1\" checked");
        (await _d.BallotsAsync(vote)).ShouldBeEmpty();
    }

    // The per-row forms of the topic page: a resident's answer (English), the answer to an objection (简体)
    // and a milestone's progress (繁體). Only the row that was sent is marked.
    [Fact]
    public async Task The_topic_pages_row_forms_show_each_refusal_under_that_rows_field_and_write_nothing()
    {
        var topic = await _d.CreateAsync();
        var api = await _d.StaffAsync();
        var consultation = (await (await api.PostAsJsonAsync($"/api/v1/topics/{topic}/consultations", new
        {
            question = "充电设施建在哪里？", mode = (int)ConsultationMode.Single, days = 7, options = new object[] { new { text = "北门" }, new { text = "南门" } },
        })).JsonAsync()).Long("id");
        var page = $"/topics/{topic}";
        var facts = await DemoFacts.ForAsync(app);
        var resident = await PageSession.LogInAsync(app, facts.ResidentUserName, "en");
        var answer = await resident.PostFormAsync(page, $"answer-{consultation}", new Dictionary<string, string>
        {
            ["AnswerInput.ConsultationId"] = Id(consultation), ["AnswerInput.Picks"] = "2", ["AnswerInput.Comment"] = new string('长', 501),
        });
        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await answer.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside($"comment-{consultation}", $"comment-{consultation}", "Must be at most 500 characters");
        html.ShouldMatch($"<input type=\"radio\" name=\"AnswerInput.Picks\" value=\"2\" checked");

        // In its public notice with an objection, then in implementation with a milestone (set directly: the
        // steps between are the lifecycle tests' business).
        await using (var db = app.NewDb())
            await db.Topics.Where(t => t.Id == topic).ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, TopicStatus.Notice).SetProperty(x => x.NoticeText, "经表决通过，在北门建设充电柜。")
                .SetProperty(x => x.NoticeFrom, DateTime.UtcNow.AddHours(-1)).SetProperty(x => x.NoticeUntil, DateTime.UtcNow.AddDays(7)));
        var residentApi = await _d.ResidentAsync();
        var objection = (await (await residentApi.PostAsJsonAsync($"/api/v1/topics/{topic}/objections", new { text = "离窗户太近。" })).JsonAsync()).Long("id");
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var reply = await staff.PostFormAsync(page, $"answer-objection-{objection}", new Dictionary<string, string> { ["TextInput.Id"] = Id(objection), ["TextInput.Text"] = " " });
        reply.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await reply.Content.ReadAsStringAsync()).ShouldShowErrorBeside($"reply-{objection}", $"reply-{objection}", "此项必填");

        await using (var db = app.NewDb())
            await db.Topics.Where(t => t.Id == topic).ExecuteUpdateAsync(t => t.SetProperty(x => x.Status, TopicStatus.Implementation));
        var milestone = (await (await api.PostAsJsonAsync($"/api/v1/topics/{topic}/milestones",
            new { title = "充电柜安装", ownerName = "物业工程部", dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)) })).JsonAsync()).Long("id");
        var traditional = await PageSession.LogInAsync(app, "tuanjie", "zh-Hant");
        var progress = await traditional.PostFormAsync(page, $"progress-{milestone}", new Dictionary<string, string>
        {
            ["ProgressInput.MilestoneId"] = Id(milestone), ["ProgressInput.Version"] = "0", ["ProgressInput.Progress"] = "150", ["ProgressInput.Note"] = "已到货", ["ProgressInput.PhotoUrl"] = "",
        });
        progress.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        html = await progress.Content.ReadAsStringAsync();
        html.ShouldShowErrorBeside($"progress-{milestone}", $"progress-{milestone}", "應在 0 到 100 之間");
        html.ShouldNotMarkInvalid($"note-{milestone}");
        html.ShouldContain("value=\"已到货\"");
        html.ShouldNotMarkInvalid($"reply-{objection}");

        await using var after = app.NewDb();
        (await after.ConsultationResponses.AnyAsync(r => r.ConsultationId == consultation)).ShouldBeFalse();
        (await after.Objections.Where(o => o.Id == objection).Select(o => o.Answer).SingleAsync()).ShouldBeNull();
        (await after.Milestones.Where(m => m.Id == milestone).Select(m => m.Progress).SingleAsync()).ShouldBe(0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteDeliberationFieldErrorTests(SqliteApp app) : DeliberationFieldErrorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDeliberationFieldErrorTests(PostgresApp app) : DeliberationFieldErrorTests(app);
