namespace Gongzhi.Web.Modules.WeChat;

public static class WeChatModule
{
    public static WebApplicationBuilder AddWeChat(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WeChatOptions>(builder.Configuration.GetSection("WeChat"));
        builder.Services.AddHttpClient<WeChatOAuth>(c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddScoped<WeChatSignIn>();
        return builder;
    }

    public static WebApplication MapWeChat(this WebApplication app)
    {
        // The button's target: a redirect to WeChat's authorize page (the menu URL may point here directly).
        app.MapGet("/wechat/authorize", (long? community, string? scope, WeChatSignIn signIn) =>
        {
            if (community is not { } id) return Results.NotFound();
            try
            {
                return Results.Redirect(signIn.Start(id, scope == "userinfo"));
            }
            catch (NotFound)
            {
                return Results.NotFound();
            }
        });
        return app;
    }
}
