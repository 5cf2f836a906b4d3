using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Volunteering;

// Through the API as the demo's people: the resident volunteers, 团结巷's community worker
// organises and runs the shop, 李记便民超市 verifies codes.
public abstract class VolunteeringHttpTests(GongzhiApp app)
{
    private readonly PointsDriver _d = new(app);

    private async Task<(HttpClient Client, long VolunteerId, long AccountId)> ResidentAsync(string language = "zh-Hans")
    {
        var facts = await DemoFacts.ForAsync(app);
        var client = await app.ClientForAsync(facts.ResidentUserName, language);
        var id = (await (await client.PostAsJsonAsync("/api/v1/volunteer/register", new { skills = "急救", availability = "周末" })).JsonAsync()).Long("volunteerId");
        await using var db = app.NewDb();
        var account = await db.PointsAccounts.Where(a => a.VolunteerId == id).Select(a => a.Id).FirstAsync();
        return (client, id, account);
    }

    [Fact]
    public async Task A_check_in_code_from_before_the_last_rotation_is_refused_and_the_current_one_works()
    {
        var (client, _, _) = await ResidentAsync();
        var staff = await app.ClientForAsync("tuanjie", "zh-Hans");
        var start = DateTime.UtcNow.AddMinutes(-20);
        var created = await (await staff.PostAsJsonAsync("/api/v1/volunteer/activities", new
        {
            title = "楼道清理", kind = "green", shifts = new[] { new { startsAt = start, endsAt = start.AddHours(2), place = "5栋楼道", capacity = 5 } },
        })).JsonAsync(HttpStatusCode.Created);
        var activity = await (await staff.GetAsync($"/api/v1/volunteer/activities/{created.Long("activityId")}")).JsonAsync();
        var shiftId = activity["shifts"]![0]!.Long("id");
        (await client.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signup", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var db = app.NewDb();
        var secret = await db.Shifts.Where(s => s.Id == shiftId).Select(s => s.QrSecret).FirstAsync();
        // A photo of the code taken two rotations ago.
        var old = ShiftQr.TokenFor(secret, DateTimeOffset.UtcNow.AddSeconds(-2 * ShiftQr.StepSeconds - 1));
        var refused = await (await client.PostAsJsonAsync("/api/v1/volunteer/scan", new { shiftId, token = old })).ProblemAsync(HttpStatusCode.BadRequest);
        refused["detail"]!.GetValue<string>().ShouldBe("签到码已过期，请扫描现场最新的二维码");
        (await db.ShiftSignups.Where(s => s.ShiftId == shiftId).Select(s => s.Status).FirstAsync()).ShouldBe(SignupStatus.SignedUp);

        // The code shown at the place now (the organiser's screen) checks in, and a second scan checks out.
        var qr = await (await staff.GetAsync($"/api/v1/volunteer/shifts/{shiftId}/qr")).JsonAsync();
        var token = qr["token"]!.GetValue<string>();
        (await (await client.PostAsJsonAsync("/api/v1/volunteer/scan", new { shiftId, token })).JsonAsync())["status"]!.GetValue<int>().ShouldBe((int)SignupStatus.CheckedIn);
        (await (await client.PostAsJsonAsync("/api/v1/volunteer/scan", new { shiftId, token })).JsonAsync())["status"]!.GetValue<int>().ShouldBe((int)SignupStatus.CheckedOut);
        // The resident cannot fetch the code to show: only organisers can.
        (await client.GetAsync($"/api/v1/volunteer/shifts/{shiftId}/qr")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void The_code_rotates_and_is_accepted_for_one_step_after_rotation_only()
    {
        var secret = ShiftQr.NewSecret();
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var token = ShiftQr.TokenFor(secret, t0);
        ShiftQr.Verify(secret, token, t0).ShouldBeTrue();
        ShiftQr.Verify(secret, token, t0.AddSeconds(ShiftQr.StepSeconds)).ShouldBeTrue();
        ShiftQr.Verify(secret, token, t0.AddSeconds(2 * ShiftQr.StepSeconds)).ShouldBeFalse();
        ShiftQr.TokenFor(secret, t0.AddSeconds(ShiftQr.StepSeconds)).ShouldNotBe(token);
        ShiftQr.Verify(ShiftQr.NewSecret(), token, t0).ShouldBeFalse();
        ShiftQr.Verify(secret, "", t0).ShouldBeFalse();
    }

    [Fact]
    public async Task Shift_journey_hours_become_points_which_buy_a_reward_collected_at_the_counter()
    {
        var (client, volunteerId, account) = await ResidentAsync();
        var staff = await app.ClientForAsync("tuanjie", "zh-Hans");
        var before = await _d.BalanceAsync(account);
        var start = DateTime.UtcNow.AddMinutes(-90);
        var activityId = (await (await staff.PostAsJsonAsync("/api/v1/volunteer/activities", new
        {
            title = "独居老人探访", kind = "elder-care", shifts = new[] { new { startsAt = start, endsAt = start.AddHours(2), place = "团结巷社区老年食堂", capacity = 3 } },
        })).JsonAsync(HttpStatusCode.Created)).Long("activityId");
        var shiftId = (await (await client.GetAsync($"/api/v1/volunteer/activities/{activityId}")).JsonAsync())["shifts"]![0]!.Long("id");
        var signupId = (await (await client.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signup", null)).JsonAsync()).Long("signupId");
        (await staff.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{signupId}/checkin", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{signupId}/checkout", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var confirmed = await (await staff.PostAsJsonAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{signupId}/confirm", new { minutes = 90 })).JsonAsync();
        confirmed["points"]!.GetValue<int>().ShouldBe(15); // 10 per hour, no bonus for this kind
        // Confirming twice posts nothing more.
        (await staff.PostAsJsonAsync($"/api/v1/volunteer/shifts/{shiftId}/signups/{signupId}/confirm", new { minutes = 90 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _d.BalanceAsync(account)).ShouldBe(before + 15);
        var me = await (await client.GetAsync("/api/v1/volunteer/me")).JsonAsync();
        me["balance"]!.GetValue<long>().ShouldBe(before + 15);

        var rewardId = (await (await staff.PostAsJsonAsync("/api/v1/points/rewards", new { name = "洗洁精", price = 10, stock = 3 })).JsonAsync()).Long("rewardId");
        var key = Guid.NewGuid().ToString();
        var redeem = new HttpRequestMessage(HttpMethod.Post, "/api/v1/points/redemptions") { Content = JsonContent.Create(new { rewardId }) };
        redeem.Headers.Add("Idempotency-Key", key);
        var first = await (await client.SendAsync(redeem)).JsonAsync(HttpStatusCode.Created);
        var retry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/points/redemptions") { Content = JsonContent.Create(new { rewardId }) };
        retry.Headers.Add("Idempotency-Key", key);
        (await (await client.SendAsync(retry)).JsonAsync()).Long("redemptionId").ShouldBe(first.Long("redemptionId"));
        (await _d.StockAsync(rewardId)).ShouldBe(2);
        (await _d.BalanceAsync(account)).ShouldBe(before + 5);

        var code = first["pickupCode"]!.GetValue<string>();
        (await client.PostAsJsonAsync("/api/v1/points/redemptions/collect", new { pickupCode = code })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await staff.PostAsJsonAsync("/api/v1/points/redemptions/collect", new { pickupCode = code })).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Collected: it can no longer be cancelled.
        (await client.PostAsync($"/api/v1/points/redemptions/{first.Long("redemptionId")}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // A second one, cancelled: points and stock come back.
        var second = await (await client.PostAsJsonAsync("/api/v1/points/redemptions", new { rewardId })).JsonAsync(HttpStatusCode.Created);
        (await _d.BalanceAsync(account)).ShouldBe(before - 5);
        (await client.PostAsync($"/api/v1/points/redemptions/{second.Long("redemptionId")}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _d.BalanceAsync(account)).ShouldBe(before + 5);
        (await _d.StockAsync(rewardId)).ShouldBe(2);
        await using var db = app.NewDb();
        (await db.Redemptions.Where(r => r.Id == second.Long("redemptionId")).Select(r => r.Status).FirstAsync()).ShouldBe(RedemptionStatus.Cancelled);
        await _d.AssertLedgerAsync();
        volunteerId.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_merchant_code_works_once_then_is_refused_and_an_expired_code_is_refused()
    {
        var (client, _, account) = await ResidentAsync();
        await _d.GrantAsync(account, 60);
        var merchant = await app.ClientForAsync("shanghu", "zh-Hans");
        var offers = await (await client.GetAsync("/api/v1/points/offers")).JsonAsync();
        var item = offers.AsArray().First(o => o!["kind"]!.GetValue<int>() == (int)OfferKind.PointsItem)!;
        var before = await _d.BalanceAsync(account);
        var code = (await (await client.PostAsJsonAsync("/api/v1/points/merchant-codes", new { offerId = item.Long("id") })).JsonAsync())["code"]!.GetValue<string>();

        var verified = await (await merchant.PostAsJsonAsync("/api/v1/points/merchant/verify", new { code })).JsonAsync();
        verified["points"]!.GetValue<int>().ShouldBe(item["points"]!.GetValue<int>());
        (await _d.BalanceAsync(account)).ShouldBe(before - item["points"]!.GetValue<int>());

        var again = await (await merchant.PostAsJsonAsync("/api/v1/points/merchant/verify", new { code })).ProblemAsync(HttpStatusCode.Conflict);
        again["detail"]!.GetValue<string>().ShouldBe("这个核销码已经使用过了");
        (await _d.BalanceAsync(account)).ShouldBe(before - item["points"]!.GetValue<int>());

        var stale = (await (await client.PostAsJsonAsync("/api/v1/points/merchant-codes", new { offerId = item.Long("id") })).JsonAsync())["code"]!.GetValue<string>();
        await using (var db = app.NewDb())
            await db.MerchantCodes.Where(c => c.Code == stale).ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        var expired = await (await merchant.PostAsJsonAsync("/api/v1/points/merchant/verify", new { code = stale })).ProblemAsync(HttpStatusCode.BadRequest);
        expired["detail"]!.GetValue<string>().ShouldBe("这个核销码已过期，请志愿者重新生成");
        (await _d.BalanceAsync(account)).ShouldBe(before - item["points"]!.GetValue<int>());

        // The month's statement shows the points taken; only the merchant (or staff) sees it.
        var statement = await (await merchant.GetAsync("/api/v1/points/merchant/statement")).JsonAsync();
        statement["points"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(item["points"]!.GetValue<int>());
        (await client.GetAsync("/api/v1/points/merchant/statement")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Another merchant's code, or a made-up one, is not valid here.
        (await merchant.PostAsJsonAsync("/api/v1/points/merchant/verify", new { code = "ABCDEF123456" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await _d.AssertLedgerAsync();
    }

    [Fact]
    public async Task Bad_input_is_refused_in_the_callers_language_and_changes_nothing()
    {
        var (client, volunteerId, account) = await ResidentAsync("en");
        var staff = await app.ClientForAsync("tuanjie", "en");
        var balance = await _d.BalanceAsync(account);

        // Redeeming without enough points.
        var dear = (await (await staff.PostAsJsonAsync("/api/v1/points/rewards", new { name = "电动自行车", price = 99_999, stock = 1 })).JsonAsync()).Long("rewardId");
        var poor = await (await client.PostAsJsonAsync("/api/v1/points/redemptions", new { rewardId = dear })).ProblemAsync(HttpStatusCode.BadRequest);
        poor["detail"]!.GetValue<string>().ShouldBe("Not enough points");
        (await _d.StockAsync(dear)).ShouldBe(1);
        (await _d.BalanceAsync(account)).ShouldBe(balance);

        // Negative, zero and absurd awards.
        foreach (var points in new[] { -50, 0, 1_000_000 })
        {
            var p = await (await staff.PostAsJsonAsync("/api/v1/points/awards", new { volunteerId, points, reason = "好人好事" })).ProblemAsync(HttpStatusCode.BadRequest);
            p.ErrorsFor("points").ShouldNotBeEmpty();
        }
        (await staff.PostAsJsonAsync("/api/v1/points/awards", new { volunteerId, points = 20, reason = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // A resident cannot award points at all.
        (await client.PostAsJsonAsync("/api/v1/points/awards", new { volunteerId, points = 20, reason = "自己奖励自己" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using (var db = app.NewDb())
            (await db.PointsAwards.CountAsync(a => a.VolunteerId == volunteerId)).ShouldBe(0);

        // Signing up to a full shift.
        var (_, shiftId) = await _d.ShiftAsync(1, DateTime.UtcNow.AddDays(2));
        var other = await _d.VolunteerAsync();
        await _d.AsAsync(other.UserId, Roles.Resident, sp => sp.GetRequiredService<ShiftCommands>().SignUpAsync(shiftId));
        var full = await (await client.PostAsync($"/api/v1/volunteer/shifts/{shiftId}/signup", null)).ProblemAsync(HttpStatusCode.Conflict);
        full["detail"]!.GetValue<string>().ShouldBe("This shift is full");
        await using (var db = app.NewDb())
        {
            (await db.ShiftSignups.CountAsync(s => s.ShiftId == shiftId)).ShouldBe(1);
            (await db.Shifts.Where(s => s.Id == shiftId).Select(s => s.Taken).FirstAsync()).ShouldBe(1);
        }

        // A staff member cannot approve their own proposal; a second one can, once.
        var awardId = (await (await staff.PostAsJsonAsync("/api/v1/points/awards", new { volunteerId, points = 20, reason = "拾金不昧" })).JsonAsync()).Long("awardId");
        (await staff.PostAsJsonAsync($"/api/v1/points/awards/{awardId}/decide", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await app.ClientForAsync("admin", "en");
        (await admin.PostAsJsonAsync($"/api/v1/points/awards/{awardId}/decide", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsJsonAsync($"/api/v1/points/awards/{awardId}/decide", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _d.BalanceAsync(account)).ShouldBe(balance + 20);

        // Garbage is refused, not a 500.
        (await client.PostAsync("/api/v1/volunteer/scan", Api.RawJson("{\"shiftId\": \"x\"}"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsJsonAsync("/api/v1/points/redemptions", new { rewardId = 987654321 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await staff.GetAsync("/api/v1/points/merchant/statement?merchantId=1&month=2026-13")).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        await _d.AssertLedgerAsync();
    }

    [Fact]
    public async Task An_announced_honour_awards_its_points_and_appears_on_the_public_list()
    {
        var (client, volunteerId, account) = await ResidentAsync();
        var staff = await app.ClientForAsync("tuanjie", "zh-Hans");
        await using var db = app.NewDb();
        var kind = await db.HonourKinds.FirstAsync(k => k.Code == "good-neighbour");
        var before = await _d.BalanceAsync(account);
        var id = (await (await client.PostAsJsonAsync("/api/v1/volunteer/nominations", new { honourKindId = kind.Id, volunteerId, reason = "经常帮邻居代收快递" })).JsonAsync()).Long("nominationId");
        (await client.PostAsJsonAsync($"/api/v1/volunteer/nominations/{id}/review", new { approve = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await staff.PostAsync($"/api/v1/volunteer/nominations/{id}/announce", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // not reviewed yet
        (await staff.PostAsJsonAsync($"/api/v1/volunteer/nominations/{id}/review", new { approve = true, note = "属实" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await staff.PostAsync($"/api/v1/volunteer/nominations/{id}/announce", null)).JsonAsync())["points"]!.GetValue<int>().ShouldBe(100);
        (await staff.PostAsync($"/api/v1/volunteer/nominations/{id}/announce", null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _d.BalanceAsync(account)).ShouldBe(before + 100);
        var honours = await (await client.GetAsync("/api/v1/volunteer/honours")).JsonAsync();
        honours.AsArray().ShouldContain(h => h!.Long("id") == id);
        var list = await (await client.GetAsync("/api/v1/points/public")).JsonAsync();
        list.AsArray().ShouldContain(x => x!["kind"]!.GetValue<int>() == (int)TransactionKind.HonourAward && x["points"]!.GetValue<long>() == 100);
        // Names on the public list are masked.
        list.AsArray().ShouldAllBe(x => x!["volunteer"]!.GetValue<string>().Length <= 1 || x["volunteer"]!.GetValue<string>().Contains('*'));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVolunteeringHttpTests(SqliteApp app) : VolunteeringHttpTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVolunteeringHttpTests(PostgresApp app) : VolunteeringHttpTests(app);
