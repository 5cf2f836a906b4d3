using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Notices;

public sealed record NoticesResult(
    int Households, int Accounts, List<double> PublishSeconds, int Recipients, int InboxRows, List<double> PublishFloorSeconds,
    int Reads, int Concurrency, double ReadSeconds, Latency ReadLatency, int ReadsRecorded, double FloorSeconds, Latency Floor,
    int HomeNotices, int HomeEvents, Latency Home, Latency HomeFloor, double LoadBefore, double LoadAfter);

// Notices (issue 15), on the published app with SQLite and `households` demo households, one resident
// account per household written straight into the database (so publishing has an inbox to fill):
// - publish: a notice to the whole subdistrict (every household), timed as the submit request that
//   publishes it (recipients and inbox rows each one INSERT … SELECT); three runs; floor: the same two
//   statements by hand through Microsoft.Data.Sqlite on the same file;
// - reads: 100 residents × 20 notices = 2,000 POST /notices/{id}/read from `concurrency` connections;
//   floor: the same upsert statement through Microsoft.Data.Sqlite on the same file, same concurrency,
//   for 20 other notices (so both write 2,000 new rows);
// - the public community page with 100 public notices and 50 coming events: GET /c/{id} p50/p95/p99,
//   floor GET /healthz, both sequential after a warm-up.
public sealed class NoticesBench(string appDll, string dataDir, BenchOptions options)
{
    private const string ResidentPassword = "Bench@2026x";
    private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

