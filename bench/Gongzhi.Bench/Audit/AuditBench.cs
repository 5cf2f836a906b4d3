using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Audit;

public sealed record AuditResult(int Households, Latency WorkPage, double WorkAuditLines, Latency CaseRead, double CaseAuditLines, Latency Healthz,
    Latency FloorInsert, double LoadAverage);

// The staff work list with auditing on (issue #12, item 5): every unmasked view of personal data writes an
// AuditEntries row in the request's own transaction. On the demo data (--demo-households), one request at
// a time after a warm-up:
//  - the grid worker wangge.li's /work (HTML, cookie sign-in), with the audit lines it wrote per request;
//  - GET /api/v1/cases/{id} as the community worker tuanjie, who sees the reporter's full phone, so each
//    read writes one audit line (counted, to show the audit is on);
// with floors from the same run: /healthz, and the audit line alone (one INSERT into AuditEntries on the
// same file through Microsoft.Data.Sqlite, autocommit, as the app writes it).
public sealed class AuditBench(string appDll, string dataDir, BenchOptions options)
{
    private string DatabasePath => Path.Combine(dataDir, "gongzhi.db");

    public async Task<AuditResult> RunAsync()
    {
        var households = options.DemoHouseholds;
        Console.WriteLine($"\n== audit: the work list and a case read with auditing on, {households:N0} households ({dataDir})");
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);
        var loads = new List<double>();
        await using var app = AppProcess.Start(appDll, AppProcess.DemoEnvironment(dataDir, households));
        await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(20));

        using var page = await BenchHttp.PageClientAsync(app.BaseAddress, "wangge.li");
        using var staff = await BenchHttp.ApiClientAsync(app.BaseAddress, "tuanjie");
        var caseId = await AuditedCaseAsync(staff);
        var n = Math.Min(options.Requests, 500);

        var before = AuditLines();
        var work = await BenchHttp.TimeGetAsync(page, "/work", n);
        var workLines = (AuditLines() - before) / (double)(n + 20);
        loads.Add(Machine.Load());
        before = AuditLines();
        var read = await BenchHttp.TimeGetAsync(staff, $"/api/v1/cases/{caseId}", n);
        var readLines = (AuditLines() - before) / (double)(n + 20);
        loads.Add(Machine.Load());
        var healthz = await BenchHttp.TimeGetAsync(staff, "/healthz", n);
        var insert = TimeInsert(n);
        loads.Add(Machine.Load());
        var result = new AuditResult(households, work, workLines, read, readLines, healthz, insert, loads.Average());
        Console.WriteLine(Table(result));
        if (!options.KeepData)
        {
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
        return result;
    }

    public static string Table(AuditResult r) => string.Join('\n',
        $"| auditing on ({r.Households:N0} households; load {r.LoadAverage:0.0}) | audit lines per request | measured | floor |",
        "|---|---|---|---|",
        $"| work list /work as the grid worker | {r.WorkAuditLines:0.##} | {r.WorkPage.Format()} | /healthz {r.Healthz.Format()} |",
        $"| GET /api/v1/cases/{{id}} as community staff (full phone shown) | {r.CaseAuditLines:0.##} | {r.CaseRead.Format()} | one audit INSERT {r.FloorInsert.Format()} |");

    // A case of community 1 with a reporter's phone, not anonymous: the staff read shows the full phone and audits it.
    private async Task<long> AuditedCaseAsync(HttpClient staff)
    {
        using var db = Open();
        using var c = db.CreateCommand();
        c.CommandText = "SELECT Id FROM Cases WHERE Anonymous = 0 AND ReporterPhone IS NOT NULL ORDER BY Id";
        using var reader = c.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            using var response = await staff.GetAsync($"/api/v1/cases/{id}");
            if (response.IsSuccessStatusCode) return id;
        }
        throw new InvalidOperationException("no case with a reporter phone in tuanjie's scope");
    }

    private long AuditLines()
    {
        using var db = Open();
        using var c = db.CreateCommand();
        c.CommandText = "SELECT count(*) FROM AuditEntries";
        return (long)c.ExecuteScalar()!;
    }

    private Latency TimeInsert(int count)
    {
        using var db = Open();
        var samples = new List<double>();
        for (var i = 0; i < count + 20; i++)
        {
            var t = Stopwatch.StartNew();
            using var c = db.CreateCommand();
            c.CommandText = """
                INSERT INTO AuditEntries (At, UserId, UserName, Action, Subject, Detail, IpAddress)
                VALUES ($at, NULL, 'bench', 'BenchFloor', 'Case/0', 'reporter-phone', '127.0.0.1')
                """;
            c.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture));
            c.ExecuteNonQuery();
            if (i >= 20) samples.Add(t.Elapsed.TotalMilliseconds);
        }
        return Latency.Of(samples);
    }

    private SqliteConnection Open() => BenchHttp.OpenSqlite(DatabasePath);
}
