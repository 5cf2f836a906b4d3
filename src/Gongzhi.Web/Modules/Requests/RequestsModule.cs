using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Requests.Escalation;
using Gongzhi.Web.Modules.Requests.Intake;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Modules.Requests.Search;
using Gongzhi.Web.Modules.Requests.Work;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Requests;

public static class RequestsModule
{
    public static IServiceCollection AddRequests(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton<WorkCalendar>();
        services.AddSingleton<PhotoStore>();
        services.AddScoped<CaseAccess>();
        services.AddScoped<CaseRouting>();
        services.AddScoped<SubmitCase>();
        services.AddScoped<CaseCommands>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<SearchCases>();
        services.AddScoped<EscalationSweep>();
        services.AddHostedService<EscalationWorker>();
        services.AddScoped<Inbox>();
        services.AddScoped<OutboxDispatch>();
        services.AddHostedService<OutboxWorker>();
        services.AddSingleton<IOutboundSender>(sp => new FileOutboundSender(Path.Combine(dataDirectory, "outbox"), sp.GetRequiredService<ILogger<FileOutboundSender>>()));
        return services;
    }
}
