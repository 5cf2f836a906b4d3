using System.Net.Http.Json;
using System.Text.Json;

namespace Gongzhi.Bench;

// A bearer token for a demo account, as a client gets one; shared by the sections that log people in.
public static class BenchLogin
{
    public static async Task<string> LoginAsync(HttpClient http, string user, string password)
    {
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { userName = user, password });
        var body = await login.Content.ReadAsStringAsync();
        if (!login.IsSuccessStatusCode) throw new InvalidOperationException($"login {user} failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }
}
