using System.Net;
using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Tests.Modules.Registry;

// ID card numbers: ciphertext at rest, masked in every answer, whole only on an audited request
// by a role that needs it.
public abstract partial class IdNumberTests(GongzhiApp app)
{
    [GeneratedRegex(@"\d{17}[\dX]")]
    private static partial Regex WholeIdNumber();

    private async Task<(long ResidentId, long HouseholdId)> ResidentWithIdInGrid1Async()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        return await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id
                      where h.GridId == facts.Grid1 && r.IdNumberCipher != null && r.Status == ResidentStatus.Active
                      orderby r.Id descending select new ValueTuple<long, long>(r.Id, h.Id)).FirstAsync();
    }

    [Fact]
    public async Task Are_stored_encrypted_and_never_in_plain_text()
    {
        await using var db = app.NewDb();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var rows = 0;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT * FROM \"Residents\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.GetValue(i) is not string text) continue;
                    // The keyed hash is hex, where a run of 18 digits happens by chance; it must be a hash and nothing else.
                    if (reader.GetName(i) == "IdNumberHash") text.ShouldMatch("^[0-9A-F]{64}$");
                    else WholeIdNumber().IsMatch(text).ShouldBeFalse($"{reader.GetName(i)}: {text}");
                }
            }
        }
        rows.ShouldBeGreaterThan(1000);
        (await db.Residents.CountAsync(r => r.IdNumberCipher != null)).ShouldBeGreaterThan(1000);
    }

    [Fact]
    public async Task Are_masked_in_answers_and_revealed_only_with_an_audit_entry()
    {
        var (residentId, householdId) = await ResidentWithIdInGrid1Async();
        var worker = await app.ClientForAsync("wangge.li");
        var detail = await (await worker.GetAsync($"/api/v1/households/{householdId}")).JsonAsync();
        var masked = detail["residents"]!.AsArray().Single(r => r!.Long("id") == residentId)!["idNumberMasked"]!.GetValue<string>();
        masked.ShouldMatch(@"^\d{4}\*{10}[\dX]{4}$");
        detail.ToJsonString().ShouldNotMatch(WholeIdNumber().ToString());

        var before = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddSeconds(-1);
        var revealed = await (await worker.GetAsync($"/api/v1/residents/{residentId}/id-number")).JsonAsync();
        var whole = revealed["idNumber"]!.GetValue<string>();
        whole.ShouldMatch(@"^\d{17}[\dX]$");
        (whole[..4] + new string('*', 10) + whole[^4..]).ShouldBe(masked);
        IdNumber.Parse(whole).Value.ShouldBe(whole);

        await using var db = app.NewDb();
        var row = await db.Residents.Where(r => r.Id == residentId).Select(r => new { r.IdNumberCipher, r.IdNumberHash }).SingleAsync();
        row.IdNumberCipher!.ShouldNotContain(whole);
        row.IdNumberHash!.ShouldNotContain(whole);

        var facts = await DemoFacts.ForAsync(app);
        var entry = await db.AuditEntries.Where(a => a.Action == AuditActions.ViewIdNumber && a.Subject == $"Resident/{residentId}")
            .OrderByDescending(a => a.Id).FirstAsync();
        entry.UserId.ShouldBe(facts.UserIds["wangge.li"]);
        entry.UserName.ShouldNotBeNullOrWhiteSpace();
        entry.At.ShouldBeGreaterThanOrEqualTo(before);
        entry.At.ShouldBeLessThan(before.AddMinutes(1));
        entry.Detail.ShouldBe(masked);

        var count = await db.AuditEntries.CountAsync(a => a.Action == AuditActions.ViewIdNumber);
        (await (await worker.GetAsync($"/api/v1/residents/{residentId}/id-number")).JsonAsync())["idNumber"]!.GetValue<string>().ShouldBe(whole);
        (await db.AuditEntries.CountAsync(a => a.Action == AuditActions.ViewIdNumber)).ShouldBe(count + 1);
    }

    [Theory]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("tuanjie", HttpStatusCode.OK)]
    [InlineData("wangge.zhang", HttpStatusCode.OK)]
    [InlineData("jiedao", HttpStatusCode.Forbidden)]
    [InlineData("wuye", HttpStatusCode.Forbidden)]
    [InlineData("loudong", HttpStatusCode.Forbidden)]
    [InlineData("danyuan", HttpStatusCode.Forbidden)]
    [InlineData("linzhang", HttpStatusCode.Forbidden)]
    [InlineData("bumen", HttpStatusCode.Forbidden)]
    [InlineData("shanghu", HttpStatusCode.Forbidden)]
    [InlineData("jianshe", HttpStatusCode.NotFound)]
    [InlineData("wangge.chen", HttpStatusCode.NotFound)]
    public async Task Only_roles_that_need_the_whole_number_get_it(string userName, HttpStatusCode expected)
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        // For leaders and the butler: a resident inside their own scope, so that the refusal is about the role.
        var scope = await facts.HouseholdsInScopeOfAsync(app, userName is "bumen" or "shanghu" or "jianshe" or "wangge.chen" ? "wangge.li" : userName);
        var residentId = await db.Residents.Where(r => scope.Contains(r.HouseholdId) && r.IdNumberCipher != null)
            .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var audits = await db.AuditEntries.CountAsync(a => a.Subject == $"Resident/{residentId}");

        var response = await (await app.ClientForAsync(userName)).GetAsync($"/api/v1/residents/{residentId}/id-number");
        if (expected == HttpStatusCode.OK)
        {
            (await response.JsonAsync())["idNumber"]!.GetValue<string>().ShouldMatch(@"^\d{17}[\dX]$");
            (await db.AuditEntries.CountAsync(a => a.Subject == $"Resident/{residentId}")).ShouldBe(audits + 1);
        }
        else
        {
            (await response.ProblemAsync(expected)).ToJsonString().ShouldNotMatch(WholeIdNumber().ToString());
            (await db.AuditEntries.CountAsync(a => a.Subject == $"Resident/{residentId}")).ShouldBe(audits);
        }
    }

    [Fact]
    public async Task A_resident_cannot_reveal_even_their_own()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var own = await db.Residents.Where(r => r.HouseholdId == facts.ResidentHouseholdId && r.IdNumberCipher != null).Select(r => r.Id).FirstAsync();
        var client = await app.ClientForAsync(facts.ResidentUserName);
        await (await client.GetAsync($"/api/v1/residents/{own}/id-number")).ProblemAsync(HttpStatusCode.Forbidden);
        var detail = await (await client.GetAsync($"/api/v1/households/{facts.ResidentHouseholdId}")).JsonAsync();
        detail.ToJsonString().ShouldNotMatch(WholeIdNumber().ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteIdNumberTests(SqliteApp app) : IdNumberTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIdNumberTests(PostgresApp app) : IdNumberTests(app);
