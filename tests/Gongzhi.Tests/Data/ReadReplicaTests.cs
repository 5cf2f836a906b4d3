using System.Net;
using System.Net.Http.Json;
using Gongzhi.Tests.Modules.Requests;
using Gongzhi.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Gongzhi.Tests.Data;

// The app with Database:ReadOnlyConnectionString set to a second PostgreSQL database that is a copy of
// the primary taken at one moment (CREATE DATABASE … TEMPLATE): a replica that has stopped replaying, the
// stalest a replica can be. What the app reads from it shows which reads are routed there. The same
// routing against a real streaming standby is deploy/cluster-test.sh (several processes, not in ./test.sh).
public sealed class ReplicaApp : GongzhiApp
{
    private readonly string _primary = "gz_" + Guid.NewGuid().ToString("N")[..12];
    private string Replica => _primary + "_r";

    public ReplicaApp() => ConnectionString = PostgresServer.ConnectionStringFor(_primary);
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    public string ReplicaConnectionString => PostgresServer.ConnectionStringFor(Replica);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:ReadOnlyConnectionString", ReplicaConnectionString);
        // Long enough for a slow, shared test machine: the pin must outlast the test, not a healthy replica's lag.
        builder.UseSetting("Database:FreshReadSeconds", "300");
    }

    public override async Task InitializeAsync()
    {
        await PostgresServer.CreateDatabaseAsync(_primary);
        await base.InitializeAsync();
        await CatchUpAsync();
    }

    // The replica catches up: a fresh copy of the primary as it is now. A copy needs the primary without
    // other sessions, so the app's idle pooled connections are closed first (and again, if a background
    // worker happened to be reading).
    public async Task CatchUpAsync()
    {
        await PostgresServer.DropDatabaseAsync(Replica);
        for (var attempt = 0; ; attempt++)
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await using var conn = new NpgsqlConnection(PostgresServer.ConnectionStringFor("postgres"));
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{Replica}\" TEMPLATE \"{_primary}\"", conn);
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(Replica);
        await PostgresServer.DropDatabaseAsync(_primary);
    }
}

public sealed class ReadReplicaTests(ReplicaApp app) : IClassFixture<ReplicaApp>
{
    private readonly CaseDriver _cases = new(app);

