using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Gongzhi.Tests.Platform.Hardening;

// Every operation of /openapi/v1.json, as an administrator, a community worker and a resident, with
// wrong types, huge and odd unicode strings, missing and extra fields, malformed JSON, odd Accept and
// content types and out-of-range dates. Deterministic (fixed seed) and bounded; any 5xx fails.
// Runs on its own small app (it may revoke, close and delete whatever a random id hits).
public abstract class ApiFuzzTests(GongzhiApp app, ITestOutputHelper output)
{
    public const int Seed = 20261205;
    public const int VariantsPerOperation = 6;
    private static readonly string[] Roles = ["admin", "tuanjie", "resident"];

    private static readonly string[] Ids = ["1", "2", "0", "-1", "999999999", "9223372036854775807", "99999999999999999999", "abc", "1.5", "%E4%B8%AD", "%20"];

    private static readonly string[] Strings =
    [
        "", " ", "团结新村3栋2单元501", new string('长', 5000), new string('x', 70000), "\u0000\u0001\u001f", "😀👩‍👩‍👧‍👦𠀀", "<script>alert(1)</script>",
        "' OR 1=1 --", "%s%n{0}", "\uFFFF\uD800", "9999-12-31", "0001-01-01", "2026-13-45", "-1", "NaN", "true", "null", "..\\..\\etc\\passwd",
    ];

    // (No %00 in the path: the in-process test server refuses it before the app sees it; Kestrel answers 400.)
    private static readonly string[] QueryValues = ["9999-12-31", "0001-01-01", "9999-12", "0001-01", "-1", "0", "999999999999", "abc", "", "😀", new string('q', 3000), "true", "1,2,3", "%00"];

    private static readonly string[] Accepts = ["application/json", "text/html", "*/*", "application/xml", "image/png", "garbage/;;", "text/plain; q=0"];

