using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench.Administration;

public sealed record AdministrationResult(int PatternHouseholds, List<double> PatternSeconds, double PatternFloorSeconds,
    int ImportRows, double PreviewSeconds, double CommitSeconds, double ImportFloorSeconds, double LoadAverage);

// Setting up places through the pages, as an administrator does: a 30-floor building of 4 entrances ×
// 6 households by pattern (720 households; --runs buildings, each a new number), and a 20,000-household
// place tree imported from a CSV (one new estate, 10 grids, 50 buildings × 4 entrances × 25 floors × 4),
// previewed then committed. Floors in the same run, on the same SQLite file with the app stopped: the
// same number of household rows written by one prepared INSERT in one transaction (into a scratch copy
// of the Households table), which is the least any way of creating them can cost.
public sealed partial class AdministrationBench(string appDll, string dataDir, BenchOptions options)
{
    public const int ImportRows = 20_000;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]+)\"")]
    private static partial Regex ImportToken();

    public async Task<AdministrationResult> RunAsync()
    {
        Console.WriteLine($"\n== administration: building by pattern, {ImportRows:N0}-household place import ({dataDir})");
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        Directory.CreateDirectory(dataDir);
        var loads = new List<double>();
        var app = AppProcess.Start(appDll, AppProcess.DemoEnvironment(dataDir, options.DemoHouseholds));
        await app.WaitForOkAsync("/healthz", TimeSpan.FromMinutes(20));
        long estate, community;
        using (var db = Open())
        {
            community = Scalar(db, "SELECT min(Id) FROM Communities");
            estate = Scalar(db, $"SELECT min(Id) FROM Estates WHERE CommunityId = {community}");
        }
        var grid = 0L;
        using (var db = Open()) grid = Scalar(db, $"SELECT min(Id) FROM Grids WHERE CommunityId = {community}");

        using var admin = await PageClientAsync(app.BaseAddress, "admin");
        var pattern = new List<double>();
        for (var i = 0; i < options.Runs; i++)
        {
            var page = $"/administration/estates/{estate}";
            var token = await TokenAsync(admin, page);
            var t = Stopwatch.StartNew();
            using var response = await admin.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "add-building", ["__RequestVerificationToken"] = token,
                ["Input.Number"] = $"{900 + i}", ["Input.GridId"] = $"{grid}", ["Input.Entrances"] = "4", ["Input.Floors"] = "30", ["Input.PerFloor"] = "6",
                ["Input.Numbering"] = "FloorAndIndex", ["Input.Action"] = "save",
            }));
            pattern.Add(t.Elapsed.TotalSeconds);
            if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
                throw new InvalidOperationException($"building by pattern answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        loads.Add(Machine.Load());

        var csv = PlaceTree(await CommunityNameAsync(community));
        var importToken = await TokenAsync(admin, "/administration/import");
        var preview = Stopwatch.StartNew();
        string html;
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("place-preview"), "_handler" }, { new StringContent(importToken), "__RequestVerificationToken" },
            { new StringContent($"{community}"), "communityId" },
        })
        {
            var file = new ByteArrayContent(csv);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "places.csv");
            using var response = await admin.PostAsync("/administration/import", form);
            html = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"import preview answered {(int)response.StatusCode}");
        }
        var previewSeconds = preview.Elapsed.TotalSeconds;
        var commitToken = ImportToken().Match(html);
        if (!commitToken.Success) throw new InvalidOperationException("the preview offered nothing to commit");
        var commitForm = await TokenAsync(admin, "/administration/import");
        var commit = Stopwatch.StartNew();
        using (var response = await admin.PostAsync("/administration/import", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "place-commit", ["__RequestVerificationToken"] = commitForm, ["token"] = commitToken.Groups[1].Value,
        })))
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!body.Contains("import-applied", StringComparison.Ordinal)) throw new InvalidOperationException($"import commit answered {(int)response.StatusCode}");
        }
        var commitSeconds = commit.Elapsed.TotalSeconds;
        loads.Add(Machine.Load());
        await app.DisposeAsync();

        double patternFloor, importFloor;
        using (var db = Open())
        {
            var imported = Scalar(db, "SELECT count(*) FROM Households WHERE EstateId = (SELECT Id FROM Estates WHERE Name = '基准新村')");
            if (imported != ImportRows) throw new InvalidOperationException($"{imported} households imported, expected {ImportRows}");
            patternFloor = Floor(db, 4 * 30 * 6);
            importFloor = Floor(db, ImportRows);
        }
        loads.Add(Machine.Load());
        var result = new AdministrationResult(4 * 30 * 6, pattern, patternFloor, ImportRows, previewSeconds, commitSeconds, importFloor, loads.Average());
        Console.WriteLine(Table(result));
        if (!options.KeepData)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
        return result;
    }

    public static string Table(AdministrationResult r)
    {
        var median = r.PatternSeconds.Order().ElementAt(r.PatternSeconds.Count / 2);
        var total = r.PreviewSeconds + r.CommitSeconds;
        return string.Join('\n',
            $"| administration (SQLite; load {r.LoadAverage:0.0}) | wall time | rows/s | floor (one prepared INSERT, same file) |",
            "|---|---|---|---|",
            $"| building by pattern, 30 floors, 4 entrances × 6 ({r.PatternHouseholds} households; median of {r.PatternSeconds.Count}) | {median * 1000:0} ms | {r.PatternHouseholds / median:N0} | {r.PatternFloorSeconds * 1000:0.0} ms ({r.PatternHouseholds / r.PatternFloorSeconds:N0}/s) |",
            $"| place import, preview ({r.ImportRows:N0} households) | {r.PreviewSeconds:0.00} s | {r.ImportRows / r.PreviewSeconds:N0} | |",
            $"| place import, commit | {r.CommitSeconds:0.00} s | {r.ImportRows / r.CommitSeconds:N0} | |",
            $"| place import, preview + commit | {total:0.00} s | {r.ImportRows / total:N0} | {r.ImportFloorSeconds * 1000:0} ms ({r.ImportRows / r.ImportFloorSeconds:N0}/s) |");
    }

    // One household per row: 10 grids of 5 buildings each, 4 entrances, 25 floors, rooms 101..2504.
    private static byte[] PlaceTree(string community)
    {
        var sb = new StringBuilder("社区,网格,小区,楼栋,单元,房号\n");
        for (var b = 1; b <= 50; b++)
            for (var e = 1; e <= 4; e++)
                for (var f = 1; f <= 25; f++)
                    for (var r = 1; r <= 4; r++)
                        sb.Append(CultureInfo.InvariantCulture, $"{community},基准网格{(b - 1) / 5 + 1},基准新村,{b}栋,{e}单元,{f * 100 + r}\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private async Task<string> CommunityNameAsync(long id)
    {
        await Task.Yield();
        using var db = Open();
        using var c = db.CreateCommand();
        c.CommandText = $"SELECT Name FROM Communities WHERE Id = {id}";
        return (string)c.ExecuteScalar()!;
    }

    // The least writing n households costs: a scratch copy of the table, one prepared INSERT per row, one transaction.
    private static double Floor(SqliteConnection db, int rows)
    {
        using (var create = db.CreateCommand())
        {
            create.CommandText = "DROP TABLE IF EXISTS FloorHouseholds; CREATE TABLE FloorHouseholds AS SELECT * FROM Households WHERE 0";
            create.ExecuteNonQuery();
        }
        var t = Stopwatch.StartNew();
        using (var tx = db.BeginTransaction())
        {
            using var insert = db.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO FloorHouseholds (Id, EntranceId, BuildingId, EstateId, GridId, Room, Note, Version, CreatedAt) VALUES ($id, 1, 1, 1, 1, $room, NULL, 0, $at)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var room = insert.Parameters.Add("$room", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            insert.Prepare();
            for (var i = 0; i < rows; i++)
            {
                id.Value = i + 1;
                room.Value = (i % 9000 + 101).ToString(CultureInfo.InvariantCulture);
                at.Value = "2026-12-05 12:00:00";
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        var seconds = t.Elapsed.TotalSeconds;
        using (var drop = db.CreateCommand())
        {
            drop.CommandText = "DROP TABLE FloorHouseholds";
            drop.ExecuteNonQuery();
        }
        return seconds;
    }

    private SqliteConnection Open()
    {
        var db = new SqliteConnection($"Data Source={Path.Combine(dataDir, "gongzhi.db")};Pooling=False");
        db.Open();
        return db;
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static async Task<string> TokenAsync(HttpClient http, string page)
    {
        var html = await http.GetStringAsync(page);
        var match = Antiforgery().Match(html);
        if (!match.Success) throw new InvalidOperationException($"no anti-forgery token on {page}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static async Task<HttpClient> PageClientAsync(Uri baseAddress, string user)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        var token = await TokenAsync(http, "/login");
        using var login = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = user, ["Input.Password"] = "Gongzhi@2026",
        }));
        if (login.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"login form answered {(int)login.StatusCode}");
        return http;
    }
}
