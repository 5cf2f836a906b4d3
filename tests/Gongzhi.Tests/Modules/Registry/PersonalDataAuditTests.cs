using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Tests.Modules.Registry;

// Every view that shows someone's personal data unmasked (full phones, care tags, the household's
// note) is audited; the household's note is for staff of its grid only.
public abstract class PersonalDataAuditTests(GongzhiApp app)
{
    private async Task<long> LeadersHouseholdAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var building = await db.DutyPosts.Where(p => p.UserId == facts.UserIds["loudong"] && p.PlaceKind == PlaceKind.Building).Select(p => p.PlaceId).FirstAsync();
        return await (from h in db.Households where h.BuildingId == building && h.Id != facts.ResidentHouseholdId
                      where db.Residents.Any(r => r.HouseholdId == h.Id && r.Phone != null)
                      orderby h.Id select h.Id).FirstAsync();
    }

    private async Task<List<AuditEntry>> AuditAsync(string userName, string subject)
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var userId = facts.UserIds[userName];
        return await db.AuditEntries.Where(a => a.UserId == userId && a.Subject == subject && a.Action == AuditActions.ViewPersonalData).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task Staff_views_of_full_phones_and_notes_are_audited_and_only_staff_read_the_note()
    {
        var id = await LeadersHouseholdAsync();
        var note = "独居老人子女在外地，每周探访 " + Guid.NewGuid().ToString("N")[..6];
        await using (var db = app.NewDb()) await db.Households.Where(h => h.Id == id).ExecuteUpdateAsync(s => s.SetProperty(h => h.Note, note));

        // Other tests view this household too: the new entry is the one not there before.
        var before = (await AuditAsync("wangge.li", $"Household/{id}")).Select(a => a.Id).ToHashSet();
        var worker = await (await (await app.ClientForAsync("wangge.li")).GetAsync($"/api/v1/households/{id}")).JsonAsync();
        worker["note"]!.GetValue<string>().ShouldBe(note);
        var entries = await AuditAsync("wangge.li", $"Household/{id}");
        var added = entries.Where(a => !before.Contains(a.Id)).ShouldHaveSingleItem();
        added.Detail!.Split(',').ShouldContain("phones");
        added.Detail!.Split(',').ShouldContain("note");

        // The building leader sees the household, masked, without the note, and nothing is audited.
        var leader = await (await (await app.ClientForAsync("loudong")).GetAsync($"/api/v1/households/{id}")).JsonAsync();
        leader["note"].ShouldBeNull();
        leader["residents"]!.AsArray().Select(r => r!["phone"]?.GetValue<string>()).Where(p => p is not null).ShouldAllBe(p => p!.Contains('*'));
        (await AuditAsync("loudong", $"Household/{id}")).ShouldBeEmpty();
        var page = await PageSession.LogInAsync(app, "loudong");
        (await page.Client.GetStringAsync($"/registry/households/{id}")).ShouldNotContain(note);
    }

    [Fact]
    public async Task A_resident_reads_their_own_household_without_the_staff_note_and_unaudited()
    {
        var facts = await DemoFacts.ForAsync(app);
        var note = "家属关系复杂，上门前先电话 " + Guid.NewGuid().ToString("N")[..6];
        await using (var db = app.NewDb()) await db.Households.Where(h => h.Id == facts.ResidentHouseholdId).ExecuteUpdateAsync(s => s.SetProperty(h => h.Note, note));
        var own = await (await (await app.ClientForAsync(facts.ResidentUserName)).GetAsync($"/api/v1/households/{facts.ResidentHouseholdId}")).JsonAsync();
        own["note"].ShouldBeNull();
        (await AuditAsync(facts.ResidentUserName, $"Household/{facts.ResidentHouseholdId}")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_workers_view_of_a_reporters_full_phone_is_audited()
    {
        var cases = new Requests.CaseDriver(app);
        var facts = await DemoFacts.ForAsync(app);
        var household = await cases.HouseholdAsync(facts.Grid1);
        var id = await cases.EnterAsync("wangge.li", "other", "小区门口井盖松动 " + Requests.CaseDriver.Marker(), household, "赵先生", "13912345678");
        var view = await Requests.CaseDriver.GetAsync(await app.ClientForAsync("wangge.li"), id);
        view["reporterPhone"]!.GetValue<string>().ShouldBe("13912345678");
        (await AuditAsync("wangge.li", $"Case/{id}")).ShouldHaveSingleItem().Detail.ShouldBe("reporter-phone");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePersonalDataAuditTests(SqliteApp app) : PersonalDataAuditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPersonalDataAuditTests(PostgresApp app) : PersonalDataAuditTests(app);
