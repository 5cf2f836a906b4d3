using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests.Open311;

// GeoReport v2 to the letter, where a strict client found us off it: optional and long descriptions,
// media_url that opens for anyone, the POST half of servicerequestupdates, when a closed request was
// updated, JSON that writes "+" and string ids, 6-decimal coordinates, and a rate limit per api_key.
public abstract class Open311SpecTests(GongzhiApp app)
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid():N}";

    private async Task<string> HomeAsync(int index = 40) => $"h{(await RegistryPlaces.HomesAsync(app))[index].Id}";

    private async Task<long> SubmitAsync(params (string, string)[] fields)
    {
        var response = await Open311Wire.PostAsync(app.Anonymous(), Fmt.Json, null, [("api_key", Open311Wire.DemoKey), .. fields]);
        return await Open311Wire.CreatedIdAsync(response, Fmt.Json);
    }

    private async Task<Dictionary<string, string?>> GetAsync(long id, Fmt format = Fmt.Json) =>
        (await Open311Wire.ListAsync(await app.Anonymous().GetAsync($"/open311/v2/requests/{id}.{format.Ext()}"), format, "service_requests", "request"))
            .ShouldHaveSingleItem();

    [Fact]
    public async Task Description_is_optional_and_may_be_4000_characters()
    {
        var bare = await SubmitAsync(("service_code", "street-light"), ("address_id", await HomeAsync()));
        (await GetAsync(bare))["description"].ShouldBeNull();
        var text = Unique(new string('灯', 3960));
        var full = await SubmitAsync(("service_code", "street-light"), ("address_id", await HomeAsync()), ("description", text));
        (await GetAsync(full, Fmt.Xml))["description"].ShouldBe(text);
        await using var db = app.NewDb();
        (await db.Cases.SingleAsync(c => c.Id == full)).Description.ShouldBe(text);
    }

    [Fact]
    public async Task Json_writes_plus_as_itself_and_ids_as_strings_with_coordinates_to_six_decimals()
    {
        var description = Unique(@"路灯不亮 1+1 加号与反斜杠 \u002B + <b>");
        var id = await SubmitAsync(("service_code", "street-light"), ("address_id", await HomeAsync()), ("description", description));
        await using (var db = app.NewDb())
            await db.Cases.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Latitude, 31.123456789).SetProperty(c => c.Longitude, 121.987654321));
        var body = await (await app.Anonymous().GetAsync($"/open311/v2/requests/{id}.json")).Content.ReadAsStringAsync();
        body.ShouldContain("+08:00");
        body.ShouldNotContain("\\u002B08:00");
        using var json = JsonDocument.Parse(body);
        var r = json.RootElement[0];
        r.GetProperty("description").GetString().ShouldBe(description);
        body.ShouldContain("1+1");
        r.GetProperty("service_request_id").ValueKind.ShouldBe(JsonValueKind.String);
        r.GetProperty("service_request_id").GetString().ShouldBe(id.ToString(CultureInfo.InvariantCulture));
        r.GetProperty("lat").GetRawText().ShouldBe("31.123457");
        r.GetProperty("long").GetRawText().ShouldBe("121.987654");
        var xml = await (await app.Anonymous().GetAsync($"/open311/v2/requests/{id}.xml")).Content.ReadAsStringAsync();
        xml.ShouldContain($"<service_request_id>{id}</service_request_id>");
        xml.ShouldContain("<lat>31.123457</lat>");

        var posted = await (await Open311Wire.PostAsync(app.Anonymous(), Fmt.Json, null, [("api_key", Open311Wire.DemoKey), ("service_code", "street-light"),
            ("address_id", await HomeAsync()), ("description", Unique("路灯不亮"))])).Content.ReadAsStringAsync();
        JsonDocument.Parse(posted).RootElement[0].GetProperty("service_request_id").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task A_closed_request_was_updated_when_it_closed_and_a_later_rating_does_not_move_it()
    {
        var id = await SubmitAsync(("service_code", "street-light"), ("address_id", await HomeAsync()), ("description", Unique("路灯不亮")));
        var resolved = new DateTime(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
        await using (var db = app.NewDb())
            await db.Cases.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CaseStatus.Closed)
                .SetProperty(c => c.ResolvedAt, resolved).SetProperty(c => c.ClosedAt, resolved.AddDays(3)).SetProperty(c => c.UpdatedAt, resolved.AddDays(3)));
        var r = await GetAsync(id);
        r["status"].ShouldBe("closed");
        r["updated_datetime"].ShouldBe("2026-12-01T10:00:00+08:00");
    }

    [Fact]
    public async Task Media_url_opens_for_anyone_for_public_requests_only_and_a_posted_one_is_kept()
    {
        var resident = await app.ClientForAsync((await DemoFacts.ForAsync(app)).ResidentUserName);
        await using var db0 = app.NewDb();
        var category = await db0.CaseCategories.Where(c => c.Code == "street-light").Select(c => c.Id).SingleAsync();
        var anonymousCategory = await db0.CaseCategories.Where(c => c.AllowAnonymous && !c.IsDispute).Select(c => c.Id).FirstAsync();
        async Task<long> WithPhotoAsync(long categoryId, bool anonymous)
        {
            var id = (await (await resident.PostAsJsonAsync("/api/v1/cases", new { categoryId, description = Unique("路灯不亮，附照片"), anonymous })).JsonAsync(HttpStatusCode.Created)).Long("id");
            using var form = new MultipartFormDataContent();
            var png = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[1000]]);
            png.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(png, "photos", "lamp.png");
            (await resident.PostAsync($"/api/v1/cases/{id}/photos", form)).StatusCode.ShouldBe(HttpStatusCode.OK);
            return id;
        }
        var open = await WithPhotoAsync(category, anonymous: false);
        var url = (await GetAsync(open))["media_url"]!;
        url.ShouldNotContain($"/cases/{open}/photos/");
        var photo = await app.Anonymous().GetAsync(new Uri(url).PathAndQuery);
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await app.Anonymous().GetAsync(new Uri(url).PathAndQuery[..^3] + "xyz")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var hidden = await WithPhotoAsync(anonymousCategory, anonymous: true);
        (await GetAsync(hidden))["media_url"].ShouldBeNull();

        var given = "https://photos.example.org/lamp+1.jpg";
        var posted = await SubmitAsync(("service_code", "street-light"), ("address_id", await HomeAsync()), ("description", Unique("路灯不亮")), ("media_url", given));
        (await GetAsync(posted))["media_url"].ShouldBe(given);
        (await GetAsync(posted, Fmt.Xml))["media_url"].ShouldBe(given);
    }

    [Fact]
    public async Task The_system_that_raised_a_request_posts_comments_and_withdraws_it_others_may_not()
    {
        var id = await SubmitAsync(("service_code", "street-light"), ("address_id", await HomeAsync()), ("description", Unique("路灯不亮")));
        var comment = Unique("补充：晚上八点后完全不亮");
        var answer = await Open311Wire.ListAsync(await app.Anonymous().PostAsync("/open311/v2/servicerequestupdates.json",
            Open311Wire.Form(("api_key", Open311Wire.DemoKey), ("service_request_id", id.ToString(CultureInfo.InvariantCulture)), ("description", comment))),
            Fmt.Json, "service_request_updates", "request_update");
        answer.ShouldHaveSingleItem()["status"].ShouldBe("open");
        await using (var db = app.NewDb())
            (await db.CaseEvents.CountAsync(e => e.CaseId == id && e.Kind == CaseEventKind.Comment && e.Text == comment && !e.Internal)).ShouldBe(1);

        // Another key may not touch it; an unknown request is 404; an empty update is 400.
        var admin = await app.ClientForAsync("admin");
        var other = (await (await admin.PostAsJsonAsync("/api/v1/open311-keys", new { name = "其他系统" + Guid.NewGuid().ToString("N")[..6] })).JsonAsync(HttpStatusCode.Created))["key"]!.GetValue<string>();
        await using (var db = app.NewDb())
        {
            var events = await db.CaseEvents.CountAsync(e => e.CaseId == id);
            await Open311Wire.ErrorsAsync(await app.Anonymous().PostAsync("/open311/v2/servicerequestupdates.xml",
                Open311Wire.Form(("api_key", other), ("service_request_id", id.ToString(CultureInfo.InvariantCulture)), ("description", "不是我的"))), Fmt.Xml, HttpStatusCode.Forbidden);
            await Open311Wire.ErrorsAsync(await app.Anonymous().PostAsync("/open311/v2/servicerequestupdates.xml",
                Open311Wire.Form(("api_key", Open311Wire.DemoKey), ("service_request_id", "987654321"), ("description", "没有这个"))), Fmt.Xml, HttpStatusCode.NotFound);
            await Open311Wire.ErrorsAsync(await app.Anonymous().PostAsync("/open311/v2/servicerequestupdates.xml",
                Open311Wire.Form(("api_key", Open311Wire.DemoKey), ("service_request_id", id.ToString(CultureInfo.InvariantCulture)))), Fmt.Xml, HttpStatusCode.BadRequest);
            (await db.CaseEvents.CountAsync(e => e.CaseId == id)).ShouldBe(events);
        }

        var closed = await Open311Wire.ListAsync(await app.Anonymous().PostAsync("/open311/v2/servicerequestupdates.xml",
            Open311Wire.Form(("api_key", Open311Wire.DemoKey), ("service_request_id", id.ToString(CultureInfo.InvariantCulture)), ("status", "closed"))),
            Fmt.Xml, "service_request_updates", "request_update");
        closed.ShouldHaveSingleItem()["status"].ShouldBe("closed");
        (await GetAsync(id))["status"].ShouldBe("closed");
        await using (var db = app.NewDb())
            (await db.Cases.SingleAsync(c => c.Id == id)).Status.ShouldBe(CaseStatus.Cancelled);
    }

    [Fact]
    public async Task An_api_key_has_its_own_rate_limit()
    {
        var admin = await app.ClientForAsync("admin");
        var key = (await (await admin.PostAsJsonAsync("/api/v1/open311-keys", new { name = "限流" + Guid.NewGuid().ToString("N")[..6], requestsPerMinute = 5 }))
            .JsonAsync(HttpStatusCode.Created))["key"]!.GetValue<string>();
        // An unknown service code: each accepted attempt is a 404 and writes nothing; past the limit, 429.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var response = await Open311Wire.PostAsync(app.Anonymous(), Fmt.Json, null, ("api_key", key), ("service_code", "no-such-service"), ("address_id", await HomeAsync()));
            statuses.Add(response.StatusCode);
        }
        // Five at once, then one more every 12 s (a slow machine may reach one or two of those).
        statuses.Count(s => s == HttpStatusCode.NotFound).ShouldBeInRange(5, 7);
        statuses.Count(s => s == HttpStatusCode.TooManyRequests).ShouldBeGreaterThanOrEqualTo(5);
        var limited = await Open311Wire.PostAsync(app.Anonymous("en"), Fmt.Json, null, ("api_key", key), ("service_code", "no-such-service"));
        (await Open311Wire.ErrorsAsync(limited, Fmt.Json, HttpStatusCode.TooManyRequests))[0].Description.ShouldContain("at most 5 requests a minute");
        // The demo key is not throttled by this one.
        await SubmitAsync(("service_code", "street-light"), ("address_id", await HomeAsync()), ("description", Unique("路灯不亮")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOpen311SpecTests(SqliteApp app) : Open311SpecTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOpen311SpecTests(PostgresApp app) : Open311SpecTests(app);
