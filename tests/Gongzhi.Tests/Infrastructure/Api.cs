using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gongzhi.Tests.Infrastructure;

// Small helpers for reading API answers the way a client would: status, media type, JSON.
public static class Api
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonNode.Parse(body)!;
    }

    // An RFC 7807 answer with the given status; returns the parsed body.
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var json = JsonNode.Parse(body)!.AsObject();
        ((int)json["status"]!).ShouldBe((int)expected);
        json["title"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return json;
    }

    public static string[] ErrorsFor(this JsonObject problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [];

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body);

    public static long Long(this JsonNode node, string name) => node[name]!.GetValue<long>();

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