    [Fact]
    public async Task A_public_read_may_be_a_moment_old_but_whoever_wrote_reads_their_own_write()
    {
        var resident = await _cases.ResidentAsync();
        var response = await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId = await _cases.CategoryAsync("other"), description = "路灯不亮 " + CaseDriver.Marker() });
        var id = (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(ReadReplica.FreshCookie + "=", StringComparison.Ordinal), "a write pins its author to the primary");

        // Open311 GET is public and may be old: the replica does not have the case yet.
        (await app.Anonymous().GetAsync($"/open311/v2/requests/{id}.json")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The author carries the cookie and reads the primary.
        (await resident.GetAsync($"/open311/v2/requests/{id}.json")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.CatchUpAsync();
        (await app.Anonymous().GetAsync($"/open311/v2/requests/{id}.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Search_and_the_three_rates_read_the_replica_and_the_case_page_reads_the_primary()
    {
        await app.CatchUpAsync();
        var marker = CaseDriver.Marker();
        var id = await _cases.SubmitAsResidentAsync("other", "路灯不亮 " + marker);
        var staff = await app.ClientForAsync("tuanjie");
        var metrics = await (await staff.GetAsync("/api/v1/case-metrics?by=community")).JsonAsync();
        var replicaTotal = metrics["overall"]!["total"]!.GetValue<int>();

        (await (await staff.GetAsync($"/api/v1/cases?q={marker}")).JsonAsync())["total"]!.GetValue<int>().ShouldBe(0, "search reads the replica, which is behind");
        // The case page is what a worker acts on: always the primary.
        (await staff.GetAsync($"/api/v1/cases/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await app.CatchUpAsync();
        (await (await staff.GetAsync($"/api/v1/cases?q={marker}")).JsonAsync())["total"]!.GetValue<int>().ShouldBe(1);
        var after = await (await staff.GetAsync("/api/v1/case-metrics?by=community")).JsonAsync();
        after["overall"]!["total"]!.GetValue<int>().ShouldBe(replicaTotal + 1);
    }

    // A 台账 is paperwork about the period so far: it may be a moment old, and is read from the replica.
    [Fact]
    public async Task The_cases_ledger_reads_the_replica()
    {
        await app.CatchUpAsync();
        var marker = CaseDriver.Marker();
        var id = await _cases.SubmitAsResidentAsync("other", "楼道堆物 " + marker);
        long community;
        await using (var db = app.NewDb()) community = await db.Cases.Where(c => c.Id == id).Select(c => c.CommunityId).SingleAsync();
        var staff = await SignedInWithoutPinAsync("tuanjie");
        var month = Gongzhi.Tests.Modules.Insight.InsightDriver.ChinaDay(DateTime.UtcNow);
        async Task<bool> ListedAsync()
        {
            var response = await staff.GetAsync($"/insight/community/{community}/ledgers/cases.xlsx?p=month&on={month:yyyy-MM}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
            return document.WorkbookPart!.WorksheetParts.Any(p => p.Worksheet.InnerText.Contains(marker, StringComparison.Ordinal))
                || (document.WorkbookPart.SharedStringTablePart?.SharedStringTable.InnerText.Contains(marker, StringComparison.Ordinal) ?? false);
        }

        (await ListedAsync()).ShouldBeFalse("the ledger reads the replica, which is behind");
        await app.CatchUpAsync();
        (await ListedAsync()).ShouldBeTrue();
    }

    // Signing in is a POST, so it pins the browser to the primary for a while: a page session that keeps every
    // cookie but that one, to see where a reader who has not just written is sent.
    private async Task<HttpClient> SignedInWithoutPinAsync(string userName)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookies = new Dictionary<string, string>();
        void Keep(HttpResponseMessage r)
        {
            foreach (var c in r.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = c.Split(';')[0].Split('=', 2);
                if (pair[0] != ReadReplica.FreshCookie) cookies[pair[0]] = pair[1];
            }
        }
        var form = await client.GetAsync("/login");
        Keep(form);
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["Input.UserName"] = userName, ["Input.Password"] = GongzhiApp.Password,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        var signedIn = await client.SendAsync(post);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedIn.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(ReadReplica.FreshCookie + "=", StringComparison.Ordinal), "signing in pins like any write");
        Keep(signedIn);
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        return client;
    }

    [Fact]
    public async Task A_refused_write_does_not_pin_its_author()
    {
        var resident = await _cases.ResidentAsync();
        var response = await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId = await _cases.CategoryAsync("other"), description = "" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).ShouldNotContain(c => c.StartsWith(ReadReplica.FreshCookie + "=", StringComparison.Ordinal));
    }
}

// With no replica configured (SQLite, or PostgreSQL alone) every read is the primary's, as before.
public abstract class NoReplicaTests(GongzhiApp app)
{
    [Fact]
    public async Task Without_a_replica_a_public_read_sees_a_write_at_once_and_no_cookie_is_set()
    {
        var driver = new CaseDriver(app);
        var resident = await driver.ResidentAsync();
        var response = await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId = await driver.CategoryAsync("other"), description = "路灯不亮 " + CaseDriver.Marker() });
        var id = (await response.JsonAsync(HttpStatusCode.Created)).Long("id");
        (response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).ShouldNotContain(c => c.StartsWith(ReadReplica.FreshCookie + "=", StringComparison.Ordinal));
        (await app.Anonymous().GetAsync($"/open311/v2/requests/{id}.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Services.GetRequiredService<ReadReplica>().Configured.ShouldBeFalse();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteNoReplicaTests(SqliteApp app) : NoReplicaTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresNoReplicaTests(PostgresApp app) : NoReplicaTests(app);
