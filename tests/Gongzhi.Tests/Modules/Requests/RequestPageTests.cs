using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests;

// The resident's form as a phone posts it (multipart, with photos and the form's own token), and
// the case page as it is rendered: refusals in words, nothing half-written, text always encoded.
public abstract class RequestPageTests(GongzhiApp app)
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private async Task<(PageSession Session, long CategoryId)> ResidentAsync(string language = "zh-Hans")
    {
        var facts = await DemoFacts.ForAsync(app);
        var session = await PageSession.LogInAsync(app, facts.ResidentUserName, language);
        await using var db = app.NewDb();
        var category = await db.CaseCategories.Where(c => c.Code == "street-light").Select(c => c.Id).SingleAsync();
        return (session, category);
    }

    private static Dictionary<string, string> Fields(long categoryId, string description, string token) => new()
    {
        ["Input.CategoryId"] = categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Description"] = description,
        ["Input.Token"] = token,
    };

    private async Task<int> CasesWithAsync(string marker)
    {
        await using var db = app.NewDb();
        return await db.Cases.CountAsync(c => c.Description.Contains(marker));
    }

    private int PhotoFiles()
    {
        var dir = Path.Combine(app.DataDirectory, "photos");
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length : 0;
    }

    [Fact]
    public async Task A_resident_submits_with_a_photo_and_a_repeated_post_makes_no_second_case()
    {
        var (session, category) = await ResidentAsync();
        var marker = "路灯" + Guid.NewGuid().ToString("N")[..8];
        var token = Guid.NewGuid().ToString("N");
        var first = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker + " 不亮", token), [("photos", "灯.png", Png, "image/png")]);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        var location = first.Headers.Location!.PathAndQuery;
        location.ShouldStartWith("/cases/");

        var again = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker + " 不亮", token), [("photos", "灯.png", Png, "image/png")]);
        again.Headers.Location!.PathAndQuery.ShouldBe(location);
        (await CasesWithAsync(marker)).ShouldBe(1);

        var page = await session.Client.GetStringAsync(location);
        page.ShouldContain(marker);
        var photoUrl = System.Text.RegularExpressions.Regex.Match(page, "src=\"(/cases/\\d+/photos/\\d+)\"").Groups[1].Value;
        var photo = await session.Client.GetAsync(photoUrl);
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await photo.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        // Photos are files on disk, linked from the page, never inlined into it.
        page.ShouldNotContain("data:image");
    }

    [Theory]
    [InlineData("zh-Hans", "不是 JPEG、PNG 或 WebP 图片")]
    [InlineData("en", "is not a JPEG, PNG or WebP image")]
    public async Task A_file_that_is_not_an_image_is_refused_in_words_and_nothing_is_written(string language, string message)
    {
        var (session, category) = await ResidentAsync(language);
        var marker = "漏水" + Guid.NewGuid().ToString("N")[..8];
        var files = PhotoFiles();
        var response = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker, Guid.NewGuid().ToString("N")),
            [("photos", "ok.png", Png, "image/png"), ("photos", "virus.jpg", "MZ this is not a picture"u8.ToArray(), "image/jpeg")]);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(message);
        (await CasesWithAsync(marker)).ShouldBe(0);
        PhotoFiles().ShouldBe(files);
    }

    [Fact]
    public async Task A_ten_megabyte_photo_is_refused_and_nothing_is_written()
    {
        var (session, category) = await ResidentAsync();
        var marker = "噪音" + Guid.NewGuid().ToString("N")[..8];
        var big = new byte[10 * 1024 * 1024];
        big[0] = 0xFF; big[1] = 0xD8; big[2] = 0xFF;
        var files = PhotoFiles();
        var response = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker, Guid.NewGuid().ToString("N")), [("photos", "big.jpg", big, "image/jpeg")]);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("超过 5 MB");
        (await CasesWithAsync(marker)).ShouldBe(0);
        PhotoFiles().ShouldBe(files);
    }

    [Fact]
    public async Task Missing_category_is_refused_with_its_reason()
    {
        var (session, _) = await ResidentAsync();
        var marker = "无类别" + Guid.NewGuid().ToString("N")[..8];
        var response = await session.PostMultipartAsync("/requests/new", "case-new",
            new Dictionary<string, string> { ["Input.Description"] = marker, ["Input.Token"] = Guid.NewGuid().ToString("N") }, []);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("请选择诉求类别");
        (await CasesWithAsync(marker)).ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_field_shows_its_reason_under_it_and_keeps_what_was_typed()
    {
        var (session, category) = await ResidentAsync();
        var tooLong = "漏水" + new string('水', 1000);
        var response = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, tooLong, Guid.NewGuid().ToString("N")), []);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await response.Content.ReadAsStringAsync();
        // The reason sits right under the description, which points at it and says it is invalid.
        page.ShouldMatch("(?s)id=\"description\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"Description-error\".*</textarea>\\s*<div class=\"invalid-feedback d-block\" id=\"Description-error\"[^>]*>\\s*<div>不能超过 1000 个字</div>");
        page.ShouldContain(tooLong);
        (await CasesWithAsync(tooLong[..20])).ShouldBe(0);
    }

    [Fact]
    public async Task Script_in_a_description_is_shown_as_text_on_every_page()
    {
        var facts = await DemoFacts.ForAsync(app);
        var api = await app.ClientForAsync(facts.ResidentUserName);
        await using var db = app.NewDb();
        var category = await db.CaseCategories.Where(c => c.Code == "street-light").Select(c => c.Id).SingleAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var created = await (await api.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = $"<script>alert('{marker}')</script>路灯<b>坏了</b>" }))
            .JsonAsync(HttpStatusCode.Created);
        var id = created.Long("id");

        var resident = await PageSession.LogInAsync(app, facts.ResidentUserName);
        var worker = await PageSession.LogInAsync(app, "wangge.li");
        foreach (var (session, path) in new[] { (resident, $"/cases/{id}"), (resident, "/me/requests"), (worker, $"/cases/{id}"), (worker, "/work?grid=" + facts.Grid1), (worker, "/cases/search?q=路灯") })
        {
            var html = await session.Client.GetStringAsync(path);
            html.ShouldNotContain($"<script>alert('{marker}')", customMessage: path);
            if (path.StartsWith("/cases/" + id, StringComparison.Ordinal)) html.ShouldContain($"&lt;script&gt;alert(&#x27;{marker}&#x27;)&lt;/script&gt;", customMessage: path);
        }
    }

    [Fact]
    public async Task Photos_can_be_added_through_the_api_and_bad_ones_get_problem_details()
    {
        var facts = await DemoFacts.ForAsync(app);
        var api = await app.ClientForAsync(facts.ResidentUserName, "en");
        await using var db = app.NewDb();
        var category = await db.CaseCategories.Where(c => c.Code == "facility-repair").Select(c => c.Id).SingleAsync();
        var id = (await (await api.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "健身器材的螺丝松了" })).JsonAsync(HttpStatusCode.Created)).Long("id");

        using var good = new MultipartFormDataContent { { new ByteArrayContent(Png), "photos", "a.png" } };
        (await (await api.PostAsync($"/api/v1/cases/{id}/photos", good)).JsonAsync())["added"]!.GetValue<int>().ShouldBe(1);

        using var bad = new MultipartFormDataContent { { new ByteArrayContent("<svg onload=alert(1)>"u8.ToArray()), "photos", "b.png" } };
        var problem = await (await api.PostAsync($"/api/v1/cases/{id}/photos", bad)).ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("photos").ShouldHaveSingleItem().ShouldContain("not a JPEG, PNG or WebP image");
        (await db.CasePhotos.CountAsync(p => p.CaseId == id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_worker_of_another_grid_gets_not_found_for_the_case_page()
    {
        var facts = await DemoFacts.ForAsync(app);
        var api = await app.ClientForAsync(facts.ResidentUserName);
        await using var db = app.NewDb();
        var category = await db.CaseCategories.Where(c => c.Code == "sanitation").Select(c => c.Id).SingleAsync();
        var id = (await (await api.PostAsJsonAsync("/api/v1/cases", new { categoryId = category, description = "楼下垃圾桶满了没人清运" })).JsonAsync(HttpStatusCode.Created)).Long("id");
        var other = await PageSession.LogInAsync(app, "wangge.chen");
        var response = await other.Client.GetAsync($"/cases/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("楼下垃圾桶满了没人清运");
        (await other.Client.GetAsync($"/cases/{id}/photos/1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRequestPageTests(SqliteApp app) : RequestPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRequestPageTests(PostgresApp app) : RequestPageTests(app);
