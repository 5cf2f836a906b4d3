using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Requests;
using Case = Gongzhi.Web.Modules.Requests.Case;

namespace Gongzhi.Tests.Modules.Requests.Open311;

// POST requests: each way of giving the place, the attributes, the reporter, and retries.
public abstract class Open311SubmitTests(GongzhiApp app)
{
    private static string Unique(string text) => $"{text} {Guid.NewGuid():N}"[..(text.Length + 9)];

    private async Task<Case> CaseAsync(long id)
    {
        await using var db = app.NewDb();
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task By_address_string_with_the_estate_name(Fmt format)
    {
        var home = (await RegistryPlaces.HomesAsync(app))[format == Fmt.Xml ? 3 : 4];
        var address = $"{home.Estate}{home.Building}栋{home.Entrance}单元{home.Room}";
        var response = await Open311Wire.PostAsync(app.Anonymous(), format, null, ("api_key", Open311Wire.DemoKey), ("service_code", "street-light"),
            ("address_string", address), ("description", Unique("楼道灯坏了好几天")));
        var id = await Open311Wire.CreatedIdAsync(response, format);
        response.Headers.Location.ShouldBeNull();

        var c = await CaseAsync(id);
        c.Channel.ShouldBe(Channel.Open311);
        c.HouseholdId.ShouldBe(home.Id);
        c.BuildingId.ShouldBe(home.BuildingId);
        c.Status.ShouldBe(CaseStatus.Submitted);
        await using var db = app.NewDb();
        (await db.CaseEvents.Where(e => e.CaseId == id).Select(e => e.ActorName).SingleAsync()).ShouldBe("演示客户端");
    }

    [Fact]
    public async Task By_address_string_without_the_estate_in_both_registry_styles()
    {
        var home = await RegistryPlaces.UniqueHomeAsync(app);
        foreach (var address in new[] { $"{home.Building}栋{home.Entrance}单元{home.Room}", $"{home.Building}-{home.Entrance}-{home.Room}", $"骆岗街道{home.Estate}{home.Building}号楼{home.Entrance}单元{home.Room}室" })
        {
            var response = await Open311Wire.PostAsync(app.Anonymous(), Fmt.Xml, null, ("api_key", Open311Wire.DemoKey), ("service_code", "sanitation"),
                ("address_string", address), ("description", Unique("垃圾桶满了没人清运")));
            (await CaseAsync(await Open311Wire.CreatedIdAsync(response, Fmt.Xml))).HouseholdId.ShouldBe(home.Id, address);
        }
    }

    [Fact]
    public async Task By_address_string_naming_only_a_building()
    {
        var home = (await RegistryPlaces.HomesAsync(app))[7];
        var response = await Open311Wire.PostAsync(app.Anonymous(), Fmt.Json, null, ("api_key", Open311Wire.DemoKey), ("service_code", "greenery"),
            ("address_string", $"{home.Estate}{home.Building}栋"), ("description", Unique("树枝挡住窗户需要修剪")));
        var c = await CaseAsync(await Open311Wire.CreatedIdAsync(response, Fmt.Json));
        c.BuildingId.ShouldBe(home.BuildingId);
        c.HouseholdId.ShouldBeNull();
    }

    [Theory]
    [InlineData("h")]
    [InlineData("")]
    [InlineData("b")]
    public async Task By_address_id_as_household_or_building(string prefix)
    {
        var home = (await RegistryPlaces.HomesAsync(app))[10];
        var addressId = prefix == "b" ? $"b{home.BuildingId}" : $"{prefix}{home.Id}";
        var response = await Open311Wire.PostAsync(app.Anonymous(), Fmt.Xml, null, ("api_key", Open311Wire.DemoKey), ("service_code", "facility-repair"),
            ("address_id", addressId), ("description", Unique("健身器材螺丝松动")));
        var c = await CaseAsync(await Open311Wire.CreatedIdAsync(response, Fmt.Xml));
        c.BuildingId.ShouldBe(home.BuildingId);
        c.HouseholdId.ShouldBe(prefix == "b" ? null : home.Id);
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task By_lat_long_to_the_nearest_building(Fmt format)
    {
        var spots = await RegistryPlaces.SpotsAsync(app);
        var target = spots[format == Fmt.Xml ? 2 : 5];
        var (lat, lng) = (target.Latitude + 0.00004, target.Longitude - 0.00003);
        var nearest = spots.MinBy(s => RegistryPlaces.Metres(lat, lng, s.Latitude, s.Longitude))!;
        var response = await Open311Wire.PostAsync(app.Anonymous(), format, null, ("api_key", Open311Wire.DemoKey), ("service_code", "street-light"),
            ("lat", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), ("long", lng.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            ("description", Unique("路灯一闪一闪的")));
        var c = await CaseAsync(await Open311Wire.CreatedIdAsync(response, format));
        c.BuildingId.ShouldBe(nearest.BuildingId);
        c.HouseholdId.ShouldBeNull();
        c.Latitude!.Value.ShouldBe(lat, 1e-9);
        c.Longitude!.Value.ShouldBe(lng, 1e-9);
    }

    [Fact]
    public async Task With_attributes_and_the_reporter_as_the_spec_example_sends_them()
    {
        var home = (await RegistryPlaces.HomesAsync(app))[12];
        var description = Unique("广场舞音响太吵了");
        // Literal brackets, as in the spec's example request.
        var body = $"api_key={Open311Wire.DemoKey}&jurisdiction_id=gongzhi&service_code=noise&address_id=h{home.Id}&email=smith%40example.org&device_id=tt222111"
            + $"&account_id=acc-42&first_name=%E4%B8%89&last_name=%E5%BC%A0&phone=13912345678&description={Uri.EscapeDataString(description)}"
            + "&media_url=http%3A%2F%2Fexample.org%2Fphoto.jpg&attribute[noise_period]=night&attribute[no_such_code]=ignored";
        var response = await app.Anonymous().PostAsync("/open311/v2/requests.json", Open311Wire.Raw(body));
        var list = await Open311Wire.ListAsync(response, Fmt.Json, "service_requests", "request", HttpStatusCode.Created);
        list.ShouldHaveSingleItem()["account_id"].ShouldBe("acc-42");
        var id = long.Parse(list[0]["service_request_id"]!, System.Globalization.CultureInfo.InvariantCulture);

        var c = await CaseAsync(id);
        c.ReporterName.ShouldBe("张三");
        c.ReporterPhone.ShouldBe("13912345678");
        c.AnswersJson.ShouldNotBeNull();
        using var answers = System.Text.Json.JsonDocument.Parse(c.AnswersJson);
        answers.RootElement.GetProperty("noise_period").GetString().ShouldBe("night");
        answers.RootElement.GetProperty("media_url").GetString().ShouldBe("http://example.org/photo.jpg");
        answers.RootElement.TryGetProperty("no_such_code", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Every_attribute_datatype_is_checked_and_kept()
    {
        // A category of this test's own, retired again at the end so other tests see the defaults.
        var code = "o311-" + Guid.NewGuid().ToString("N")[..10];
        var questions = System.Text.Json.JsonSerializer.Serialize(new[]
        {
            new CategoryQuestion("kinds", "multivaluelist", true, "哪些设施？", 1, [new CategoryAnswerValue("bench", "座椅"), new CategoryAnswerValue("lamp", "路灯"), new CategoryAnswerValue("gym", "健身器材")]),
            new CategoryQuestion("count", "number", false, "损坏几处？", 2),
            new CategoryQuestion("seen_at", "datetime", false, "何时发现？", 3),
            new CategoryQuestion("note", "text", false, "补充说明", 4),
        }, System.Text.Json.JsonSerializerOptions.Web);
        await using (var db = app.NewDb())
        {
            db.CaseCategories.Add(new CaseCategory(code, "测试设施", "测试", 120, 5, 99).WithQuestions(questions));
            await db.SaveChangesAsync();
        }
        try
        {
            var home = (await RegistryPlaces.HomesAsync(app))[14];
            var definition = await Open311Wire.BodyAsync(await app.Anonymous().GetAsync($"/open311/v2/services/{code}.xml"), Fmt.Xml, HttpStatusCode.OK);
            var attributes = System.Xml.Linq.XDocument.Parse(definition).Root!.Element("attributes")!.Elements().ToList();
            attributes.Select(a => a.Element("datatype")!.Value).ShouldBe(["multivaluelist", "number", "datetime", "text"]);
            attributes[0].Element("values")!.Elements().Select(v => v.Element("key")!.Value).ShouldBe(["bench", "lamp", "gym"]);

            var base_ = $"api_key={Open311Wire.DemoKey}&service_code={code}&address_id=h{home.Id}&description={Uri.EscapeDataString(Unique("多处设施损坏"))}";
            var good = await app.Anonymous().PostAsync("/open311/v2/requests.xml", Open311Wire.Raw(
                base_ + "&attribute[kinds][]=bench&attribute[kinds][]=gym&attribute[count]=3&attribute[seen_at]=2026-11-01T08:00:00%2B08:00&attribute[note]=" + Uri.EscapeDataString("第一行\n第二行")));
            var c = await CaseAsync(await Open311Wire.CreatedIdAsync(good, Fmt.Xml));
            using var answers = System.Text.Json.JsonDocument.Parse(c.AnswersJson!);
            answers.RootElement.GetProperty("kinds").GetString().ShouldBe("bench,gym");
            answers.RootElement.GetProperty("count").GetString().ShouldBe("3");

            foreach (var (bad, field) in new[]
            {
                ("&attribute[count]=3", "attribute[kinds]"),
                ("&attribute[kinds][]=bench&attribute[kinds][]=sofa", "attribute[kinds]"),
                ("&attribute[kinds][]=bench&attribute[count]=three", "attribute[count]"),
                ("&attribute[kinds][]=bench&attribute[seen_at]=yesterday", "attribute[seen_at]"),
            })
            {
                var response = await app.Anonymous("en").PostAsync("/open311/v2/requests.json", Open311Wire.Raw(base_ + bad));
                (await Open311Wire.ErrorAsync(response, Fmt.Json, HttpStatusCode.BadRequest)).Description.ShouldStartWith(field + ": ", Shouldly.Case.Sensitive, bad);
            }
        }
        finally
        {
            await using var db = app.NewDb();
            (await db.CaseCategories.SingleAsync(k => k.Code == code)).SetActive(false);
            await db.SaveChangesAsync();
        }
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task The_same_Idempotency_Key_creates_one_request(Fmt format)
    {
        var home = (await RegistryPlaces.HomesAsync(app))[15];
        var description = Unique("单元门口有人乱扔垃圾");
        var key = Guid.NewGuid().ToString();
        (string, string)[] fields = [("api_key", Open311Wire.DemoKey), ("service_code", "sanitation"), ("address_id", $"h{home.Id}"), ("description", description)];

        var first = await Open311Wire.PostAsync(app.Anonymous(), format, key, fields);
        var id = await Open311Wire.CreatedIdAsync(first, format);
        var token = first.Headers.GetValues("Open311-Token").Single();
        var again = await Open311Wire.PostAsync(app.Anonymous(), format, key, fields);
        (await Open311Wire.CreatedIdAsync(again, format, HttpStatusCode.OK)).ShouldBe(id);
        again.Headers.GetValues("Open311-Token").Single().ShouldBe(token);

        // Without the key, the same words are a new request (flagged as a possible duplicate by intake).
        var other = await Open311Wire.CreatedIdAsync(await Open311Wire.PostAsync(app.Anonymous(), format, null, fields), format);
        other.ShouldNotBe(id);
        await using var db = app.NewDb();
        (await db.Cases.CountAsync(c => c.Description == description)).ShouldBe(2);
    }

    [Fact]
    public async Task Idempotency_keys_of_two_clients_do_not_collide()
    {
        var admin = await app.ClientForAsync("admin");
        var name = "幂等测试" + Guid.NewGuid().ToString("N")[..8];
        var issued = await (await admin.PostAsJsonAsync("/api/v1/open311-keys", new { name })).JsonAsync(HttpStatusCode.Created);
        var otherKey = issued["key"]!.GetValue<string>();
        var home = (await RegistryPlaces.HomesAsync(app))[16];
        var key = Guid.NewGuid().ToString();
        (string, string)[] fields = [("service_code", "sanitation"), ("address_id", $"h{home.Id}"), ("description", Unique("楼道里有小广告"))];

        var mine = await Open311Wire.CreatedIdAsync(await Open311Wire.PostAsync(app.Anonymous(), Fmt.Xml, key, [("api_key", Open311Wire.DemoKey), .. fields]), Fmt.Xml);
        var theirs = await Open311Wire.CreatedIdAsync(await Open311Wire.PostAsync(app.Anonymous(), Fmt.Xml, key, [("api_key", otherKey), .. fields]), Fmt.Xml);
        theirs.ShouldNotBe(mine);
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task A_token_leads_to_its_request(Fmt format)
    {
        var home = (await RegistryPlaces.HomesAsync(app))[18];
        var response = await Open311Wire.PostAsync(app.Anonymous(), format, null, ("api_key", Open311Wire.DemoKey), ("service_code", "dogs"),
            ("address_id", $"h{home.Id}"), ("description", Unique("遛狗不牵绳吓到孩子")));
        var id = await Open311Wire.CreatedIdAsync(response, format);
        var token = response.Headers.GetValues("Open311-Token").Single();

        var list = await Open311Wire.ListAsync(await app.Anonymous().GetAsync($"/open311/v2/tokens/{token}.{format.Ext()}"), format, "service_requests", "request");
        var item = list.ShouldHaveSingleItem();
        item.Keys.ShouldBe(["service_request_id", "token"]);
        item["service_request_id"].ShouldBe(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        item["token"].ShouldBe(token);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOpen311SubmitTests(SqliteApp app) : Open311SubmitTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOpen311SubmitTests(PostgresApp app) : Open311SubmitTests(app);
