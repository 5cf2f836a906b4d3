using System.Net;

namespace Gongzhi.Tests.Modules.Volunteering;

// The pages answer each role with what it may use, and a refused form shows why, changing nothing.
public abstract class VolunteeringPageTests(GongzhiApp app)
{
    [Theory]
    [InlineData("resident", "/volunteer", HttpStatusCode.OK)]
    [InlineData("resident", "/volunteer/activities", HttpStatusCode.OK)]
    [InlineData("resident", "/points/shop", HttpStatusCode.OK)]
    [InlineData("resident", "/points/offers", HttpStatusCode.OK)]
    [InlineData("resident", "/points/public", HttpStatusCode.OK)]
    [InlineData("resident", "/volunteer/honours", HttpStatusCode.OK)]
    [InlineData("resident", "/points/merchant", HttpStatusCode.Forbidden)]
    [InlineData("resident", "/points/counter", HttpStatusCode.Forbidden)]
    [InlineData("resident", "/points/awards", HttpStatusCode.Forbidden)]
    [InlineData("tuanjie", "/points/counter", HttpStatusCode.OK)]
    [InlineData("tuanjie", "/points/awards", HttpStatusCode.OK)]
    [InlineData("shanghu", "/points/merchant", HttpStatusCode.OK)]
    [InlineData("shanghu", "/points/counter", HttpStatusCode.Forbidden)]
    public async Task Each_page_answers_the_role(string account, string page, HttpStatusCode expected)
    {
        var userName = account == "resident" ? (await DemoFacts.ForAsync(app)).ResidentUserName : account;
        var session = await PageSession.LogInAsync(app, userName);
        var response = await session.Client.GetAsync(page);
        response.StatusCode.ShouldBe(expected, page);
    }

    [Fact]
    public async Task A_merchant_typing_a_made_up_code_is_told_so_on_the_page()
    {
        var session = await PageSession.LogInAsync(app, "shanghu");
        var response = await session.PostFormAsync("/points/merchant", "verify", new() { ["Input.Text"] = "FFFFFFFFFFFF" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("核销码无效，请核对后重试");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteVolunteeringPageTests(SqliteApp app) : VolunteeringPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresVolunteeringPageTests(PostgresApp app) : VolunteeringPageTests(app);
