using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;

namespace Gongzhi.Tests.Modules.Volunteering;

// 爱心商户月度结算 on a page: community staff see each merchant's month and settle it once (the
// points go back to the community's pool); roles that may not approve points get 403, and a bad month
// is refused next to the field with nothing written.
public abstract class SettlementPageTests(GongzhiApp app)
{
    private readonly PointsDriver _d = new(app);

    private async Task<long> SpendAtMerchantAsync()
    {
        var facts = await DemoFacts.ForAsync(app);
        var client = await app.ClientForAsync(facts.ResidentUserName, "zh-Hans");
        var id = (await (await client.PostAsJsonAsync("/api/v1/volunteer/register", new { skills = "急救", availability = "周末" })).JsonAsync()).Long("volunteerId");
        await using var db = app.NewDb();
        var account = await db.PointsAccounts.Where(a => a.VolunteerId == id).Select(a => a.Id).FirstAsync();
        await _d.GrantAsync(account, 60);
        var offers = await (await client.GetAsync("/api/v1/points/offers")).JsonAsync();
        var item = offers.AsArray().First(o => o!["kind"]!.GetValue<int>() == (int)OfferKind.PointsItem)!;
        var code = (await (await client.PostAsJsonAsync("/api/v1/points/merchant-codes", new { offerId = item.Long("id") })).JsonAsync())["code"]!.GetValue<string>();
        var merchant = await app.ClientForAsync("shanghu", "zh-Hans");
        (await merchant.PostAsJsonAsync("/api/v1/points/merchant/verify", new { code })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return await db.Merchants.Where(m => m.Name == "李记便民超市").Select(m => m.Id).FirstAsync();
    }

    [Fact]
    public async Task Staff_settle_a_merchants_month_once_on_the_page()
    {
        var merchantId = await SpendAtMerchantAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var html = await staff.Client.GetStringAsync("/points/settlement");
        html.ShouldContain("李记便民超市");
        html.ShouldContain($"name=\"Input.MerchantId\" value=\"{merchantId}\"");
        await using var db = app.NewDb();
        var settlements = await db.PointsTransactions.CountAsync(t => t.Kind == TransactionKind.Settlement);

        var settled = await staff.PostFormAsync("/points/settlement", "settle", new() { ["Input.MerchantId"] = $"{merchantId}" });
        settled.StatusCode.ShouldBe(HttpStatusCode.Redirect, await settled.Content.ReadAsStringAsync());
        (await db.PointsTransactions.CountAsync(t => t.Kind == TransactionKind.Settlement)).ShouldBe(settlements + 1);
        var after = await staff.Client.GetStringAsync("/points/settlement");
        after.ShouldContain("已结算");
        after.ShouldNotContain($"name=\"Input.MerchantId\" value=\"{merchantId}\"");
        await _d.AssertLedgerAsync();
    }

    [Fact]
    public async Task Settlement_is_refused_to_other_roles_and_a_bad_month_writes_nothing()
    {
        foreach (var name in new[] { "wangge.li", "shanghu", "wuye" })
        {
            var session = await PageSession.LogInAsync(app, name);
            (await session.Client.GetAsync("/points/settlement")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var facts = await DemoFacts.ForAsync(app);
        (await staff.Client.GetAsync($"/points/settlement?communityId={facts.Community2}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var bad = await staff.Client.GetAsync("/points/settlement?month=2026-13");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("data-field-error=\"Month\"");
        await using var db = app.NewDb();
        var before = await db.PointsTransactions.CountAsync();
        var english = await PageSession.LogInAsync(app, "tuanjie", "en");
        var posted = await english.PostFormAsync("/points/settlement", "settle", new() { ["Input.MerchantId"] = "987654321" });
        posted.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await db.PointsTransactions.CountAsync()).ShouldBe(before);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSettlementPageTests(SqliteApp app) : SettlementPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSettlementPageTests(PostgresApp app) : SettlementPageTests(app);