    // Every operation of the OpenAPI document, as three roles, with wrong types, huge and odd strings,
    // missing and extra fields, malformed JSON, odd Accept and content types (fixed seed): no 5xx.
    [Fact]
    public async Task Every_operation_answers_bad_input_without_a_5xx()
    {
        var (document, operations) = await OpenApiOperations.ReadAsync(app);
        operations.Count.ShouldBeGreaterThan(50);
        var random = new Random(Seed);
        var failures = new List<string>();
        var requests = 0;
        var facts = await DemoFacts.ForAsync(app);
        foreach (var role in Roles)
        {
            var client = await app.ClientForAsync(role == "resident" ? facts.ResidentUserName : role);
            foreach (var op in operations)
            {
                for (var v = 0; v < VariantsPerOperation; v++)
                {
                    using var request = Build(op, document, random, v);
                    requests++;
                    try
                    {
                        using var response = await client.SendAsync(request);
                        if ((int)response.StatusCode >= 500)
                        {
                            var body = await response.Content.ReadAsStringAsync();
                            failures.Add($"{role} {op.Method} {request.RequestUri} → {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
                        }
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        failures.Add($"{role} {op.Method} {request.RequestUri} → {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }
        output.WriteLine($"{operations.Count} operations × {Roles.Length} roles × {VariantsPerOperation} variants = {requests} requests, {failures.Count} 5xx");
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(40)));
    }

    private static HttpRequestMessage Build(ApiOperation op, JsonNode document, Random random, int variant)
    {
        var path = op.Path;
        foreach (var (name, place) in op.Parameters.Where(p => p.In == "path"))
            path = path.Replace("{" + name + "}", variant == 0 ? "1" : Pick(random, Ids), StringComparison.Ordinal);
        var query = op.Parameters.Where(p => p.In == "query")
            .Where(_ => random.Next(3) > 0)
            .Select(p => $"{Uri.EscapeDataString(p.Name)}={(random.Next(4) == 0 ? Pick(random, QueryValues) : Uri.EscapeDataString(Pick(random, QueryValues)))}");
        var url = path + (query.Any() ? "?" + string.Join("&", query) : "");
        var request = new HttpRequestMessage(new HttpMethod(op.Method), url);
        request.Headers.TryAddWithoutValidation("Accept", Pick(random, Accepts));
        foreach (var (name, _) in op.Parameters.Where(p => p.In == "header"))
            request.Headers.TryAddWithoutValidation(name, Pick(random, Strings).Replace("\n", "").Replace("\r", "").Replace("\0", ""));

        if (op.Method is "GET" or "DELETE" && random.Next(4) > 0) return request;
        request.Content = (variant % 6) switch
        {
            0 => Json(Value(op.BodySchema, document, random, 0, mutate: false)),
            1 => Json(Value(op.BodySchema, document, random, 0, mutate: true)),
            2 => Raw(Pick<string>(random, ["{", "[", "{\"a\":", "null", "", "\"x\"", "{\"version\": 1e999}", "{\"id\": 99999999999999999999999}", "\u0000"]), "application/json"),
            3 => Raw("a=1&b=2", Pick<string>(random, ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/xml", "multipart/form-data; boundary=x"])),
            4 => Json(new JsonObject()),
            _ => Json(Extra(Value(op.BodySchema, document, random, 0, mutate: true), random)),
        };
        return request;
    }

    private static StringContent Json(JsonNode? node) => Raw(node?.ToJsonString() ?? "null", "application/json");

    private static StringContent Raw(string body, string type)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed : null;
        if (content.Headers.ContentType is null) content.Headers.TryAddWithoutValidation("Content-Type", type);
        return content;
    }

    private static JsonNode? Extra(JsonNode? node, Random random)
    {
        if (node is JsonObject o)
        {
            o["unexpected" + random.Next(100)] = Pick(random, Strings);
            o["$type"] = "System.Object";
        }
        return node;
    }

    // A value for the schema: right-typed when not mutating, otherwise often the wrong type or an edge value.
    private static JsonNode? Value(JsonNode? schema, JsonNode document, Random random, int depth, bool mutate)
    {
        if (schema is null || depth > 4) return null;
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Value(document["components"]!["schemas"]![reference.Split('/')[^1]], document, random, depth + 1, mutate);
        if (mutate && random.Next(3) == 0) return Wrong(random);
        var type = schema["type"] switch
        {
            JsonValue t => t.GetValue<string>(),
            JsonArray a => a.Select(x => x!.GetValue<string>()).FirstOrDefault(x => x != "null"),
            _ => schema["properties"] is not null ? "object" : null,
        };
        if (schema["enum"] is JsonArray values && values.Count > 0 && !mutate) return values[random.Next(values.Count)]?.DeepClone();
        return type switch
        {
            "object" => Object(schema, document, random, depth, mutate),
            "array" => new JsonArray(Enumerable.Range(0, random.Next(3)).Select(_ => Value(schema["items"], document, random, depth + 1, mutate)).ToArray()),
            "integer" => mutate ? Pick(random, new JsonNode?[] { -1, 0, int.MaxValue, long.MaxValue, long.MinValue }) : (JsonNode)random.Next(1, 5),
            "number" => mutate ? Pick(random, new JsonNode?[] { -1.5, 1e308, 0 }) : (JsonNode)random.Next(1, 5),
            "boolean" => random.Next(2) == 0,
            "string" => schema["format"]?.GetValue<string>() switch
            {
                "date" => mutate ? Pick<string>(random, ["9999-12-31", "0001-01-01", "2026-02-30"]) : "2026-12-20",
                "date-time" => mutate ? Pick<string>(random, ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00", "2026-12-20T20:30:00+14:00"]) : "2026-12-20T20:30:00+08:00",
                _ => mutate ? Pick(random, Strings) : "团结新村" + random.Next(100),
            },
            _ => mutate ? Wrong(random) : null,
        };
    }

    private static JsonObject Object(JsonNode schema, JsonNode document, Random random, int depth, bool mutate)
    {
        var o = new JsonObject();
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            if (mutate && random.Next(4) == 0) continue; // a missing field
            o[name] = Value(property, document, random, depth + 1, mutate);
        }
        return o;
    }

    private static JsonNode? Wrong(Random random) => random.Next(7) switch
    {
        0 => JsonValue.Create(Pick(random, Strings)),
        1 => JsonValue.Create(-99999999999L),
        2 => new JsonArray(1, "2", null),
        3 => new JsonObject { ["nested"] = new JsonObject { ["deep"] = 1 } },
        4 => JsonValue.Create(true),
        5 => JsonValue.Create(1e300),
        _ => null,
    };

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}

public sealed class FuzzSqliteApp : GongzhiApp
{
    public FuzzSqliteApp() => ConnectionString = $"Data Source={Path.Combine(DataDirectory, "gongzhi.db")}";
    public override Web.Data.DatabaseProvider Provider => Web.Data.DatabaseProvider.Sqlite;
    protected override int DemoHouseholds => 80;
}

public sealed class FuzzPostgresApp : GongzhiApp
{
    private readonly string _database = "gz_fuzz_" + Guid.NewGuid().ToString("N")[..8];

    public FuzzPostgresApp() => ConnectionString = PostgresServer.ConnectionStringFor(_database);
    public override Web.Data.DatabaseProvider Provider => Web.Data.DatabaseProvider.Postgres;
    protected override int DemoHouseholds => 80;

    public override async Task InitializeAsync()
    {
        await PostgresServer.CreateDatabaseAsync(_database);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_database);
    }
}

public sealed class SqliteApiFuzzTests(FuzzSqliteApp app, ITestOutputHelper output) : ApiFuzzTests(app, output), IClassFixture<FuzzSqliteApp>;

public sealed class PostgresApiFuzzTests(FuzzPostgresApp app, ITestOutputHelper output) : ApiFuzzTests(app, output), IClassFixture<FuzzPostgresApp>;
