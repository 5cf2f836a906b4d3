using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Gongzhi.Tests.Platform.Hardening;

// Every read of the API (each GET of /openapi/v1.json) as twelve people — nobody, a resident, a
// building leader, a worker of grid 1 and one of grid 2, the staff of community 1 and of community 2,
// the subdistrict, the property butler, a department, a merchant and the administrator — on an object
// of grid 1 ("in") and, where the demo has one, of community 2 ("out"). Each answer is compared with
// the table in AuthorizationMatrix.txt, reviewed by hand: a change in who may read what fails here.
// A new GET route fails too until its row is written (GONGZHI_MATRIX_RECORD=path writes the observed
// table to review).
public abstract class AuthorizationMatrixTests(GongzhiApp app, ITestOutputHelper output)
{
    public static readonly string[] People =
        ["anon", "resident", "loudong", "wangge.li", "wangge.chen", "tuanjie", "jianshe", "jiedao", "wuye", "bumen", "shanghu", "admin"];

    // The smallest grid of a community: grid 1 for community 1.
    private const string G = """(SELECT MIN("Id") FROM "Grids" WHERE "CommunityId" = @c)""";

    // How to find an object of community @c (of its first grid where the object has a place) for a route's {id}.
    private static readonly (string Route, string Sql)[] Objects =
    [
        ("/api/v1/households/{id}", $"""SELECT MIN("Id") FROM "Households" WHERE "GridId" = {G}"""),
        ("/api/v1/residents/{id}/id-number", $"""SELECT MIN(r."Id") FROM "Residents" r JOIN "Households" h ON h."Id" = r."HouseholdId" WHERE h."GridId" = {G} AND r."IdNumberCipher" IS NOT NULL"""),
        ("/api/v1/communities/{id}/posts", "SELECT @c"),
        ("/api/v1/board/{gridId}", $"SELECT {G}"),
        ("/api/v1/cases/{id}", $"""SELECT MIN("Id") FROM "Cases" WHERE "GridId" = {G}"""),
        ("/api/v1/volunteer/activities/{id}", """SELECT MIN("Id") FROM "VolunteerActivities" WHERE "CommunityId" = @c"""),
        ("/api/v1/volunteer/shifts/{id}/qr", """SELECT MIN(s."Id") FROM "Shifts" s JOIN "VolunteerActivities" a ON a."Id" = s."ActivityId" WHERE a."CommunityId" = @c"""),
        ("/api/v1/volunteer/shifts/{id}/signups", """SELECT MIN(s."Id") FROM "Shifts" s JOIN "VolunteerActivities" a ON a."Id" = s."ActivityId" WHERE a."CommunityId" = @c"""),
        ("/api/v1/events/{id}", """SELECT MIN("Id") FROM "Events" WHERE "CommunityId" = @c"""),
        ("/api/v1/venues/{id}/week", """SELECT MIN("Id") FROM "Venues" WHERE "CommunityId" = @c"""),
        ("/api/v1/topics/{id}", """SELECT MIN("Id") FROM "Topics" WHERE "CommunityId" = @c"""),
        ("/api/v1/meetings/{id}", """SELECT MIN("Id") FROM "Meetings" WHERE "CommunityId" = @c"""),
        ("/api/v1/votes/{id}", """SELECT MIN(v."Id") FROM "Votes" v JOIN "Topics" t ON t."Id" = v."TopicId" WHERE t."CommunityId" = @c"""),
        ("/api/v1/votes/{id}/roll", """SELECT MIN(v."Id") FROM "Votes" v JOIN "Topics" t ON t."Id" = v."TopicId" WHERE t."CommunityId" = @c"""),
        ("/api/v1/organisations/{id}", """SELECT MIN("Id") FROM "SocialOrganisations" WHERE "CommunityId" = @c"""),
        ("/api/v1/projects/calls/{id}", """SELECT MIN("Id") FROM "ProjectCalls" WHERE "CommunityId" = @c"""),
        ("/api/v1/projects/calls/{id}/ranking", """SELECT MIN("Id") FROM "ProjectCalls" WHERE "CommunityId" = @c"""),
        ("/api/v1/projects/calls/{id}/sheet", """SELECT MIN("Id") FROM "ProjectCalls" WHERE "CommunityId" = @c"""),
        ("/api/v1/projects/calls/{id}/ledger", """SELECT MIN("Id") FROM "ProjectCalls" WHERE "CommunityId" = @c"""),
        ("/api/v1/projects/calls/{id}/applications.xlsx", """SELECT MIN("Id") FROM "ProjectCalls" WHERE "CommunityId" = @c"""),
        ("/api/v1/projects/calls/{id}/ledger.xlsx", """SELECT MIN("Id") FROM "ProjectCalls" WHERE "CommunityId" = @c"""),
        ("/api/v1/projects/applications/{id}", """SELECT MIN(a."Id") FROM "ProjectApplications" a JOIN "ProjectCalls" c ON c."Id" = a."CallId" WHERE c."CommunityId" = @c"""),
        ("/api/v1/showcase/calls/{id}", """SELECT MIN("Id") FROM "ProjectCalls" WHERE "CommunityId" = @c"""),
        ("/api/v1/showcase/projects/{id}", """SELECT MIN(a."Id") FROM "ProjectApplications" a JOIN "ProjectCalls" c ON c."Id" = a."CallId" WHERE c."CommunityId" = @c"""),
        ("/api/v1/notices/{id}", """SELECT MIN("Id") FROM "Notices" WHERE "CommunityId" = @c"""),
        ("/api/v1/notices/{id}/draft", """SELECT MIN("Id") FROM "Notices" WHERE "CommunityId" = @c"""),
        ("/api/v1/notices/{id}/reach", """SELECT MIN("Id") FROM "Notices" WHERE "CommunityId" = @c"""),
        ("/api/v1/notices/{id}/unreached", """SELECT MIN("Id") FROM "Notices" WHERE "CommunityId" = @c"""),
        ("/api/v1/webhooks/{id}", """SELECT MIN(w."Id") FROM "Webhooks" w WHERE @c = @c"""),
        ("/api/v1/care/recipients/{id}", $"""SELECT MIN(r."Id") FROM "CareRecipients" r JOIN "Households" h ON h."Id" = r."HouseholdId" WHERE h."GridId" = {G}"""),
        ("/api/v1/party/units/{id}/statement", """SELECT MIN("Id") FROM "PartnerUnits" WHERE "CommunityId" = @c"""),
        ("/api/v1/party/units/{id}/statement.xlsx", """SELECT MIN("Id") FROM "PartnerUnits" WHERE "CommunityId" = @c"""),
    ];

