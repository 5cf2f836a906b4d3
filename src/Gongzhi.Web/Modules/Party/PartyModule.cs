using Microsoft.Extensions.Localization;
using Gongzhi.Web.Platform.Export;
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
        // 导出 the members list (names as the caller may see them; unmasked views audited by the query) and the year's
        // party activities (Platform/Export).
        services.AddExport("party-members", async (http, ct) =>
        {
            var q = http.Request.Query;
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var community = q.Long("communityId") ?? (long.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id) ? id : throw new NotFound());
            var rows = await http.RequestServices.GetRequiredService<PartyQueries>().MembersAsync(community, q.Long("gridId"), q.Enum<MemberKind>("kind"), null, ct);
            return ExportRows.Of(rows, text["Export.File.PartyMembers"], ExportParts.Describe(("communityId", community), ("gridId", q.Long("gridId")), ("kind", q.Enum<MemberKind>("kind"))), text,
                ("Name", r => r.Name), ("Kind2", r => r.Kind), ("Grid", r => r.Grid), ("Branch", r => r.Organisation), ("Unit", r => r.Unit),
                ("Joined", r => r.JoinedOn), ("Reported", r => r.ReportedOn));
        });
        services.AddExport("party-activities", async (http, ct) =>
        {
            var q = http.Request.Query;
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var community = q.Long("communityId") ?? (long.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id) ? id : throw new NotFound());
            var year = (int?)q.Long("year");
            var rows = await http.RequestServices.GetRequiredService<PartyActivities>().ListAsync(community, year, ct);
            return ExportRows.Of(rows, text["Party.Activities.Title"], ExportParts.Describe(("communityId", community), ("year", year)), text,
                ("Title", r => r.Title), ("Kind2", r => r.Kind), ("Starts", r => r.StartsAt), ("Branch", r => r.Organisation), ("Attendance", r => r.Attended), ("Members", r => r.Members));
        });
        return builder;
    }

    public static WebApplication MapParty(this WebApplication app)
    {
        app.MapApi().MapPartyApi();
        return app;
    }
}
