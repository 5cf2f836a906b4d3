using Gongzhi.Web.Demo;
using Gongzhi.Web.Modules.Registry.Board;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Modules.Party;

public static class PartyModule
{
    // Staff see the party work of their communities; every signed-in resident may report in (双报到)
    // or manage their own badge.
    internal static bool Works(CurrentUser u) => u.Can(Capability.ManageParty) || u.Can(Capability.ViewPartyMembers);
    internal static bool Takes(CurrentUser u) => u.IsInRole(Roles.Resident) || Works(u);

    public static WebApplicationBuilder AddParty(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<Gongzhi.Web.Platform.Privacy.IPersonalDataEraser, PartyEraser>();
        services.AddScoped<PartyAccess>();
        services.AddScoped<OrganisationCommands>();
        services.AddScoped<MemberCommands>();
        services.AddScoped<AllianceCommands>();
        services.AddScoped<PartyQueries>();
        services.AddScoped<ServiceFigures>();
        services.AddScoped<UnitStatement>();
        services.AddScoped<PartyActivities>();
        services.AddScoped<IBoardBadges, PartyBadges>();
        services.AddGrant(Capability.ManageParty, Roles.CommunityStaff);
        services.AddGrant(Capability.ViewPartyMembers, Roles.CommunityStaff);
        services.AddNav(new NavEntry("/party", "Party.Nav", Takes, 65, "nav-party", Icon: "bi-flag"));
        services.AddHomeTiles(new HomeTile("/party", "Party.Nav", "Party.Home.Hint", Takes, 95, "home-party"));
        services.AddDemoData(80, (sp, demo, ct) => PartyDemo.SeedAsync(sp.GetRequiredService<Data.GongzhiDb>(), demo.Now, ct));
        return builder;
    }

    public static WebApplication MapParty(this WebApplication app)
    {
        app.MapApi().MapPartyApi();
        return app;
    }
}
