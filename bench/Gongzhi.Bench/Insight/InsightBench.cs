using System.Diagnostics;
using System.Globalization;
using Gongzhi.Bench.Care;
using Gongzhi.Bench.Requests;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Insight;

public sealed record InsightResult(int Cases, long Visits, long Events, long ServiceRecords, double SweepSeconds,
    Latency Community, Latency Subdistrict, Latency FloorSql, Latency FloorDaysSql, Latency Healthz, int LedgerRows, double LedgerMedianSeconds, double LedgerFloorSeconds,
    double LoadAverage);

// Insight (统计与台账) at district size: the demo (--demo-households) with --cases (1,000,000) generated cases
// (Requests/CaseGenerator), 200,000 care visits, 20,000 events and 500,000 confirmed volunteer services of one hour,
// written straight into the SQLite file. Then the app starts, its Insight sweep rolls the raw rows up (timed), and:
//  - the community and subdistrict dashboards as pages (cookie sign-in), the year's figures, one request at a time;
//  - the floor: the dashboard's rollup read as one hand-written SQL (the months of this year and the year before from
//    InsightMonths, the figures of the moment from InsightFigures), and /healthz; for comparison, the same two years
//    summed from the daily rows alone (the read before the monthly level);
//  - a cases ledger (诉求办理台账) of about 100,000 rows: the subdistrict over the days holding the last 100,000 cases,
//    wall time (median of 3), against the floor of reading the same rows' columns in SQL.
// --keep-data keeps bench/results/insight; --reuse-data times again on it (generation is long on a busy machine).
public sealed class InsightBench(string appDll, string dataDir, BenchOptions options)
{
    public const int Visits = 200_000;
    public const int Events = 20_000;
    public const int Services = 500_000;
    public const int LedgerRows = 100_000;
    private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

