using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Notices;

// Editing a saved draft (API and page, with its Version token), and 党员 as an audience read from
// the party register.
public abstract class DraftAndPartyTests(GongzhiApp app)
{
    private readonly NoticeDriver _d = new(app);

    private static object Edit(long community, string title, int version, string body = "改期至周日 8:00–12:00 停水。") =>
        new { scopeKind = (int)PlaceKind.Community, scopeId = community, kind = (int)NoticeKind.Notice, audience = (int)NoticeAudience.Everyone, title, body, version };

    private async Task<Notice> LoadAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Set<Notice>().AsNoTracking().SingleAsync(n => n.Id == id);
    }

    [Fact]
    public async Task A_draft_is_edited_with_its_version_and_a_second_save_from_the_same_version_gets_409()
    {
        var staff = await _d.StaffAsync();
        var community = await _d.Community1Async();
        var id = await _d.CreateAsync(staff, NoticeDriver.Input(PlaceKind.Community, community, title: "停水通知（草稿）"));
        var draft = await (await staff.GetAsync($"/api/v1/notices/{id}/draft")).JsonAsync();
        draft["title"]!.GetValue<string>().ShouldBe("停水通知（草稿）");
        draft["body"]!.GetValue<string>().ShouldStartWith("因管网改造"); // the Markdown as typed, not the HTML
        var version = (int)draft["version"]!;

        (await staff.PutAsJsonAsync($"/api/v1/notices/{id}", Edit(community, "停水改期通知", version))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // Someone else saving from the version they read loses, and nothing of theirs is written.
        (await staff.PutAsJsonAsync($"/api/v1/notices/{id}", Edit(community, "另一人的修改", version))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var saved = await LoadAsync(id);
        (saved.Title, saved.Version, saved.Status).ShouldBe(("停水改期通知", version + 1, NoticeStatus.Draft));
        saved.Body.ShouldStartWith("改期至周日");

        // Bad input names the field and writes nothing.
        var problem = await (await staff.PutAsJsonAsync($"/api/v1/notices/{id}", Edit(community, "", version + 1, body: ""))).ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("title").ShouldNotBeEmpty();
        problem.ErrorsFor("body").ShouldNotBeEmpty();
        (await LoadAsync(id)).Version.ShouldBe(version + 1);

        // Not the author: refused; another community's staff: not found.
        (await (await _d.ReviewerAsync()).PutAsJsonAsync($"/api/v1/notices/{id}", Edit(community, "审核人改题", version + 1))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await _d.OtherCommunityAsync()).GetAsync($"/api/v1/notices/{id}/draft")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Once submitted it is no longer a draft: what is reviewed or published is not edited.
        (await NoticeDriver.SubmitAsync(staff, id)).IsSuccessStatusCode.ShouldBeTrue();
        var after = await LoadAsync(id);
        (await staff.PutAsJsonAsync($"/api/v1/notices/{id}", Edit(community, "发布后改题", after.Version))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await LoadAsync(id)).Title.ShouldBe("停水改期通知");
    }

    [Fact]
    public async Task The_edit_page_shows_the_draft_keeps_what_was_typed_next_to_an_error_and_saves()
    {
        var staff = await _d.StaffAsync();
        var community = await _d.Community1Async();
        var id = await _d.CreateAsync(staff, NoticeDriver.Input(PlaceKind.Community, community, title: "楼道堆物清理（草稿）"));
        var session = await PageSession.LogInAsync(app, "tuanjie");
        var page = await session.Client.GetStringAsync($"/notices/{id}/edit");
        page.ShouldContain("修改草稿");
        page.ShouldContain("楼道堆物清理（草稿）");
        page.ShouldContain("因管网改造");
        var version = (await LoadAsync(id)).Version;

        Dictionary<string, string> Form(string title, string validUntil = "") => new()
        {
            ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Title"] = title, ["Input.Kind"] = "Notice",
            ["Input.Place"] = $"Community:{community}", ["Input.Audience"] = "Everyone", ["Input.Body"] = "请于本周五前清理楼道杂物。", ["Input.ValidUntil"] = validUntil,
        };
        var bad = await session.PostMultipartAsync($"/notices/{id}/edit", "notice", Form("楼道堆物清理（改）", "2001-01-01T08:00"), []);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await bad.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"ValidUntil\"");
        html.ShouldContain("楼道堆物清理（改）");
        html.ShouldContain("请于本周五前清理楼道杂物。");
        (await LoadAsync(id)).Version.ShouldBe(version);

        var ok = await session.PostMultipartAsync($"/notices/{id}/edit", "notice", Form("楼道堆物清理（改）"), []);
        ((int)ok.StatusCode).ShouldBeLessThan(400);
        var saved = await LoadAsync(id);
        (saved.Title, saved.Version).ShouldBe(("楼道堆物清理（改）", version + 1));

        // The same form posted again from the old version: 409, and the page keeps what was typed.
        var stale = await session.PostMultipartAsync($"/notices/{id}/edit", "notice", Form("第三次修改"), []);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("第三次修改");
        (await LoadAsync(id)).Title.ShouldBe("楼道堆物清理（改）");
    }

    [Fact]
    public async Task Party_members_are_the_residents_on_the_party_register_and_their_accounts_get_the_message()
    {
        var community = await _d.Community1Async();
        var facts = await DemoFacts.ForAsync(app);
        var residentUser = facts.UserIds[facts.ResidentUserName];
        // The demo resident joins the register (在地党员), so there is a known account among the members.
        await using (var db = app.NewDb())
        {
            var me = await db.Users.Where(u => u.Id == residentUser).Select(u => u.ResidentId!.Value).SingleAsync();
            if (!await db.Set<PartyMember>().AnyAsync(m => m.ResidentId == me))
            {
                var home = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id where r.Id == me select new { r.Name, h.Id, h.GridId })
                    .SingleAsync();
                db.Add(new PartyMember(community, MemberKind.Local, home.Name, me, residentUser, home.Id, home.GridId, null, null, new DateOnly(2001, 7, 1),
                    DateOnly.FromDateTime(DateTime.UtcNow), DateTime.UtcNow));
                await db.SaveChangesAsync();
            }
        }
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, community, audience: NoticeAudience.PartyMembers, title: "主题党日活动通知"));

        await using var check = app.NewDb();
        var members = (await check.Set<PartyMember>().Where(m => m.ResidentId != null).Select(m => m.ResidentId!.Value).ToListAsync()).ToHashSet();
        var people = await (from r in check.Residents join h in check.Households on r.HouseholdId equals h.Id join e in check.Estates on h.EstateId equals e.Id
                            where e.CommunityId == community && r.Status == ResidentStatus.Active
                            select new { r.Id, HouseholdId = h.Id }).ToListAsync();
        var expected = people.Where(p => members.Contains(p.Id)).Select(p => p.HouseholdId).ToHashSet();
        expected.Count.ShouldBeGreaterThan(0);
        var got = await _d.RecipientsAsync(id);
        got.SetEquals(expected).ShouldBeTrue();
        got.Count.ShouldBeLessThan(people.Select(p => p.HouseholdId).Distinct().Count());

        var memberPeople = people.Where(p => members.Contains(p.Id)).Select(p => (long?)p.Id).ToHashSet();
        var accounts = (await check.Users.Where(u => u.ResidentId != null).Select(u => new { u.Id, u.ResidentId }).ToListAsync())
            .Where(u => memberPeople.Contains(u.ResidentId)).Select(u => u.Id).ToHashSet();
        var inbox = (await check.Notifications.Where(n => n.Link == "/notices/" + id).Select(n => n.UserId).ToListAsync());
        inbox.Count.ShouldBe(inbox.Distinct().Count());
        inbox.ToHashSet().SetEquals(accounts).ShouldBeTrue();
        inbox.ShouldContain(residentUser);
        (await LoadAsync(id)).Recipients.ShouldBe(expected.Count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteDraftAndPartyTests(SqliteApp app) : DraftAndPartyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDraftAndPartyTests(PostgresApp app) : DraftAndPartyTests(app);
