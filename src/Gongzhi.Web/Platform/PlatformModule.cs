using Gongzhi.Web.Components;
using Gongzhi.Web.Data;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Localization;
using Gongzhi.Web.Platform.Modules;
using Gongzhi.Web.Platform.Notifications;
using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Platform.Webhooks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform;

// What every module stands on: data, accounts and capabilities, privacy, audit, texts, problems,
// notifications, pages and the demo seeder. Knows no module: modules register themselves.
public static class PlatformModule
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataDirectory = DataModule.DataDirectory(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        builder.AddData();
        services.AddPrivacy(builder.Configuration, dataDirectory);
        services.AddGongzhiLocalization();
        services.AddProblems();
        services.AddAccounts(dataDirectory, builder.Configuration);
        services.AddSingleton<CapabilityTable>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditQuery>();
        Export.ExportParts.AddExport(services, "audit", (http, _) => Task.FromResult(http.RequestServices.GetRequiredService<AuditQuery>()
            .ExportAll(http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer>())));
        services.AddScoped<AccountList>();
        services.AddScoped<AccountAdministration>();
        services.AddScoped<Inbox>();
        services.AddScoped<OutboxDispatch>();
        services.AddHostedService<OutboxWorker>();
        services.AddWebhooks();
        services.AddSingleton<IOutboundSender>(sp => new FileOutboundSender(Path.Combine(dataDirectory, "outbox"), sp.GetRequiredService<ILogger<FileOutboundSender>>()));
        services.AddAliyunSmsIfConfigured(builder.Configuration); // Sms:Provider=Aliyun replaces the file sender
        services.AddDemo();

        services.AddGrant(Capability.ManageAccounts);
        services.AddGrant(Capability.ViewAudit);
        services.AddGrant(Capability.SeeFullPhone, Roles.GridWorker, Roles.GridLeader, Roles.CommunityStaff, Roles.SubdistrictOfficial);
        services.AddNav(
            new NavEntry("/admin/accounts", "Layout.Accounts", u => u.Can(Capability.ManageAccounts), 110, Icon: "bi-person-gear"),
            new NavEntry("/admin/audit", "Layout.Audit", u => u.Can(Capability.ViewAudit), 150, Icon: "bi-journal-text"),
            new NavEntry("/admin/webhooks", "Webhooks.Nav", WebhooksApi.Manages, 140, "nav-webhooks", Icon: "bi-plug"));
        services.AddHomeTiles(
            new HomeTile("/admin/accounts", "Layout.Accounts", "Admin.Home.AccountsHint", u => u.Can(Capability.ManageAccounts), 100),
            new HomeTile("/admin/audit", "Layout.Audit", "Admin.Home.AuditHint", u => u.Can(Capability.ViewAudit), 110),
            new HomeTile("/admin/webhooks", "Webhooks.Nav", "Webhooks.Tile", WebhooksApi.Manages, 120, "home-webhooks"));

        services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true);
        services.AddRazorComponents();
        // Pages are mostly Chinese: write it as UTF-8 text rather than a numeric entity per character
        // (three bytes instead of eight each). Markup-significant characters are still encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // Session cookies and bearer tokens survive a restart; several instances share this folder (or configure a shared one).
        services.AddDataProtection().SetApplicationName("Gongzhi")
            .PersistKeysToFileSystem(new DirectoryInfo(builder.Configuration["DataProtection:KeysDirectory"] ?? Path.Combine(dataDirectory, "keys")));
        services.AddAntiforgery();
        services.AddSecurityHeaders();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new ApiTimeConverter()));
        return builder;
    }

    // Migrates, seeds, and sets up the request pipeline; modules map their endpoints after this.
    public static async Task UsePlatformAsync(this WebApplication app)
    {
        await app.MigrateAsync();
        await app.SeedAsync();

        // First: behind the reverse proxy the client's address and scheme are the forwarded ones (loopback
        // proxies only), which the rate limits and Secure cookies need; then the headers every response carries.
        app.UseSecurityHeaders();
        // Culture first, so error pages and problem details speak the caller's language.
        app.UseRequestLocalization();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorPage.WriteAsync });
        // API callers get problem details for bare status codes (401, 404 of unknown routes…); people get a page.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApi().MapAccountsApi();
        app.MapApi().MapWebhooksApi();
        app.MapPageEndpoints();
        Export.ExportEndpoints.MapExports(app);
    }

    // The JSON API for other systems: /api/v1, bearer tokens only. Each module maps its own routes on it.
    public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1").RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = IdentityConstants.BearerScheme })
            // Any operation can meet bad input, a missing token or a role that may not do it.
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden)
            .AddEndpointFilter<Problems.DateRangeFilter>();

    // Last: every page of every module (found by the router in this assembly).
    public static void MapPages(this WebApplication app) => app.MapRazorComponents<App>();
}
