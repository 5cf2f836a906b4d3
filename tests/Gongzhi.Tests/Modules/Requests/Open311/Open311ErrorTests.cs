using System.Net;
using System.Net.Http.Json;

namespace Gongzhi.Tests.Modules.Requests.Open311;

// Every refusal is the spec's error array in the format the URL asked for, with the spec's status
// (403 for the api_key, 404 for what does not exist, 400 otherwise), in the caller's language, and a
// refused POST writes nothing.
public abstract class Open311ErrorTests(GongzhiApp app)
{
    private async Task<(int Cases, int Events)> CountAsync()
    {
        await using var db = app.NewDb();
        return (await db.Cases.CountAsync(), await db.CaseEvents.CountAsync());
    }

    private async Task<string> HouseholdAsync() => $"h{(await RegistryPlaces.HomesAsync(app))[30].Id}";

    // POSTs the fields, expects one error with the status, checks nothing was written, returns the description.
    private async Task<string> RefusedAsync(Fmt format, HttpStatusCode status, string? language, params (string, string)[] fields)
    {
        var before = await CountAsync();
        var response = await Open311Wire.PostAsync(app.Anonymous(language), format, null, fields);
        var (_, description) = await Open311Wire.ErrorAsync(response, format, status);
        (await CountAsync()).ShouldBe(before);
        return description;
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task A_missing_bad_or_revoked_api_key_is_403(Fmt format)
    {
        var place = await HouseholdAsync();
        (string, string)[] request = [("service_code", "sanitation"), ("address_id", place), ("description", "垃圾桶满了两天")];

        (await RefusedAsync(format, HttpStatusCode.Forbidden, "en", request)).ShouldBe("No api_key was sent, so the request cannot be created");
        (await RefusedAsync(format, HttpStatusCode.Forbidden, "en", [("api_key", ""), .. request])).ShouldBe("No api_key was sent, so the request cannot be created");
        (await RefusedAsync(format, HttpStatusCode.Forbidden, "en", [("api_key", "not-a-key"), .. request])).ShouldBe("The api_key is not valid, so the request cannot be created");
        (await RefusedAsync(format, HttpStatusCode.Forbidden, null, [("api_key", Open311Wire.DemoKey + "x"), .. request])).ShouldBe("api_key 无效，无法提交诉求");

        var admin = await app.ClientForAsync("admin");
        var issued = await (await admin.PostAsJsonAsync("/api/v1/open311-keys", new { name = "待吊销" + Guid.NewGuid().ToString("N")[..6] })).JsonAsync(HttpStatusCode.Created);
        var key = issued["key"]!.GetValue<string>();
        await Open311Wire.CreatedIdAsync(await Open311Wire.PostAsync(app.Anonymous(), format, null, [("api_key", key), .. request]), format);
        (await admin.PostAsync($"/api/v1/open311-keys/{issued["id"]}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await RefusedAsync(format, HttpStatusCode.Forbidden, "zh-TW", [("api_key", key), .. request])).ShouldBe("該 api_key 已被撤銷，請向管理員申領新金鑰");
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task An_unknown_service_code_is_404_on_POST_as_for_its_definition_and_a_missing_one_is_400(Fmt format)
    {
        var place = await HouseholdAsync();
        (await RefusedAsync(format, HttpStatusCode.NotFound, "en", ("api_key", Open311Wire.DemoKey), ("service_code", "pothole"), ("address_id", place), ("description", "路面有坑")))
            .ShouldBe("service_code: There is no service (category) with the code \"pothole\"");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", ("api_key", Open311Wire.DemoKey), ("address_id", place), ("description", "路面有坑")))
            .ShouldBe("service_code: This field is required");

        var definition = await app.Anonymous("en").GetAsync($"/open311/v2/services/pothole.{format.Ext()}");
        (await Open311Wire.ErrorAsync(definition, format, HttpStatusCode.NotFound)).Description.ShouldBe("There is no service (category) with the code \"pothole\"");
        var chinese = await app.Anonymous().GetAsync($"/open311/v2/services/pothole.{format.Ext()}");
        (await Open311Wire.ErrorAsync(chinese, format, HttpStatusCode.NotFound)).Description.ShouldBe("没有代码为“pothole”的服务（诉求类别）");
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task A_missing_or_bad_location_is_400(Fmt format)
    {
        (string, string)[] request = [("api_key", Open311Wire.DemoKey), ("service_code", "street-light"), ("description", "路灯不亮一周了")];
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", request)).ShouldBe("lat: A location is required: lat and long, or address_string, or address_id");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. request, ("lat", "31.79")])).ShouldStartWith("long: ");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. request, ("lat", "91"), ("long", "117.3")])).ShouldStartWith("lat: ");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. request, ("lat", "31.79"), ("long", "east")])).ShouldStartWith("long: ");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. request, ("lat", "39.9042"), ("long", "116.4074")]))
            .ShouldBe("lat: There is no registered building within 500 m of that position");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. request, ("address_id", "x12")])).ShouldStartWith("address_id: ");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. request, ("address_id", "h999999999")])).ShouldStartWith("address_id: ");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. request, ("address_string", "东门口那边")])).ShouldStartWith("address_string: ");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. request, ("address_string", "不存在小区3栋2单元501")]))
            .ShouldBe("address_string: That address is not in the registry");
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task Missing_or_bad_fields_and_attributes_are_400(Fmt format)
    {
        var place = await HouseholdAsync();
        (string, string)[] noise = [("api_key", Open311Wire.DemoKey), ("service_code", "noise"), ("address_id", place)];
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. noise, ("description", "晚上广场舞太吵")])).ShouldBe("attribute[noise_period]: This field is required");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. noise, ("description", "晚上广场舞太吵"), ("attribute[noise_period]", "morning")]))
            .ShouldBe("attribute[noise_period]: Not one of the allowed values");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. noise, ("attribute[noise_period]", "night"), ("description", new string('吵', 4001))]))
            .ShouldBe("description: Must be at most 4000 characters");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. noise, ("attribute[noise_period]", "night"), ("description", "晚上广场舞太吵"), ("phone", "12")]))
            .ShouldStartWith("phone: ");
        (await RefusedAsync(format, HttpStatusCode.BadRequest, "en", [.. noise, ("attribute[noise_period]", "night"), ("description", "晚上广场舞太吵"), ("media_url", "javascript:alert(1)")]))
            .ShouldStartWith("media_url: ");

        // Not a form at all.
        var before = await CountAsync();
        var json = await app.Anonymous("en").PostAsync($"/open311/v2/requests.{format.Ext()}", Api.RawJson("{\"api_key\":\"gongzhi-demo-open311\"}"));
        (await Open311Wire.ErrorAsync(json, format, HttpStatusCode.BadRequest)).Description.ShouldBe("Content-Type: Send the request as application/x-www-form-urlencoded");
        (await CountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task Unknown_requests_tokens_and_paths_are_404(Fmt format)
    {
        var client = app.Anonymous("en");
        (await Open311Wire.ErrorAsync(await client.GetAsync($"/open311/v2/requests/999999999.{format.Ext()}"), format, HttpStatusCode.NotFound))
            .Description.ShouldBe("There is no request with the id \"999999999\"");
        await Open311Wire.ErrorAsync(await client.GetAsync($"/open311/v2/requests/abc.{format.Ext()}"), format, HttpStatusCode.NotFound);
        await Open311Wire.ErrorAsync(await client.GetAsync($"/open311/v2/tokens/0123456789abcdef.{format.Ext()}"), format, HttpStatusCode.NotFound);
        await Open311Wire.ErrorAsync(await client.GetAsync($"/open311/v2/potholes.{format.Ext()}"), format, HttpStatusCode.NotFound);
        await Open311Wire.ErrorAsync(await client.DeleteAsync($"/open311/v2/requests.{format.Ext()}"), format, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_format_other_than_xml_or_json_is_a_404_in_xml()
    {
        var response = await app.Anonymous("en").GetAsync("/open311/v2/services.csv");
        (await Open311Wire.ErrorAsync(response, Fmt.Xml, HttpStatusCode.NotFound)).Description.ShouldBe("The format must be xml or json (e.g. services.xml)");
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task Bad_dates_and_filters_are_400(Fmt format)
    {
        var client = app.Anonymous("en");
        async Task<string> Bad(string path) => (await Open311Wire.ErrorAsync(await client.GetAsync(path), format, HttpStatusCode.BadRequest)).Description;
        var requests = $"/open311/v2/requests.{format.Ext()}";
        (await Bad($"{requests}?start_date=yesterday")).ShouldStartWith("start_date: Dates must be in W3C format");
        (await Bad($"{requests}?end_date=2026-11-01T10:00:00")).ShouldStartWith("end_date: ");
        (await Bad($"{requests}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z")).ShouldBe("end_date: The date range may not span more than 90 days");
        (await Bad($"{requests}?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z")).ShouldBe("end_date: The end date is before the start date");
        (await Bad($"{requests}?status=pending")).ShouldBe("status: status must be open or closed (comma separated)");
        (await Bad($"{requests}?service_request_id=12,abc")).ShouldStartWith("service_request_id: ");
        (await Bad($"/open311/v2/servicerequestupdates.{format.Ext()}?start_date=2026-13-40")).ShouldStartWith("start_date: ");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOpen311ErrorTests(SqliteApp app) : Open311ErrorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOpen311ErrorTests(PostgresApp app) : Open311ErrorTests(app);
