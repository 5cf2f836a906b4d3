using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Requests.Open311;

// Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) under /open311/v2, its service discovery at
// /open311/discovery.{xml|json}, and the administrators' key API at /api/v1/open311-keys.
public static class Open311Module
{
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";
    // The last change to what the discovery document and the service definitions promise.
    public const string Changeset = "2026-11-22 12:00";

    public static IServiceCollection AddOpen311(this IServiceCollection services)
    {
        services.AddScoped<Open311Keys>();
        services.AddScoped<Open311Services>();
        services.AddScoped<Open311Places>();
        services.AddScoped<Open311Requests>();
        services.AddScoped<Open311Updates>();
        services.AddScoped<Open311Submit>();
        services.AddScoped<Open311UpdatePost>();
        services.AddSingleton<Open311Throttle>();
        services.AddSingleton<Open311Media>();
        return services;
    }

    public static void MapOpen311(this WebApplication app)
    {
        var root = app.MapGroup("/open311").AllowAnonymous().ExcludeFromDescription();
        root.MapGet("/discovery.{format}", DiscoveryAsync);

        var v2 = root.MapGroup("/v2");
        v2.MapGet("/services.{format}", (HttpContext http, Open311Services services) =>
            Open311Http.RunAsync(http, _ => services.ListAsync(http.RequestAborted)));
        v2.MapGet("/services/{code}.{format}", (HttpContext http, string code, Open311Services services) =>
            Open311Http.RunAsync(http, _ => services.DefinitionAsync(code, http.RequestAborted)));
        v2.MapGet("/requests.{format}", (HttpContext http, Open311Requests requests) => Open311Http.RunAsync(http, _ =>
        {
            var q = http.Request.Query;
            return requests.ListAsync(new Open311Query(q["service_request_id"], q["service_code"], q["start_date"], q["end_date"], q["status"]),
                BaseUrl(http), http.RequestAborted);
        }));
        v2.MapPost("/requests.{format}", (HttpContext http, Open311Submit submit) => Open311Http.RunAsync(http, async _ =>
        {
            var result = await submit.RunAsync(http.Request, http.RequestAborted);
            // Requests are created at once (type realtime), so the answer carries the id and, per the spec,
            // no token; the token is in this header for clients that also want tokens/{token}.
            http.Response.Headers["Open311-Token"] = result.Token;
            return new O311Document("service_requests", new O311List("request",
            [
                new O311Object(("service_request_id", O311Id.Of(result.CaseId)), ("service_notice", result.ServiceNotice), ("account_id", result.AccountId)),
            ]), result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }));
        v2.MapGet("/requests/{id}.{format}", (HttpContext http, string id, Open311Requests requests) =>
            Open311Http.RunAsync(http, _ => requests.GetAsync(id, BaseUrl(http), http.RequestAborted)));
        v2.MapGet("/tokens/{token}.{format}", (HttpContext http, string token, Open311Requests requests) =>
            Open311Http.RunAsync(http, _ => requests.TokenAsync(token, http.RequestAborted)));
        v2.MapGet("/servicerequestupdates.{format}", (HttpContext http, Open311Updates updates) =>
            Open311Http.RunAsync(http, _ => updates.ListAsync(http.Request.Query["start_date"], http.Request.Query["end_date"], BaseUrl(http), http.RequestAborted)));
        v2.MapPost("/servicerequestupdates.{format}", (HttpContext http, Open311UpdatePost post) =>
            Open311Http.RunAsync(http, _ => post.RunAsync(http.Request, http.RequestAborted)));
        // Photos of public requests, for any client: the link itself is the permission (see Open311Media).
        root.MapGet("/media/{token}", (string token, HttpContext http) => Open311Media.ServeAsync(token, http));

        // Anything else under /open311 (another path, or a method a resource does not take) still answers in the spec's error format.
        root.Map("/{**rest}", (HttpContext http) => Open311Http.WriteErrorsAsync(http, Open311Http.GuessFormat(http.Request.Path), 404,
            [(404, http.RequestServices.GetRequiredService<IStringLocalizer>()["Requests.Open311.Error.NoResource"].Value)]));

        app.MapOpen311KeysApi();
    }

    private static void MapOpen311KeysApi(this WebApplication app)
    {
        var keys = app.MapGroup("/api/v1/open311-keys").WithTags("Open311").ProducesErrors(400, 401, 403, 404)
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = IdentityConstants.BearerScheme });
        keys.MapGet("", async (Open311Keys k, CancellationToken ct) => TypedResults.Ok(await k.ListAsync(ct)))
            .WithSummary("Open311 API keys (administrators); the keys themselves are never shown again");
        keys.MapPost("", async (NewOpen311KeyInput input, Open311Keys k, CancellationToken ct) =>
        {
            var issued = await k.IssueAsync(input, ct);
            return TypedResults.Created($"/api/v1/open311-keys/{issued.Id}", issued);
        }).WithSummary("Issue a key for another system: {name}; the answer holds the key, shown this once");
        keys.MapPost("/{id:long}/revoke", async (long id, Open311Keys k, CancellationToken ct) =>
        {
            await k.RevokeAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Revoke a key: requests presenting it are refused from now on");
    }

    // Absolute links (discovery, media_url) from Open311:BaseUrl when the app sits behind a proxy, else from the request.
    public static string BaseUrl(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IConfiguration>()["Open311:BaseUrl"];
        return !string.IsNullOrWhiteSpace(configured) ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
    }

    private static Task DiscoveryAsync(HttpContext http) => Open311Http.RunAsync(http, _ => Task.FromResult(Discovery(http)));

    private static O311Document Discovery(HttpContext http)
    {
        var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
        var config = http.RequestServices.GetRequiredService<IConfiguration>();
        return new O311Document("discovery", new O311Object(
            ("changeset", Changeset),
            ("contact", config["Open311:Contact"] is { Length: > 0 } contact ? contact : text["Requests.Open311.Discovery.Contact"].Value),
            ("key_service", text["Requests.Open311.Discovery.KeyService"].Value),
            ("endpoints", new O311List("endpoint",
            [
                new O311Object(
                    ("specification", Specification),
                    ("url", BaseUrl(http) + "/open311/v2"),
                    ("changeset", Changeset),
                    ("type", config["Open311:EndpointType"] is "test" ? "test" : "production"),
                    ("formats", new O311List("format", ["text/xml", "application/json"]))),
            ]))));
    }
}
