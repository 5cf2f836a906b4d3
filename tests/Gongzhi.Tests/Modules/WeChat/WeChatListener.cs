using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Gongzhi.Tests.Modules.WeChat;

// WeChat's web-authorization server as its documentation describes it, on a local port:
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html
// GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code answers 200 with
// {"access_token","expires_in":7200,"refresh_token","openid","scope","is_snapshotuser","unionid"}
// or an error object {"errcode":40029,"errmsg":"invalid code"}; a code works once (40163 "code been used").
// Global return codes: https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html
// GET /cgi-bin/token?grant_type=client_credential&appid&secret → {"access_token","expires_in":7200}
// (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html); a new token
// retires the old one, and an old token is answered 40001 "invalid credential".
// GET /cgi-bin/ticket/getticket?access_token&type=jsapi → {"errcode":0,"errmsg":"ok","ticket","expires_in":7200}
// (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html, 附录1).
// POST /cgi-bin/message/template/send?access_token → {"errcode":0,"errmsg":"ok","msgid"}; body
// {"touser","template_id","url","data":{"key":{"value"}}}; 43004 "require subscribe" for a person who unfollowed
// (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html).
// GET /cgi-bin/media/get?access_token&media_id → the file itself with its Content-Type and
// Content-disposition: attachment; filename="…", or {"errcode":40007,"errmsg":"invalid media_id"}
// (https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html).
// GET /sns/userinfo?access_token&openid&lang=zh_CN (web authorization, 第四步：拉取用户信息) →
// {"openid","nickname","sex","province","city","country","headimgurl","privilege":[],"unionid"}; only a
// token from a snsapi_userinfo authorization works, otherwise 48001 "api unauthorized".
// GET /connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope&state (第一步) → after the person
// agrees, WeChat sends the browser to redirect_uri?code=CODE&state=STATE; here as a 302 for AuthorizeAs.
public sealed class WeChatListener : IDisposable
{
    public const string AppId = "wx520c15f417810387";
    public const string Secret = "c3b8f6d0e4a5b2c1d7e9f0a1b2c3d4e5";

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (string OpenId, bool Used)> _codes = new();
    private readonly ConcurrentDictionary<string, bool> _userInfoCodes = new();
    private readonly ConcurrentDictionary<string, string> _userInfoTokens = new();
    public ConcurrentDictionary<string, (byte[] Bytes, string ContentType)> Media { get; } = new();
    public ConcurrentQueue<string> MediaRequests { get; } = new();
    public ConcurrentQueue<string> TemplateAttempts { get; } = new();
    public ConcurrentDictionary<string, int> Refuse { get; } = new();
    public ConcurrentDictionary<string, string> Nicknames { get; } = new();
    public ConcurrentQueue<string> UserInfoRequests { get; } = new();
    // The person in front of the authorize page (the browser test's WeChat user).
    public string? AuthorizeAs { get; set; }
    public ConcurrentQueue<(string Code, int ErrCode)> Exchanges { get; } = new();
    public string Base { get; }
    private string? _token;
    private int _tokens;
    public int TokensIssued => _tokens;
    private int _tickets;
    public int TicketsIssued => _tickets;
    public ConcurrentQueue<JsonElement> Templates { get; } = new();
    public ConcurrentDictionary<string, bool> Unsubscribed { get; } = new();
    public const string Ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";

    // What happens when another server fetches a token for the same account: ours stops working.
    public void RetireToken() => _token = "retired-" + Guid.NewGuid().ToString("N");

