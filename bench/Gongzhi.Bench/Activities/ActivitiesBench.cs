using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Activities;

public sealed record RushResult(
    int Clients, int Places, int Concurrency, int Confirmed, int Waitlisted, int Failed, bool SeqDense, bool PlacesToFirst, int OrderViolations,
    bool PositionsInOrder, double Seconds, Latency Latency, double CpuMsPerRequest, Latency Floor, double FloorSeconds, double LoginSeconds);

// The 义诊 rush: a 50-place event opens and 2,000 residents, each signed in with their own account,
// press "register". Every request goes over HTTP to the published app (SQLite, demo data), `concurrency`
// at a time, each connection sending its next resident's request as soon as the last is answered.
// Checked afterwards in the database: exactly 50 confirmed, the rest waitlisted, queue numbers
// without gaps, the 50 places held by the first 50 in the queue, and the queue respecting arrival
// (a request answered before another was sent is ahead of it). The floor is the same registration
// as bare SQL through Microsoft.Data.Sqlite on the same file, at the same concurrency.
public sealed class ActivitiesBench(string appDll, string dataDir, BenchOptions options)
{
    private const string ResidentPassword = "Bench@2026x";

    private Dictionary<string, string> Env => AppProcess.DemoEnvironment(dataDir, options.DemoHouseholds,
        ("Activities__ReminderSeconds", "0"), ("Requests__SweepSeconds", "0"));

    private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

    public async Task<RushResult> RunAsync()
    {
        const int places = 50;
        var clients = options.RushClients;
        var concurrency = options.Concurrency;
        Console.WriteLine($"\n== activities: {clients:N0}-client rush on a {places}-place 义诊 ({dataDir})");
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);

