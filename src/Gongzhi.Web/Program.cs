using Gongzhi.Web.Components;
using Gongzhi.Web.Data;
using Gongzhi.Web.Demo;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Open311;
using Gongzhi.Web.Modules.Requests.Admin;
using Gongzhi.Web.Modules.Requests.Metrics;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Localization;
using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

var builder = WebApplication.CreateBuilder(args);
var dataDirectory = DataModule.DataDirectory(builder.Configuration);

builder.Services.AddSingleton(TimeProvider.System);
builder.AddData();
builder.Services.AddPrivacy(builder.Configuration, dataDirectory);
builder.Services.AddGongzhiLocalization();
builder.Services.AddProblems();
builder.Services.AddAccounts(dataDirectory);
builder.Services.AddScoped<AuditLog>();
builder.Services.AddScoped<AuditQuery>();
builder.Services.AddScoped<AccountList>();
builder.Services.AddRegistry();
builder.Services.AddRequests(dataDirectory);
builder.Services.AddOpen311();
builder.Services.AddCaseMetrics();
builder.Services.AddRequestsAdmin();
builder.Services.AddVolunteering();
builder.Services.AddActivities();
builder.Services.AddDeliberation();
builder.Services.AddDemo();
builder.Services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true);
builder.Services.AddRazorComponents();
// Pages are mostly Chinese: write it as UTF-8 text rather than a numeric entity per character
// (three bytes instead of eight each). Markup-significant characters are still encoded.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
// Session cookies and bearer tokens survive a restart; several instances share this folder (or configure a shared one).
builder.Services.AddDataProtection().SetApplicationName("Gongzhi")
    .PersistKeysToFileSystem(new DirectoryInfo(builder.Configuration["DataProtection:KeysDirectory"] ?? Path.Combine(dataDirectory, "keys")));
builder.Services.AddAntiforgery();

var app = builder.Build();

await app.MigrateAsync();
await app.SeedAsync();

// Culture first, so error pages and problem details speak the caller's language.
app.UseRequestLocalization();
app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorPage.WriteAsync });
// API callers get problem details for bare status codes (401, 404 of unknown routes…); people get a page.
app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePages());
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePagesWithReExecute("/not-found"));
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/healthz");
app.MapOpenApi("/openapi/{documentName}.json");
var api = app.MapGroup("/api/v1").RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = IdentityConstants.BearerScheme });
api.MapAccountsApi();
api.MapRegistryApi();
api.MapRequestsApi();
api.MapCaseMetricsApi();
api.MapRequestsAdminApi();
api.MapVolunteeringApi();
api.MapActivitiesApi();
api.MapDeliberationApi();
app.MapPageEndpoints();
app.MapRegistryPageEndpoints();
app.MapRequestsPageEndpoints();
app.MapOpen311();
app.MapActivitiesFeeds();
app.MapRazorComponents<App>();

app.Run();

public partial class Program;