    public WeChatListener()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Base = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
            probe.Stop();
        }
        _listener.Prefixes.Add(Base);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    // What WeChat does when the person passes the authorize page: a fresh code for their openid.
    public string Issue(string openId, bool userInfo = false)
    {
        var code = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant()[..32];
        _codes[code] = (openId, false);
        if (userInfo) _userInfoCodes[code] = true;
        return code;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var q = context.Request.QueryString;
            var path = context.Request.Url!.AbsolutePath;
            if (path == "/connect/oauth2/authorize" && Authorize(context, q)) continue;
            if (path == "/cgi-bin/media/get" && context.Request.HttpMethod == "GET" && await MediaAsync(context, q["access_token"], q["media_id"])) continue;
            object answer = path switch
            {
                "/cgi-bin/media/get" => q["access_token"] is not { } t || t != _token
                    ? new { errcode = 40001, errmsg = "invalid credential" } : new { errcode = 40007, errmsg = "invalid media_id" },
                "/sns/userinfo" when context.Request.HttpMethod == "GET" => UserInfo(q["access_token"], q["openid"], q["lang"]),
                "/sns/oauth2/access_token" when context.Request.HttpMethod == "GET" => Exchange(q["appid"], q["secret"], q["code"], q["grant_type"]),
                "/cgi-bin/token" when context.Request.HttpMethod == "GET" => Token(q["appid"], q["secret"], q["grant_type"]),
                "/cgi-bin/ticket/getticket" when context.Request.HttpMethod == "GET" => q["access_token"] != _token || _token is null
                    ? new { errcode = 40001, errmsg = "invalid credential" }
                    : q["type"] != "jsapi" ? new { errcode = 40097, errmsg = "invalid args" }
                    : Issued(new { errcode = 0, errmsg = "ok", ticket = Ticket, expires_in = 7200 }),
                "/cgi-bin/message/template/send" when context.Request.HttpMethod == "POST" =>
                    Template(q["access_token"], await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.InputStream)),
                _ => new { errcode = 40066, errmsg = "invalid url" },
            };
            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(answer));
            context.Response.StatusCode = 200; // WeChat reports errors in the body, always with 200
            context.Response.ContentType = "application/json; encoding=utf-8";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private bool Authorize(HttpListenerContext context, System.Collections.Specialized.NameValueCollection q)
    {
        if (q["appid"] != AppId || q["response_type"] != "code" || q["scope"] is not ("snsapi_base" or "snsapi_userinfo")
            || !Uri.TryCreate(q["redirect_uri"], UriKind.Absolute, out var back) || AuthorizeAs is null)
            return false; // WeChat shows its own error page; the generic error answer below plays it
        var code = Issue(AuthorizeAs, q["scope"] == "snsapi_userinfo");
        context.Response.StatusCode = 302;
        context.Response.RedirectLocation = $"{back}{(back.Query.Length > 0 ? "&" : "?")}code={code}&state={Uri.EscapeDataString(q["state"] ?? "")}";
        context.Response.Close();
        return true;
    }

    private async Task<bool> MediaAsync(HttpListenerContext context, string? token, string? mediaId)
    {
        MediaRequests.Enqueue(mediaId ?? "");
        if (token is null || token != _token || mediaId is null || !Media.TryGetValue(mediaId, out var media)) return false; // JSON error below
        context.Response.StatusCode = 200;
        context.Response.ContentType = media.ContentType;
        context.Response.AddHeader("Content-disposition", $"attachment; filename=\"{mediaId}.jpg\"");
        await context.Response.OutputStream.WriteAsync(media.Bytes);
        context.Response.Close();
        return true;
    }

    private object UserInfo(string? token, string? openId, string? lang)
    {
        UserInfoRequests.Enqueue($"{token}|{openId}|{lang}");
        if (token is null || !_userInfoTokens.TryGetValue(token, out var owner)) return new { errcode = 48001, errmsg = "api unauthorized" };
        if (openId != owner) return new { errcode = 40003, errmsg = "invalid openid" };
        return new
        {
            openid = owner, nickname = Nicknames.GetValueOrDefault(owner, "微信用户"), sex = 0, province = "广东", city = "广州", country = "中国",
            headimgurl = "https://thirdwx.qlogo.cn/mmopen/g3MonUZtNHkdmzicIlibx6iaFqAc56vxLSUfpb6n5WKSYVY0ChQKkiaJSgQ1dZuTOgvLLrhJbERQQ4eMsv84eavHiaiceqxibJxCfHe/46",
            privilege = Array.Empty<string>(), unionid = "o6_bmasdasdsad6_2sgVt7hMZOPfL" + owner[^2..],
        };
    }

    private object Issued(object ticket)
    {
        Interlocked.Increment(ref _tickets);
        return ticket;
    }

    private object Token(string? appId, string? secret, string? grantType)
    {
        if (grantType != "client_credential") return new { errcode = 40002, errmsg = "invalid grant_type" };
        if (appId != AppId) return new { errcode = 40013, errmsg = "invalid appid" };
        if (secret != Secret) return new { errcode = 40125, errmsg = "invalid appsecret" };
        _token = "TOKEN_" + Interlocked.Increment(ref _tokens);
        return new { access_token = _token, expires_in = 7200 };
    }

    private object Template(string? token, JsonElement body)
    {
        if (token is null || token != _token) return new { errcode = 40001, errmsg = "invalid credential, access_token is invalid or not latest" };
        if (!body.TryGetProperty("touser", out var to) || !body.TryGetProperty("template_id", out var id) || id.GetString() is not { Length: > 0 }
            || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            return new { errcode = 47001, errmsg = "data format error" };
        foreach (var field in data.EnumerateObject())
            if (!field.Value.TryGetProperty("value", out _)) return new { errcode = 47001, errmsg = "data format error" };
        TemplateAttempts.Enqueue(to.GetString() ?? "");
        if (Unsubscribed.ContainsKey(to.GetString() ?? "")) return new { errcode = 43004, errmsg = "require subscribe" };
        if (Refuse.TryGetValue(to.GetString() ?? "", out var refused)) return new { errcode = refused, errmsg = "refused" };
        Templates.Enqueue(body);
        return new { errcode = 0, errmsg = "ok", msgid = 200228332L + Templates.Count };
    }

    private object Exchange(string? appId, string? secret, string? code, string? grantType)
    {
        object Error(int errcode, string errmsg)
        {
            Exchanges.Enqueue((code ?? "", errcode));
            return new { errcode, errmsg };
        }
        if (appId != AppId) return Error(40013, "invalid appid");
        if (secret != Secret) return Error(40125, "invalid appsecret");
        if (grantType != "authorization_code") return Error(40002, "invalid grant_type");
        if (code is null || !_codes.TryGetValue(code, out var entry)) return Error(40029, "invalid code");
        if (entry.Used || !_codes.TryUpdate(code, (entry.OpenId, true), entry)) return Error(40163, "code been used");
        Exchanges.Enqueue((code, 0));
        var userInfo = _userInfoCodes.ContainsKey(code);
        if (userInfo) _userInfoTokens["ACCESS_TOKEN_" + code] = entry.OpenId;
        return new
        {
            access_token = "ACCESS_TOKEN_" + code, expires_in = 7200, refresh_token = "REFRESH_TOKEN_" + code, openid = entry.OpenId,
            scope = userInfo ? "snsapi_userinfo" : "snsapi_base", is_snapshotuser = 0, unionid = "o6_bmasdasdsad6_2sgVt7hMZOPfL" + entry.OpenId[^2..],
        };
    }

    public void Dispose() => _listener.Close();
}

