using System.Net;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Board;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Tests.Modules.Registry;

// The public contact board hangs in the stairwell: anyone may read it, and it names only the people on duty.
public abstract class BoardTests(GongzhiApp app)
{
    [Fact]
    public async Task Anyone_sees_who_is_on_duty_and_no_residents()
    {
        var facts = await DemoFacts.ForAsync(app);
        var board = await (await app.Anonymous().GetAsync($"/api/v1/board/{facts.Grid1}")).JsonAsync();
        board.Long("gridId").ShouldBe(facts.Grid1);
        board["communityName"]!.GetValue<string>().ShouldBe("团结巷社区");
        board["doorAddress"].ShouldBeNull();
        var people = board["people"]!.AsArray();
        people.Count.ShouldBeGreaterThan(3);

        await using var db = app.NewDb();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var onDuty = await db.DutyPosts.Where(p => p.To == null || p.To >= today).Select(p => new { p.Kind, p.HolderName, p.HolderPhone }).ToListAsync();
        foreach (var person in people)
        {
            var name = person!["name"]!.GetValue<string>();
            var kind = (DutyPostKind)person["kind"]!.GetValue<int>();
            onDuty.ShouldContain(p => p.HolderName == name && p.Kind == kind, name);
        }
        var kinds = people.Select(p => (DutyPostKind)p!["kind"]!.GetValue<int>()).ToHashSet();
        kinds.ShouldContain(DutyPostKind.GridLeader);
        kinds.ShouldContain(DutyPostKind.GridWorker);
        kinds.ShouldContain(DutyPostKind.BuildingLeader);
        // An old post that has ended is history, not on the board.
        var ended = await db.DutyPosts.Where(p => p.To != null && p.To < today && p.PlaceKind == PlaceKind.Grid && p.PlaceId == facts.Grid1).Select(p => p.HolderName).FirstAsync();
        if (!onDuty.Any(p => p.HolderName == ended)) people.Select(p => p!["name"]!.GetValue<string>()).ShouldNotContain(ended);

        // Residents who hold no post never appear, nor their phones.
        var holders = onDuty.Select(p => p.HolderName).ToHashSet();
        var text = board.ToJsonString();
        var residents = await db.Residents.Where(r => db.Households.Any(h => h.Id == r.HouseholdId && h.GridId == facts.Grid1) && r.Phone != null)
            .Select(r => new { r.Name, r.Phone }).Take(300).ToListAsync();
        foreach (var r in residents.Where(r => !holders.Contains(r.Name) && r.Name.Length >= 3 && !onDuty.Any(p => p.HolderPhone == r.Phone)))
        {
            text.ShouldNotContain(r.Name);
            text.ShouldNotContain(r.Phone!);
        }
        text.ShouldNotContain("idNumber", Case.Insensitive);
    }

    [Fact]
    public async Task A_door_link_shows_the_address_only_with_a_good_signature()
    {
        var facts = await DemoFacts.ForAsync(app);
        var households = await DemoFacts.HouseholdsAsync(app);
        var household = households.First(h => h.GridId == facts.Grid1);
        var elsewhere = households.First(h => h.GridId == facts.Grid2);
        var protector = app.Services.GetRequiredService<IdNumberProtector>();
        var good = GridBoard.DoorSignature(protector, household.Id);
        var anonymous = app.Anonymous();

        var signed = await (await anonymous.GetAsync($"/api/v1/board/{facts.Grid1}?h={household.Id}&s={good}")).JsonAsync();
        var address = signed["doorAddress"]!.GetValue<string>();
        address.ShouldContain("栋");
        address.ShouldContain("单元");

        foreach (var signature in new[] { "0000000000", good[..9] + (good[9] == 'a' ? 'b' : 'a'), "", good.ToUpperInvariant() + "x" })
        {
            var forged = await (await anonymous.GetAsync($"/api/v1/board/{facts.Grid1}?h={household.Id}&s={Uri.EscapeDataString(signature)}")).JsonAsync();
            forged["doorAddress"].ShouldBeNull(signature);
            forged.ToJsonString().ShouldNotContain(address);
        }
        // Another household's signature does not open this one, nor does a good link under the wrong grid.
        var other = await (await anonymous.GetAsync($"/api/v1/board/{facts.Grid1}?h={elsewhere.Id}&s={good}")).JsonAsync();
        other["doorAddress"].ShouldBeNull();
        var wrongGrid = await (await anonymous.GetAsync($"/api/v1/board/{facts.Grid2}?h={household.Id}&s={good}")).JsonAsync();
        wrongGrid["doorAddress"].ShouldBeNull();
    }

    [Fact]
    public async Task An_unknown_grid_is_a_404_problem()
    {
        await (await app.Anonymous().GetAsync("/api/v1/board/987654321")).ProblemAsync(HttpStatusCode.NotFound);
        var bad = await app.Anonymous().GetAsync("/api/v1/board/1?h=abc");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await bad.ProblemAsync(HttpStatusCode.BadRequest);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBoardTests(SqliteApp app) : BoardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBoardTests(PostgresApp app) : BoardTests(app);
