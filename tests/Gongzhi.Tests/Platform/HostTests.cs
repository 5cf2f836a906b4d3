using System.Net;
using System.Text.Json.Nodes;

namespace Gongzhi.Tests.Platform;

// What operators and API clients rely on: a health probe, the OpenAPI document, and problem details for every error.
public abstract class HostTests(GongzhiApp app)
{
    [Fact]
    public async Task Health_answers_200_when_the_database_does()
    {
        var response = await app.Anonymous().GetAsync("/healthz");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_openapi_document_lists_the_api()
    {
        var response = await app.Anonymous().GetAsync("/openapi/v1.json");
        var json = await response.JsonAsync();
        json["openapi"]!.GetValue<string>().ShouldStartWith("3.");
        var paths = json["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/households");
        paths.ShouldContain("/api/v1/households/{id}");
        paths.ShouldContain("/api/v1/residents/{id}/id-number");
        paths.ShouldContain("/api/v1/places");
        paths.ShouldContain("/api/v1/auth/login");
        paths.ShouldContain("/api/v1/board/{gridId}");
        paths.ShouldAllBe(p => p.StartsWith("/api/v1/"));
    }

    [Fact]
    public async Task Every_operation_in_the_openapi_document_lists_its_error_responses()
    {
        var json = await (await app.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync();
        var operations = json["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => (Name: $"{o.Key.ToUpperInvariant()} {p.Key}", Responses: o.Value!["responses"]?.AsObject().Select(r => r.Key).ToList() ?? [])))
            .ToList();
        operations.Count.ShouldBeGreaterThan(100);
        // Every operation can be refused for bad input or a missing token; the module groups add 404/409.
        operations.Where(o => !o.Responses.Contains("400") || !o.Responses.Contains("401")).Select(o => o.Name).ShouldBeEmpty();
        operations.Where(o => o.Name.StartsWith("POST /api/v1/cases/{id}/accept", StringComparison.Ordinal))
            .ShouldAllBe(o => o.Responses.Contains("404") && o.Responses.Contains("409"));
    }

    [Fact]
    public async Task Every_operation_on_one_thing_lists_404_and_the_module_groups_list_409()
    {
        var json = await (await app.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync();
        var operations = json["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(o => (Path: p.Key, Name: $"{o.Key.ToUpperInvariant()} {p.Key}", Responses: o.Value!["responses"]?.AsObject().Select(r => r.Key).ToList() ?? [])))
            .ToList();
        // An id in the path may name nothing the caller can see: 404.
        operations.Where(o => o.Path.Contains('{', StringComparison.Ordinal) && !o.Responses.Contains("404")).Select(o => o.Name).ShouldBeEmpty();
        // Care, Notices, Party, Projects (with organisations and the showcase) and webhooks: 404 and 409 on every operation.
        string[] prefixes = ["/api/v1/care/", "/api/v1/notices", "/api/v1/party/", "/api/v1/projects/", "/api/v1/organisations", "/api/v1/showcase/", "/api/v1/webhooks"];
        var modules = operations.Where(o => prefixes.Any(p => o.Path.StartsWith(p, StringComparison.Ordinal))).ToList();
        modules.Count.ShouldBeGreaterThan(80);
        modules.Where(o => !o.Responses.Contains("404") || !o.Responses.Contains("409") || !o.Responses.Contains("403")).Select(o => o.Name).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/topics", "post", "201", "IdResponse")]
    [InlineData("/api/v1/care/recipients", "post", "201", "IdResponse")]
    [InlineData("/api/v1/party/units", "post", "201", "IdResponse")]
    [InlineData("/api/v1/projects/calls", "post", "201", "IdResponse")]
    [InlineData("/api/v1/notices/{id}/submit", "post", "200", "NoticeStatusResponse")]
    [InlineData("/api/v1/votes/{id}/close", "post", "200", "VoteClosedResponse")]
    [InlineData("/api/v1/topics/{id}/support", "post", "200", "SupportersResponse")]
    [InlineData("/api/v1/households", "post", "201", "IdResponse")]
    [InlineData("/api/v1/residents/{id}/id-number", "get", "200", "IdNumberResponse")]
    public async Task A_converted_operation_names_its_response_schema(string path, string method, string status, string schema)
    {
        // Named response records give clients one schema to generate a type from; an anonymous object has no name.
        var json = await (await app.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync();
        var reference = json["paths"]![path]![method]!["responses"]![status]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        reference.ShouldBe($"#/components/schemas/{schema}");
        json["components"]!["schemas"]![schema]!["properties"].ShouldNotBeNull();
    }

    // A list that answers a file with Accept: text/csv (or the xlsx type) says so in the document, beside its JSON.
    [Theory]
    [InlineData("/api/v1/cases")]
    [InlineData("/api/v1/worklist")]
    [InlineData("/api/v1/notices")]
    [InlineData("/api/v1/care/recipients")]
    [InlineData("/api/v1/party/communities/{id}/members")]
    public async Task A_list_that_exports_declares_csv_and_xlsx(string path)
    {
        var json = await (await app.Anonymous().GetAsync("/openapi/v1.json")).JsonAsync();
        var content = json["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
        content.Select(c => c.Key).ShouldBe(["application/json", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], ignoreOrder: true);
        content["text/csv"]!["schema"]!["type"]!.GetValue<string>().ShouldBe("string");
        content["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]!["schema"]!["format"]!.GetValue<string>().ShouldBe("binary");
        // Lists without a file do not claim one.
        json["paths"]!["/api/v1/places"]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key).ShouldNotContain("text/csv");
    }

    [Theory]
    [InlineData("en", "Login required", "Get a bearer token from /api/v1/auth/login first")]
    [InlineData("zh-CN", "需要登录", "请先通过 /api/v1/auth/login 获取令牌")]
    [InlineData("zh-TW", "需要登入", "請先透過 /api/v1/auth/login 取得權杖")]
    public async Task A_call_without_a_token_is_a_401_problem(string language, string title, string detail)
    {
        var problem = await (await app.Anonymous(language).GetAsync("/api/v1/households?q=1")).ProblemAsync(HttpStatusCode.Unauthorized);
        problem["title"]!.GetValue<string>().ShouldBe(title);
        problem["detail"]!.GetValue<string>().ShouldBe(detail);
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem_for_anyone()
    {
        var anonymous = await (await app.Anonymous("en").GetAsync("/api/v1/nothing/here")).ProblemAsync(HttpStatusCode.NotFound);
        anonymous["title"]!.GetValue<string>().ShouldBe("Not found");
        var client = await app.ClientForAsync("admin", "zh-CN");
        (await (await client.GetAsync("/api/v1/nothing/here")).ProblemAsync(HttpStatusCode.NotFound))["title"]!.GetValue<string>().ShouldBe("未找到");
        var wrongMethod = await client.DeleteAsync("/api/v1/places");
        (await wrongMethod.ProblemAsync(HttpStatusCode.MethodNotAllowed))["title"]!.GetValue<string>().ShouldBe("不支持的请求方法");
    }

    [Fact]
    public async Task A_bad_token_is_a_401_problem()
    {
        var client = app.Anonymous("en");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        (await (await client.GetAsync("/api/v1/places")).ProblemAsync(HttpStatusCode.Unauthorized))["title"]!.GetValue<string>().ShouldBe("Login required");
        JsonNode.Parse(await (await client.GetAsync("/api/v1/places")).Content.ReadAsStringAsync()).ShouldNotBeNull();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteHostTests(SqliteApp app) : HostTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresHostTests(PostgresApp app) : HostTests(app);
