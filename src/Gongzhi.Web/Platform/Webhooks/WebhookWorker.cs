using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Platform.Webhooks;

// Sends due webhook deliveries. Safe on every instance at once: each delivery is won by one claim.
public sealed class WebhookWorker(IServiceScopeFactory scopes, IConfiguration config, TimeProvider clock, ILogger<WebhookWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = config.GetValue("Webhooks:WorkerSeconds", 10);
        if (seconds <= 0) return; // tests run the passes themselves, with the instant they choose
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WebhookDispatch>().RunAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Webhook pass failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class WebhooksRegistration
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookEventNames>();
        services.AddScoped<IWebhookEvents, WebhookEvents>();
        services.AddScoped<WebhookCommands>();
        services.AddScoped<WebhookDispatch>();
        services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<WebhookWorker>();
        services.AddGrant(Capability.ManageWebhooks);
        return services;
    }
}
