using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Platform.Accounts;

// What a stranger can try without an account, with the limits the app ships with: guessing a
// confirmation code, flooding a phone with codes, guessing passwords, and locking others out.
public abstract class LimitTests(GongzhiApp app)
{
    private const string NewPassword = "Jiating2026";

    private string? CodeFor(string phone) => app.Services.GetRequiredService<FileCodeSender>().LastCodeFor(phone);

    private async Task<string> StaffAsync()
    {
        var userName = "limit." + Guid.NewGuid().ToString("N")[..10];
        var admin = await app.ClientForAsync("admin", "en");
        (await admin.PostAsJsonAsync("/api/v1/accounts", new { userName, displayName = "限流测试", password = NewPassword, roles = new[] { Roles.GridWorker } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        return userName;
    }

    private static string Detail(string body) => JsonNode.Parse(body)!["detail"]!.GetValue<string>();

    [Fact]
    public async Task Five_wrong_codes_spend_the_code_a_new_one_works_once()
    {
        var phone = FromAddress.NewPhone();
        var ip = FromAddress.NewAddress();
        (await FromAddress.PostAsync(app, ip, "/api/v1/auth/register", new { phone, password = NewPassword, displayName = "王小明" })).Status.ShouldBe(HttpStatusCode.Accepted);
        var code = CodeFor(phone)!;
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 1; i <= 4; i++)
        {
            var (status, body, _) = await FromAddress.PostAsync(app, ip, "/api/v1/auth/confirm", new { phone, code = wrong });
            status.ShouldBe(HttpStatusCode.BadRequest);
            Detail(body).ShouldBe("The code is wrong or has expired");
        }
        Detail((await FromAddress.PostAsync(app, ip, "/api/v1/auth/confirm", new { phone, code = wrong })).Body).ShouldBe("Too many wrong codes; please ask for a new code");
        // Even the right code no longer works: guessing stops at five.
        var spent = await FromAddress.PostAsync(app, ip, "/api/v1/auth/confirm", new { phone, code });
        spent.Status.ShouldBe(HttpStatusCode.BadRequest);
        Detail(spent.Body).ShouldBe("Too many wrong codes; please ask for a new code");
        await using (var db = app.NewDb()) (await db.Users.SingleAsync(u => u.UserName == phone)).PhoneNumberConfirmed.ShouldBeFalse();

        (await FromAddress.PostAsync(app, ip, "/api/v1/auth/resend", new { phone })).Status.ShouldBe(HttpStatusCode.Accepted);
        var fresh = CodeFor(phone)!;
        (await FromAddress.PostAsync(app, ip, "/api/v1/auth/confirm", new { phone, code = fresh })).Status.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = app.NewDb()) (await db.Users.SingleAsync(u => u.UserName == phone)).PhoneNumberConfirmed.ShouldBeTrue();
        // Single use: the registration is done and the code confirms nothing more.
        (await FromAddress.PostAsync(app, ip, "/api/v1/auth/confirm", new { phone, code = fresh })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_phone_gets_three_codes_in_fifteen_minutes_and_an_address_ten()
    {
        var phone = FromAddress.NewPhone();
        var ip = FromAddress.NewAddress();
        (await FromAddress.PostAsync(app, ip, "/api/v1/auth/register", new { phone, password = NewPassword, displayName = "王小明" })).Status.ShouldBe(HttpStatusCode.Accepted);
        (await FromAddress.PostAsync(app, FromAddress.NewAddress(), "/api/v1/auth/register", new { phone, password = NewPassword, displayName = "王小明" })).Status.ShouldBe(HttpStatusCode.Accepted);
        (await FromAddress.PostAsync(app, FromAddress.NewAddress(), "/api/v1/auth/resend", new { phone })).Status.ShouldBe(HttpStatusCode.Accepted);
        var fourth = await FromAddress.PostAsync(app, FromAddress.NewAddress(), "/api/v1/auth/register", new { phone, password = NewPassword, displayName = "王小明" });
        fourth.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        Detail(fourth.Body).ShouldBe("Too many codes were sent; please wait 15 minutes before asking for another");
        (await FromAddress.PostAsync(app, ip, "/api/v1/auth/resend", new { phone })).Status.ShouldBe(HttpStatusCode.TooManyRequests);
        var log = await File.ReadAllLinesAsync(Path.Combine(app.DataDirectory, "outbox", "codes.log"));
        log.Count(l => l.Contains("\t" + phone + "\t", StringComparison.Ordinal)).ShouldBe(3);

        // One address asking codes for many phones: ten, then no more.
        var flooder = FromAddress.NewAddress();
        var phones = Enumerable.Range(0, 11).Select(_ => FromAddress.NewPhone()).ToList();
        var answers = new List<HttpStatusCode>();
        foreach (var p in phones)
            answers.Add((await FromAddress.PostAsync(app, flooder, "/api/v1/auth/register", new { phone = p, password = NewPassword, displayName = "刷码" })).Status);
        answers.Take(10).ShouldAllBe(s => s == HttpStatusCode.Accepted);
        answers[10].ShouldBe(HttpStatusCode.TooManyRequests);
        await using var db = app.NewDb();
        (await db.Users.AnyAsync(u => u.UserName == phones[10])).ShouldBeFalse();
    }

    [Fact]
    public async Task Lock_out_is_per_account_and_address_and_unknown_names_are_answered_the_same()
    {
        var userName = await StaffAsync();
        var attacker = FromAddress.NewAddress();
        var unknown = "no.such." + Guid.NewGuid().ToString("N")[..8];
        for (var i = 1; i <= 4; i++)
        {
            var known = await FromAddress.PostAsync(app, attacker, "/api/v1/auth/login", new { userName, password = "wrong-password-" + i });
            var nobody = await FromAddress.PostAsync(app, attacker, "/api/v1/auth/login", new { userName = unknown, password = "wrong-password-" + i });
            known.Status.ShouldBe(HttpStatusCode.Unauthorized);
            nobody.Status.ShouldBe(known.Status);
            Detail(nobody.Body).ShouldBe(Detail(known.Body));
        }
        var fifth = await FromAddress.PostAsync(app, attacker, "/api/v1/auth/login", new { userName, password = "wrong-password-5" });
        var fifthUnknown = await FromAddress.PostAsync(app, attacker, "/api/v1/auth/login", new { userName = unknown, password = "wrong-password-5" });
        fifth.Status.ShouldBe((HttpStatusCode)423);
        fifthUnknown.Status.ShouldBe((HttpStatusCode)423);
        Detail(fifthUnknown.Body).ShouldBe(Detail(fifth.Body));
        (await FromAddress.PostAsync(app, attacker, "/api/v1/auth/login", new { userName, password = NewPassword })).Status.ShouldBe((HttpStatusCode)423);

        // The account's holder, elsewhere, is not locked out by the attacker.
        (await FromAddress.PostAsync(app, FromAddress.NewAddress(), "/api/v1/auth/login", new { userName, password = NewPassword })).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_registration_and_confirmation_posts_are_rate_limited_per_address()
    {
        var ip = FromAddress.NewAddress();
        var limits = app.Services.GetRequiredService<AccountLimits>();
        limits.AuthPerAddress.ShouldBe(30);
        for (var i = 0; i < limits.AuthPerAddress; i++)
            (await FromAddress.PostAsync(app, ip, "/api/v1/auth/login", new { userName = "guess" + i, password = "x" })).Status.ShouldNotBe(HttpStatusCode.TooManyRequests);
        var (status, body, response) = await FromAddress.PostAsync(app, ip, "/api/v1/auth/login", new { userName = "guess", password = "x" });
        status.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(60));
        Detail(body).ShouldBe("Too many attempts; please wait a minute and try again");
        (await FromAddress.PostAsync(app, ip, "/api/v1/auth/confirm", new { phone = FromAddress.NewPhone(), code = "123456" })).Status.ShouldBe(HttpStatusCode.TooManyRequests);
        (await FromAddress.PostAsync(app, ip, "/login", new { })).Status.ShouldBe(HttpStatusCode.TooManyRequests);
        // Another address is not held up.
        (await FromAddress.PostAsync(app, FromAddress.NewAddress(), "/api/v1/auth/login", new { userName = "guess", password = "x" })).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

[Collection(SqliteLimitsCollection.Name)]
public sealed class SqliteLimitTests(SqliteLimitsApp app) : LimitTests(app);

[Collection(PostgresLimitsCollection.Name)]
public sealed class PostgresLimitTests(PostgresLimitsApp app) : LimitTests(app);
