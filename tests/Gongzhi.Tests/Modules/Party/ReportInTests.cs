using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Party;

namespace Gongzhi.Tests.Modules.Party;

// 在职党员双报到: an in-post member reports where they live, the community lists them by grid,
// their service is counted from Volunteering, and their unit gets a yearly statement.
public abstract class ReportInTests(GongzhiApp app)
{
    private readonly PartyDriver driver = new(app);

    [Fact]
    public async Task A_member_reports_in_is_listed_by_grid_and_the_units_statement_counts_shifts_and_confirmed_hours()
    {
        var unit = await driver.UnitAsync();
        var person = await driver.PersonAsync();
        var memberId = await driver.ReportAsync(person, unit);
        var mine = await (await (await driver.ClientAsync(person)).GetAsync("/api/v1/party/me")).JsonAsync();
        ((int)mine["kind"]!).ShouldBe((int)MemberKind.Employed);
        mine["reportedOn"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        await driver.ServeAsync(person, 150);
        await driver.ServeAsync(person, 0, confirm: false); // taken, not yet confirmed: a shift, no hours

        var staff = await app.ClientForAsync("jianshe");
        var groups = (await (await staff.GetAsync($"/api/v1/party/communities/{person.CommunityId}/in-post?gridId={person.GridId}")).JsonAsync()).AsArray();
        var row = groups.Single()!["members"]!.AsArray().Single(m => m!.Long("id") == memberId)!;
        ((string)row["name"]!).ShouldBe(person.Name);
        ((int)row["service"]!["shifts"]!).ShouldBe(2);
        ((int)row["service"]!["confirmedMinutes"]!).ShouldBe(150);

        var before = await driver.AuditCountAsync($"PartnerUnit/{unit}");
        var statement = await (await staff.GetAsync($"/api/v1/party/units/{unit}/statement")).JsonAsync();
        var line = statement["lines"]!.AsArray().Single()!;
        ((string)line["name"]!).ShouldBe(person.Name);
        ((int)line["shifts"]!).ShouldBe(2);
        ((decimal)line["hours"]!).ShouldBe(2.5m);
        ((decimal)statement["hours"]!).ShouldBe(2.5m);
        (await driver.AuditCountAsync($"PartnerUnit/{unit}")).ShouldBe(before + 1);

        var file = await staff.GetAsync($"/api/v1/party/units/{unit}/statement.xlsx");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var cells = ReadCells(await file.Content.ReadAsByteArrayAsync());
        cells[0].ShouldBe(UnitStatement.Headers.ToList());
        cells[1][0].ShouldBe(person.Name);
        cells[1][3].ShouldBe("2");
        cells[1][4].ShouldBe("2.5");
        cells[^1][0].ShouldBe("合计");

        // Last year has nothing of theirs; a year in the future is refused.
        var lastYear = await (await staff.GetAsync($"/api/v1/party/units/{unit}/statement?year={DateTime.UtcNow.Year - 1}")).JsonAsync();
        ((int)lastYear["shifts"]!).ShouldBe(0);
        (await (await app.ClientForAsync("jianshe", "en")).GetAsync($"/api/v1/party/units/{unit}/statement?year=2999")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // Another community's staff do not get the statement.
        (await (await app.ClientForAsync("tuanjie")).GetAsync($"/api/v1/party/units/{unit}/statement")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reporting_twice_or_to_a_unit_of_another_community_is_refused_and_nothing_is_written()
    {
        var unit = await driver.UnitAsync();
        var person = await driver.PersonAsync();
        var client = await driver.ClientAsync(person, "en");
        await using var db = app.NewDb();
        var facts = await DemoFacts.ForAsync(app);
        var otherCommunityUnit = await db.Set<PartnerUnit>().Where(u => u.CommunityId == facts.Community1).Select(u => u.Id).FirstAsync();
        var before = await db.Set<PartyMember>().CountAsync();

        var wrongUnit = await client.PostAsJsonAsync("/api/v1/party/me/report", new { unitId = otherCommunityUnit, joinedOn = "2010-07-01" });
        (await wrongUnit.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("unitId").ShouldBe(["No such co-building unit, or it has left the alliance"]);
        var noUnit = await client.PostAsJsonAsync("/api/v1/party/me/report", new { joinedOn = "2010-07-01" });
        (await noUnit.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("unitId").ShouldNotBeEmpty();
        var future = await client.PostAsJsonAsync("/api/v1/party/me/report", new { unitId = unit, joinedOn = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        (await future.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("joinedOn").ShouldBe(["The date of joining is not valid"]);
        var garbage = await client.PostAsync("/api/v1/party/me/report", Api.RawJson("{\"unitId\": \"abc\"}"));
        garbage.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await db.Set<PartyMember>().CountAsync()).ShouldBe(before);

        // Two taps at once: one membership, the other told it exists.
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsJsonAsync("/api/v1/party/me/report", new { unitId = unit, joinedOn = "2010-07-01" })));
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(1);
        (await db.Set<PartyMember>().CountAsync(m => m.ResidentId == person.ResidentId)).ShouldBe(1);

        // Staff recording a resident of another community as theirs is refused.
        var elsewhere = await driver.PersonAsync(community: 0);
        var staff = await app.ClientForAsync("jianshe", "en");
        var refused = await staff.PostAsJsonAsync("/api/v1/party/members", new { communityId = person.CommunityId, kind = (int)MemberKind.Employed, residentId = elsewhere.ResidentId, unitId = unit, joinedOn = "2001-07-01" });
        (await refused.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("residentId").ShouldBe(["This person does not live in this community"]);
    }

    [Fact]
    public async Task The_units_statement_counts_the_members_care_visits_and_fulfilled_wishes()
    {
        var unit = await driver.UnitAsync();
        var person = await driver.PersonAsync();
        await driver.ReportAsync(person, unit);
        var staff = await app.ClientForAsync("jianshe");
        long recipientId;
        await using (var db = app.NewDb())
        {
            recipientId = await (from r in db.Set<CareRecipient>() join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                                 where g.CommunityId == person.CommunityId && r.Status == CareStatus.Active && !db.Set<CarePair>().Any(p => p.RecipientId == r.Id && p.To == null)
                                 orderby r.Id
                                 select r.Id).FirstAsync();
        }
        // Staff pair the member with an elderly neighbour: two visits where they saw them, one where nobody answered.
        (await staff.PostAsJsonAsync($"/api/v1/care/recipients/{recipientId}/pairs", new { helper = person.UserName })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var me = await driver.ClientAsync(person);
        foreach (var kind in new[] { 1, 4, 2 })
            (await me.PostAsJsonAsync($"/api/v1/care/recipients/{recipientId}/visits", new { kind, condition = 1 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        // A small wish the member claims and fulfils.
        var wish = (await (await staff.PostAsJsonAsync($"/api/v1/care/recipients/{recipientId}/wishes", new { title = "想要一台收音机", description = "想听戏曲" }))
            .JsonAsync(HttpStatusCode.Created)).Long("id");
        (await me.PostAsJsonAsync("/api/v1/volunteer/register", new { skills = "陪伴聊天" })).IsSuccessStatusCode.ShouldBeTrue();
        (await me.PostAsync($"/api/v1/care/wishes/{wish}/claim", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await me.PostAsJsonAsync($"/api/v1/care/wishes/{wish}/fulfil", new { note = "已送到老人家中", version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var statement = await (await staff.GetAsync($"/api/v1/party/units/{unit}/statement")).JsonAsync();
        var line = statement["lines"]!.AsArray().Single()!;
        ((int)line["careVisits"]!, (int)line["wishes"]!).ShouldBe((2, 1));
        ((int)statement["careVisits"]!, (int)statement["wishes"]!).ShouldBe((2, 1));
        var cells = ReadCells(await (await staff.GetAsync($"/api/v1/party/units/{unit}/statement.xlsx")).Content.ReadAsByteArrayAsync());
        (cells[1][5], cells[1][6]).ShouldBe(("2", "1"));
        var page = await PageSession.LogInAsync(app, "jianshe");
        (await page.Client.GetStringAsync($"/party/units/{unit}/statement")).ShouldContain("data-testid=\"care-visits\">2<");
        // Last year: none of it.
        var lastYear = await (await staff.GetAsync($"/api/v1/party/units/{unit}/statement?year={DateTime.UtcNow.AddHours(8).Year - 1}")).JsonAsync();
        ((int)lastYear["careVisits"]!).ShouldBe(0);
    }

    private static List<List<string>> ReadCells(byte[] content)
    {
        using var stream = new MemoryStream(content);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
        return sheet.Descendants<Row>().Select(r =>
        {
            var cells = new List<string>();
            foreach (var c in r.Elements<Cell>())
            {
                var index = 0;
                foreach (var ch in new string(c.CellReference!.Value!.TakeWhile(char.IsLetter).ToArray())) index = index * 26 + ch - 'A' + 1;
                while (cells.Count < index - 1) cells.Add("");
                cells.Add(c.InnerText);
            }
            return cells;
        }).ToList();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteReportInTests(SqliteApp app) : ReportInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReportInTests(PostgresApp app) : ReportInTests(app);
