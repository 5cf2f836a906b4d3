namespace Gongzhi.Web.Modules.Deliberation;

public static class DeliberationModule
{
    public static IServiceCollection AddDeliberation(this IServiceCollection services)
    {
        services.AddSingleton<BallotGate>();
        services.AddScoped<DeliberationAccess>();
        services.AddScoped<TopicNotifier>();
        services.AddScoped<TopicCommands>();
        services.AddScoped<ConsultationCommands>();
        services.AddScoped<MeetingCommands>();
        services.AddScoped<VoteCommands>();
        services.AddScoped<TopicQueries>();
        return services;
    }
}
