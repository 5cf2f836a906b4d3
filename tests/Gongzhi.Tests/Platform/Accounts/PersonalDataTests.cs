using System.Net;
using System.Net.Http.Json;
using Gongzhi.Tests.Modules.Requests;

namespace Gongzhi.Tests.Platform.Accounts;

// 个人信息查阅复制: a resident downloads what Gongzhi holds about them, as JSON and as a page, and
// the privacy notice says what is collected and why in each language.
public abstract class PersonalDataTests(GongzhiApp app)
{
    [Fact]
    public async Task A_resident_downloads_their_account_registry_entry_and_cases()
    {
        var facts = await DemoFacts.ForAsync(app);
        var cases = new CaseDriver(app);
        var marker = CaseDriver.Marker();
        var id = await cases.SubmitAsResidentAsync("clutter", "楼道杂物堆到门口 " + marker, anonymous: true);
        var resident = await app.ClientForAsync(facts.ResidentUserName, "zh-Hans");

        var data = await (await resident.GetAsync("/api/v1/accounts/me/data")).JsonAsync();
        data["account"]![0]!["userName"]!.GetValue<string>().ShouldBe(facts.ResidentUserName);
        await using (var db = app.NewDb())
        {
            var residentId = await db.Users.Where(u => u.UserName == facts.ResidentUserName).Select(u => u.ResidentId).SingleAsync();
            var person = await db.Residents.SingleAsync(r => r.Id == residentId);
            data["registry"]![0]!["name"]!.GetValue<string>().ShouldBe(person.Name);
            data["registry"]![0]!["idNumber"]?.GetValue<string>().ShouldBe(person.IdNumberMasked);
        }
        var mine = data["cases"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "#" + id)!;
        mine["description"]!.GetValue<string>().ShouldContain(marker);
        mine["anonymous"]!.GetValue<string>().ShouldBe("是");

        var page = await PageSession.LogInAsync(app, facts.ResidentUserName);
        var html = await page.Client.GetStringAsync("/account/data");
        html.ShouldContain("我提交的诉求");
        html.ShouldContain(marker);
        var json = await page.Client.GetAsync("/account/data.json");
        json.StatusCode.ShouldBe(HttpStatusCode.OK);
        json.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        (await json.Content.ReadFromJsonAsync<Dictionary<string, object>>())!.Keys.ShouldContain("cases");

        // Someone else's data never comes with it; nor without a login.
        (await app.Anonymous().GetAsync("/api/v1/accounts/me/data")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var staff = await (await (await app.ClientForAsync("wangge.li")).GetAsync("/api/v1/accounts/me/data")).JsonAsync();
        staff["cases"]!.AsArray().ShouldNotContain(c => c!["id"]!.GetValue<string>() == "#" + id);
    }

    [Theory]
    [InlineData("zh-Hans", "隐私说明", "匿名诉求不保存您的姓名和电话")]
    [InlineData("zh-Hant", "隱私說明", "匿名訴求不保存您的姓名和電話")]
    [InlineData("en", "Privacy notice", "An anonymous case keeps no name or phone")]
    public async Task The_privacy_notice_is_there_for_anyone_in_three_languages(string language, string title, string sentence)
    {
        var html = await app.Anonymous(language).GetStringAsync("/privacy");
        html.ShouldContain($"<h1 class=\"h3\">{title}</h1>");
        html.ShouldContain(sentence);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePersonalDataTests(SqliteApp app) : PersonalDataTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPersonalDataTests(PostgresApp app) : PersonalDataTests(app);
