using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gongzhi.Bench.Requests;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Deliberation.Tally;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Deliberation;

public sealed record DeliberationResult(int Owners, int Ballots, Latency EngineMs, Latency TallyHttp, double CloseMs, bool Adopted, string Outcome,
    LoadResult Casting, double FloorPerSecond, int FloorCount, int BallotRows, double LoadAverage);

// Deliberation (议事协商): an owners' vote under Civil Code Art. 278 over 10,000 owners written into
// the demo database (a topic, the vote, its roll and ballots, as the app would hold them), then
//  - the count: the pure engine in-process on the same roll, and GET /api/v1/votes/{id} (roll and
//    ballots read from the database, counted, explained) one request at a time, then the close;
//  - casting: POST /api/v1/votes/{id}/paper at fixed concurrency with repeats against the raw floor,
//    the same upsert statement through Microsoft.Data.Sqlite on the same file, one connection.
public sealed class DeliberationBench(string appDll, string dataDir, BenchOptions options)
{
    public const int Owners = 10_000;
    private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

    private Dictionary<string, string> Env => AppProcess.DemoEnvironment(dataDir, options.DemoHouseholds);

    public async Task<DeliberationResult> RunAsync()
    {
        Console.WriteLine($"\n== deliberation: an Art. 278 vote over {Owners:N0} owners ({dataDir})");
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);
        var loads = new List<double>();
        await using var app = AppProcess.Start(appDll, Env);
        await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(10));

        var (voteId, castVoteId, roll, ballots) = Generate();
        Console.WriteLine($"generated vote {voteId}: {roll.Count:N0} owners, {ballots.Count:N0} ballots");

        // The engine alone, in-process, on the same roll and ballots.
        for (var i = 0; i < 20; i++) Art278Tally.Count(VoteBasis.Owners278, Art278Matter.Rebuild, true, 3, roll, ballots);
        var engine = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var t = Stopwatch.StartNew();
            Art278Tally.Count(VoteBasis.Owners278, Art278Matter.Rebuild, true, 3, roll, ballots);
            engine.Add(t.Elapsed.TotalMilliseconds);
        }

        using var staff = await ClientAsync(app.BaseAddress, "tuanjie");
        for (var i = 0; i < 20; i++) (await staff.GetAsync($"/api/v1/votes/{voteId}")).EnsureSuccessStatusCode();
        var http = new List<double>();
        for (var i = 0; i < Math.Min(options.Requests, 300); i++)
        {
            var t = Stopwatch.StartNew();
            using var response = await staff.GetAsync($"/api/v1/votes/{voteId}");
            await response.Content.ReadAsStringAsync();
            http.Add(t.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        loads.Add(Machine.Load());

        // Casting: staff enter paper ballots for owners drawn at random, so some are repeats (upserts).
        var token = await LoginAsync(app.BaseAddress, "tuanjie");
        var electors = ElectorIds(castVoteId);
        var random = new Random(3);
        HttpRequestMessage Paper(long n)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/votes/{castVoteId}/paper")
            {
                Content = JsonContent.Create(new { electorId = electors[random.Next(electors.Count)], choice = 1 + (int)(n % 3) }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }
        var casting = await Load.RunAsync(app.BaseAddress, options.Concurrency, TimeSpan.FromSeconds(options.IntakeWarmUpSeconds), TimeSpan.FromSeconds(options.IntakeSeconds),
            Paper, serverCpu: () => app.Cpu);
        loads.Add(Machine.Load());
        Console.WriteLine($"casting: {casting.Format()}");

        var (floorPerSecond, floorCount) = Floor(castVoteId, TimeSpan.FromSeconds(Math.Max(5, options.IntakeSeconds / 2)));
        Console.WriteLine($"floor: {floorPerSecond:N0} upserts/s ({floorCount:N0})");
        var rows = BallotRows(castVoteId);

        // Close the big vote: the final count, the topic resolved, all in one request.
        var close = Stopwatch.StartNew();
        using var closed = await staff.PostAsync($"/api/v1/votes/{voteId}/close", null);
        var closeMs = close.Elapsed.TotalMilliseconds;
        closed.EnsureSuccessStatusCode();
        var result = await (await staff.GetAsync($"/api/v1/votes/{voteId}")).Content.ReadFromJsonAsync<JsonElement>();
        var outcome = result.GetProperty("result").GetProperty("outcome").GetString()!;
        var adopted = result.GetProperty("result").GetProperty("adopted").GetBoolean();

        if (!options.KeepData)
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
        return new DeliberationResult(roll.Count, ballots.Count, Latency.Of(engine), Latency.Of(http), closeMs, adopted, outcome, casting, floorPerSecond, floorCount, rows, loads.Average());
    }

    private SqliteConnection Open()
    {
        var db = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        db.Open();
        using var busy = db.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 30000;";
        busy.ExecuteNonQuery();
        return db;
    }

    private static string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    // A topic in the first community with two owners' votes on the same 10,000-owner roll: one with
    // ballots from about 80 % of owners (for the count), one empty (for casting).
    private (long VoteId, long CastVoteId, List<TallyElector> Roll, List<TallyBallot> Ballots) Generate()
    {
        using var db = Open();
        using var tx = db.BeginTransaction();
        var now = DateTime.UtcNow;
        long Scalar(string sql, params (string, object)[] p)
        {
            using var c = db.CreateCommand();
            c.Transaction = tx;
            c.CommandText = sql;
            foreach (var (n, v) in p) c.Parameters.AddWithValue(n, v);
            return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var community = Scalar("SELECT min(Id) FROM Communities");
        var topic = Scalar("""
            INSERT INTO Topics (Title, Description, Source, Status, CommunityId, ProposerName, SupportersNeeded, Supporters, CreatedAt, UpdatedAt, Version)
            VALUES ('基准：电梯加装业主表决', '基准测试生成的议题', 2, 4, $c, '基准', 0, 0, $t, $t, 0) RETURNING Id
            """, ("$c", community), ("$t", Stamp(now)));
        long NewVote(string title) => Scalar("""
            INSERT INTO Votes (TopicId, Title, Basis, Matter, Status, OpensAt, ClosesAt, AllowChange, OpenBallot, Electors, CreatedByUserId, Version)
            VALUES ($topic, $title, 3, 7, 1, $o, $c, 1, 0, $n, 'bench', 0) RETURNING Id
            """, ("$topic", topic), ("$title", title), ("$o", Stamp(now)), ("$c", Stamp(now.AddDays(7))), ("$n", Owners));
        var voteId = NewVote("是否同意加装电梯（计票）");
        var castVoteId = NewVote("是否同意加装电梯（投票）");

        var r = new Random(2026);
        var roll = new List<TallyElector>(Owners);
        var ballots = new List<TallyBallot>();
        using var elector = db.CreateCommand();
        elector.Transaction = tx;
        elector.CommandText = "INSERT INTO VoteElectors (VoteId, VoterKey, Name, AreaCenti, Units) VALUES ($v, $k, $n, $a, $u)";
        var pv = elector.Parameters.Add("$v", SqliteType.Integer);
        var pk = elector.Parameters.Add("$k", SqliteType.Text);
        var pn = elector.Parameters.Add("$n", SqliteType.Text);
        var pa = elector.Parameters.Add("$a", SqliteType.Integer);
        var pu = elector.Parameters.Add("$u", SqliteType.Integer);
        using var ballot = db.CreateCommand();
        ballot.Transaction = tx;
        ballot.CommandText = "INSERT INTO Ballots (VoteId, VoterKey, Choice, Channel, CastByUserId, CastAt, Changes) VALUES ($v, $k, $c, 1, 'bench', $t, 0)";
        var bv = ballot.Parameters.Add("$v", SqliteType.Integer);
        var bk = ballot.Parameters.Add("$k", SqliteType.Text);
        var bc = ballot.Parameters.Add("$c", SqliteType.Integer);
        ballot.Parameters.AddWithValue("$t", Stamp(now));
        for (var i = 0; i < Owners; i++)
        {
            var key = "B:" + i.ToString(CultureInfo.InvariantCulture);
            // Most own one flat of 55–145 m²; one in fifty owns two or three (their area added up).
            var units = r.NextDouble() < 0.02 ? 2 + r.Next(2) : 1;
            long area = 0;
            for (var u = 0; u < units; u++) area += 5500 + r.Next(9000);
            foreach (var v in new[] { voteId, castVoteId })
            {
                pv.Value = v; pk.Value = key; pn.Value = "业主" + i.ToString(CultureInfo.InvariantCulture); pa.Value = area; pu.Value = units;
                elector.ExecuteNonQuery();
            }
            roll.Add(new TallyElector(key, area));
            if (r.NextDouble() < 0.8)
            {
                var roll3 = r.NextDouble();
                var choice = roll3 < 0.78 ? 1 : roll3 < 0.92 ? 2 : 3;
                bv.Value = voteId; bk.Value = key; bc.Value = choice;
                ballot.ExecuteNonQuery();
                ballots.Add(new TallyBallot(key, choice));
            }
        }
        tx.Commit();
        using var analyze = db.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        analyze.ExecuteNonQuery();
        return (voteId, castVoteId, roll, ballots);
    }

    private List<long> ElectorIds(long voteId)
    {
        using var db = Open();
        using var c = db.CreateCommand();
        c.CommandText = "SELECT Id FROM VoteElectors WHERE VoteId = $v";
        c.Parameters.AddWithValue("$v", voteId);
        var ids = new List<long>();
        using var reader = c.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private int BallotRows(long voteId)
    {
        using var db = Open();
        using var c = db.CreateCommand();
        c.CommandText = "SELECT count(*), count(DISTINCT VoterKey) FROM Ballots WHERE VoteId = $v";
        c.Parameters.AddWithValue("$v", voteId);
        using var reader = c.ExecuteReader();
        reader.Read();
        if (reader.GetInt32(0) != reader.GetInt32(1)) throw new InvalidOperationException("a voter has two ballot rows");
        return reader.GetInt32(0);
    }

    // The raw floor: the app's own upsert statement, one autocommit statement at a time on one
    // connection to the same file (WAL), with no HTTP, authentication, scope checks or EF.
    private (double PerSecond, int Count) Floor(long voteId, TimeSpan window)
    {
        using var db = Open();
        using var c = db.CreateCommand();
        c.CommandText = """
            INSERT INTO "Ballots" ("VoteId", "VoterKey", "Choice", "Channel", "CastByUserId", "CastAt", "Changes")
            SELECT $v, $k, $c, 2, 'floor', $t, 0
            WHERE EXISTS (SELECT 1 FROM "Votes" WHERE "Id" = $v AND "Status" = 1)
            ON CONFLICT ("VoteId", "VoterKey") DO UPDATE SET "Choice" = excluded."Choice", "Channel" = excluded."Channel",
                "CastByUserId" = excluded."CastByUserId", "CastAt" = excluded."CastAt", "Changes" = "Ballots"."Changes" + 1
            """;
        var pv = c.Parameters.AddWithValue("$v", voteId);
        var pk = c.Parameters.Add("$k", SqliteType.Text);
        var pc = c.Parameters.Add("$c", SqliteType.Integer);
        var pt = c.Parameters.Add("$t", SqliteType.Text);
        var r = new Random(4);
        var clock = Stopwatch.StartNew();
        var n = 0;
        while (clock.Elapsed < window)
        {
            pk.Value = "F:" + r.Next(Owners).ToString(CultureInfo.InvariantCulture);
            pc.Value = 1 + n % 3;
            pt.Value = Stamp(DateTime.UtcNow);
            c.ExecuteNonQuery();
            n++;
        }
        _ = pv;
        return (n / clock.Elapsed.TotalSeconds, n);
    }

    private static async Task<string> LoginAsync(Uri baseAddress, string user)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password = "Gongzhi@2026" });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<HttpClient> ClientAsync(Uri baseAddress, string user)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(baseAddress, user));
        return http;
    }
}

public static class DeliberationReport
{
    public static string Table(DeliberationResult r) => string.Join('\n',
    [
        $"### Deliberation: Art. 278 vote over {r.Owners:N0} owners ({r.Ballots:N0} ballots)",
        "",
        "| measure | figure |",
        "|---|---|",
        $"| count, engine in-process (roll + ballots in memory) | {r.EngineMs.Format()} |",
        $"| count over HTTP: GET /api/v1/votes/{{id}} (roll totals, ballots joined to the roll, count, explanation) | {r.TallyHttp.Format()} ({r.TallyHttp.Count} requests) |",
        $"| close the vote (final count, topic resolved) | {r.CloseMs:0} ms; {(r.Adopted ? "adopted" : "not adopted")}: {r.Outcome} |",
        $"| casting: POST /api/v1/votes/{{id}}/paper, repeats upsert | {r.Casting.Format()} |",
        $"| raw floor: the same upsert, Microsoft.Data.Sqlite, one connection | {r.FloorPerSecond:N0} upserts/s ({r.FloorCount:N0}) |",
        $"| ballot rows after casting (one per voter, checked) | {r.BallotRows:N0} |",
        FormattableString.Invariant($"| load average during the run | {r.LoadAverage:0.0} |"),
    ]);
}
