using System.Net;
using System.Net.Http.Json;
using System.Text;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Registry;

// Whatever a client sends, the answer is a clear localized 400/404/409/415 problem, never a 500,
// and nothing is half-written.
public abstract class BadInputTests(GongzhiApp app)
{
    private sealed record Snapshot(long Id, string Name, string? Phone, int Version, int Residents, int Households);

    private async Task<(long ResidentId, long HouseholdId)> SomeResidentAsync(int skip)
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        return await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id
                      where h.GridId == facts.Grid2 && r.Status == ResidentStatus.Active
                      orderby r.Id select new ValueTuple<long, long>(r.Id, h.Id)).Skip(skip).FirstAsync();
    }

    private async Task<Snapshot> SnapshotAsync(long residentId)
    {
        await using var db = app.NewDb();
        var r = await db.Residents.AsNoTracking().SingleAsync(x => x.Id == residentId);
        return new Snapshot(r.Id, r.Name, r.Phone, r.Version, await db.Residents.CountAsync(), await db.Households.CountAsync());
    }

    private async Task<object> SameValuesAsync(long residentId, string? name = null)
    {
        await using var db = app.NewDb();
        var r = await db.Residents.AsNoTracking().SingleAsync(x => x.Id == residentId);
        return new { name = name ?? r.Name, gender = (int)r.Gender, relation = r.Relation, phone = r.Phone, version = r.Version };
    }

    public static TheoryData<string, string?, string> Bodies => new()
    {
        { "malformed JSON", "{\"name\": \"张三\", \"version\": ", "The request body is not valid JSON, or a field has the wrong type" },
        { "a string where a number belongs", "{\"name\": \"张三\", \"relation\": \"户主\", \"version\": \"one\"}", "The request body is not valid JSON, or a field has the wrong type" },
        { "an unknown enum value", "{\"name\": \"张三\", \"gender\": \"robot\", \"relation\": \"户主\", \"version\": 0}", "The request body is not valid JSON, or a field has the wrong type" },
        { "a number too big", "{\"name\": \"张三\", \"relation\": \"户主\", \"version\": 99999999999999}", "The request body is not valid JSON, or a field has the wrong type" },
        { "an array instead of an object", "[1, 2, 3]", "The request body is not valid JSON, or a field has the wrong type" },
        { "an empty body", "", "The request is not valid" },
        { "null", "null", "The request is not valid" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_that_cannot_be_read_is_a_localized_400(string what, string? json, string detail)
    {
        var (residentId, _) = await SomeResidentAsync(0);
        var before = await SnapshotAsync(residentId);
        var client = await app.ClientForAsync("admin", "en");
        var response = await client.PutAsync($"/api/v1/residents/{residentId}", new StringContent(json ?? "", Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["detail"]!.GetValue<string>().ShouldBe(detail, what);
        problem["title"]!.GetValue<string>().ShouldBe("Invalid input");
        (await SnapshotAsync(residentId)).ShouldBe(before);

        var chinese = await (await app.ClientForAsync("admin", "zh-CN")).PutAsync($"/api/v1/residents/{residentId}", new StringContent(json ?? "", Encoding.UTF8, "application/json"));
        (await chinese.ProblemAsync(HttpStatusCode.BadRequest))["title"]!.GetValue<string>().ShouldBe("输入有误");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_localized_415()
    {
        var (residentId, _) = await SomeResidentAsync(0);
        var before = await SnapshotAsync(residentId);
        var client = await app.ClientForAsync("admin", "zh-TW");
        var response = await client.PutAsync($"/api/v1/residents/{residentId}", new StringContent("name=张三&version=0", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var problem = await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem["title"]!.GetValue<string>().ShouldBe("不支援的內容類型");
        (await SnapshotAsync(residentId)).ShouldBe(before);

        var plain = await client.PutAsync($"/api/v1/residents/{residentId}", new StringContent("{}", Encoding.UTF8, "text/plain"));
        await plain.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Bad_query_values_and_impossible_moves_are_localized_400s()
    {
        var client = await app.ClientForAsync("admin", "en");
        (await (await client.GetAsync("/api/v1/households?q=1&includeInactive=maybe")).ProblemAsync(HttpStatusCode.BadRequest))["title"]!
            .GetValue<string>().ShouldBe("Invalid input");
        var login = await app.Anonymous("en").PostAsync("/api/v1/auth/login", Api.RawJson("{\"userName\": 5"));
        (await login.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldBe("The request body is not valid JSON, or a field has the wrong type");

        var facts = await DemoFacts.ForAsync(app);
        var household = (await DemoFacts.HouseholdsAsync(app)).First(h => h.CommunityId == facts.Community1);
        await using var db = app.NewDb();
        var version = await db.Households.Where(h => h.Id == household.Id).Select(h => h.Version).SingleAsync();
        var otherCommunity = facts.Grids.First(g => g.CommunityId == facts.Community2).Id;
        var across = await client.PostAsJsonAsync($"/api/v1/households/{household.Id}/move", new { gridId = otherCommunity, version });
        (await across.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("gridId").ShouldBe(["A household can only move to a grid of its own community"]);
        var same = await client.PostAsJsonAsync($"/api/v1/households/{household.Id}/move", new { gridId = household.GridId, version });
        (await same.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("gridId").ShouldNotBeEmpty();
        (await DemoFacts.HouseholdsAsync(app)).Single(h => h.Id == household.Id).GridId.ShouldBe(household.GridId);
    }

    [Fact]
    public async Task Marking_someone_who_already_left_is_a_400_and_the_history_stays()
    {
        var (residentId, householdId) = await SomeResidentAsync(7);
        var client = await app.ClientForAsync("admin", "en");
        var version = (await SnapshotAsync(residentId)).Version;
        var moved = await client.PostAsJsonAsync($"/api/v1/residents/{residentId}/status", new { status = 1, note = "搬走", version });
        moved.StatusCode.ShouldBe(HttpStatusCode.NoContent, await moved.Content.ReadAsStringAsync());
        var again = await client.PostAsJsonAsync($"/api/v1/residents/{residentId}/status", new { status = 2, version = version + 1 });
        (await again.ProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();

        var detail = await (await client.GetAsync($"/api/v1/households/{householdId}")).JsonAsync();
        var row = detail["residents"]!.AsArray().Single(r => r!.Long("id") == residentId)!;
        (row["status"]!.GetValue<int>(), row["statusNote"]!.GetValue<string>()).ShouldBe(((int)ResidentStatus.MovedOut, "搬走"));
        await using var db = app.NewDb();
        (await db.Residents.AnyAsync(r => r.Id == residentId)).ShouldBeTrue();
    }

    [Fact]
    public async Task Overlong_text_is_a_400_and_changes_nothing()
    {
        var (residentId, householdId) = await SomeResidentAsync(1);
        var before = await SnapshotAsync(residentId);
        var client = await app.ClientForAsync("admin", "en");
        var tooLong = await client.PutAsJsonAsync($"/api/v1/residents/{residentId}", await SameValuesAsync(residentId, new string('名', 5000)));
        (await tooLong.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("name").ShouldBe(["Must be at most 30 characters"]);
        (await SnapshotAsync(residentId)).ShouldBe(before);

        await using var db = app.NewDb();
        var household = await db.Households.AsNoTracking().SingleAsync(h => h.Id == householdId);
        var note = await client.PutAsJsonAsync($"/api/v1/households/{householdId}", new { room = household.Room, note = new string('备', 201), version = household.Version });
        (await note.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("note").ShouldBe(["Must be at most 200 characters"]);
        var room = await client.PutAsJsonAsync($"/api/v1/households/{householdId}", new { room = "12345678901", version = household.Version });
        (await room.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("room").ShouldBe(["Must be at most 10 characters"]);
        await using var after = app.NewDb();
        (await after.Households.AsNoTracking().SingleAsync(h => h.Id == householdId)).Version.ShouldBe(household.Version);
    }

    [Fact]
    public async Task Unknown_ids_are_a_localized_404()
    {
        var client = await app.ClientForAsync("admin", "en");
        const long Missing = 987654321;
        foreach (var response in new[]
        {
            await client.GetAsync($"/api/v1/households/{Missing}"),
            await client.PutAsJsonAsync($"/api/v1/households/{Missing}", new { room = "101", version = 0 }),
            await client.PostAsJsonAsync($"/api/v1/households/{Missing}/move", new { gridId = 1, version = 0 }),
            await client.PostAsJsonAsync($"/api/v1/households/{Missing}/residents", new { name = "张三", gender = 1, relation = "户主", version = 0 }),
            await client.PutAsJsonAsync($"/api/v1/residents/{Missing}", new { name = "张三", relation = "户主", version = 0 }),
            await client.PostAsJsonAsync($"/api/v1/residents/{Missing}/status", new { status = 1, version = 0 }),
            await client.GetAsync($"/api/v1/residents/{Missing}/id-number"),
            await client.PostAsJsonAsync("/api/v1/households", new { entranceId = Missing, room = "101" }),
        })
        {
            var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
            problem["detail"]!.GetValue<string>().ShouldBe("Not found, or you may not see it", response.RequestMessage!.RequestUri!.ToString());
        }

        // A route that does not exist, or an id that is not a number, is a 404 problem too.
        await (await client.GetAsync("/api/v1/households/abc")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/no-such-thing")).ProblemAsync(HttpStatusCode.NotFound);
        var (_, householdId) = await SomeResidentAsync(2);
        var move = await client.PostAsJsonAsync($"/api/v1/households/{householdId}/move", new { gridId = Missing, version = 0 });
        (await move.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("gridId").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_duplicate_id_number_is_a_409_and_adds_no_one()
    {
        var (residentId, householdId) = await SomeResidentAsync(3);
        var client = await app.ClientForAsync("admin", "en");
        await using var db = app.NewDb();
        var withId = await db.Residents.Where(r => r.IdNumberCipher != null).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var idNumber = (await (await client.GetAsync($"/api/v1/residents/{withId}/id-number")).JsonAsync())["idNumber"]!.GetValue<string>();
        var before = await SnapshotAsync(residentId);

        var create = await client.PostAsJsonAsync($"/api/v1/households/{householdId}/residents",
            new { name = "重复人", relation = "其他", idNumber, version = 0 });
        var problem = await create.ProblemAsync(HttpStatusCode.Conflict);
        problem.ErrorsFor("idNumber").ShouldBe(["This ID card number is already registered"]);
        problem["title"]!.GetValue<string>().ShouldBe("Conflict");

        // Lower-case x and spaces do not make it a different number.
        var edit = await client.PutAsJsonAsync($"/api/v1/residents/{residentId}",
            new { name = before.Name, relation = "户主", idNumber = " " + idNumber.ToLowerInvariant() + " ", version = before.Version });
        if (withId != residentId) (await edit.ProblemAsync(HttpStatusCode.Conflict)).ErrorsFor("idNumber").ShouldNotBeEmpty();
        (await SnapshotAsync(residentId)).ShouldBe(before);
        (await db.Residents.CountAsync(r => r.Name == "重复人")).ShouldBe(0);
    }

    [Fact]
    public async Task A_new_resident_is_added_once_with_a_valid_id_number()
    {
        var (_, householdId) = await SomeResidentAsync(4);
        var client = await app.ClientForAsync("admin");
        var first17 = "340104" + "1901" + Random.Shared.Next(1, 12).ToString("00") + "1" + Random.Shared.Next(0, 9) + Random.Shared.Next(100, 999);
        var idNumber = first17 + IdNumber.CheckChar(first17);
        var created = await client.PostAsJsonAsync($"/api/v1/households/{householdId}/residents",
            new { name = "新来的", relation = "其他", idNumber, phone = "138 0013 8000", version = 0 });
        var id = (await created.JsonAsync(HttpStatusCode.Created)).Long("id");
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/residents/{id}");
        var again = await client.PostAsJsonAsync($"/api/v1/households/{householdId}/residents",
            new { name = "新来的", relation = "其他", idNumber, version = 0 });
        await again.ProblemAsync(HttpStatusCode.Conflict);

        await using var db = app.NewDb();
        var stored = await db.Residents.AsNoTracking().SingleAsync(r => r.Id == id);
        (stored.Phone, stored.PhoneTail, stored.IdNumberMasked).ShouldBe(("13800138000", "8000", idNumber[..4] + "**********" + idNumber[^4..]));
        stored.BirthDate!.Value.Year.ShouldBe(1901);
    }

    [Fact]
    public async Task The_same_new_id_number_sent_twice_at_once_is_registered_once()
    {
        var (_, householdId) = await SomeResidentAsync(8);
        var admin = await app.ClientForAsync("admin", "en");
        var worker = await app.ClientForAsync("wangge.chen", "en");
        for (var round = 0; round < 3; round++)
        {
            var first17 = "340111" + "1902" + Random.Shared.Next(1, 12).ToString("00") + Random.Shared.Next(10, 28) + Random.Shared.Next(100, 999);
            var idNumber = first17 + IdNumber.CheckChar(first17);
            var responses = await Task.WhenAll(
                admin.PostAsJsonAsync($"/api/v1/households/{householdId}/residents", new { name = "同时甲", relation = "其他", idNumber, version = 0 }),
                worker.PostAsJsonAsync($"/api/v1/households/{householdId}/residents", new { name = "同时乙", relation = "其他", idNumber, version = 0 }));
            responses.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict]);
            var loser = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ProblemAsync(HttpStatusCode.Conflict);
            loser.ErrorsFor("idNumber").ShouldBe(["This ID card number is already registered"]);
            await using var db = app.NewDb();
            var masked = idNumber[..4] + "**********" + idNumber[^4..];
            (await db.Residents.CountAsync(r => r.IdNumberMasked == masked && r.BirthDate!.Value.Year == 1902
                                                && (r.Name == "同时甲" || r.Name == "同时乙"))).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_stale_version_is_a_409()
    {
        var (residentId, householdId) = await SomeResidentAsync(5);
        var client = await app.ClientForAsync("admin", "en");
        var before = await SnapshotAsync(residentId);
        var stale = await client.PutAsJsonAsync($"/api/v1/residents/{residentId}", new { name = "改名字", relation = "户主", version = before.Version - 1 });
        (await stale.ProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldBe("Someone else changed this record just now; reload and try again");
        (await SnapshotAsync(residentId)).ShouldBe(before);

        var status = await client.PostAsJsonAsync($"/api/v1/residents/{residentId}/status", new { status = 1, version = before.Version + 7 });
        await status.ProblemAsync(HttpStatusCode.Conflict);
        await using var db = app.NewDb();
        var version = await db.Households.Where(h => h.Id == householdId).Select(h => h.Version).SingleAsync();
        await (await client.PutAsJsonAsync($"/api/v1/households/{householdId}", new { room = "9901", version = version + 1 })).ProblemAsync(HttpStatusCode.Conflict);
        (await SnapshotAsync(residentId)).ShouldBe(before);
    }

    [Fact]
    public async Task A_room_taken_in_the_same_entrance_is_a_409()
    {
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var pair = await (from a in db.Households join b in db.Households on a.EntranceId equals b.EntranceId
                          where a.Id < b.Id && a.GridId == facts.Grid2
                          orderby a.Id select new { A = a.Id, b.Room, Version = a.Version, a.EntranceId, RoomA = a.Room }).FirstAsync();
        var client = await app.ClientForAsync("admin", "zh-CN");
        var edit = await client.PutAsJsonAsync($"/api/v1/households/{pair.A}", new { room = pair.Room + "室", version = pair.Version });
        (await edit.ProblemAsync(HttpStatusCode.Conflict)).ErrorsFor("room").ShouldBe(["该单元已有此房号"]);
        var count = await db.Households.CountAsync();
        var create = await client.PostAsJsonAsync("/api/v1/households", new { entranceId = pair.EntranceId, room = pair.Room });
        (await create.ProblemAsync(HttpStatusCode.Conflict)).ErrorsFor("room").ShouldBe(["该单元已有此房号"]);
        await using var after = app.NewDb();
        (await after.Households.CountAsync()).ShouldBe(count);
        var unchanged = await after.Households.AsNoTracking().SingleAsync(h => h.Id == pair.A);
        (unchanged.Room, unchanged.Version).ShouldBe((pair.RoomA, pair.Version));
    }

    [Fact]
    public async Task Two_simultaneous_edits_with_the_same_version_give_one_success_and_one_409()
    {
        var (residentId, _) = await SomeResidentAsync(6);
        var before = await SnapshotAsync(residentId);
        string relation;
        await using (var db0 = app.NewDb()) relation = await db0.Residents.Where(r => r.Id == residentId).Select(r => r.Relation).SingleAsync();
        var first = await app.ClientForAsync("admin", "en");
        var second = await app.ClientForAsync("wangge.chen", "en");
        for (var round = 0; round < 3; round++)
        {
            var version = (await SnapshotAsync(residentId)).Version;
            var responses = await Task.WhenAll(
                first.PutAsJsonAsync($"/api/v1/residents/{residentId}", new { name = "并发甲", relation, phone = "13900000001", version }),
                second.PutAsJsonAsync($"/api/v1/residents/{residentId}", new { name = "并发乙", relation, phone = "13900000002", version }));
            var codes = responses.Select(r => r.StatusCode).Order().ToList();
            codes.ShouldBe([HttpStatusCode.NoContent, HttpStatusCode.Conflict], string.Join(" | ", await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))));
            var loser = await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).ProblemAsync(HttpStatusCode.Conflict);
            loser["detail"]!.GetValue<string>().ShouldBe("Someone else changed this record just now; reload and try again");
            var now = await SnapshotAsync(residentId);
            now.Version.ShouldBe(version + 1);
            var winner = responses[0].StatusCode == HttpStatusCode.NoContent ? ("并发甲", "13900000001") : ("并发乙", "13900000002");
            (now.Name, now.Phone).ShouldBe(winner);
        }
        await using var db = app.NewDb();
        var grams = await db.NameGrams.Where(g => g.ResidentId == residentId).Select(g => g.Gram).ToListAsync();
        grams.ShouldBe(NameGram.For((await SnapshotAsync(residentId)).Name), ignoreOrder: true);
        (await first.PutAsJsonAsync($"/api/v1/residents/{residentId}", new { name = before.Name, relation, phone = before.Phone, version = before.Version + 3 }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBadInputTests(SqliteApp app) : BadInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBadInputTests(PostgresApp app) : BadInputTests(app);
