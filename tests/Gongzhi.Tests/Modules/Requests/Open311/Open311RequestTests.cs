using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Tests.Modules.Requests.Open311;

// GET requests with each of the spec's filters, one request by id, and the servicerequestupdates
// extension; and what a public reader must never see.
public abstract class Open311RequestTests(GongzhiApp app)
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<long> SubmitAsync(string code, string description, int home, params (string, string)[] more)
    {
        var h = (await RegistryPlaces.HomesAsync(app))[home];
        var response = await Open311Wire.PostAsync(app.Anonymous(), Fmt.Xml, null,
            [("api_key", Open311Wire.DemoKey), ("service_code", code), ("address_id", $"h{h.Id}"), ("description", description), .. more]);
        return await Open311Wire.CreatedIdAsync(response, Fmt.Xml);
    }

    private Task<List<Dictionary<string, string?>>> RequestsAsync(Fmt format, string query) =>
        app.Anonymous().GetAsync($"/open311/v2/requests.{format.Ext()}?{query}")
            .ContinueWith(t => Open311Wire.ListAsync(t.Result, format, "service_requests", "request")).Unwrap();

    private static void ShouldBeSpecShaped(Dictionary<string, string?> r)
    {
        r.Keys.ShouldBe(Open311Wire.RequestFields);
        r["status"].ShouldBeOneOf("open", "closed");
        r["requested_datetime"]!.ShouldMatch(Open311Wire.W3CDate().ToString());
        r["updated_datetime"]!.ShouldMatch(Open311Wire.W3CDate().ToString());
        r["expected_datetime"]!.ShouldMatch(Open311Wire.W3CDate().ToString());
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task One_request_by_id_with_every_field(Fmt format)
    {
        var homes = await RegistryPlaces.HomesAsync(app);
        var home = homes[20];
        var description = $"外墙渗水墙皮发霉 {Guid.NewGuid():N}";
        var id = await SubmitAsync("water-leak", description, 20);

        var r = (await Open311Wire.ListAsync(await app.Anonymous().GetAsync($"/open311/v2/requests/{id}.{format.Ext()}"), format, "service_requests", "request")).ShouldHaveSingleItem();
        ShouldBeSpecShaped(r);
        r["service_request_id"].ShouldBe(Id(id));
        r["status"].ShouldBe("open");
        r["service_code"].ShouldBe("water-leak");
        r["service_name"].ShouldBe("漏水渗水");
        r["description"].ShouldBe(description);
        r["service_notice"].ShouldNotBeNullOrWhiteSpace();
        // The place at building level, never the flat: the building's id and its coordinates.
        r["address"].ShouldBe($"{home.Estate}{home.Building}栋");
        r["address_id"].ShouldBe($"b{home.BuildingId}");
        var spot = (await RegistryPlaces.SpotsAsync(app)).Single(s => s.BuildingId == home.BuildingId);
        double.Parse(r["lat"]!, CultureInfo.InvariantCulture).ShouldBe(spot.Latitude, 5e-7);
        double.Parse(r["long"]!, CultureInfo.InvariantCulture).ShouldBe(spot.Longitude, 5e-7);
        await using var db = app.NewDb();
        var c = await db.Cases.SingleAsync(x => x.Id == id);
        var grid = await db.Grids.SingleAsync(g => g.Id == c.GridId);
        r["agency_responsible"]!.ShouldEndWith(grid.Name);
        DateTimeOffset.Parse(r["requested_datetime"]!, CultureInfo.InvariantCulture).UtcDateTime.ShouldBe(c.SubmittedAt, TimeSpan.FromSeconds(1));
        DateTimeOffset.Parse(r["expected_datetime"]!, CultureInfo.InvariantCulture).UtcDateTime.ShouldBe(c.ResolveBy, TimeSpan.FromSeconds(1));
        r["media_url"].ShouldBeNull();
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task Nothing_personal_is_published(Fmt format)
    {
        var home = (await RegistryPlaces.HomesAsync(app))[21];
        var phone = "1397" + Random.Shared.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture);
        var id = await SubmitAsync("clutter", $"楼道堆放纸箱影响通行 {Guid.NewGuid():N}", 21,
            ("first_name", "秀英"), ("last_name", "欧阳"), ("phone", phone), ("email", "ouyang@example.org"), ("account_id", "acct-7"));
        foreach (var url in new[] { $"/open311/v2/requests/{id}.{format.Ext()}", $"/open311/v2/requests.{format.Ext()}?service_request_id={id}" })
        {
            var body = await Open311Wire.BodyAsync(await app.Anonymous().GetAsync(url), format, HttpStatusCode.OK);
            foreach (var secret in new[] { "欧阳", "秀英", phone, "ouyang@example.org", "acct-7", $"h{home.Id}", $"单元{home.Room}" })
                body.ShouldNotContain(secret, Shouldly.Case.Sensitive, url);
        }
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task Text_comes_out_encoded(Fmt format)
    {
        var description = $"<script>alert('x')</script> & \"路灯\" {Guid.NewGuid():N}";
        var id = await SubmitAsync("street-light", description, 22);
        var response = await app.Anonymous().GetAsync($"/open311/v2/requests/{id}.{format.Ext()}");
        var body = await Open311Wire.BodyAsync(response, format, HttpStatusCode.OK);
        body.ShouldNotContain("<script>");
        if (format == Fmt.Xml) XDocument.Parse(body).Root!.Element("request")!.Element("description")!.Value.ShouldBe(description);
        else JsonDocument.Parse(body).RootElement[0].GetProperty("description").GetString().ShouldBe(description);
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task Each_filter_of_GET_requests(Fmt format)
    {
        var before = Open311Wire.W3C(DateTime.UtcNow.AddSeconds(-2));
        var noise = await SubmitAsync("noise", $"装修电钻声太吵 {Guid.NewGuid():N}", 23, ("attribute[noise_period]", "day"));
        var light = await SubmitAsync("street-light", $"停车场路灯坏了 {Guid.NewGuid():N}", 24);
        var after = Open311Wire.W3C(DateTime.UtcNow.AddSeconds(2));

        // service_request_id (comma separated) overrides every other argument.
        var byIds = await RequestsAsync(format, $"service_request_id={noise},{light}&service_code=lift&status=closed");
        byIds.Select(r => r["service_request_id"]).Order().ShouldBe(new[] { Id(noise), Id(light) }.Order());
        byIds.ForEach(ShouldBeSpecShaped);

        var window = $"start_date={before}&end_date={after}";
        (await RequestsAsync(format, $"{window}&service_code=noise")).Select(r => r["service_request_id"]).ShouldContain(Id(noise));
        (await RequestsAsync(format, $"{window}&service_code=noise")).Select(r => r["service_request_id"]).ShouldNotContain(Id(light));
        var both = (await RequestsAsync(format, $"{window}&service_code=noise,street-light")).ToList();
        both.Select(r => r["service_request_id"]).ShouldContain(Id(light));
        both.Select(r => r["service_request_id"]).ShouldContain(Id(noise));
        both.ShouldAllBe(r => r["service_code"] == "noise" || r["service_code"] == "street-light");
        (await RequestsAsync(format, $"{window}&status=open")).Select(r => r["service_request_id"]).ShouldContain(Id(light));
        (await RequestsAsync(format, $"{window}&status=closed")).Select(r => r["service_request_id"]).ShouldNotContain(Id(light));
        (await RequestsAsync(format, $"{window}&status=open,closed")).Select(r => r["service_request_id"]).ShouldContain(Id(light));

        // Dates: after the window, before it, and the default (the last 90 days).
        (await RequestsAsync(format, $"start_date={after}")).Select(r => r["service_request_id"]).ShouldNotContain(Id(noise));
        (await RequestsAsync(format, $"end_date={before}")).Select(r => r["service_request_id"]).ShouldNotContain(Id(noise));
        var recent = await RequestsAsync(format, "");
        recent.Select(r => r["service_request_id"]).ShouldContain(Id(noise));
        recent.Count.ShouldBeLessThanOrEqualTo(1000);
        // Newest first.
        recent.Select(r => DateTimeOffset.Parse(r["requested_datetime"]!, CultureInfo.InvariantCulture)).ShouldBeInOrder(SortDirection.Descending);
        // A zone other than Beijing time means the same instant.
        var offset = DateTime.UtcNow.AddSeconds(-30).AddHours(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'-05:00'", CultureInfo.InvariantCulture);
        (await RequestsAsync(format, $"start_date={Uri.EscapeDataString(offset)}")).Select(r => r["service_request_id"]).ShouldContain(Id(light));
        // An unencoded "+" (a space once decoded) still reads as the offset it was meant to be.
        var beijing = DateTime.UtcNow.AddSeconds(-30).AddHours(8).ToString("yyyy-MM-dd'T'HH:mm:ss'+08:00'", CultureInfo.InvariantCulture);
        (await RequestsAsync(format, $"start_date={beijing}")).Select(r => r["service_request_id"]).ShouldContain(Id(light));
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task A_closed_request_is_found_by_status_closed(Fmt format)
    {
        await using var db = app.NewDb();
        var since = DateTime.UtcNow.AddDays(-60);
        var closed = await db.Cases.Where(c => c.Status == CaseStatus.Closed && c.SubmittedAt > since && c.Resolution != null)
            .Where(c => db.CaseCategories.Any(k => k.Id == c.CategoryId && !k.IsDispute)).OrderBy(c => c.Id).FirstAsync();
        var window = $"start_date={Open311Wire.W3C(closed.SubmittedAt.AddSeconds(-1))}&end_date={Open311Wire.W3C(closed.SubmittedAt.AddSeconds(1))}";

        var found = (await RequestsAsync(format, $"{window}&status=closed")).Single(r => r["service_request_id"] == Id(closed.Id));
        found["status"].ShouldBe("closed");
        found["status_notes"].ShouldBe(closed.Resolution);
        (await RequestsAsync(format, $"{window}&status=open")).Select(r => r["service_request_id"]).ShouldNotContain(Id(closed.Id));
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task Updates_since_a_date_follow_the_timeline(Fmt format)
    {
        var since = Open311Wire.W3C(DateTime.UtcNow.AddSeconds(-2));
        var id = await SubmitAsync("street-light", $"小区东门路灯不亮 {Guid.NewGuid():N}", 25);
        var admin = await app.ClientForAsync("admin");
        (await admin.PostAsync($"/api/v1/cases/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "已安排电工明天上门", @internal = false })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = "内部备注：电工姓王", @internal = true })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var version = (await (await admin.GetAsync($"/api/v1/cases/{id}")).JsonAsync())["version"]!.GetValue<int>();
        (await admin.PostAsJsonAsync($"/api/v1/cases/{id}/resolve", new { resolution = "已更换灯泡，恢复照明", version })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await app.Anonymous().GetAsync($"/open311/v2/servicerequestupdates.{format.Ext()}?start_date={since}");
        var all = await Open311Wire.ListAsync(response, format, "service_request_updates", "request_update");
        all.ShouldAllBe(u => u.Keys.SequenceEqual(new[] { "update_id", "service_request_id", "status", "updated_datetime", "description", "media_url" }));
        all.Select(u => DateTimeOffset.Parse(u["updated_datetime"]!, CultureInfo.InvariantCulture)).ShouldBeInOrder(SortDirection.Ascending);
        var mine = all.Where(u => u["service_request_id"] == Id(id)).ToList();
        mine.Count.ShouldBe(3);
        mine.Select(u => u["status"]).ShouldBe(["open", "open", "closed"]);
        mine[1]["description"]!.ShouldContain("已安排电工明天上门");
        mine[2]["description"]!.ShouldContain("已更换灯泡，恢复照明");
        mine.ShouldAllBe(u => u["updated_datetime"] != null && Open311Wire.W3CDate().IsMatch(u["updated_datetime"]!));
        mine.Select(u => long.Parse(u["update_id"]!, CultureInfo.InvariantCulture)).Distinct().Count().ShouldBe(3);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("电工姓王");

        // Later than everything: nothing of this case.
        var later = await Open311Wire.ListAsync(await app.Anonymous().GetAsync($"/open311/v2/servicerequestupdates.{format.Ext()}?start_date={Open311Wire.W3C(DateTime.UtcNow.AddMinutes(1))}"),
            format, "service_request_updates", "request_update");
        later.ShouldBeEmpty();

        // The request itself now reads closed, with the resolution as its status notes.
        var r = (await RequestsAsync(format, $"service_request_id={id}")).ShouldHaveSingleItem();
        r["status"].ShouldBe("closed");
        r["status_notes"].ShouldBe("已更换灯泡，恢复照明");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOpen311RequestTests(SqliteApp app) : Open311RequestTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOpen311RequestTests(PostgresApp app) : Open311RequestTests(app);
