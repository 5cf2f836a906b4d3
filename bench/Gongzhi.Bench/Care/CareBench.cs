using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Care;

public sealed record CareResult(int Households, int Recipients, int Visits, int DueInGridOne, Latency WorkPage, Latency DueApi, Latency Monthly,
    Latency FloorDue, Latency FloorMonthly, Latency Healthz, double LoadAverage);

// Care (关爱走访) at city-district size: the demo with --households (100,000), its care data replaced by
// 5,000 recipients (the oldest residents, all grids, due dates around today) and 200,000 past visits
// (40 each, weekly back from the last), written straight into the SQLite file. Then, one request at
// a time after a warm-up:
//  - the grid worker wangge.li's work list /work (HTML, cookie sign-in): cases plus the 待走访 section;
//  - GET /api/v1/care/due (the section's query alone);
//  - GET /api/v1/care/monthly (visits per grid this month) as the community worker tuanjie;
// with floors from the same run: the two queries as hand-written SQL on the same file, and /healthz.
public sealed class CareBench(string appDll, string dataDir, BenchOptions options)
{
    public const int Recipients = 5_000;
    public const int VisitsEach = 40;
    private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

    public async Task<CareResult> RunAsync()
    {
        var households = options.Households > 0 ? options.Households : options.DemoHouseholds;
        Console.WriteLine($"\n== care: {households:N0} households, {Recipients:N0} recipients, {Recipients * VisitsEach:N0} visits ({dataDir})");
        // --reuse-data times again on what an earlier --keep-data run generated (half an hour on a busy machine).
        var marker = Path.Combine(dataDir, "care.generated");
        var reuse = options.ReuseData && File.Exists(marker);
        if (!reuse)
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
            Directory.CreateDirectory(dataDir);
        }
        var loads = new List<double>();
        await using var app = AppProcess.Start(appDll, AppProcess.DemoEnvironment(dataDir, households, ("Demo__Care", "false")));
        var generating = Stopwatch.StartNew();
        await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(40));

        long gridOne, communityOne;
        if (reuse)
        {
            var ids = File.ReadAllText(marker).Split(',');
            (gridOne, communityOne) = (long.Parse(ids[0], CultureInfo.InvariantCulture), long.Parse(ids[1], CultureInfo.InvariantCulture));
            Console.WriteLine($"reusing the data of an earlier run (started in {generating.Elapsed.TotalSeconds:0} s)");
        }
        else
        {
            Console.WriteLine($"demo at {households:N0} households (care left out) ready in {generating.Elapsed.TotalSeconds:0} s");
            generating.Restart();
            (gridOne, communityOne) = Generate();
            File.WriteAllText(marker, FormattableString.Invariant($"{gridOne},{communityOne}"));
            Console.WriteLine($"care data written in {generating.Elapsed.TotalSeconds:0} s");
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var due = DueInGrid(gridOne, today);
        Console.WriteLine($"generated; {due} visits due or overdue in grid {gridOne}");

        using var page = await BenchHttp.PageClientAsync(app.BaseAddress, "wangge.li");
        using var worker = await BenchHttp.ApiClientAsync(app.BaseAddress, "wangge.li");
        using var staff = await BenchHttp.ApiClientAsync(app.BaseAddress, "tuanjie");
        var now = DateTime.UtcNow.AddHours(8);
        var n = Math.Min(options.Requests, 500);
        var work = await BenchHttp.TimeGetAsync(page, "/work", n, html => html.Contains("due-visits", StringComparison.Ordinal));
        loads.Add(Machine.Load());
        var dueApi = await BenchHttp.TimeGetAsync(worker, "/api/v1/care/due", n);
        var monthly = await BenchHttp.TimeGetAsync(staff, $"/api/v1/care/monthly?year={now.Year}&month={now.Month}", n);
        loads.Add(Machine.Load());
        var healthz = await BenchHttp.TimeGetAsync(worker, "/healthz", n);

        using var db = Open();
        var floorDue = TimeSql(db, n, $"""
            SELECT count(*) FROM CareRecipients r JOIN Households h ON h.Id = r.HouseholdId
            WHERE r.Status = 0 AND r.NextDueOn <= '{today:yyyy-MM-dd}' AND h.GridId = {gridOne};
            SELECT r.Id, res.Name FROM CareRecipients r JOIN Households h ON h.Id = r.HouseholdId JOIN Residents res ON res.Id = r.ResidentId
            WHERE r.Status = 0 AND r.NextDueOn <= '{today:yyyy-MM-dd}' AND h.GridId = {gridOne} ORDER BY r.NextDueOn, r.Id LIMIT 10
            """);
        var start = new DateTime(now.Year, now.Month, 1).AddHours(-8);
        var floorMonthly = TimeSql(db, n, $"""
            SELECT v.GridId, count(*), count(DISTINCT v.RecipientId) FROM CareVisits v
            WHERE v.At >= '{Stamp(start)}' AND v.At < '{Stamp(start.AddMonths(1))}' AND v.GridId IN (SELECT Id FROM Grids WHERE CommunityId = {communityOne})
            GROUP BY v.GridId
            """);
        loads.Add(Machine.Load());
        var result = new CareResult(households, Recipients, Recipients * VisitsEach, due, work, dueApi, monthly, floorDue, floorMonthly, healthz, loads.Average());
        Console.WriteLine(Table(result));
        if (!options.KeepData)
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
        return result;
    }

    public static string Table(CareResult r) => string.Join('\n',
        $"| care ({r.Households:N0} households, {r.Recipients:N0} recipients, {r.Visits:N0} visits; load {r.LoadAverage:0.0}) | target | measured | floor |",
        "|---|---|---|---|",
        $"| work list /work as the grid worker ({r.DueInGridOne} due) | p95 < 50 ms | {r.WorkPage.Format()} | /healthz {r.Healthz.Format()} |",
        $"| GET /api/v1/care/due |  | {r.DueApi.Format()} | SQL {r.FloorDue.Format()} |",
        $"| GET /api/v1/care/monthly (per grid) | p95 < 100 ms | {r.Monthly.Format()} | SQL {r.FloorMonthly.Format()} |");

    private static Latency TimeSql(SqliteConnection db, int count, string sql)
    {
        var samples = new List<double>();
        for (var i = 0; i < count + 20; i++)
        {
            var t = Stopwatch.StartNew();
            using var c = db.CreateCommand();
            c.CommandText = sql;
            using var reader = c.ExecuteReader();
            do { while (reader.Read()) { } } while (reader.NextResult());
            if (i >= 20) samples.Add(t.Elapsed.TotalMilliseconds);
        }
        return Latency.Of(samples);
    }

    private SqliteConnection Open() => BenchHttp.OpenSqlite(DatabasePath);

    private static string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private int DueInGrid(long grid, DateOnly today)
    {
        using var db = Open();
        using var c = db.CreateCommand();
        c.CommandText = $"SELECT count(*) FROM CareRecipients r JOIN Households h ON h.Id = r.HouseholdId WHERE r.Status = 0 AND r.NextDueOn <= '{today:yyyy-MM-dd}' AND h.GridId = {grid}";
        return Convert.ToInt32(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    // Replaces the demo's care data with 5,000 recipients spread over every grid and 200,000 visits.
    private (long GridOne, long CommunityOne) Generate()
    {
        using var db = Open();
        using var tx = db.BeginTransaction();
        void Exec(string sql)
        {
            using var c = db.CreateCommand();
            c.Transaction = tx;
            c.CommandText = sql;
            c.ExecuteNonQuery();
        }
        object Scalar(string sql)
        {
            using var c = db.CreateCommand();
            c.Transaction = tx;
            c.CommandText = sql;
            return c.ExecuteScalar()!;
        }
        Exec("DELETE FROM CareWishes; DELETE FROM CareContacts; DELETE FROM CareVisits; DELETE FROM CareRecipients;");
        var gridOne = Convert.ToInt64(Scalar("SELECT min(Id) FROM Grids"), CultureInfo.InvariantCulture);
        var communityOne = Convert.ToInt64(Scalar($"SELECT CommunityId FROM Grids WHERE Id = {gridOne}"), CultureInfo.InvariantCulture);
        var visitor = (string)Scalar("SELECT Id FROM AspNetUsers WHERE UserName = 'wangge.li'");
        // Every k-th resident over 60 by birth date, so all grids get their share.
        var elders = new List<(long Id, long Household, long Grid)>();
        using (var c = db.CreateCommand())
        {
            c.Transaction = tx;
            c.CommandText = """
                SELECT r.Id, r.HouseholdId, h.GridId FROM Residents r JOIN Households h ON h.Id = r.HouseholdId
                WHERE r.Status = 0 AND r.BirthDate IS NOT NULL AND r.BirthDate < date('now', '-60 years') ORDER BY r.Id
                """;
            using var reader = c.ExecuteReader();
            while (reader.Read()) elders.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        var step = Math.Max(1, elders.Count / Recipients);
        var chosen = elders.Where((_, i) => i % step == 0).Take(Recipients).ToList();
        var random = new Random(14);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var now = DateTime.UtcNow;
        using var insertRecipient = db.CreateCommand();
        insertRecipient.Transaction = tx;
        insertRecipient.CommandText = """
            INSERT INTO CareRecipients (ResidentId, HouseholdId, Reasons, Risk, Status, StatusSince, PlanUnit, PlanEvery, VisitorKind, LastVisitAt, NextDueOn, NotSeenInRow, CreatedAt, Version)
            VALUES ($r, $h, 2, 2, 0, $since, 1, 7, 1, $last, $due, 0, $created, 0) RETURNING Id
            """;
        using var insertVisit = db.CreateCommand();
        insertVisit.Transaction = tx;
        insertVisit.CommandText = """
            INSERT INTO CareVisits (RecipientId, GridId, VisitorUserId, VisitorName, At, Kind, Condition, Actions, Note)
            VALUES ($r, $g, $u, '基准网格员', $at, 1, 1, 1, '基准走访')
            """;
        foreach (var (resident, household, grid) in chosen)
        {
            // Last visit 0–20 days ago on a weekly plan: about a fifth of them are due or overdue today.
            var lastDay = today.AddDays(-random.Next(0, 21));
            var last = new DateTime(lastDay.Year, lastDay.Month, lastDay.Day, 2, random.Next(0, 60), 0, DateTimeKind.Utc);
            insertRecipient.Parameters.Clear();
            insertRecipient.Parameters.AddWithValue("$r", resident);
            insertRecipient.Parameters.AddWithValue("$h", household);
            insertRecipient.Parameters.AddWithValue("$since", today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            insertRecipient.Parameters.AddWithValue("$last", Stamp(last));
            insertRecipient.Parameters.AddWithValue("$due", lastDay.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            insertRecipient.Parameters.AddWithValue("$created", Stamp(now.AddYears(-1)));
            var id = Convert.ToInt64(insertRecipient.ExecuteScalar(), CultureInfo.InvariantCulture);
            for (var v = 0; v < VisitsEach; v++)
            {
                insertVisit.Parameters.Clear();
                insertVisit.Parameters.AddWithValue("$r", id);
                insertVisit.Parameters.AddWithValue("$g", grid);
                insertVisit.Parameters.AddWithValue("$u", visitor);
                insertVisit.Parameters.AddWithValue("$at", Stamp(last.AddDays(-7 * v)));
                insertVisit.ExecuteNonQuery();
            }
        }
        tx.Commit();
        using var analyze = db.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        analyze.ExecuteNonQuery();
        if (chosen.Count < Recipients) Console.WriteLine($"only {chosen.Count} residents over 60: fewer recipients than asked");
        return (gridOne, communityOne);
    }
}
