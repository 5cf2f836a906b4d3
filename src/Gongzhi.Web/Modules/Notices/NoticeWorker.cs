namespace Gongzhi.Web.Modules.Notices;

// Publishes scheduled notices when their time comes. Safe on every instance at once: publishing
// is won by one Version token.
public sealed class NoticeWorker(IServiceScopeFactory scopes, IConfiguration config, ILogger<NoticeWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = config.GetValue("Notices:WorkerSeconds", 10);
        if (seconds <= 0) return; // tests run the passes themselves, with the instant they choose
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<NoticePublisher>().PublishDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Notice worker pass failed; will retry");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
