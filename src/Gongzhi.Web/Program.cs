using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Administration;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Insight;
using Gongzhi.Web.Modules.Projects;
using Gongzhi.Web.Modules.Notices;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Modules.WeChat;
using Gongzhi.Web.Platform;

// The table of contents: the platform, then one Add and one Map line per module.
var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
builder.AddRegistry();
builder.AddRequests();
builder.AddVolunteering();
builder.AddActivities();
builder.AddDeliberation();
builder.AddProjects();
builder.AddNotices();
builder.AddCare();
builder.AddAdministration();
builder.AddParty();
builder.AddWeChat();
builder.AddInsight();

var app = builder.Build();
await app.UsePlatformAsync();
app.MapRegistry();
app.MapRequests();
app.MapVolunteering();
app.MapActivities();
app.MapDeliberation();
app.MapProjects();
app.MapNotices();
app.MapCare();
app.MapAdministration();
app.MapParty();
app.MapWeChat();
app.MapInsight();
app.MapPages();

app.Run();

public partial class Program;