    public async Task<InsightResult> RunAsync()
    {
        Console.WriteLine($"\n== insight: {options.Cases:N0} cases, {Visits:N0} visits, {Events:N0} events, {Services:N0} volunteer hours ({dataDir})");
        var marker = Path.Combine(dataDir, "insight.generated");
        var reuse = options.ReuseData && File.Exists(marker);
        var loads = new List<double>();
        if (!reuse)
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
            Directory.CreateDirectory(dataDir);
            var t = Stopwatch.StartNew();
            await using (var demo = AppProcess.Start(appDll, Environment()))
                await demo.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(40));
            SqliteConnection.ClearAllPools();
            Console.WriteLine($"demo ({options.DemoHouseholds:N0} households) in {t.Elapsed.TotalSeconds:0} s");
            var cases = await CaseGenerator.RunAsync(DatabasePath, options.Cases, seed: 2026, Console.WriteLine);
            Console.WriteLine($"{cases.Cases:N0} cases in {cases.TotalSeconds:0} s");
            t.Restart();
            Generate();
            Console.WriteLine($"visits, events and volunteer service in {t.Elapsed.TotalSeconds:0} s");
            File.WriteAllText(marker, options.Cases.ToString(CultureInfo.InvariantCulture));
            loads.Add(Machine.Load());
        }
        else Console.WriteLine("reusing the data of an earlier --keep-data run");

        // The sweep runs at start-up; the figures are read once it has finished.
        using (var reset = Open()) Exec(reset, "UPDATE InsightSweeps SET LastRunAt = NULL");
        var started = Stopwatch.StartNew();
        await using var app = AppProcess.Start(appDll, Environment());
        await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(10));
        using var db = Open();
        while (Scalar(db, "SELECT count(*) FROM InsightSweeps WHERE LastRunAt IS NOT NULL AND Holder IS NULL") == 0)
        {
            if (started.Elapsed > TimeSpan.FromMinutes(60)) throw new TimeoutException("the Insight sweep did not finish within an hour");
            await Task.Delay(500);
        }
        var sweep = started.Elapsed.TotalSeconds;
        Console.WriteLine($"sweep finished {sweep:0.0} s after start ({Scalar(db, "SELECT count(*) FROM InsightFigures"):N0} daily figures, {Scalar(db, "SELECT count(*) FROM InsightMonths"):N0} monthly)");
        loads.Add(Machine.Load());

        var subdistrict = Scalar(db, "SELECT min(Id) FROM Subdistricts");
        var community = Scalar(db, "SELECT min(Id) FROM Communities");
        var year = DateTime.UtcNow.AddHours(8).Year;
        using var official = await BenchHttp.PageClientAsync(app.BaseAddress, "jiedao");
        using var staff = await BenchHttp.PageClientAsync(app.BaseAddress, "tuanjie");
        var n = Math.Min(options.Requests, 300);
        var communityPage = await BenchHttp.TimeGetAsync(staff, $"/insight/community/{community}?p=year&on={year}", n,
            html => html.Contains("insight-title", StringComparison.Ordinal));
        loads.Add(Machine.Load());
        var subdistrictPage = await BenchHttp.TimeGetAsync(official, $"/insight/subdistrict/{subdistrict}?p=year&on={year}", n,
            html => html.Contains("insight-title", StringComparison.Ordinal));
        var healthz = await BenchHttp.TimeGetAsync(official, "/healthz", n);
        var from = new DateOnly(year, 1, 1);
        var floor = TimeSql(db, n, $"""
            SELECT Metric, Key, sum(Value) FROM InsightMonths WHERE SubdistrictId = {subdistrict} AND Month >= '{from.AddYears(-1):yyyy-MM-dd}' AND Month <= '{from.AddYears(1).AddMonths(-1):yyyy-MM-dd}'
            GROUP BY Metric, Key, Month >= '{from:yyyy-MM-dd}'
            UNION ALL
            SELECT Metric, Key, sum(Value) FROM InsightFigures WHERE SubdistrictId = {subdistrict} AND Day = '2000-01-01' GROUP BY Metric, Key
            """);
        var floorDays = TimeSql(db, n, $"""
            SELECT Metric, Key, sum(Value) FROM InsightFigures WHERE SubdistrictId = {subdistrict} AND Day >= '{from.AddYears(-1):yyyy-MM-dd}' AND Day <= '{from.AddYears(1).AddDays(-1):yyyy-MM-dd}'
            GROUP BY Metric, Key, Day >= '{from:yyyy-MM-dd}'
            """);
        loads.Add(Machine.Load());

        // The ledger: the days (China dates) that hold the newest 100,000 cases.
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT SubmittedAt FROM Cases ORDER BY SubmittedAt DESC LIMIT 1 OFFSET {LedgerRows - 1}";
        var firstAt = DateTime.Parse((string)cmd.ExecuteScalar()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var fromDay = DateOnly.FromDateTime(firstAt.AddHours(8)).AddDays(1);
        var toDay = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var startUtc = fromDay.ToDateTime(TimeOnly.MinValue).AddHours(-8);
        var rows = (int)Scalar(db, $"SELECT count(*) FROM Cases WHERE SubmittedAt >= '{Stamp(startUtc)}'");
        var url = $"/insight/subdistrict/{subdistrict}/ledgers/cases.xlsx?p=custom&from={fromDay:yyyy-MM-dd}&to={toDay:yyyy-MM-dd}";
        var walls = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var t = Stopwatch.StartNew();
            using var response = await official.GetAsync(url);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            walls.Add(t.Elapsed.TotalSeconds);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ledger answered {(int)response.StatusCode}");
            Console.WriteLine($"ledger of {rows:N0} cases ({fromDay:yyyy-MM-dd} to {toDay:yyyy-MM-dd}): {walls[^1]:0.0} s, {bytes.Length / 1024.0 / 1024.0:0.0} MB");
        }
        var ledgerFloor = TimeSql(db, 3, $"""
            SELECT c.Id, c.SubmittedAt, c.Channel, c.Description, c.Address, c.Status, c.OwnerName, c.ResolvedAt, c.Resolution, c.Rating, k.Name
            FROM Cases c JOIN CaseCategories k ON k.Id = c.CategoryId WHERE c.SubdistrictId = {subdistrict} AND c.SubmittedAt >= '{Stamp(startUtc)}'
            ORDER BY c.SubmittedAt
            """, warmUp: 1);
        loads.Add(Machine.Load());
        var result = new InsightResult(options.Cases, Scalar(db, "SELECT count(*) FROM CareVisits"), Scalar(db, "SELECT count(*) FROM Events"),
            Scalar(db, "SELECT count(*) FROM ShiftSignups WHERE ConfirmedMinutes IS NOT NULL"), sweep,
            communityPage, subdistrictPage, floor, floorDays, healthz, rows, walls.Order().ElementAt(1), ledgerFloor.P50 / 1000, loads.Average());
        Console.WriteLine(Table(result));
        if (!options.KeepData)
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
        return result;
    }

    public static string Table(InsightResult r) => string.Join('\n',
        $"| insight ({r.Cases:N0} cases, {r.Visits:N0} visits, {r.Events:N0} events, {r.ServiceRecords:N0} volunteer hours; load {r.LoadAverage:0.0}) | target | measured | floor |",
        "|---|---|---|---|",
        $"| sweep (raw rows to InsightFigures and InsightMonths), from process start | | {r.SweepSeconds:0.0} s | |",
        $"| community dashboard (this year) as tuanjie | p95 < 100 ms | {r.Community.Format()} | /healthz {r.Healthz.Format()} |",
        $"| subdistrict dashboard (this year) as jiedao | p95 < 100 ms | {r.Subdistrict.Format()} | SQL over the monthly rollup {r.FloorSql.Format()} |",
        $"| (before the monthly level: the same two years summed from the daily rows) | | | SQL over the daily rollup {r.FloorDaysSql.Format()} |",
        $"| 诉求办理台账 .xlsx, {r.LedgerRows:N0} rows (median of 3) | wall time | {r.LedgerMedianSeconds:0.0} s | SQL read of the rows {r.LedgerFloorSeconds:0.00} s |");

    private Dictionary<string, string> Environment() => AppProcess.DemoEnvironment(dataDir, options.DemoHouseholds);

    // Visits over the demo's care recipients, events over the communities, and volunteer service: 25,000 shifts of
    // 20 confirmed one-hour signups, over a thousand days back from today.
    private void Generate()
    {
        using var db = Open();
        foreach (var pragma in new[] { "PRAGMA journal_mode=DELETE", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-262144" })
            Exec(db, pragma);
        using var tx = db.BeginTransaction();
        string user;
        using (var u = new SqliteCommand("SELECT Id FROM AspNetUsers WHERE UserName = 'tuanjie'", db, tx)) user = (string)u.ExecuteScalar()!;
        void Run(string sql)
        {
            using var c = new SqliteCommand(sql, db, tx);
            c.Parameters.AddWithValue("$u", user);
            c.CommandTimeout = 0;
            c.ExecuteNonQuery();
        }
        const string Stamp = "strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (s.i % 1000) || ' days', '-' || (s.i % 480) || ' minutes')";
        Run("CREATE TEMP TABLE rc AS SELECT row_number() OVER (ORDER BY r.Id) - 1 AS n, r.Id, h.GridId FROM CareRecipients r JOIN Households h ON h.Id = r.HouseholdId");
        Run("CREATE TEMP TABLE cm AS SELECT row_number() OVER (ORDER BY Id) - 1 AS n, Id FROM Communities");
        Run($"""
            WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {Visits - 1})
            INSERT INTO CareVisits (RecipientId, GridId, VisitorUserId, VisitorName, At, Kind, Condition, Actions, Note)
            SELECT rc.Id, rc.GridId, $u, '基准网格员', {Stamp}, 1 + s.i % 2, 1, 1, '基准走访'
            FROM s JOIN rc ON rc.n = s.i % (SELECT count(*) FROM rc)
            """);
        Run($"""
            WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {Events - 1})
            INSERT INTO Events (CommunityId, Title, Kind, OrganiserKind, OrganiserName, StartsAt, EndsAt, RepeatWeeks, Capacity, FamiliesOnly,
                RegistrationOpensAt, RegistrationClosesAt, Status, CreatedByUserId, CreatedAt, Seq, Version)
            SELECT cm.Id, '基准惠民活动', 1 + s.i % 7, 1, '社区', {Stamp}, {Stamp}, 0, 50, 0, {Stamp}, {Stamp}, CASE WHEN s.i % 25 = 0 THEN 1 ELSE 0 END, $u, {Stamp}, 0, 0
            FROM s JOIN cm ON cm.n = s.i % (SELECT count(*) FROM cm)
            """);
        Run("""
            WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 999)
            INSERT INTO Volunteers (CommunityId, Name, CreatedAt) SELECT cm.Id, '基准志愿者' || s.i, '2024-01-01 00:00:00' FROM s JOIN cm ON cm.n = s.i % (SELECT count(*) FROM cm)
            """);
        Run("CREATE TEMP TABLE vo AS SELECT row_number() OVER (ORDER BY Id) - 1 AS n, Id FROM Volunteers");
        Run("""
            INSERT INTO VolunteerActivities (CommunityId, Title, Kind, OrganizerUserId, Status, CreatedAt)
            SELECT Id, '基准志愿服务', '环境', $u, 0, '2024-01-01 00:00:00' FROM Communities
            """);
        Run("CREATE TEMP TABLE va AS SELECT row_number() OVER (ORDER BY Id) - 1 AS n, Id FROM VolunteerActivities WHERE Title = '基准志愿服务'");
        long firstShift;
        using (var f = new SqliteCommand("SELECT COALESCE(max(Id), 0) + 1 FROM Shifts", db, tx)) firstShift = Convert.ToInt64(f.ExecuteScalar(), CultureInfo.InvariantCulture);
        Run($"""
            WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {Services / 20 - 1})
            INSERT INTO Shifts (Id, ActivityId, StartsAt, EndsAt, Place, Capacity, Taken, QrSecret)
            SELECT {firstShift} + s.i, va.Id, {Stamp}, {Stamp}, '社区广场', 20, 20, 'bench' || s.i FROM s JOIN va ON va.n = s.i % (SELECT count(*) FROM va)
            """);
        Run($"""
            WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {Services - 1})
            INSERT INTO ShiftSignups (ShiftId, VolunteerId, Status, SignedUpAt, ConfirmedMinutes)
            SELECT {firstShift} + s.i / 20, vo.Id, 4, '2024-01-01 00:00:00', 60 FROM s JOIN vo ON vo.n = (s.i / 20 * 7 + s.i % 20) % (SELECT count(*) FROM vo)
            """);
        tx.Commit();
        Exec(db, "ANALYZE");
        Exec(db, "PRAGMA journal_mode=WAL");
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var c = new SqliteCommand(sql, db) { CommandTimeout = 0 };
        c.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var c = new SqliteCommand(sql, db);
        return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static Latency TimeSql(SqliteConnection db, int count, string sql, int warmUp = 20)
    {
        var samples = new List<double>();
        for (var i = 0; i < count + warmUp; i++)
        {
            var t = Stopwatch.StartNew();
            using var c = new SqliteCommand(sql, db) { CommandTimeout = 0 };
            using var reader = c.ExecuteReader();
            while (reader.Read())
            {
                for (var f = 0; f < reader.FieldCount; f++) reader.GetValue(f);
            }
            if (i >= warmUp) samples.Add(t.Elapsed.TotalMilliseconds);
        }
        return Latency.Of(samples);
    }

    private SqliteConnection Open()
    {
        var db = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        db.Open();
        Exec(db, "PRAGMA busy_timeout = 30000;");
        return db;
    }

    private static string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
