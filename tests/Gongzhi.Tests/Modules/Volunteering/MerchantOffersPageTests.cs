using System.Net;
using Gongzhi.Web.Modules.Volunteering.Merchants;

namespace Gongzhi.Tests.Modules.Volunteering;

// The merchant's own offers page (API-only before): offers are added through MerchantCommands.AddOfferAsync
// for the caller's own shop only; other roles get 403; a bad offer says why next to the field, keeps what
// was typed and writes nothing.
public abstract class MerchantOffersPageTests(GongzhiApp app)
{
    private const string Page = "/points/merchant/offers";

    [Fact]
    public async Task A_merchant_adds_an_offer_to_their_own_shop_and_bad_ones_write_nothing()
    {
        await using var db = app.NewDb();
        var shop = await db.Merchants.AsNoTracking().Where(m => m.UserId == db.Users.Where(u => u.UserName == "shanghu").Select(u => u.Id).First()).SingleAsync();
        var merchant = await PageSession.LogInAsync(app, "shanghu");
        (await merchant.Client.GetStringAsync(Page)).ShouldContain("create-offer");
        var count = await db.MerchantOffers.CountAsync();

        var noTitle = await merchant.PostFormAsync(Page, "offer-new", new() { ["Input.Title"] = "", ["Input.Kind"] = nameof(OfferKind.PointsItem), ["Input.Points"] = "30" });
        noTitle.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await noTitle.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Title\"");
        html.ShouldContain("value=\"30\"");
        var noPoints = await merchant.PostFormAsync(Page, "offer-new", new() { ["Input.Title"] = "酱油一瓶", ["Input.Kind"] = nameof(OfferKind.PointsItem), ["Input.Points"] = "三十" });
        noPoints.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html2 = await noPoints.Content.ReadAsStringAsync();
        html2.ShouldContain("data-field-error=\"Points\"");
        html2.ShouldContain("value=\"酱油一瓶\"");
        (await db.MerchantOffers.CountAsync()).ShouldBe(count);

        var title = "酱油一瓶" + (app.Provider == Gongzhi.Web.Data.DatabaseProvider.Sqlite ? "甲" : "乙");
        (await merchant.PostFormAsync(Page, "offer-new", new() { ["Input.Title"] = title, ["Input.Kind"] = nameof(OfferKind.PointsItem), ["Input.Points"] = "30" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var offer = await db.MerchantOffers.AsNoTracking().SingleAsync(o => o.Title == title);
        offer.MerchantId.ShouldBe(shop.Id);
        offer.Points.ShouldBe(30);
        (await merchant.Client.GetStringAsync(Page)).ShouldContain(title);
    }

    [Theory]
    [InlineData("tuanjie")]
    [InlineData("wuye")]
    public async Task Other_roles_get_403_and_write_nothing(string userName)
    {
        var session = await PageSession.LogInAsync(app, userName);
        (await session.Client.GetAsync(Page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var db = app.NewDb();
        var count = await db.MerchantOffers.CountAsync();
        var token = await session.TokenAsync("/account");
        var post = await session.Client.PostAsync(Page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "offer-new", ["__RequestVerificationToken"] = token, ["Input.Title"] = "冒名优惠", ["Input.Kind"] = nameof(OfferKind.Discount),
        }));
        // The page rendered no form for them, so the framework refuses the post before any handler runs (400).
        ((int)post.StatusCode).ShouldBeGreaterThanOrEqualTo(400);
        (await db.MerchantOffers.CountAsync()).ShouldBe(count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteMerchantOffersPageTests(SqliteApp app) : MerchantOffersPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresMerchantOffersPageTests(PostgresApp app) : MerchantOffersPageTests(app);
