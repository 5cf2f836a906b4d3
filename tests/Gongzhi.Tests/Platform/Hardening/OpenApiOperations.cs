using System.Text.Json.Nodes;

namespace Gongzhi.Tests.Platform.Hardening;

// One operation of /openapi/v1.json: its method, route, parameters and the schema of its body.
public sealed record ApiOperation(string Method, string Path, List<(string Name, string In)> Parameters, JsonNode? BodySchema, string? BodyType);

// The API's operations as the app publishes them, read one way for every test that walks them
// (the fuzz test and the authorization matrix), so a route the document lists is walked by both.
public static class OpenApiOperations
{
    public static async Task<(JsonNode Document, List<ApiOperation> Operations)> ReadAsync(GongzhiApp app)
    {
        using var anonymous = app.Anonymous();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        return (document, Of(document).ToList());
    }

    public static IEnumerable<ApiOperation> Of(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description") continue;
                var parameters = (op!["parameters"]?.AsArray() ?? []).Concat(item["parameters"]?.AsArray() ?? [])
                    .Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>())).ToList();
                var content = op["requestBody"]?["content"]?.AsObject();
                var (type, schema) = content?.FirstOrDefault() is { Key: { } k } c ? (k, c.Value?["schema"]) : ((string?)null, (JsonNode?)null);
                yield return new ApiOperation(method.ToUpperInvariant(), path, parameters, schema, type);
            }
        }
    }
}
