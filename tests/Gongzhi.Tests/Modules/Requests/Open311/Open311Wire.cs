using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Gongzhi.Tests.Modules.Requests.Open311;

public enum Fmt { Xml, Json }

// A GeoReport v2 client written from the spec (wiki.open311.org/GeoReport_v2), not from our code:
// bodies are built by hand as application/x-www-form-urlencoded, answers are read with XDocument and
// JsonDocument, and every list item becomes a flat name → text map (an empty XML element and a JSON
// null both read as null) so the same assertions run on both formats.
public static partial class Open311Wire
{
    public const string DemoKey = "gongzhi-demo-open311";

    public static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
        "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
    ];

    public static string Ext(this Fmt f) => f == Fmt.Xml ? "xml" : "json";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")]
    public static partial Regex W3CDate();

    public static string W3C(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    // name=value pairs, percent-encoded as a browser form would be.
    public static StringContent Form(params (string Name, string Value)[] fields) =>
        Raw(string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value))));

    public static StringContent Raw(string body) => new(body, Encoding.UTF8, "application/x-www-form-urlencoded");

    public static async Task<string> BodyAsync(HttpResponseMessage response, Fmt format, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        var type = response.Content.Headers.ContentType!;
        type.MediaType.ShouldBe(format == Fmt.Xml ? "text/xml" : "application/json", body);
        type.CharSet.ShouldBe("utf-8");
        if (format == Fmt.Xml) body.ShouldStartWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        return body;
    }

    // A list answer: <root><item>…</item>…</root> in XML, an array of objects in JSON.
    public static async Task<List<Dictionary<string, string?>>> ListAsync(HttpResponseMessage response, Fmt format, string root, string item,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await BodyAsync(response, format, expected);
        if (format == Fmt.Xml)
        {
            var doc = XDocument.Parse(body);
            doc.Root!.Name.LocalName.ShouldBe(root);
            doc.Root.Elements().ShouldAllBe(e => e.Name.LocalName == item);
            return doc.Root.Elements().Select(e => e.Elements().ToDictionary(c => c.Name.LocalName, c => c.Value.Length == 0 ? null : c.Value)).ToList();
        }
        using var json = JsonDocument.Parse(body);
        json.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
        return json.RootElement.EnumerateArray().Select(o => o.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value))).ToList();
    }

    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    // The spec's error answer: <errors><error><code/><description/></error></errors>, or [{code, description}].
    public static async Task<List<(int Code, string Description)>> ErrorsAsync(HttpResponseMessage response, Fmt format, HttpStatusCode expected)
    {
        var body = await BodyAsync(response, format, expected);
        List<(int, string)> errors;
        if (format == Fmt.Xml)
        {
            var doc = XDocument.Parse(body);
            doc.Root!.Name.LocalName.ShouldBe("errors");
            doc.Root.Elements().ShouldAllBe(e => e.Name.LocalName == "error" && e.Elements().Select(c => c.Name.LocalName).SequenceEqual(new[] { "code", "description" }));
            errors = doc.Root.Elements().Select(e => (int.Parse(e.Element("code")!.Value, System.Globalization.CultureInfo.InvariantCulture), e.Element("description")!.Value)).ToList();
        }
        else
        {
            using var json = JsonDocument.Parse(body);
            json.RootElement.ValueKind.ShouldBe(JsonValueKind.Array);
            json.RootElement.EnumerateArray().ShouldAllBe(o => o.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "code", "description" }));
            errors = json.RootElement.EnumerateArray().Select(o => (o.GetProperty("code").GetInt32(), o.GetProperty("description").GetString()!)).ToList();
        }
        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(e => e.Item1 == (int)expected && e.Item2.Length > 0);
        return errors;
    }

    public static async Task<(int Code, string Description)> ErrorAsync(HttpResponseMessage response, Fmt format, HttpStatusCode expected) =>
        (await ErrorsAsync(response, format, expected)).Single();

    public static HttpClient Client(GongzhiApp app, string? language = null) => app.Anonymous(language);

    // POST requests.{format} with the demo key and the given fields; an Idempotency-Key when asked.
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, Fmt format, string? idempotencyKey, params (string Name, string Value)[] fields)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/open311/v2/requests.{format.Ext()}") { Content = Form(fields) };
        if (idempotencyKey is not null) message.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(message);
    }

    // The id of the one request a successful POST created.
    public static async Task<long> CreatedIdAsync(HttpResponseMessage response, Fmt format, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var list = await ListAsync(response, format, "service_requests", "request", expected);
        list.Count.ShouldBe(1);
        list[0].Keys.ShouldBe(["service_request_id", "service_notice", "account_id"]);
        list[0]["service_notice"].ShouldNotBeNullOrWhiteSpace();
        return long.Parse(list[0]["service_request_id"]!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