// An app whose Official Account settings point at its own listener; community 1 (the first demo community) uses it.
public abstract class WeChatApp : GongzhiApp
{
    public const string TemplateId = "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY";
    public WeChatListener WeChat { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        UseListener(builder, WeChat);
    }

    public static void UseListener(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder, WeChatListener listener)
    {
        builder.UseSetting("WeChat:ApiBase", listener.Base);
        builder.UseSetting("WeChat:OpenBase", listener.Base);
        builder.UseSetting("WeChat:Accounts:0:AppId", WeChatListener.AppId);
        builder.UseSetting("WeChat:Accounts:0:Secret", WeChatListener.Secret);
        builder.UseSetting("WeChat:Accounts:0:Communities:0", "1");
        builder.UseSetting("WeChat:Accounts:0:Templates:case.resolved:Id", TemplateId);
        builder.UseSetting("WeChat:Accounts:0:Templates:case.resolved:Field", "first");
        builder.UseSetting("WeChat:PublicBase", "https://gz.example.cn");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        WeChat.Dispose();
    }
}

// A second instance of a WeChat app on the same database and the same WeChat listener (two servers
// behind a load balancer serving one Official Account), with its own data folder and its own memory.
public sealed class WeChatSecondHost(WeChatApp first) : GongzhiApp
{
    public override Gongzhi.Web.Data.DatabaseProvider Provider => first.Provider;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        ConnectionString = first.ConnectionString;
        base.ConfigureWebHost(builder);
        WeChatApp.UseListener(builder, first.WeChat);
    }
}

public sealed class WeChatSqliteApp : WeChatApp
{
    public WeChatSqliteApp() => ConnectionString = $"Data Source={Path.Combine(DataDirectory, "gongzhi.db")}";
    public override Gongzhi.Web.Data.DatabaseProvider Provider => Gongzhi.Web.Data.DatabaseProvider.Sqlite;
    public override Task InitializeAsync() => DemoCopies.StartAsync(this, null);
}

public sealed class WeChatPostgresApp : WeChatApp
{
    private readonly string _database = "gz_" + Guid.NewGuid().ToString("N")[..12];

    public WeChatPostgresApp() => ConnectionString = PostgresServer.ConnectionStringFor(_database);
    public override Gongzhi.Web.Data.DatabaseProvider Provider => Gongzhi.Web.Data.DatabaseProvider.Postgres;

    public override Task InitializeAsync() => DemoCopies.StartAsync(this, _database);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_database);
    }
}
