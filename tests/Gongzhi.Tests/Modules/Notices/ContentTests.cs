using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Notices;

// What staff write is shown safely to everyone: Markdown without raw HTML or unsafe links, and
// attachments that are pictures or PDFs by their content, nothing else.
public abstract class ContentTests(GongzhiApp app)
{
    private readonly NoticeDriver _d = new(app);

    [Fact]
    public async Task A_script_in_the_body_shows_as_text_and_a_javascript_link_goes_nowhere()
    {
        var body = "**请注意** <script>alert('x')</script>\n\n[点我](javascript:alert(1)) [社区主页](https://example.org/c/1) <img src=x onerror=alert(2)>";
        var id = await _d.PublishAsync(NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "安全渲染检查", body: body));
        var html = await (await app.Anonymous().GetAsync($"/notices/{id}")).Content.ReadAsStringAsync();
        html.ShouldContain("<strong>请注意</strong>");
        html.ShouldNotContain("<script>alert");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldNotContain("javascript:alert");
        html.ShouldNotContain("<img src=\"x\"");
        html.ShouldNotContain("<img src=x");
        html.ShouldContain("&lt;img src=x onerror=alert(2)&gt;"); // shown as text
        html.ShouldContain("href=\"https://example.org/c/1\"");
        // The Atom feed carries the same safe HTML, escaped inside XML.
        var feed = await (await app.Anonymous().GetAsync($"/c/{await _d.Community1Async()}/notices.atom")).Content.ReadAsStringAsync();
        var xml = System.Xml.Linq.XDocument.Parse(feed);
        XNamespaceAtom(xml).ShouldContain("安全渲染检查");
        feed.ShouldNotContain("<script>");
    }

    private static List<string> XNamespaceAtom(System.Xml.Linq.XDocument doc)
    {
        System.Xml.Linq.XNamespace a = "http://www.w3.org/2005/Atom";
        return doc.Root!.Elements(a + "entry").Select(e => e.Element(a + "title")!.Value).ToList();
    }

    private static MultipartFormDataContent Files(params (string Name, byte[] Bytes, string Type)[] files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, bytes, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(part, "files", name);
        }
        return content;
    }

    [Fact]
    public async Task A_file_that_is_not_a_picture_or_pdf_is_refused_whatever_it_is_called_and_nothing_is_kept()
    {
        var staff = await _d.StaffAsync();
        var id = await _d.CreateAsync(staff, NoticeDriver.Input(PlaceKind.Community, await _d.Community1Async(), title: "附件检查"));
        var dir = Path.Combine(app.DataDirectory, "notices");
        var before = Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length : 0;
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
        var fake = "MZ\x90\0 this is an executable"u8.ToArray();
        var problem = await (await staff.PostAsync($"/api/v1/notices/{id}/attachments", Files(("通知.pdf", pdf, "application/pdf"), ("停水.pdf", fake, "application/pdf"))))
            .ProblemAsync(HttpStatusCode.BadRequest);
        problem.ErrorsFor("files").Single().ShouldContain("停水.pdf");
        await using (var db = app.NewDb())
            (await db.Set<NoticeAttachment>().CountAsync(a => a.NoticeId == id)).ShouldBe(0);
        (Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length : 0).ShouldBe(before);

        var ok = await (await staff.PostAsync($"/api/v1/notices/{id}/attachments", Files(("通知.pdf", pdf, "text/plain")))).JsonAsync();
        ((int)ok["added"]!).ShouldBe(1);
        await NoticeDriver.SubmitAsync(staff, id);
        var view = await NoticeDriver.GetAsync(staff, id);
        var file = view["attachments"]![0]!;
        file["contentType"]!.GetValue<string>().ShouldBe("application/pdf");
        var download = await app.Anonymous().GetAsync($"/notices/{id}/files/{file.Long("id")}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
        // A published notice takes no more files.
        (await staff.PostAsync($"/api/v1/notices/{id}/attachments", Files(("二.pdf", pdf, "application/pdf")))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Bad_input_on_the_api_is_answered_field_by_field_and_writes_nothing()
    {
        var staff = await _d.StaffAsync();
        await using var db = app.NewDb();
        var count = await db.Set<Notice>().CountAsync();
        var empty = await (await staff.PostAsJsonAsync("/api/v1/notices", new { })).ProblemAsync(HttpStatusCode.BadRequest);
        empty.ErrorsFor("scopeKind").ShouldNotBeEmpty();
        empty.ErrorsFor("kind").ShouldNotBeEmpty();
        empty.ErrorsFor("audience").ShouldNotBeEmpty();
        var community = await _d.Community1Async();
        (await (await staff.PostAsJsonAsync("/api/v1/notices", NoticeDriver.Input(PlaceKind.Community, community, title: new string('长', 61))))
            .ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("title").ShouldNotBeEmpty();
        (await (await staff.PostAsJsonAsync("/api/v1/notices", NoticeDriver.Input(PlaceKind.Community, community, body: " ")))
            .ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("body").ShouldNotBeEmpty();
        (await (await staff.PostAsJsonAsync("/api/v1/notices", NoticeDriver.Input(PlaceKind.Community, community, audience: NoticeAudience.CareReason)))
            .ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("careReason").ShouldNotBeEmpty();
        (await staff.PostAsJsonAsync("/api/v1/notices", new { scopeKind = 99, scopeId = community, kind = 1, audience = 1, title = "x", body = "y" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await staff.PostAsJsonAsync("/api/v1/notices", new { scopeKind = 2, scopeId = community, kind = 42, audience = 1, title = "x", body = "y" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await staff.PostAsync("/api/v1/notices", Api.RawJson("{\"title\": "))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await staff.PostAsync("/api/v1/notices", Api.RawJson("{\"scopeId\": \"三\"}"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var until = await (await staff.PostAsJsonAsync("/api/v1/notices", new
        {
            scopeKind = 2, scopeId = community, kind = 1, audience = 1, title = "过期", body = "正文", validUntil = DateTime.UtcNow.AddDays(-1),
        })).ProblemAsync(HttpStatusCode.BadRequest);
        until.ErrorsFor("validUntil").ShouldNotBeEmpty();
        (await db.Set<Notice>().CountAsync()).ShouldBe(count);
    }

    [Fact]
    public async Task Bad_input_on_the_new_notice_page_shows_next_to_the_field_and_keeps_what_was_typed()
    {
        var session = await PageSession.LogInAsync(app, "tuanjie");
        await using var db = app.NewDb();
        var count = await db.Set<Notice>().CountAsync();
        var response = await session.PostMultipartAsync("/notices/new", "notice", new Dictionary<string, string>
        {
            ["Input.Title"] = "楼道堆物清理", ["Input.Kind"] = "Notice", ["Input.Place"] = $"Community:{await _d.Community1Async()}",
            ["Input.Audience"] = "Everyone", ["Input.Body"] = "请于周五前清理。",
        }, [("files", "名单.xlsx", "PK\x03\x04 not a picture"u8.ToArray(), "image/png")]);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-field-error=\"Files\"");
        html.ShouldContain("不是图片或 PDF");
        html.ShouldContain("楼道堆物清理");
        (await db.Set<Notice>().CountAsync()).ShouldBe(count);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteContentTests(SqliteApp app) : ContentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresContentTests(PostgresApp app) : ContentTests(app);
