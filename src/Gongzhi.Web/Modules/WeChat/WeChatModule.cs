using Gongzhi.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Modules.WeChat;

public static class WeChatModule
{
    public static WebApplicationBuilder AddWeChat(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<Gongzhi.Web.Platform.Privacy.IPersonalDataEraser, WeChatEraser>();
        services.Configure<WeChatOptions>(builder.Configuration.GetSection("WeChat"));
        services.AddHttpClient<WeChatOAuth>(c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(nameof(WeChatTokens), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(nameof(WeChatTemplateSender), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddScoped<WeChatSignIn>();
        services.AddScoped<WeChatUnbind>();
        services.AddSingleton<WeChatTokens>();
        services.AddHttpClient(nameof(WeChatMedia), c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddScoped<Platform.Media.IClientMediaSource, WeChatMedia>();

        // Template messages go in front of whatever outbound channel the platform chose (SMS or file),
        // which stays the fallback for people without a bound WeChat.
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IOutboundSender))
                    ?? throw new InvalidOperationException("AddWeChat must come after AddPlatform.");
        services.Remove(inner);
        services.AddSingleton<IOutboundSender>(sp => ActivatorUtilities.CreateInstance<WeChatTemplateSender>(sp, Resolve(sp, inner)));
        return builder;
    }

    private static IOutboundSender Resolve(IServiceProvider sp, ServiceDescriptor d) =>
        (IOutboundSender)(d.ImplementationInstance ?? d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!));

    public static WebApplication MapWeChat(this WebApplication app)
    {
        // The button's target: a redirect to WeChat's authorize page (the menu URL may point here directly).
        // Without a community the first Official Account is used (the login page does not know the community).
        app.MapGet("/wechat/authorize", (long? community, string? scope, WeChatSignIn signIn, IOptions<WeChatOptions> options) =>
        {
            var id = community ?? options.Value.Default?.Communities.FirstOrDefault();
            if (id is not { } c) return Results.NotFound();
            try
            {
                return Results.Redirect(signIn.Start(c, scope == "userinfo"));
            }
            catch (Gongzhi.Web.Platform.NotFound)
            {
                return Results.NotFound();
            }
        });
        app.MapGet("/wechat/jssdk", JsSdkAsync);
        return app;
    }

    // wx.config for one page: GET /wechat/jssdk?url=<the page's address>[&community=ID]. The url must
    // be on this site (WeChat checks the domain too; refusing here keeps us from signing for others).
    private static async Task<Results<Ok<JsSdkConfig>, ProblemHttpResult, Microsoft.AspNetCore.Http.HttpResults.NotFound>> JsSdkAsync(
        string? url, long? community, HttpContext http, WeChatTokens tokens, IOptions<WeChatOptions> options, TimeProvider clock,
        Microsoft.Extensions.Localization.IStringLocalizer text, CancellationToken ct)
    {
        var account = community is { } c ? options.Value.ForCommunity(c) : options.Value.Default;
        if (account is null) return TypedResults.NotFound();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var page) || page.Scheme is not ("http" or "https")
            || !string.Equals(page.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: 400, detail: text["WeChat.Error.BadUrl"]);
        string ticket;
        try
        {
            ticket = await tokens.JsApiTicketAsync(account, ct);
        }
        catch (Exception e) when (e is HttpRequestException or WeChatApiException or System.Text.Json.JsonException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: 503, title: text["WeChat.Error.Unreachable"]);
        }
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var nonce = WeChatJsSdk.NewNonce();
        return TypedResults.Ok(new JsSdkConfig(account.AppId, timestamp, nonce, WeChatJsSdk.Signature(ticket, nonce, timestamp, url!)));
    }
}