    [Fact]
    public async Task Every_read_answers_each_person_as_the_table_says()
    {
        var (_, operations) = await OpenApiOperations.ReadAsync(app);
        var routes = operations.Where(o => o.Method == "GET").Select(o => o.Path).Distinct().ToList();
        var facts = await DemoFacts.ForAsync(app);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var person in People)
            clients[person] = person == "anon" ? app.Anonymous() : await app.ClientForAsync(person == "resident" ? facts.ResidentUserName : person);

        var observed = new List<string>();
        foreach (var route in routes)
        {
            var objects = new List<(string Side, string Path)>();
            if (!route.Contains('{')) objects.Add(("-", route));
            else
            {
                var sql = Objects.Where(o => o.Route == route).Select(o => o.Sql).FirstOrDefault()
                    ?? (route.Contains("/communities/{id}") ? "SELECT @c" : null);
                if (sql is null)
                {
                    observed.Add($"{route} no-finder {string.Join(' ', People.Select(_ => "-"))}");
                    continue;
                }
                foreach (var (side, community) in new[] { ("in", facts.Community1), ("out", facts.Community2) })
                    if (await FindAsync(sql, community) is { } id) objects.Add((side, route.Replace("{id}", id.ToString()).Replace("{gridId}", id.ToString())));
                if (objects.Count == 0) objects.Add(("none", route));
            }
            foreach (var (side, path) in objects)
            {
                var codes = new List<int>();
                foreach (var person in People)
                {
                    if (side == "none") { codes.Add(0); continue; }
                    using var response = await clients[person].GetAsync(path);
                    codes.Add((int)response.StatusCode);
                }
                observed.Add($"{route} {side} {string.Join(' ', codes.Select(c => c == 0 ? "-" : c.ToString()))}");
            }
        }
        foreach (var c in clients.Values) c.Dispose();

        var record = Environment.GetEnvironmentVariable("GONGZHI_MATRIX_RECORD");
        if (!string.IsNullOrEmpty(record)) await File.WriteAllLinesAsync(record + "." + app.Provider, observed);

