using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;

namespace Gongzhi.Bench;

// What the sections that time one request at a time share: signed-in clients for the API (bearer) and for pages
// (the login form's cookie), the timing loop, and a connection to the app's SQLite file for floors and counts.
public static class BenchHttp
{
    public const string DemoPassword = "Gongzhi@2026";

    public static async Task<HttpClient> ApiClientAsync(Uri baseAddress, string user)
    {
        string token;
        using (var anonymous = new HttpClient { BaseAddress = baseAddress }) token = await BenchLogin.LoginAsync(anonymous, user, DemoPassword);
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public static async Task<HttpClient> PageClientAsync(Uri baseAddress, string user)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var form = await http.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (!token.Success) throw new InvalidOperationException("no anti-forgery token on /login");
        using var login = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = user,
            ["Input.Password"] = DemoPassword,
        }));
        if (login.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"login form answered {(int)login.StatusCode}");
        return http;
    }

    // One GET at a time, count times, after 20 warm-ups that must succeed (and pass check, when given).
    public static async Task<Latency> TimeGetAsync(HttpClient http, string url, int count, Func<string, bool>? check = null)
    {
        for (var i = 0; i < 20; i++)
        {
            using var warm = await http.GetAsync(url);
            var body = await warm.Content.ReadAsStringAsync();
            if (!warm.IsSuccessStatusCode || (check is not null && !check(body))) throw new InvalidOperationException($"{url} answered {(int)warm.StatusCode}");
        }
        var samples = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var t = Stopwatch.StartNew();
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsStringAsync();
            samples.Add(t.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        return Latency.Of(samples);
    }

    // The running app's database file, unpooled, waiting (not failing) while the app holds the write lock.
    public static SqliteConnection OpenSqlite(string path)
    {
        var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var busy = db.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 30000;";
        busy.ExecuteNonQuery();
        return db;
    }
}
