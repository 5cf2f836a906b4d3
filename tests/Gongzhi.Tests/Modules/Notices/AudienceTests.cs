using System.Net;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Notices;

// Who a notice is for, read from the registry when it is published: the households of its place
// whose people match the audience, and an inbox message for each of their accounts. The expected
// sets are worked out here in memory from the raw rows, not by the app's query.
public abstract class AudienceTests(GongzhiApp app)
{
    private readonly NoticeDriver _d = new(app);

    private sealed record Person(long Id, long HouseholdId, long CommunityId, long BuildingId, DateOnly? BirthDate, ResidentStatus Status);

    private async Task<List<Person>> PeopleAsync()
    {
        await using var db = app.NewDb();
        return await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join e in db.Estates on h.EstateId equals e.Id
                      select new Person(r.Id, h.Id, e.CommunityId, h.BuildingId, r.BirthDate, r.Status)).ToListAsync();
    }

    [Fact]
    public async Task Everyone_in_a_community_means_every_household_of_it_and_each_linked_account_gets_an_inbox_message()
    {
        var community = await _d.Community1Async();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, title: "燃气安全入户排查"));
        await using var db = app.NewDb();
        var expected = (await (from h in db.Households join e in db.Estates on h.EstateId equals e.Id where e.CommunityId == community select h.Id).ToListAsync()).ToHashSet();
        (await _d.RecipientsAsync(id)).SetEquals(expected).ShouldBeTrue();

        var facts = await DemoFacts.ForAsync(app);
        var residentId = facts.UserIds[facts.ResidentUserName];
        var note = await db.Notifications.SingleAsync(n => n.UserId == residentId && n.Link == "/notices/" + id);
        note.MessageKey.ShouldBe("Notices.Inbox.Published");
        note.SentAt.ShouldNotBeNull(); // an ordinary notice stays in the inbox: no SMS to a whole community
        // Staff accounts are not residents of it: no message for them.
        (await db.Notifications.AnyAsync(n => n.UserId == facts.UserIds["tuanjie"] && n.Link == "/notices/" + id)).ShouldBeFalse();
    }

    [Fact]
    public async Task Owners_are_the_households_with_an_active_owner_on_the_register()
    {
        var community = await _d.Community1Async();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, audience: NoticeAudience.Owners, title: "业主大会筹备通知"));
        await using var db = app.NewDb();
        var owners = (await db.Ownerships.Where(o => o.ResidentId != null).Select(o => o.ResidentId!.Value).ToListAsync()).ToHashSet();
        var expected = (await PeopleAsync()).Where(p => p.CommunityId == community && p.Status == ResidentStatus.Active && owners.Contains(p.Id))
            .Select(p => p.HouseholdId).ToHashSet();
        expected.Count.ShouldBeGreaterThan(0);
        (await _d.RecipientsAsync(id)).SetEquals(expected).ShouldBeTrue();
    }

    [Fact]
    public async Task Sixty_and_over_is_counted_from_the_birth_date_on_the_register()
    {
        var community = await _d.Community1Async();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, NoticeKind.Reminder, NoticeAudience.Elderly60, "流感疫苗免费接种"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var expected = (await PeopleAsync()).Where(p => p.CommunityId == community && p.Status == ResidentStatus.Active && p.BirthDate is { } b && b.AddYears(60) <= today)
            .Select(p => p.HouseholdId).ToHashSet();
        expected.Count.ShouldBeGreaterThan(0);
        var got = await _d.RecipientsAsync(id);
        got.SetEquals(expected).ShouldBeTrue();
        got.Count.ShouldBeLessThan((await PeopleAsync()).Where(p => p.CommunityId == community).Select(p => p.HouseholdId).Distinct().Count());
    }

    [Fact]
    public async Task A_care_reason_reaches_only_households_with_someone_carrying_that_tag()
    {
        var community = await _d.Community1Async();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, NoticeKind.Reminder, NoticeAudience.CareReason, "寒潮来袭，独居老人请注意保暖",
            care: CareTagKind.ElderlyAlone));
        await using var db = app.NewDb();
        var tagged = (await db.CareTags.Where(t => t.Kind == CareTagKind.ElderlyAlone).Select(t => t.ResidentId).ToListAsync()).ToHashSet();
        var expected = (await PeopleAsync()).Where(p => p.CommunityId == community && p.Status == ResidentStatus.Active && tagged.Contains(p.Id))
            .Select(p => p.HouseholdId).ToHashSet();
        expected.Count.ShouldBeGreaterThan(0);
        (await _d.RecipientsAsync(id)).SetEquals(expected).ShouldBeTrue();
    }

    [Fact]
    public async Task A_building_notice_is_for_that_building_only_and_is_not_shown_to_a_resident_elsewhere()
    {
        var building = await _d.LeaderBuildingAsync();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Building, building, title: "电梯维保暂停使用", audience: NoticeAudience.Owners));
        var expected = (await PeopleAsync()).Where(p => p.BuildingId == building).Select(p => p.HouseholdId).ToHashSet();
        var got = await _d.RecipientsAsync(id);
        got.ShouldNotBeEmpty();
        got.IsSubsetOf(expected).ShouldBeTrue();

        // A targeted notice is not public: a visitor gets 404, and so does a resident it was not for.
        (await app.Anonymous().GetAsync($"/api/v1/notices/{id}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var resident = await _d.ResidentAsync();
        var facts = await DemoFacts.ForAsync(app);
        var status = (await resident.GetAsync($"/api/v1/notices/{id}")).StatusCode;
        status.ShouldBe(got.Contains(facts.ResidentHouseholdId) ? HttpStatusCode.OK : HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_urgent_notice_also_goes_out_through_the_outbound_channel()
    {
        var building = await _d.LeaderBuildingAsync();
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        // The leader is a resident of the building; link found by the account's ResidentId.
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), NoticeKind.Urgent, title: "紧急停电通知"));
        var residentId = facts.UserIds[facts.ResidentUserName];
        var note = await db.Notifications.SingleAsync(n => n.UserId == residentId && n.Link == "/notices/" + id);
        note.Kind.ShouldBe("notice.urgent");
        // The outbox worker hands it to the sender (a file in development) within a few passes.
        var file = Path.Combine(app.DataDirectory, "outbox", "messages.log");
        bool Sent()
        {
            try
            {
                return File.Exists(file) && File.ReadAllLines(file).Where(l => l.EndsWith('}')).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!)
                    .Any(m => m["UserId"]!.GetValue<string>() == residentId && m["Kind"]!.GetValue<string>() == "notice.urgent"
                              && m["Text"]!.GetValue<string>().Contains("紧急停电通知", StringComparison.Ordinal));
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                return false; // caught mid-write; look again
            }
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !Sent()) await Task.Delay(250);
        Sent().ShouldBeTrue();
        _ = building;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAudienceTests(SqliteApp app) : AudienceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAudienceTests(PostgresApp app) : AudienceTests(app);