        var expected = Table();
        var mismatches = new List<string>();
        foreach (var line in observed)
        {
            var (key, codes) = Split(line);
            if (!expected.TryGetValue(key, out var want)) mismatches.Add($"no row in the table: {line}");
            else if (want != codes) mismatches.Add($"{key}: expected {want}, got {codes}   ({string.Join(' ', People)})");
        }
        var cells = observed.Sum(l => Split(l).Codes.Split(' ').Count(c => c != "-"));
        output.WriteLine($"{routes.Count} GET routes, {observed.Count} rows × {People.Length} people = {cells} cells, {mismatches.Count} mismatches");
        mismatches.ShouldBeEmpty(string.Join("\n", mismatches));
    }

    // Objects that only writes name, found the same way (their reads, if any, are above).
    private static readonly (string Route, string Sql)[] WriteObjects =
    [
        ("/api/v1/residents/{id}", $"""SELECT MIN(r."Id") FROM "Residents" r JOIN "Households" h ON h."Id" = r."HouseholdId" WHERE h."GridId" = {G}"""),
        ("/api/v1/posts/{id}", """SELECT MIN(p."Id") FROM "DutyPosts" p WHERE p."PlaceKind" = 1 AND p."PlaceId" = @c"""),
        ("/api/v1/volunteer/shifts/{id}", """SELECT MIN(s."Id") FROM "Shifts" s JOIN "VolunteerActivities" a ON a."Id" = s."ActivityId" WHERE a."CommunityId" = @c"""),
        ("/api/v1/points/rewards/{id}", """SELECT MIN("Id") FROM "Rewards" WHERE "CommunityId" = @c"""),
        ("/api/v1/registrations/{id}", """SELECT MIN(r."Id") FROM "Registrations" r JOIN "Events" e ON e."Id" = r."EventId" WHERE e."CommunityId" = @c"""),
    ];

    // Every write of the API (POST, PUT, DELETE of /openapi/v1.json) as the same twelve people on the same
    // objects, each sent an empty JSON object (DELETE: no body). A person the route refuses gets 401, 403 or
    // 404; a person it lets in reaches the input rules and gets 400 (409 where the missing version is stale) —
    // so nothing is written, and the test checks that: the tables have as many rows afterwards as before, and
    // no answer is a 2xx. Where an empty request is a complete one for a person it lets in (follow, mark read,
    // ask to close one's account…), the table says "ok" and that cell is not sent: the module's own tests
    // cover the write, and the walk still checks that everyone else is refused. (The other way, a real body
    // inside a transaction rolled back afterwards, is not open to a test that talks HTTP to the real host.)
    // SQLite walks every route; PostgreSQL every third, against the same table, to keep the suite fast.
    [Fact]
    public async Task Every_write_refuses_or_validates_each_person_as_the_table_says_and_writes_nothing()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (_, operations) = await OpenApiOperations.ReadAsync(app);
        var writes = operations.Where(o => o.Method is "POST" or "PUT" or "DELETE").Select(o => (Route: o.Path, o.Method)).ToList();
        var record = Environment.GetEnvironmentVariable("GONGZHI_MATRIX_RECORD");
        if (app.Provider != Web.Data.DatabaseProvider.Sqlite && string.IsNullOrEmpty(record)) writes = writes.Where((_, i) => i % 3 == 0).ToList();
        var expected = Table("AuthorizationMatrix.Writes.txt");
        var facts = await DemoFacts.ForAsync(app);
        var clients = new Dictionary<string, HttpClient>();
        foreach (var person in People)
            clients[person] = person == "anon" ? app.Anonymous() : await app.ClientForAsync(person == "resident" ? facts.ResidentUserName : person);
        var rowsBefore = await RowCountsAsync();

        var observed = new List<string>();
        foreach (var (route, method) in writes)
        {
            var name = $"{method}:{route}";
            var objects = new List<(string Side, string Path)>();
            if (!route.Contains('{')) objects.Add(("-", route));
            else
            {
                var sql = Finder(route);
                if (sql is null)
                {
                    observed.Add($"{name} none {string.Join(' ', People.Select(_ => "-"))}");
                    continue;
                }
                foreach (var (side, community) in new[] { ("in", facts.Community1), ("out", facts.Community2) })
                    if (await FindAsync(sql, community) is { } id) objects.Add((side, System.Text.RegularExpressions.Regex.Replace(route, @"\{[^}]+\}", id.ToString())));
                if (objects.Count == 0) objects.Add(("none", route));
            }
            foreach (var (side, path) in objects)
            {
                var want = expected.TryGetValue($"{name} {side}", out var row) ? row.Split(' ') : [];
                var codes = new List<string>();
                for (var p = 0; p < People.Length; p++)
                {
                    if (side == "none") { codes.Add("-"); continue; }
                    if (p < want.Length && want[p] == "ok") { codes.Add("ok"); continue; }
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method != "DELETE") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    using var response = await clients[People[p]].SendAsync(request);
                    codes.Add(((int)response.StatusCode).ToString());
                }
                observed.Add($"{name} {side} {string.Join(' ', codes)}");
            }
        }
        foreach (var c in clients.Values) c.Dispose();

        if (!string.IsNullOrEmpty(record)) await File.WriteAllLinesAsync(record + ".writes." + app.Provider, observed);

        var mismatches = new List<string>();
        foreach (var line in observed)
        {
            var (key, codes) = Split(line);
            if (!expected.TryGetValue(key, out var want)) mismatches.Add($"no row in the table: {line}");
            else if (want != codes) mismatches.Add($"{key}: expected {want}, got {codes}   ({string.Join(' ', People)})");
            if (codes.Split(' ').Any(c => c.StartsWith('2'))) mismatches.Add($"{key}: an empty request was accepted (a write may have happened): {codes}");
        }
        var rowsAfter = await RowCountsAsync();
        var changed = rowsBefore.Where(t => rowsAfter.GetValueOrDefault(t.Key) != t.Value).Select(t => $"table {t.Key}: {t.Value} → {rowsAfter.GetValueOrDefault(t.Key)} rows").ToList();
        var cells = observed.Sum(l => Split(l).Codes.Split(' ').Count(c => c is not "-" and not "ok"));
        output.WriteLine($"{writes.Count} write routes, {observed.Count} rows × {People.Length} people = {cells} requests, {mismatches.Count} mismatches, "
            + $"{changed.Count} tables changed, {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        mismatches.Concat(changed).ShouldBeEmpty(string.Join("\n", mismatches.Concat(changed)));
    }

    // The finder of the longest known route that this one extends ("/api/v1/cases/{id}/accept" → "/api/v1/cases/{id}").
    private static string? Finder(string route) =>
        Objects.Concat(WriteObjects)
            .Where(o => route == o.Route || route.StartsWith(o.Route + "/", StringComparison.Ordinal))
            .OrderByDescending(o => o.Route.Length).Select(o => o.Sql).FirstOrDefault()
        ?? (route.Contains("/communities/{id}") ? "SELECT @c" : null);

    // Rows per table: the walk must leave every one as it found it.
    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        await using var db = app.NewDb();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = app.Provider == Web.Data.DatabaseProvider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync());
        }
        return counts;
    }

    private async Task<long?> FindAsync(string sql, long community)
    {
        await using var db = app.NewDb();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.CreateParameter();
        p.ParameterName = "@c";
        p.Value = community;
        command.Parameters.Add(p);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value);
    }

    private static (string Key, string Codes) Split(string line)
    {
        var parts = line.Split(' ', 3);
        return ($"{parts[0]} {parts[1]}", parts[2]);
    }

    // route side codes... (side: "-" no object, "in" grid 1 / community 1, "out" community 2); "#" starts a comment.
    private static Dictionary<string, string> Table(string file = "AuthorizationMatrix.txt") =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Platform", "Hardening", file), Encoding.UTF8)
            .Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).Select(Split).ToDictionary(x => x.Key, x => x.Codes);
}

