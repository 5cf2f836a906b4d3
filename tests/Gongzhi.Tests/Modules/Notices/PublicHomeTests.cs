using System.Net;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Registry;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gongzhi.Tests.Modules.Notices;

// A community's public page, no login: public notices only, the grid contact board by address,
// the subdistrict's list, the choice remembered on the site's home page, and the Atom feed.
public abstract class PublicHomeTests(GongzhiApp app)
{
    private readonly NoticeDriver _d = new(app);

    [Fact]
    public async Task The_page_lists_public_notices_pinned_first_and_never_targeted_ones()
    {
        var community = await _d.Community1Async();
        await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, title: "置顶：燃气检修", pinned: true));
        await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, title: "普通：楼道清理"));
        await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, audience: NoticeAudience.Owners, title: "仅业主：维修资金使用"));
        var html = await (await app.Anonymous().GetAsync($"/c/{community}")).Content.ReadAsStringAsync();
        html.ShouldContain("置顶：燃气检修");
        html.ShouldNotContain("仅业主：维修资金使用");
        html.IndexOf("置顶：燃气检修", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("普通：楼道清理", StringComparison.Ordinal));
        (await app.Anonymous().GetAsync("/c/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Typing_a_door_address_shows_that_grids_people_and_a_bad_one_says_what_is_wrong()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var door = await (from h in db.Households join b in db.Buildings on h.BuildingId equals b.Id join en in db.Entrances on h.EntranceId equals en.Id
                          join e in db.Estates on h.EstateId equals e.Id
                          where h.Id == facts.ResidentHouseholdId select new { e.Name, b.Number, En = en.Number, h.Room, h.GridId }).SingleAsync();
        var grid = await db.Grids.SingleAsync(g => g.Id == door.GridId);
        var worker = await db.DutyPosts.Where(p => p.PlaceKind == PlaceKind.Grid && p.PlaceId == door.GridId && p.Kind == DutyPostKind.GridWorker && p.To == null)
            .Select(p => p.HolderName).FirstAsync();
        var address = Uri.EscapeDataString($"{door.Name}{door.Number}栋{door.En}单元{door.Room}");
        var html = await (await app.Anonymous().GetAsync($"/c/{facts.Community1}?address={address}")).Content.ReadAsStringAsync();
        html.ShouldContain("id=\"grid-board\"");
        html.ShouldContain(grid.Name);
        html.ShouldContain(worker);

        var bad = await app.Anonymous().GetAsync($"/c/{facts.Community1}?address={Uri.EscapeDataString("东边那栋楼")}");
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("请按");
        var missing = await (await app.Anonymous().GetAsync($"/c/{facts.Community1}?address={Uri.EscapeDataString("99栋9单元9999")}")).Content.ReadAsStringAsync();
        missing.ShouldContain("没有找到这个地址");
    }

    [Fact]
    public async Task A_visitor_chooses_a_community_once_and_the_home_page_shows_it_after()
    {
        var community = await _d.Community1Async();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var first = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        first.ShouldContain($"/c/{community}/choose");
        var chosen = await client.GetAsync($"/c/{community}/choose");
        chosen.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        chosen.Headers.Location!.ToString().ShouldBe($"/c/{community}");
        var home = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        home.ShouldContain("data-testid=\"community-home\"");
        home.ShouldContain("id=\"community-name\"");
        home.ShouldContain($"/c/{community}/notices.atom");
        (await client.GetAsync("/c/999999/choose")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_subdistrict_page_lists_its_communities()
    {
        await using var db = app.NewDb();
        var sub = await db.Subdistricts.FirstAsync();
        var names = await db.Communities.Where(c => c.SubdistrictId == sub.Id).Select(c => c.Name).ToListAsync();
        var html = await (await app.Anonymous().GetAsync($"/s/{sub.Id}")).Content.ReadAsStringAsync();
        foreach (var n in names) html.ShouldContain(n);
        (await app.Anonymous().GetAsync("/s/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_atom_feed_is_valid_xml_with_one_entry_per_public_notice()
    {
        var community = await _d.Community1Async();
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, title: "订阅测试公告"));
        var response = await app.Anonymous().GetAsync($"/c/{community}/notices.atom");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/atom+xml");
        var doc = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace a = "http://www.w3.org/2005/Atom";
        var entry = doc.Root!.Elements(a + "entry").Single(e => e.Element(a + "title")!.Value == "订阅测试公告");
        entry.Element(a + "id")!.Value.ShouldEndWith($"/notices/{id}");
        DateTime.Parse(entry.Element(a + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTime.UtcNow.AddHours(-1));
        (await app.Anonymous().GetAsync("/c/999999/notices.atom")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePublicHomeTests(SqliteApp app) : PublicHomeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPublicHomeTests(PostgresApp app) : PublicHomeTests(app);
