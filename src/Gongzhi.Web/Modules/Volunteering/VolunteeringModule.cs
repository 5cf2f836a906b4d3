using Microsoft.Extensions.Localization;
using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Data;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Modules;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;

namespace Gongzhi.Web.Modules.Volunteering;

public static class VolunteeringModule
{
    internal static bool Volunteers(CurrentUser u) => u.IsInRole(Roles.Resident) || u.Can(Capability.ManageVolunteering);
    // The verify box belongs to a merchant's own account: an administrator holds the capability
    // but has no shop, and the page would answer 404.
    internal static bool Verifies(CurrentUser u) => u.IsInRole(Roles.Merchant) && u.Can(Capability.VerifyMerchantCodes);
    internal static bool Manages(CurrentUser u) => u.Can(Capability.ManageVolunteering);
    internal static bool Approves(CurrentUser u) => u.Can(Capability.ApprovePoints);

    public static WebApplicationBuilder AddVolunteering(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<Gongzhi.Web.Platform.Privacy.IPersonalDataEraser, VolunteeringEraser>();
        services.AddVolunteeringServices();
        services.AddGrant(Capability.ManageVolunteering, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddGrant(Capability.ApprovePoints, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddGrant(Capability.VerifyMerchantCodes, Roles.Merchant);
        services.AddNav(
            new NavEntry("/volunteer", "Volunteering.Nav.Volunteer", Volunteers, 160, "nav-volunteer", Icon: "bi-hand-thumbs-up"),
            new NavEntry("/points/merchant", "Volunteering.Nav.Merchant", Verifies, 170, "nav-merchant", Icon: "bi-qr-code-scan"),
            new NavEntry("/volunteer/teams", "Volunteering.Teams.Title", Manages, 161, "nav-teams", Icon: "bi-people-fill"),
            new NavEntry("/points/rewards", "Volunteering.Rewards.Title", Manages, 162, "nav-rewards", Icon: "bi-gift"),
            new NavEntry("/points/rules", "Volunteering.Rules.Title", Approves, 163, "nav-rules", Icon: "bi-list-check"),
            new NavEntry("/points/settlement", "Volunteering.Settlement.Title", Approves, 164, "nav-settlement", Icon: "bi-cash-coin"),
            new NavEntry("/points/merchant/offers", "Volunteering.MerchantOffers.Title", Verifies, 171, "nav-merchant-offers", Icon: "bi-tags"));
        services.AddHomeTiles(
            new HomeTile("/volunteer", "Volunteering.Home.Title", "Volunteering.Home.Tile", Volunteers, 30, "home-volunteer"),
            new HomeTile("/points/merchant", "Volunteering.Merchant.Title", "Volunteering.Merchant.Tile", Verifies, 40, "home-merchant", Urgent: true));
        services.AddDefaults((sp, ct) => VolunteeringDefaults.EnsureAsync(sp.GetRequiredService<GongzhiDb>(),
            sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct));
        services.AddScoped<VolunteeringDemo>();
        services.AddDemoData(20, (sp, _, ct) => sp.GetRequiredService<VolunteeringDemo>().GenerateAsync(ct));
        // 导出 the volunteers, the confirmed service hours and the points ledger (Platform/Export).
        services.AddScoped<VolunteeringExports>();
        services.AddExport("volunteers", async (http, ct) =>
        {
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var name = http.Request.Query.Text("name");
            var rows = await http.RequestServices.GetRequiredService<VolunteeringQueries>().VolunteersAsync(name, ct);
            return ExportRows.Of(rows, text["Export.File.Volunteers"], ExportParts.Describe(("name", name)), text,
                ("Name", r => r.Name), ("Skills", r => r.Skills), ("Balance", r => r.Balance));
        });
        services.AddExport("volunteer-hours", (http, ct) => http.RequestServices.GetRequiredService<VolunteeringExports>().HoursAsync(
            http.Request.Query.Date("from"), http.Request.Query.Date("to"), http.RequestServices.GetRequiredService<IStringLocalizer>(), ct));
        services.AddExport("merchants", async (http, ct) =>
        {
            var q = http.Request.Query;
            var text = http.RequestServices.GetRequiredService<IStringLocalizer>();
            var rows = await http.RequestServices.GetRequiredService<Merchants.MerchantCommands>().SettlementsAsync(q.Long("communityId"), q.Text("month"), ct);
            return ExportRows.Of(rows, text["Export.File.Merchants"], ExportParts.Describe(("communityId", q.Long("communityId")), ("month", q.Text("month"))), text,
                ("No", r => r.MerchantId), ("Volunteering.Settlement.Merchant", r => r.Merchant), ("Volunteering.Settlement.Month", r => r.Month),
                ("Volunteering.Settlement.Redemptions", r => r.Redemptions), ("Amount", r => r.Points), ("Volunteering.Settlement.Settled", r => r.Settled));
        });
        services.AddExport("points-ledger", (http, ct) => http.RequestServices.GetRequiredService<VolunteeringExports>().LedgerAsync(
            http.Request.Query.Date("from"), http.Request.Query.Date("to"), http.RequestServices.GetRequiredService<IStringLocalizer>(), ct));
        return builder;
    }

    public static WebApplication MapVolunteering(this WebApplication app)
    {
        app.MapApi().MapVolunteeringApi();
        app.MapGet("/points/rewards/{id:long}/cover", async (long id, HttpContext http, Shop.ShopCommands shop, Requests.Photos.PhotoStore photos, CancellationToken ct) =>
        {
            try
            {
                var reward = await shop.VisibleRewardAsync(id, ct);
                return Requests.Photos.CoverPictures.Serve(http, photos, reward.CoverName, reward.CoverType);
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

    private static IServiceCollection AddVolunteeringServices(this IServiceCollection services)
    {
        services.AddScoped<VolunteeringAccess>();
        services.AddScoped<PointsLedger>();
        services.AddScoped<ServiceCredit>();
        services.AddScoped<PointsCommands>();
        services.AddScoped<PointsExpiry>();
        services.AddScoped<VolunteerCommands>();
        services.AddScoped<ShiftCommands>();
        services.AddScoped<ShopCommands>();
        services.AddScoped<MerchantCommands>();
        services.AddScoped<HonourCommands>();
        services.AddScoped<VolunteeringQueries>();
        return services;
    }
}
