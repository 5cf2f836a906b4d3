using Microsoft.Extensions.Localization;
using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Modules.Deliberation;

public static class DeliberationModule
{
    internal static bool Follows(CurrentUser u) => !u.IsInRole(Roles.Merchant);

    public static WebApplicationBuilder AddDeliberation(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<Gongzhi.Web.Platform.Privacy.IPersonalDataEraser, DeliberationEraser>();
        services.AddDeliberationServices();
        services.AddGrant(Capability.ManageDeliberation, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddGrant(Capability.RecordBallots, Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff);
        services.AddNav(new NavEntry("/topics", "Deliberation.Nav", Follows, 60, "nav-topics", Icon: "bi-chat-square-text"));
        services.AddHomeTiles(new HomeTile("/topics", "Deliberation.Nav", "Deliberation.Home.Tile", Follows, 90, "home-topics"));
        services.AddWorkSection<Pages.OverdueMilestones>(10);
        services.AddWebhookEvents(30, VoteCommands.VoteClosedEvent);
        services.AddOutboundKinds("topic.vote"); // a vote opening reaches the owners by SMS too
        services.AddScoped<DeliberationDemo>();
        services.AddDemoData(40, (sp, _, ct) => sp.GetRequiredService<DeliberationDemo>().GenerateAsync(ct));
        // 导出 the topics list (Platform/Export).
        services.AddExport("topics", async (http, ct) =>
        {
            var q = http.Request.Query;
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var rows = await http.RequestServices.GetRequiredService<TopicQueries>().ListAsync(q.Enum<TopicStatus>("status"), ct);
            return ExportRows.Of(rows, text["Deliberation.Topics.Title"], ExportParts.Describe(("status", q.Enum<TopicStatus>("status"))), text,
                ("No", r => r.Id), ("Title", r => r.Title), ("Stage", r => r.Status), ("Source", r => r.Source), ("Supporters", r => r.Supporters), ("Updated", r => r.UpdatedAt));
        });
        return builder;
    }

    public static WebApplication MapDeliberation(this WebApplication app)
    {
        app.MapApi().MapDeliberationApi();
        app.MapGet("/topics/{id:long}/cover", async (long id, HttpContext http, DeliberationAccess access, Requests.Photos.PhotoStore photos, CancellationToken ct) =>
        {
            try
            {
                var topic = await access.TopicAsync(id, ct);
                return Requests.Photos.CoverPictures.Serve(http, photos, topic.CoverName, topic.CoverType);
            }
            catch (DomainException)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
            AuthenticationSchemes = $"{Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme},{Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme}",
        });
        return app;
    }

    private static IServiceCollection AddDeliberationServices(this IServiceCollection services)
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
