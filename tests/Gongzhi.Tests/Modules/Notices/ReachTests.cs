using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Notices;

// Read receipts: a resident opening a notice reaches their household; a building leader sees the
// households of their building not yet reached and records 已当面告知.
public abstract class ReachTests(GongzhiApp app)
{
    private readonly NoticeDriver _d = new(app);

    private async Task<long> ResidentBuildingAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        return await db.Households.Where(h => h.Id == facts.ResidentHouseholdId).Select(h => h.BuildingId).SingleAsync();
    }

    [Fact]
    public async Task A_resident_reading_reaches_their_household_once_and_staff_reading_counts_for_nothing()
    {
        var facts = await DemoFacts.ForAsync(app);
        var building = await ResidentBuildingAsync();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Building, building, title: "楼道粉刷通知"));
        var resident = await _d.ResidentAsync();
        ((bool)(await (await resident.PostAsync($"/api/v1/notices/{id}/read", null)).JsonAsync())["recorded"]!).ShouldBeTrue();
        ((bool)(await (await resident.PostAsync($"/api/v1/notices/{id}/read", null)).JsonAsync())["recorded"]!).ShouldBeFalse();
        var staff = await _d.StaffAsync();
        ((bool)(await (await staff.PostAsync($"/api/v1/notices/{id}/read", null)).JsonAsync())["recorded"]!).ShouldBeFalse();

        await using var db = app.NewDb();
        (await db.Set<NoticeRead>().CountAsync(r => r.NoticeId == id)).ShouldBe(1);
        (await db.Set<NoticeRead>().SingleAsync(r => r.NoticeId == id)).HouseholdId.ShouldBe(facts.ResidentHouseholdId);

        var reach = await (await staff.GetAsync($"/api/v1/notices/{id}/reach")).JsonAsync();
        ((int)reach["reached"]!).ShouldBe(1);
        ((int)reach["readBy"]!).ShouldBe(1);
        var households = await _d.RecipientsAsync(id);
        ((int)reach["households"]!).ShouldBe(households.Count);
        // Per entrance: the resident's entrance shows one reached, the others none.
        var entrance = await db.Households.Where(h => h.Id == facts.ResidentHouseholdId).Select(h => h.EntranceId).SingleAsync();
        foreach (var row in reach["places"]!.AsArray())
            ((int)row!["reached"]!).ShouldBe(row.Long("entranceId") == entrance ? 1 : 0);
    }

    [Fact]
    public async Task Opening_the_page_as_a_resident_is_a_read()
    {
        var building = await ResidentBuildingAsync();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Building, building, title: "水箱清洗通知"));
        var facts = await DemoFacts.ForAsync(app);
        var session = await PageSession.LogInAsync(app, facts.ResidentUserName);
        var html = await session.Client.GetStringAsync($"/notices/{id}");
        html.ShouldContain("水箱清洗通知");
        await using var db = app.NewDb();
        (await db.Set<NoticeRead>().AnyAsync(r => r.NoticeId == id && r.HouseholdId == facts.ResidentHouseholdId)).ShouldBeTrue();
    }

    [Fact]
    public async Task A_building_leader_sees_the_households_not_reached_and_marks_one_told_in_person()
    {
        var building = await _d.LeaderBuildingAsync();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "停水通知（楼栋长转告）"));
        var leader = await _d.LeaderAsync();
        var list = (await (await leader.GetAsync($"/api/v1/notices/{id}/unreached")).JsonAsync()).AsArray();
        await using var db = app.NewDb();
        var inBuilding = (await db.Households.Where(h => h.BuildingId == building).Select(h => h.Id).ToListAsync()).ToHashSet();
        list.Select(x => x!.Long("householdId")).ToHashSet().SetEquals(inBuilding.Where(h => true)).ShouldBeTrue(); // nobody has read it yet
        var first = list[0]!.Long("householdId");
        list[0]!["address"]!.GetValue<string>().ShouldContain("栋");

        (await leader.PostAsync($"/api/v1/notices/{id}/households/{first}/told", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var after = (await (await leader.GetAsync($"/api/v1/notices/{id}/unreached")).JsonAsync()).AsArray();
        after.Select(x => x!.Long("householdId")).ShouldNotContain(first);
        after.Count.ShouldBe(list.Count - 1);
        var told = await db.Set<NoticeRecipient>().SingleAsync(r => r.NoticeId == id && r.HouseholdId == first);
        told.ToldByUserId.ShouldBe((await DemoFacts.ForAsync(app)).UserIds["loudong"]);
        told.ToldAt.ShouldNotBeNull();

        // A second leader at the same door: 409, naming who told them.
        var twice = await (await leader.PostAsync($"/api/v1/notices/{id}/households/{first}/told", null)).ProblemAsync(HttpStatusCode.Conflict);
        twice["detail"]!.GetValue<string>().ShouldContain(told.ToldByName!);

        // Reach per building counts it.
        var reach = await (await leader.GetAsync($"/api/v1/notices/{id}/reach")).JsonAsync();
        ((int)reach["reached"]!).ShouldBeGreaterThanOrEqualTo(1);
        reach["places"]!.AsArray().All(p => p!.Long("buildingId") == building).ShouldBeTrue(); // a leader sees their building only
    }

    [Fact]
    public async Task A_leader_cannot_mark_a_household_outside_their_building_and_a_resident_cannot_mark_at_all()
    {
        var building = await _d.LeaderBuildingAsync();
        var community = await _d.Community1Async();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, title: "垃圾分类宣传"));
        await using var db = app.NewDb();
        var outside = await (from h in db.Households join e in db.Estates on h.EstateId equals e.Id
                             where e.CommunityId == community && h.BuildingId != building select h.Id).FirstAsync();
        var leader = await _d.LeaderAsync();
        (await leader.PostAsync($"/api/v1/notices/{id}/households/{outside}/told", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var resident = await _d.ResidentAsync();
        var facts = await DemoFacts.ForAsync(app);
        (await resident.PostAsync($"/api/v1/notices/{id}/households/{facts.ResidentHouseholdId}/told", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await resident.GetAsync($"/api/v1/notices/{id}/unreached")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await db.Set<NoticeRecipient>().CountAsync(r => r.NoticeId == id && r.ToldAt != null)).ShouldBe(0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteReachTests(SqliteApp app) : ReachTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReachTests(PostgresApp app) : ReachTests(app);