        await using var app = AppProcess.Start(appDll, Env);
        await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(20));
        var community = await ScalarAsync<long>("SELECT Id FROM Communities ORDER BY Id LIMIT 1");
        var people = await AccountsAsync(community, clients);
        Console.WriteLine($"{people.Count:N0} resident accounts of the first community written to the database");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        var staff = await BenchLogin.LoginAsync(http, "tuanjie", "Gongzhi@2026");
        var warmUpEvent = await CreateEventAsync(http, staff, community, "义诊（预热）", places);
        var rushEvent = await CreateEventAsync(http, staff, community, "健康义诊服务进社区", places);

        var login = Stopwatch.StartNew();
        var tokens = new string[people.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, people.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => tokens[i] = await BenchLogin.LoginAsync(http, people[i].UserName, ResidentPassword));
        login.Stop();
        Console.WriteLine($"{tokens.Length:N0} logins in {login.Elapsed.TotalSeconds:0.0} s (not part of the rush)");

        // Warm-up on another event (the first 200 residents), so the rush meets a warmed-up app.
        await RunAsync(http, warmUpEvent, tokens[..Math.Min(200, clients)], concurrency);

        var cpuBefore = app.Cpu;
        var watch = Stopwatch.StartNew();
        var samples = await RunAsync(http, rushEvent, tokens[..clients], concurrency);
        watch.Stop();
        var cpu = (app.Cpu - cpuBefore).TotalMilliseconds / clients;
        var failed = samples.Count(s => !s.Ok);
        var latency = Latency.Of(samples.Select(s => s.Ms).ToList());
        Console.WriteLine($"rush: {clients:N0} in {watch.Elapsed.TotalSeconds:0.00} s, {latency.Format()}, server CPU {cpu:0.00} ms/req, {failed} failed");

        // What the database holds.
        var rows = new Dictionary<long, (int Status, long Seq)>();
        await using (var db = Open(readOnly: true))
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT ResidentId, Status, Seq FROM Registrations WHERE EventId = $e";
            cmd.Parameters.AddWithValue("$e", rushEvent);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows[reader.GetInt64(0)] = (reader.GetInt32(1), reader.GetInt64(2));
        }
        var confirmed = rows.Values.Count(r => r.Status == 0);
        var waitlisted = rows.Values.Count(r => r.Status == 1);
        var seqs = rows.Values.Select(r => r.Seq).Order().ToList();
        var dense = seqs.SequenceEqual(Enumerable.Range(1, rows.Count).Select(i => (long)i));
        var firstHold = rows.Values.OrderBy(r => r.Seq).Take(places).All(r => r.Status == 0);
        // Arrival order: for each request, every request answered before it was sent is ahead in the queue.
        var bySent = samples.Where(s => s.Ok).OrderBy(s => s.Sent).ToList();
        var byDone = samples.Where(s => s.Ok).OrderBy(s => s.Done).ToList();
        var violations = 0;
        long maxSeqDone = 0;
        var d = 0;
        foreach (var s in bySent)
        {
            while (d < byDone.Count && byDone[d].Done < s.Sent) maxSeqDone = Math.Max(maxSeqDone, rows[people[byDone[d++].Index].ResidentId].Seq);
            if (rows[people[s.Index].ResidentId].Seq < maxSeqDone) violations++;
        }
        // The waitlist positions the API answered are 1…1950, each once, in queue order.
        var positions = samples.Where(s => s.Position is not null).OrderBy(s => rows[people[s.Index].ResidentId].Seq).Select(s => s.Position!.Value).ToList();
        var positionsInOrder = positions.SequenceEqual(Enumerable.Range(1, positions.Count));

        var floor = await FloorAsync(community, people[0].ResidentId, clients, concurrency);
        return new RushResult(clients, places, concurrency, confirmed, waitlisted, failed, dense, firstHold, violations, positionsInOrder,
            watch.Elapsed.TotalSeconds, latency, cpu, floor.Latency, floor.Seconds, login.Elapsed.TotalSeconds);
    }

    private sealed record Sample(int Index, bool Ok, double Ms, double Sent, double Done, int? Position);

    private static async Task<List<Sample>> RunAsync(HttpClient http, long eventId, string[] tokens, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        var samples = new Sample[tokens.Length];
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < tokens.Length)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/registrations") { Content = JsonContent.Create(new { }) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
                var sent = clock.Elapsed.TotalMilliseconds;
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var done = clock.Elapsed.TotalMilliseconds;
                int? position = null;
                if (response.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(body);
                    var row = json.RootElement[0];
                    if (row.TryGetProperty("waitlistPosition", out var p) && p.ValueKind == JsonValueKind.Number) position = p.GetInt32();
                }
                samples[i] = new Sample(i, response.IsSuccessStatusCode, done - sent, sent, done, position);
            }
        }));
        return [.. samples];
    }

    // The same registration as bare SQL: lock the event row, count the places, insert, commit.
    private async Task<(Latency Latency, double Seconds)> FloorAsync(long community, long anyResident, int count, int concurrency)
    {
        long eventId;
        long household;
        await using (var db = Open(readOnly: false))
        {
            await using var cmd = db.CreateCommand();
            cmd.CommandText = """
                INSERT INTO Events (CommunityId, Title, Kind, Address, OrganiserKind, OrganiserName, StartsAt, EndsAt, RepeatWeeks, Capacity, FamiliesOnly,
                    RegistrationOpensAt, RegistrationClosesAt, Status, CreatedByUserId, CreatedAt, Seq, Version)
                VALUES ($c, '义诊（下限）', 2, '下限', 1, '下限', '2030-01-01 00:00:00', '2030-01-01 03:00:00', 1, 50, 0,
                    '2020-01-01 00:00:00', '2029-12-31 00:00:00', 0, 'bench', '2020-01-01 00:00:00', 0, 0) RETURNING Id
                """;
            cmd.Parameters.AddWithValue("$c", community);
            eventId = (long)(await cmd.ExecuteScalarAsync())!;
            cmd.CommandText = "SELECT HouseholdId FROM Residents WHERE Id = $r";
            cmd.Parameters.AddWithValue("$r", anyResident);
            household = (long)(await cmd.ExecuteScalarAsync())!;
        }
        var residents = new List<long>();
        await using (var db = Open(readOnly: true))
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = $"SELECT Id FROM Residents ORDER BY Id LIMIT {count}";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) residents.Add(reader.GetInt64(0));
        }
        var next = -1;
        var samples = new double[residents.Count];
        var gate = new SemaphoreSlim(1, 1); // one writer at a time in-process, as the app's write gate does
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await using var db = Open(readOnly: false);
            int i;
            while ((i = Interlocked.Increment(ref next)) < residents.Count)
            {
                var start = watch.Elapsed.TotalMilliseconds;
                await gate.WaitAsync();
                try
                {
                    await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
                    await using var cmd = db.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = "UPDATE Events SET Seq = Seq + 1 WHERE Id = $e; SELECT Seq, Capacity FROM Events WHERE Id = $e";
                    cmd.Parameters.AddWithValue("$e", eventId);
                    long seq;
                    long capacity;
                    await using (var reader = await cmd.ExecuteReaderAsync())
                    {
                        await reader.ReadAsync();
                        seq = reader.GetInt64(0);
                        capacity = reader.GetInt64(1);
                    }
                    cmd.CommandText = "SELECT COUNT(*) FROM Registrations WHERE EventId = $e AND Status = 0";
                    var taken = (long)(await cmd.ExecuteScalarAsync())!;
                    cmd.CommandText = """
                        INSERT INTO Registrations (EventId, ResidentId, HouseholdId, Name, RegisteredByUserId, Status, Seq, CheckInCode, CreatedAt)
                        VALUES ($e, $r, $h, '下限', 'bench', $s, $q, $code, '2026-01-01 00:00:00')
                        """;
                    cmd.Parameters.AddWithValue("$r", residents[i]);
                    cmd.Parameters.AddWithValue("$h", household);
                    cmd.Parameters.AddWithValue("$s", taken < capacity ? 0 : 1);
                    cmd.Parameters.AddWithValue("$q", seq);
                    cmd.Parameters.AddWithValue("$code", Guid.NewGuid().ToString("N")[..24]);
                    await cmd.ExecuteNonQueryAsync();
                    await tx.CommitAsync();
                }
                finally
                {
                    gate.Release();
                }
                samples[i] = watch.Elapsed.TotalMilliseconds - start;
            }
        }));
        watch.Stop();
        var latency = Latency.Of(samples);
        Console.WriteLine($"floor (bare SQL registration, same file, same concurrency): {count:N0} in {watch.Elapsed.TotalSeconds:0.00} s, {latency.Format()}");
        return (latency, watch.Elapsed.TotalSeconds);
    }

    private sealed record Person(long ResidentId, string UserName);

    // Accounts written straight into the database while the app idles: registering 2,200 people
    // through the phone-code flow would measure the SMS stand-in, not the rush. The password hash uses
    // few PBKDF2 iterations so the logins before the rush are quick; the app re-hashes on login.
    private async Task<List<Person>> AccountsAsync(long community, int count)
    {
        var hasher = new PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 1000 }));
        var hash = hasher.HashPassword(new object(), ResidentPassword);
        await using var db = Open(readOnly: false);
        var role = await ScalarAsync<string>("SELECT Id FROM AspNetRoles WHERE Name = 'Resident'");
        var people = new List<Person>();
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = """
                SELECT r.Id FROM Residents r JOIN Households h ON h.Id = r.HouseholdId JOIN Grids g ON g.Id = h.GridId
                WHERE g.CommunityId = $c AND r.Status = 0 AND r.Id NOT IN (SELECT ResidentId FROM AspNetUsers WHERE ResidentId IS NOT NULL)
                ORDER BY r.Id LIMIT $n
                """;
            cmd.Parameters.AddWithValue("$c", community);
            cmd.Parameters.AddWithValue("$n", count);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) people.Add(new Person(reader.GetInt64(0), $"bench{reader.GetInt64(0)}"));
        }
        if (people.Count < count) throw new InvalidOperationException($"only {people.Count} residents in the first community; raise --demo-households");
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

    private static async Task<long> CreateEventAsync(HttpClient http, string token, long community, string title, int places)
    {
        var start = DateTime.UtcNow.AddHours(8).Date.AddDays(7).AddHours(8.5);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = JsonContent.Create(new
            {
                communityId = community, title, kind = 2, address = "社区卫生服务站", organiserKind = 3, organiserName = "瑞康医院",
                startsAt = start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                endsAt = start.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), capacity = places,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"creating the event failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private SqliteConnection Open(bool readOnly)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 60,
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

    public static string Table(RushResult r) => string.Join('\n',
    [
        "### Activities: 义诊 rush",
        "",
        "| measure | figure |",
        "|---|---|",
        FormattableString.Invariant($"| clients / places / connections | {r.Clients:N0} / {r.Places} / {r.Concurrency} |"),
        FormattableString.Invariant($"| confirmed / waitlisted / failed | {r.Confirmed} / {r.Waitlisted} / {r.Failed} |"),
        $"| queue numbers 1…n without gaps; places held by the first {r.Places} | {(r.SeqDense ? "yes" : "NO")}; {(r.PlacesToFirst ? "yes" : "NO")} |",
        FormattableString.Invariant($"| arrival order broken (answered-before-sent pairs out of order) | {r.OrderViolations} |"),
        $"| waitlist positions answered 1…{r.Waitlisted} in queue order | {(r.PositionsInOrder ? "yes" : "NO")} |",
        FormattableString.Invariant($"| rush through the app | {r.Seconds:0.00} s ({r.Clients / r.Seconds:N0} registrations/s), {r.Latency.Format()}, server CPU {r.CpuMsPerRequest:0.00} ms/registration |"),
        FormattableString.Invariant($"| floor: bare SQL registration on the same file | {r.FloorSeconds:0.00} s ({r.Clients / r.FloorSeconds:N0}/s), {r.Floor.Format()} |"),
        FormattableString.Invariant($"| logins before the rush (not timed in the rush) | {r.LoginSeconds:0.0} s |"),
    ]);
}