    public async Task<NoticesResult> RunAsync()
    {
        var households = options.NoticeHouseholds;
        Console.WriteLine($"\n== notices: {households:N0} households ({dataDir})");
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);
        var loadBefore = Machine.Load();
        var env = AppProcess.DemoEnvironment(dataDir, households, ("Activities__ReminderSeconds", "0"), ("Requests__SweepSeconds", "0"), ("Notices__WorkerSeconds", "0"),
            // 100 residents sign in from this one address: the per-address sign-in limit (30 a minute) would refuse most.
            ("Accounts__Limits__AuthPerAddress", "100000"));
        await using var app = AppProcess.Start(appDll, env);
        await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(30));
        var accounts = await AccountsAsync();
        var realHouseholds = await ScalarAsync<long>("SELECT COUNT(*) FROM Households");
        Console.WriteLine($"{accounts.Count:N0} resident accounts written ({realHouseholds:N0} households)");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var official = await BenchLogin.LoginAsync(http, "jiedao", "Gongzhi@2026");
        var staff = await BenchLogin.LoginAsync(http, "tuanjie", "Gongzhi@2026");
        var subdistrict = await ScalarAsync<long>("SELECT Id FROM Subdistricts ORDER BY Id LIMIT 1");
        var community = await ScalarAsync<long>("SELECT Id FROM Communities ORDER BY Id LIMIT 1");

        // Publishing to every household.
        var publish = new List<double>();
        int recipients = 0, inbox = 0;
        for (var run = 0; run < 3; run++)
        {
            var id = await CreateAsync(http, official, 1, subdistrict, $"全街道停水通知（第{run + 1}次）");
            var watch = Stopwatch.StartNew();
            await SubmitAsync(http, official, id);
            watch.Stop();
            publish.Add(watch.Elapsed.TotalSeconds);
            recipients = (int)await ScalarAsync<long>($"SELECT COUNT(*) FROM NoticeRecipients WHERE NoticeId = {id}");
            inbox = (int)await ScalarAsync<long>($"SELECT COUNT(*) FROM Notifications WHERE Link = '/notices/{id}'");
            Console.WriteLine(FormattableString.Invariant($"publish {run + 1}: {watch.Elapsed.TotalSeconds:0.00} s, {recipients:N0} households, {inbox:N0} inbox rows"));
        }

        // Floor for publishing: the same two INSERT … SELECT statements by hand through Microsoft.Data.Sqlite
        // on the same file (every household as a recipient of the last notice, an inbox row for every
        // resident account), rolled back; three runs.
        var publishFloor = new List<double>();
        var lastNotice = await ScalarAsync<long>("SELECT MAX(Id) FROM Notices");
        for (var run = 0; run < 3; run++) publishFloor.Add(await PublishFloorAsync(lastNotice));
        Console.WriteLine("publish floor: " + string.Join(" / ", publishFloor.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture))) + " s");

        // Reads: 100 residents of the first estate, 20 notices to that estate (and 20 more for the floor).
        var estate = await ScalarAsync<long>($"SELECT Id FROM Estates WHERE CommunityId = {community} ORDER BY Id LIMIT 1");
        var readers = accounts.Where(a => a.EstateId == estate).Take(100).ToList();
        var notices = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var id = await CreateAsync(http, staff, 4, estate, $"小区公告 {i + 1}");
            await SubmitAsync(http, staff, id);
            notices.Add(id);
        }
        var tokens = new string[readers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, readers.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => tokens[i] = await BenchLogin.LoginAsync(http, readers[i].UserName, ResidentPassword));
        var work = (from n in notices.Take(20) from t in tokens select (n, t)).OrderBy(_ => Random.Shared.Next()).ToList();
        // Warm-up: each resident opens one notice of the floor's set through the app (not counted in either).
        await RunConcurrentAsync(tokens.Select((t, i) => (notices[20 + i % 20], t)).ToList(), options.Concurrency, (p, ct) => ReadAsync(http, p.Item2, p.Item1, ct));
        var before = await ScalarAsync<long>("SELECT COUNT(*) FROM NoticeReads");
        var readWatch = Stopwatch.StartNew();
        var samples = await RunConcurrentAsync(work, options.Concurrency, (p, ct) => ReadAsync(http, p.t, p.n, ct));
        readWatch.Stop();
        var recorded = (int)(await ScalarAsync<long>("SELECT COUNT(*) FROM NoticeReads") - before);
        Console.WriteLine(FormattableString.Invariant($"reads: {work.Count:N0} in {readWatch.Elapsed.TotalSeconds:0.00} s, {Latency.Of(samples).Format()}, {recorded:N0} recorded"));

        // Floor: the bare upsert on the same file, for the second 20 notices, minus what the warm-up wrote.
        var userIds = new Dictionary<string, string>();
        await using (var db = Open(readOnly: true))
            foreach (var r in readers) userIds[r.UserName] = (string)(await new SqliteCommand($"SELECT Id FROM AspNetUsers WHERE UserName = '{r.UserName}'", db).ExecuteScalarAsync())!;
        var floorWork = (from n in notices.Skip(20) from r in readers select (n, userIds[r.UserName])).ToList();
        await using (var db = Open(readOnly: false))
            await new SqliteCommand($"DELETE FROM NoticeReads WHERE NoticeId IN ({string.Join(",", notices.Skip(20))})", db).ExecuteNonQueryAsync();
        var floorWatch = Stopwatch.StartNew();
        var floorSamples = await RunConcurrentAsync(floorWork, options.Concurrency, (p, ct) => FloorUpsertAsync(p.n, p.Item2));
        floorWatch.Stop();
        Console.WriteLine(FormattableString.Invariant($"floor: {floorWork.Count:N0} in {floorWatch.Elapsed.TotalSeconds:0.00} s, {Latency.Of(floorSamples).Format()}"));

        // The public page with 100 public notices (to one building each, so cheap to publish) and 50 events.
        var buildings = new List<long>();
        await using (var db = Open(readOnly: true))
        await using (var cmd = new SqliteCommand($"SELECT b.Id FROM Buildings b JOIN Estates e ON e.Id = b.EstateId WHERE e.CommunityId = {community} ORDER BY b.Id", db))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) buildings.Add(reader.GetInt64(0));
        var have = (int)await ScalarAsync<long>($"SELECT COUNT(*) FROM Notices WHERE CommunityId = {community} AND Audience = 1 AND Status = 3");
        for (var i = have; i < 100; i++)
        {
            var id = await CreateAsync(http, staff, 5, buildings[i % buildings.Count], $"楼栋公告 {i + 1}", pinned: i % 20 == 0);
            await SubmitAsync(http, staff, id);
        }
        var events = (int)await ScalarAsync<long>($"SELECT COUNT(*) FROM Events WHERE CommunityId = {community} AND StartsAt > datetime('now')");
        for (var i = events; i < 50; i++) await CreateEventAsync(http, staff, community, $"社区活动 {i + 1}", 30, i);
        var homeNotices = (int)await ScalarAsync<long>($"SELECT COUNT(*) FROM Notices WHERE CommunityId = {community} AND Audience = 1 AND Status = 3");
        var homeEvents = (int)await ScalarAsync<long>($"SELECT COUNT(*) FROM Events WHERE CommunityId = {community} AND StartsAt > datetime('now')");
        var home = await SequentialAsync(http, $"/c/{community}", options.Requests);
        var floor = await SequentialAsync(http, "/healthz", options.Requests);
        Console.WriteLine($"public page ({homeNotices} notices, {homeEvents} events): {home.Format()}; /healthz {floor.Format()}");

        return new NoticesResult((int)realHouseholds, accounts.Count, publish, recipients, inbox, publishFloor, work.Count, options.Concurrency, readWatch.Elapsed.TotalSeconds,
            Latency.Of(samples), recorded, floorWatch.Elapsed.TotalSeconds, Latency.Of(floorSamples), homeNotices, homeEvents, home, floor, loadBefore, Machine.Load());
    }

    private static async Task<Latency> SequentialAsync(HttpClient http, string path, int count)
    {
        for (var i = 0; i < 50; i++) (await http.GetAsync(path)).EnsureSuccessStatusCode();
        var samples = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var w = Stopwatch.StartNew();
            using var r = await http.GetAsync(path);
            await r.Content.ReadAsByteArrayAsync();
            w.Stop();
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)r.StatusCode}");
            samples.Add(w.Elapsed.TotalMilliseconds);
        }
        return Latency.Of(samples);
    }

    private static async Task<List<double>> RunConcurrentAsync<T>(List<T> work, int concurrency, Func<T, CancellationToken, Task> act)
    {
        var samples = new List<double>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < work.Count)
            {
                var w = Stopwatch.StartNew();
                await act(work[i], CancellationToken.None);
                w.Stop();
                lock (samples) samples.Add(w.Elapsed.TotalMilliseconds);
            }
        }));
        return samples;
    }

    private static async Task ReadAsync(HttpClient http, string token, long notice, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/notices/{notice}/read");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"read failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    private async Task<double> PublishFloorAsync(long notice)
    {
        await using var db = Open(readOnly: false);
        await using var tx = await db.BeginTransactionAsync();
        await using (var clear = db.CreateCommand())
        {
            clear.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)tx;
            clear.CommandText = $"DELETE FROM NoticeRecipients WHERE NoticeId = {notice}";
            await clear.ExecuteNonQueryAsync();
        }
        var watch = Stopwatch.StartNew();
        await using (var cmd = db.CreateCommand())
        {
            cmd.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)tx;
            cmd.CommandText = """
                INSERT INTO "NoticeRecipients" ("NoticeId", "HouseholdId", "BuildingId", "EntranceId")
                SELECT $n, h."Id", h."BuildingId", h."EntranceId" FROM "Households" h;
                INSERT INTO "Notifications" ("UserId", "Kind", "MessageKey", "ArgsJson", "Link", "CreatedAt", "SentAt")
                SELECT u."Id", 'notice', 'Notices.Inbox.Published', '["floor"]', '/notices/floor', $now, $now
                FROM "AspNetUsers" u WHERE u."ResidentId" IS NOT NULL;
                """;
            cmd.Parameters.AddWithValue("$n", notice);
            cmd.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        watch.Stop();
        // Put the rows back as the app wrote them: the floor's rows leave again.
        await using (var undo = db.CreateCommand())
        {
            undo.CommandText = "DELETE FROM Notifications WHERE Link = '/notices/floor'";
            await undo.ExecuteNonQueryAsync();
        }
        return watch.Elapsed.TotalSeconds;
    }

    // The statement the app runs for a read, bare.
    private async Task FloorUpsertAsync(long notice, string userId)
    {
        await using var db = Open(readOnly: false);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            INSERT INTO "NoticeReads" ("NoticeId", "UserId", "HouseholdId", "ReadAt")
            SELECT nr."NoticeId", u."Id", nr."HouseholdId", $now
            FROM "AspNetUsers" u
            JOIN "Residents" r ON r."Id" = u."ResidentId"
            JOIN "NoticeRecipients" nr ON nr."NoticeId" = $n AND nr."HouseholdId" = r."HouseholdId"
            WHERE u."Id" = $u
            ON CONFLICT ("NoticeId", "UserId") DO NOTHING
            """;
        cmd.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$n", notice);
        cmd.Parameters.AddWithValue("$u", userId);
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed record Account(long ResidentId, long EstateId, string UserName);

    // One account per household: its first active resident without one.
    private async Task<List<Account>> AccountsAsync()
    {
        var hasher = new PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 1000 }));
        var hash = hasher.HashPassword(new object(), ResidentPassword);
        var role = await ScalarAsync<string>("SELECT Id FROM AspNetRoles WHERE Name = 'Resident'");
        var people = new List<Account>();
        await using var db = Open(readOnly: false);
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = """
                SELECT MIN(r.Id), h.EstateId FROM Residents r JOIN Households h ON h.Id = r.HouseholdId
                WHERE r.Status = 0 AND r.Id NOT IN (SELECT ResidentId FROM AspNetUsers WHERE ResidentId IS NOT NULL)
                  AND h.Id NOT IN (SELECT r2.HouseholdId FROM Residents r2 JOIN AspNetUsers u ON u.ResidentId = r2.Id)
                GROUP BY h.Id ORDER BY h.Id
                """;
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) people.Add(new Account(reader.GetInt64(0), reader.GetInt64(1), $"nb{reader.GetInt64(0)}"));
        }
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
        await using var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO AspNetUsers (Id, DisplayName, ResidentId, CreatedAt, UserName, NormalizedUserName, EmailConfirmed, PasswordHash, SecurityStamp, ConcurrencyStamp,
                PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
            VALUES ($id, '居民', $r, $now, $u, $nu, 0, $hash, $stamp, $stamp, 1, 0, 1, 0);
            INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($id, $role);
            """;
        foreach (var p in people)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
            insert.Parameters.AddWithValue("$r", p.ResidentId);
            insert.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$u", p.UserName);
            insert.Parameters.AddWithValue("$nu", p.UserName.ToUpperInvariant());
            insert.Parameters.AddWithValue("$hash", hash);
            insert.Parameters.AddWithValue("$stamp", Guid.NewGuid().ToString("N").ToUpperInvariant());
            insert.Parameters.AddWithValue("$role", role);
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return people;
    }

    private static async Task<long> CreateAsync(HttpClient http, string token, int scopeKind, long scopeId, string title, bool pinned = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/notices")
        {
            Content = JsonContent.Create(new { scopeKind, scopeId, kind = 1, audience = 1, title, body = "因管网改造，周六 8:00–18:00 停水，请提前储水。", pinned }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"creating a notice failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private static async Task SubmitAsync(HttpClient http, string token, long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/notices/{id}/submit") { Content = JsonContent.Create(new { version = 0 }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !body.Contains("\"status\":3", StringComparison.Ordinal)) throw new InvalidOperationException($"publishing failed: {body}");
    }

    private static async Task CreateEventAsync(HttpClient http, string token, long community, string title, int places, int i)
    {
        var start = DateTime.UtcNow.AddHours(8).Date.AddDays(2 + i).AddHours(9);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = JsonContent.Create(new
            {
                communityId = community, title, kind = 2, address = "社区党群服务中心", organiserKind = 1, organiserName = "社区居委会",
                startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                endsAt = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), capacity = places,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"creating an event failed: {await response.Content.ReadAsStringAsync()}");
    }

    private SqliteConnection Open(bool readOnly)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 60,
        }.ToString());
        db.Open();
        using var pragma = db.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 60000";
        pragma.ExecuteNonQuery();
        return db;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var db = Open(readOnly: true);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static string Table(NoticesResult r) => string.Join('\n',
    [
        "### Notices",
        "",
        "| measure | figure |",
        "|---|---|",
        FormattableString.Invariant($"| publish to every household ({r.Households:N0} households, {r.Accounts:N0} resident accounts): submit request, 3 runs | {string.Join(" / ", r.PublishSeconds.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))} s; median {Median.Of(r.PublishSeconds):0.00} s ({r.Recipients:N0} recipients + {r.InboxRows:N0} inbox rows) |"),
        FormattableString.Invariant($"| floor: the same two INSERT … SELECT by hand through Microsoft.Data.Sqlite, committed, 3 runs | {string.Join(" / ", r.PublishFloorSeconds.Select(s => s.ToString("0.00", CultureInfo.InvariantCulture)))} s; median {Median.Of(r.PublishFloorSeconds):0.00} s |"),
        FormattableString.Invariant($"| {r.Reads:N0} reads (100 residents × 20 notices) through the app, {r.Concurrency} connections | {r.ReadSeconds:0.00} s ({r.Reads / r.ReadSeconds:N0} reads/s), {r.ReadLatency.Format()}; {r.ReadsRecorded:N0} recorded |"),
        FormattableString.Invariant($"| floor: the bare upsert on the same file, {r.Concurrency} connections | {r.FloorSeconds:0.00} s ({r.Reads / r.FloorSeconds:N0}/s), {r.Floor.Format()} |"),
        FormattableString.Invariant($"| public community page ({r.HomeNotices} public notices, {r.HomeEvents} coming events), sequential | {r.Home.Format()} |"),
        FormattableString.Invariant($"| floor: GET /healthz, sequential | {r.HomeFloor.Format()} |"),
        FormattableString.Invariant($"| load average before / after | {r.LoadBefore:0.0} / {r.LoadAfter:0.0} |"),
    ]);
}
