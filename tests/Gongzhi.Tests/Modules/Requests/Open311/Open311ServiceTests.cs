using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Gongzhi.Tests.Modules.Requests.Open311;

// Service discovery, the service list and service definitions, each in XML and JSON, as the spec shapes them.
public abstract class Open311ServiceTests(GongzhiApp app)
{
    private static readonly string[] ServiceFields = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];
    private static readonly string[] AttributeFields = ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"];

    [Fact]
    public async Task Discovery_names_the_v2_endpoint_and_both_formats_in_xml()
    {
        var response = await app.Anonymous().GetAsync("/open311/discovery.xml");
        var doc = XDocument.Parse(await Open311Wire.BodyAsync(response, Fmt.Xml, HttpStatusCode.OK));
        doc.Root!.Name.LocalName.ShouldBe("discovery");
        doc.Root.Elements().Select(e => e.Name.LocalName).ShouldBe(["changeset", "contact", "key_service", "endpoints"]);
        doc.Root.Element("contact")!.Value.ShouldNotBeNullOrWhiteSpace();
        doc.Root.Element("key_service")!.Value.ShouldNotBeNullOrWhiteSpace();
        var endpoint = doc.Root.Element("endpoints")!.Elements().ShouldHaveSingleItem();
        endpoint.Name.LocalName.ShouldBe("endpoint");
        endpoint.Elements().Select(e => e.Name.LocalName).ShouldBe(["specification", "url", "changeset", "type", "formats"]);
        endpoint.Element("specification")!.Value.ShouldBe("http://wiki.open311.org/GeoReport_v2");
        new Uri(endpoint.Element("url")!.Value).AbsolutePath.ShouldBe("/open311/v2");
        endpoint.Element("type")!.Value.ShouldBeOneOf("production", "test");
        endpoint.Element("formats")!.Elements().ShouldAllBe(f => f.Name.LocalName == "format");
        endpoint.Element("formats")!.Elements().Select(f => f.Value).ShouldBe(["text/xml", "application/json"]);
    }

    [Fact]
    public async Task Discovery_in_json_follows_the_same_structure()
    {
        var response = await app.Anonymous().GetAsync("/open311/discovery.json");
        using var doc = JsonDocument.Parse(await Open311Wire.BodyAsync(response, Fmt.Json, HttpStatusCode.OK));
        var root = doc.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["changeset", "contact", "key_service", "endpoints"]);
        var endpoint = root.GetProperty("endpoints").EnumerateArray().ShouldHaveSingleItem();
        endpoint.GetProperty("specification").GetString().ShouldBe("http://wiki.open311.org/GeoReport_v2");
        new Uri(endpoint.GetProperty("url").GetString()!).AbsolutePath.ShouldBe("/open311/v2");
        endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()).ShouldBe(["text/xml", "application/json"]);
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task The_service_list_holds_the_active_categories(Fmt format)
    {
        await using var db = app.NewDb();
        var categories = await db.CaseCategories.Where(c => c.Active).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync();

        var services = await Open311Wire.ListAsync(await app.Anonymous().GetAsync($"/open311/v2/services.{format.Ext()}"), format, "services", "service");
        services.Select(s => s["service_code"]).ShouldBe(categories.Select(c => c.Code));
        foreach (var s in services)
        {
            s.Keys.ShouldBe(ServiceFields);
            s["type"].ShouldBe("realtime");
            s["metadata"].ShouldBeOneOf("true", "false");
        }
        var noise = services.Single(s => s["service_code"] == "noise");
        noise["service_name"].ShouldBe("噪音扰民");
        noise["group"].ShouldBe("环境");
        noise["metadata"].ShouldBe("true");
        services.Single(s => s["service_code"] == "lift")["metadata"].ShouldBe("false");
    }

    [Fact]
    public async Task A_definition_lists_its_attributes_with_values_in_xml()
    {
        var response = await app.Anonymous().GetAsync("/open311/v2/services/noise.xml");
        var doc = XDocument.Parse(await Open311Wire.BodyAsync(response, Fmt.Xml, HttpStatusCode.OK));
        doc.Root!.Name.LocalName.ShouldBe("service_definition");
        doc.Root.Elements().Select(e => e.Name.LocalName).ShouldBe(["service_code", "attributes"]);
        doc.Root.Element("service_code")!.Value.ShouldBe("noise");
        var attribute = doc.Root.Element("attributes")!.Elements().ShouldHaveSingleItem();
        attribute.Name.LocalName.ShouldBe("attribute");
        attribute.Elements().Select(e => e.Name.LocalName).ShouldBe(AttributeFields);
        attribute.Element("variable")!.Value.ShouldBe("true");
        attribute.Element("code")!.Value.ShouldBe("noise_period");
        attribute.Element("datatype")!.Value.ShouldBe("singlevaluelist");
        attribute.Element("required")!.Value.ShouldBe("true");
        attribute.Element("order")!.Value.ShouldBe("1");
        attribute.Element("description")!.Value.ShouldBe("噪音主要出现在什么时段？");
        attribute.Element("datatype_description")!.Value.ShouldNotBeNullOrWhiteSpace();
        var values = attribute.Element("values")!.Elements().ToList();
        values.ShouldAllBe(v => v.Name.LocalName == "value" && v.Elements().Select(c => c.Name.LocalName).SequenceEqual(new[] { "key", "name" }));
        values.Select(v => v.Element("key")!.Value).ShouldBe(["day", "evening", "night"]);
        values[0].Element("name")!.Value.ShouldBe("白天");
    }

    [Fact]
    public async Task A_definition_in_json_has_typed_values()
    {
        var response = await app.Anonymous().GetAsync("/open311/v2/services/water-leak.json");
        using var doc = JsonDocument.Parse(await Open311Wire.BodyAsync(response, Fmt.Json, HttpStatusCode.OK));
        doc.RootElement.GetProperty("service_code").GetString().ShouldBe("water-leak");
        var attribute = doc.RootElement.GetProperty("attributes").EnumerateArray().ShouldHaveSingleItem();
        attribute.EnumerateObject().Select(p => p.Name).ShouldBe(AttributeFields);
        attribute.GetProperty("variable").GetBoolean().ShouldBeTrue();
        attribute.GetProperty("code").GetString().ShouldBe("leak_location");
        attribute.GetProperty("datatype").GetString().ShouldBe("string");
        attribute.GetProperty("required").GetBoolean().ShouldBeFalse();
        attribute.GetProperty("order").GetInt32().ShouldBe(1);
        attribute.GetProperty("values").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData(Fmt.Xml)]
    [InlineData(Fmt.Json)]
    public async Task A_service_without_questions_has_an_empty_definition(Fmt format)
    {
        var response = await app.Anonymous().GetAsync($"/open311/v2/services/lift.{format.Ext()}");
        var body = await Open311Wire.BodyAsync(response, format, HttpStatusCode.OK);
        if (format == Fmt.Xml) XDocument.Parse(body).Root!.Element("attributes")!.Elements().ShouldBeEmpty();
        else JsonDocument.Parse(body).RootElement.GetProperty("attributes").GetArrayLength().ShouldBe(0);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteOpen311ServiceTests(SqliteApp app) : Open311ServiceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresOpen311ServiceTests(PostgresApp app) : Open311ServiceTests(app);