public sealed class MatrixSqliteApp : GongzhiApp
{
    public MatrixSqliteApp() => ConnectionString = $"Data Source={Path.Combine(DataDirectory, "gongzhi.db")}";
    public override Web.Data.DatabaseProvider Provider => Web.Data.DatabaseProvider.Sqlite;
    protected override int DemoHouseholds => 300;
}

public sealed class MatrixPostgresApp : GongzhiApp
{
    private readonly string _database = "gz_matrix_" + Guid.NewGuid().ToString("N")[..8];

    public MatrixPostgresApp() => ConnectionString = PostgresServer.ConnectionStringFor(_database);
    public override Web.Data.DatabaseProvider Provider => Web.Data.DatabaseProvider.Postgres;
    protected override int DemoHouseholds => 300;

    public override async Task InitializeAsync()
    {
        await PostgresServer.CreateDatabaseAsync(_database);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_database);
    }
}

public sealed class SqliteAuthorizationMatrixTests(MatrixSqliteApp app, ITestOutputHelper output)
    : AuthorizationMatrixTests(app, output), IClassFixture<MatrixSqliteApp>;

public sealed class PostgresAuthorizationMatrixTests(MatrixPostgresApp app, ITestOutputHelper output)
    : AuthorizationMatrixTests(app, output), IClassFixture<MatrixPostgresApp>;
