using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Web.Data;

// A city runs a streaming-replication hot standby beside the primary. Reads that may be a moment
// old — dashboards, Open311 GET, search, the Insight ledgers (台账 .xlsx) — go there when Database:ReadOnlyConnectionString
// is set, so they do not compete with intake for the primary. With no replica configured (SQLite,
// a single PostgreSQL) every read uses the primary, as before.
//
// What a person just changed is read from the primary: a successful POST/PUT/PATCH/DELETE sets a
// short cookie (Database:FreshReadSeconds, default 5 s, well above a healthy standby's lag), and
// every request carrying it, and every request that is not a GET or HEAD, reads the primary. The
// cookie travels with the browser, so it holds whichever instance behind the balancer answers next.
//
// The standby being down is Npgsql's job: the documented connection string lists the standby and
// then the primary with `Target Session Attributes=prefer-standby`, so a refused standby falls back
// to the primary (docs/deploy.md).
public sealed class ReadReplica
{
    public const string FreshCookie = "gz-fresh";

    public ReadReplica(IConfiguration config, DatabaseProvider provider)
    {
        var connection = config["Database:ReadOnlyConnectionString"];
        FreshSeconds = int.TryParse(config["Database:FreshReadSeconds"], out var s) && s >= 0 ? s : 5;
        if (provider != DatabaseProvider.Postgres || string.IsNullOrWhiteSpace(connection)) return;
        Options = new DbContextOptionsBuilder<GongzhiDb>()
            .UseNpgsql(connection)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options;
    }

    public DbContextOptions<GongzhiDb>? Options { get; }
    public bool Configured => Options is not null;
    public int FreshSeconds { get; }

    // Whether this request may read a moment-old copy.
    public bool MayUse(HttpContext? http) =>
        Configured && http is not null
        && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        && !http.Request.Cookies.ContainsKey(FreshCookie);
}

// The context for reads that may be a moment old: the replica when this request may use it, else the
// request's own primary context. Take `Context` once per handler; never write through it.
public sealed class ReadDb(GongzhiDb primary, ReadReplica replica, IHttpContextAccessor http) : IAsyncDisposable
{
    private GongzhiDb? _replica;

    public bool FromReplica { get; } = replica.MayUse(http.HttpContext);

    public GongzhiDb Context => FromReplica ? _replica ??= new GongzhiDb(replica.Options!) : primary;

    public ValueTask DisposeAsync() => _replica?.DisposeAsync() ?? ValueTask.CompletedTask;
}

internal sealed class FreshReadsStartup(ReadReplica replica) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (replica.Configured)
        {
            app.Use((context, nextMiddleware) =>
            {
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
                {
                    context.Response.OnStarting(() =>
                    {
                        if (context.Response.StatusCode < 400 && replica.FreshSeconds > 0)
                            context.Response.Cookies.Append(ReadReplica.FreshCookie, "1", new CookieOptions
                            {
                                MaxAge = TimeSpan.FromSeconds(replica.FreshSeconds), HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", IsEssential = true,
                            });
                        return Task.CompletedTask;
                    });
                }
                return nextMiddleware(context);
            });
        }
        next(app);
    };
}
