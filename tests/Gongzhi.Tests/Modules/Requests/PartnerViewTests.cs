using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// What a partner (the butler of the estate, a department) sees of a case referred to them: the public
// timeline and the lines of the referral, not staff's own internal lines; the reporter's number
// masked and as text, never a tel: link that would dial the asterisks.
public abstract class PartnerViewTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    [Fact]
    public async Task The_butler_sees_the_referrals_notes_but_not_staffs_internal_lines_and_no_tel_link_to_a_masked_number()
    {
        var facts = await DemoFacts.ForAsync(app);
        var household = await _cases.HouseholdAsync(facts.Grid1, await _cases.FirstEstateAsync());
        var marker = CaseDriver.Marker();
        var id = await _cases.EnterAsync("wangge.li", "water-leak", "楼道水管漏水 " + marker, household, "孙阿姨", "13912345678");
        var li = await app.ClientForAsync("wangge.li");
        var wuye = await app.ClientForAsync("wuye");
        var staffOnly = "内部：孙阿姨儿子投诉过物业 " + marker;
        (await li.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = staffOnly, @internal = true })).EnsureSuccessStatusCode();
        var butlerNote = "物业：明早九点派维修工 " + marker;
        (await wuye.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = butlerNote })).EnsureSuccessStatusCode();

        var partner = await CaseDriver.GetAsync(wuye, id);
        partner["capacity"]!.GetValue<int>().ShouldBe((int)CaseAccess.Capacity.Partner);
        var seen = Texts(partner);
        seen.ShouldContain(butlerNote, "the partner's own note, internal to residents, is the referral's");
        seen.ShouldNotContain(staffOnly);
        partner["timeline"]!.AsArray().ShouldAllBe(e => !e!["internal"]!.GetValue<bool>() || e["text"]!.GetValue<string>() == butlerNote);
        var staff = Texts(await CaseDriver.GetAsync(li, id));
        staff.ShouldContain(staffOnly);
        staff.ShouldContain(butlerNote, "staff read what the partner wrote");

        // The case page: the butler gets the masked number as text, the grid worker a number to call.
        var butlerPage = await (await PageSession.LogInAsync(app, "wuye", "zh-Hans")).Client.GetStringAsync($"/cases/{id}");
        butlerPage.ShouldContain("139****5678");
        butlerPage.ShouldNotContain("href=\"tel:139*");
        butlerPage.ShouldNotContain(staffOnly);
        var workerPage = await (await PageSession.LogInAsync(app, "wangge.li", "zh-Hans")).Client.GetStringAsync($"/cases/{id}");
        workerPage.ShouldContain("href=\"tel:13912345678\"");
    }

    private static List<string> Texts(JsonNode view) =>
        view["timeline"]!.AsArray().Where(e => e!["text"] is not null).Select(e => e!["text"]!.GetValue<string>()).ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePartnerViewTests(SqliteApp app) : PartnerViewTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPartnerViewTests(PostgresApp app) : PartnerViewTests(app);
