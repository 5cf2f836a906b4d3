using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Tests.Modules.Registry;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform;

namespace Gongzhi.Tests.Platform.Hardening;

// Bad input found by the security review that used to end as a 500: each is now a 4xx that says what
// was wrong, and writes nothing.
public abstract class BadInputHardeningTests(GongzhiApp app)
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("text/plain")]
    [InlineData("image/png")]
    public async Task Api_errors_are_problem_details_whatever_Accept_says(string accept)
    {
        var client = await app.ClientForAsync("admin");
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);
        await (await client.GetAsync("/api/v1/cases/987654321")).ProblemAsync(HttpStatusCode.NotFound);
        (await (await client.PostAsJsonAsync("/api/v1/cases", new { description = "楼道里堆满杂物" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("categoryId").ShouldNotBeEmpty();
        await (await client.PostAsync("/api/v1/cases", Api.RawJson("{\"categoryId\": "))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/v1/no-such-thing")).ProblemAsync(HttpStatusCode.NotFound);
        var anonymous = app.Anonymous();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd(accept);
        await (await anonymous.GetAsync("/api/v1/cases/1")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("admin", "/api/v1/venues/1/week?day=9999-12-31", "day")]
    [InlineData("admin", "/api/v1/venues/1/week?day=0001-01-01", "day")]
    [InlineData("shanghu", "/api/v1/points/merchant/statement?month=9999-12", "month")]
    [InlineData("shanghu", "/api/v1/points/merchant/statement?month=0001-01", "month")]
    public async Task Out_of_range_dates_are_a_400_on_the_api(string user, string url, string field)
    {
        var client = await app.ClientForAsync(user, "en");
        var problem = await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor(field).ShouldBe(["The date must lie between 1900-01-01 and 2199-12-31"]);
    }

    [Theory]
    [InlineData("/cases/search?from=0001-01-01")]
    [InlineData("/cases/search?to=9999-12-31")]
    public async Task Out_of_range_dates_on_pages_are_explained_not_a_500(string url)
    {
        var session = await PageSession.LogInAsync(app, "admin");
        var response = await session.Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeLessThan(500, body);
        body.ShouldContain("日期须在 1900-01-01 至 2199-12-31 之间");
    }

    [Theory]
    [InlineData("/culture?c=en&returnUrl=%2F%09%2Fevil.example")]
    [InlineData("/culture?c=en&returnUrl=%2F%0D%0ALocation:%20x")]
    [InlineData("/culture?c=en&returnUrl=https://evil.example/")]
    [InlineData("/elder?returnUrl=%2F%09%2Fevil.example")]
    [InlineData("/elder?returnUrl=//evil.example")]
    public async Task A_non_local_return_url_goes_home(string url)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task A_community_that_does_not_exist_is_a_400_not_a_foreign_key_500_and_nothing_is_written()
    {
        var client = await app.ClientForAsync("admin");
        var name = "不存在社区的队伍" + Guid.NewGuid().ToString("N")[..6];
        await (await client.PostAsJsonAsync("/api/v1/volunteer/teams", new { communityId = 987654321, name, description = "x" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync("/api/v1/points/rewards", new { communityId = 987654321, name, description = "x", price = 10, stock = 1 })).ProblemAsync(HttpStatusCode.BadRequest);
        await using var db = app.NewDb();
        (await db.Teams.CountAsync(t => t.Name == name)).ShouldBe(0);
        (await db.Rewards.CountAsync(r => r.Name == name)).ShouldBe(0);
    }

    [Fact]
    public async Task An_xlsx_that_expands_past_the_bound_is_refused_before_it_is_read()
    {
        await using var db0 = app.NewDb();
        var community = await db0.Communities.Where(c => c.Name == "团结巷社区").Select(c => c.Id).SingleAsync();
        var householdsBefore = await db0.Households.CountAsync();
        // A real roster, plus one part that deflates 70 MB of one letter into about 70 KB.
        var good = XlsxBuilder.Build([["姓名", "性别", "身份证号", "手机号", "小区", "楼栋", "单元", "房号", "与户主关系", "备注"]]);
        using var buffer = new MemoryStream();
        buffer.Write(good);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.CreateEntry("xl/bomb.xml", CompressionLevel.Fastest);
            using var part = entry.Open();
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)'a');
            for (var i = 0; i < 70; i++) part.Write(block);
        }
        buffer.Length.ShouldBeLessThan(1024 * 1024);

        var client = await app.ClientForAsync("tuanjie");
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue(TransferLayout.ContentType);
        content.Add(file, "file", "roster.xlsx");
        var problem = await (await client.PostAsync($"/api/v1/registry/import?communityId={community}", content)).ProblemAsync(HttpStatusCode.BadRequest);
        problem["detail"]!.GetValue<string>().ShouldBe("文件解压后超过 64 MB，无法导入");
        await using var db = app.NewDb();
        (await db.Households.CountAsync()).ShouldBe(householdsBefore);
    }

    // Uploads read their body only after the caller was let in: nobody gets 401 whatever the content type (it
    // used to be 415 before the login check), a role that may not do it 403 (404 for a case the caller cannot
    // see, as on every case route), and one that may gets 400 for a body without the file. Nothing is written.
    [Theory]
    [InlineData("application/json", "{}")]
    [InlineData("text/plain", "a=1")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    public async Task Uploads_answer_who_may_before_what_was_sent(string type, string body)
    {
        var facts = await DemoFacts.ForAsync(app);
        long caseId, noticeId;
        int photos, attachments;
        await using (var db = app.NewDb())
        {
            caseId = await db.Cases.Where(c => c.GridId == facts.Grid1).MinAsync(c => c.Id);
            noticeId = await db.Set<Web.Modules.Notices.Notice>().Where(n => n.CommunityId == facts.Community1).MinAsync(n => n.Id);
            (photos, attachments) = (await db.CasePhotos.CountAsync(), await db.Set<Web.Modules.Notices.NoticeAttachment>().CountAsync());
        }
        var import = $"/api/v1/registry/import?communityId={facts.Community1}";
        var photo = $"/api/v1/cases/{caseId}/photos";
        var attach = $"/api/v1/notices/{noticeId}/attachments";
        async Task<HttpStatusCode> Post(HttpClient client, string url)
        {
            var content = new StringContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            return (await client.PostAsync(url, content)).StatusCode;
        }

        var anonymous = app.Anonymous();
        foreach (var url in new[] { import, photo, attach }) (await Post(anonymous, url)).ShouldBe(HttpStatusCode.Unauthorized, url);
        var resident = await app.ClientForAsync(facts.ResidentUserName);
        (await Post(resident, import)).ShouldBe(HttpStatusCode.Forbidden);
        (await Post(resident, attach)).ShouldBe(HttpStatusCode.Forbidden);
        (await Post(await app.ClientForAsync("shanghu"), photo)).ShouldBe(HttpStatusCode.NotFound);
        var staff = await app.ClientForAsync("tuanjie");
        (await Post(staff, import)).ShouldBe(HttpStatusCode.BadRequest);
        (await Post(staff, photo)).ShouldBe(HttpStatusCode.BadRequest);

        await using var after = app.NewDb();
        (await after.CasePhotos.CountAsync()).ShouldBe(photos);
        (await after.Set<Web.Modules.Notices.NoticeAttachment>().CountAsync()).ShouldBe(attachments);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteBadInputHardeningTests(SqliteApp app) : BadInputHardeningTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresBadInputHardeningTests(PostgresApp app) : BadInputHardeningTests(app);

// Rules without a database.
public sealed class MilestonePhotoTests
{
    [Theory]
    [InlineData("//evil.example/pixel.gif")]
    [InlineData("/\\evil.example/pixel.gif")]
    [InlineData("https://evil.example/pixel.gif")]
    [InlineData("http://evil.example/pixel.gif")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/img/\tx.jpg")]
    public void A_milestone_photo_is_only_a_path_on_this_site(string url)
    {
        var milestone = new Milestone(1, "充电柜安装调试", "物业工程部", new DateOnly(2026, 12, 31), DateTime.UtcNow);
        Should.Throw<ValidationFailure>(() => milestone.Report(50, null, url, 0, DateTime.UtcNow)).Errors[0].Field.ShouldBe("PhotoUrl");
        milestone.PhotoUrl.ShouldBeNull();
        milestone.Report(50, null, "/img/charger.jpg", 0, DateTime.UtcNow);
        milestone.PhotoUrl.ShouldBe("/img/charger.jpg");
    }
}
