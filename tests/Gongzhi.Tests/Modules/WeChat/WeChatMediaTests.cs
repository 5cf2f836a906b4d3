using System.Net;
using Gongzhi.Web.Modules.WeChat;

namespace Gongzhi.Tests.Modules.WeChat;

// Photos taken with WeChat's camera (wx.chooseImage + wx.uploadImage on the phone): the case form
// posts the serverIds and the server fetches them from the listener's cgi-bin/media/get (see
// WeChatListener for the documentation page), through the same photo checks as a posted file.
public abstract class WeChatMediaTests(WeChatApp app)
{
    private const string UserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) NetType/WIFI Language/zh_CN";

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private async Task<(PageSession Session, long CategoryId)> ResidentAsync(bool inWeChat = true)
    {
        var facts = await DemoFacts.ForAsync(app);
        var session = await PageSession.LogInAsync(app, facts.ResidentUserName);
        if (inWeChat) session.Client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        await using var db = app.NewDb();
        var category = await db.CaseCategories.Where(c => c.Code == "street-light").Select(c => c.Id).SingleAsync();
        return (session, category);
    }

    private static Dictionary<string, string> Fields(long categoryId, string description, string media) => new()
    {
        ["Input.CategoryId"] = categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Description"] = description,
        ["Input.Token"] = Guid.NewGuid().ToString("N"),
        ["photos.media"] = media,
    };

    private async Task<int> CasesWithAsync(string marker)
    {
        await using var db = app.NewDb();
        return await db.Cases.CountAsync(c => c.Description.Contains(marker));
    }

    private int PhotoFiles()
    {
        var dir = Path.Combine(app.DataDirectory, "photos");
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length : 0;
    }

    private static string ServerId() => "Mzg3" + Guid.NewGuid().ToString("N") + "_wx";

    [Fact]
    public async Task The_form_offers_WeChats_camera_only_inside_WeChat_and_keeps_the_file_input_everywhere()
    {
        var (inside, _) = await ResidentAsync();
        var html = await inside.Client.GetStringAsync("/requests/new");
        html.ShouldContain("data-wx-photos=\"photos\"");
        html.ShouldContain("name=\"photos.media\"");
        html.ShouldContain("<script src=\"js/wechat.js\" defer></script>");
        html.ShouldContain("<script src=\"lib/weixin-js-sdk/index.js\" defer></script>");
        html.ShouldContain("id=\"photos\" name=\"photos\" type=\"file\"");
        // Every script is a file of this site (the CSP allows no inline script).
        System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=\"(js|lib|_framework)/)[^>]*>").Where(m => !m.Value.Contains("application/json")).ShouldBeEmpty();
        (await inside.Client.GetAsync("/lib/weixin-js-sdk/index.js")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await inside.Client.GetAsync("/js/wechat.js")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var (outside, _) = await ResidentAsync(inWeChat: false);
        var plain = await outside.Client.GetStringAsync("/requests/new");
        plain.ShouldNotContain("data-wx-photos");
        plain.ShouldNotContain("wechat.js");
        plain.ShouldContain("id=\"photos\" name=\"photos\" type=\"file\"");
    }

    [Fact]
    public async Task A_photo_taken_in_WeChat_is_fetched_with_media_get_and_kept_with_the_case()
    {
        var (session, category) = await ResidentAsync();
        var serverId = ServerId();
        app.WeChat.Media[serverId] = (Png, "image/jpeg"); // WeChat's Content-Type is not trusted: the bytes say PNG
        var marker = "微信拍照" + Guid.NewGuid().ToString("N")[..8];
        var posted = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker + " 路灯不亮", serverId), []);
        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        app.WeChat.MediaRequests.ShouldContain(serverId);

        var page = await session.Client.GetStringAsync(posted.Headers.Location!.PathAndQuery);
        var photoUrl = System.Text.RegularExpressions.Regex.Match(page, "src=\"(/cases/\\d+/photos/\\d+)\"").Groups[1].Value;
        var photo = await session.Client.GetAsync(photoUrl);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await photo.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
    }

    [Fact]
    public async Task A_non_image_from_WeChat_is_refused_by_the_photo_checks_and_nothing_is_written()
    {
        var (session, category) = await ResidentAsync();
        var good = ServerId();
        var bad = ServerId();
        app.WeChat.Media[good] = (Png, "image/jpeg");
        app.WeChat.Media[bad] = ("#!AMR\n this is a voice message, not a picture"u8.ToArray(), "audio/amr");
        var marker = "非图片" + Guid.NewGuid().ToString("N")[..8];
        var files = PhotoFiles();
        var response = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker, good + "," + bad), []);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("“微信照片 2”不是 JPEG、PNG 或 WebP 图片");
        html.ShouldContain("id=\"Photos-error\"");
        (await CasesWithAsync(marker)).ShouldBe(0);
        PhotoFiles().ShouldBe(files);
    }

    [Fact]
    public async Task An_expired_or_forged_media_id_is_refused_in_words_and_nothing_is_written()
    {
        var (session, category) = await ResidentAsync();
        var marker = "过期" + Guid.NewGuid().ToString("N")[..8];
        var expired = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker, ServerId()), []); // WeChat answers 40007
        expired.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await expired.Content.ReadAsStringAsync()).ShouldContain("微信里的照片已过期或找不到");

        var asked = app.WeChat.MediaRequests.Count;
        var forged = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker, "../../cgi-bin/token?x=1"), []);
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        app.WeChat.MediaRequests.Count.ShouldBe(asked); // refused before WeChat is asked

        var tooMany = await session.PostMultipartAsync("/requests/new", "case-new", Fields(category, marker, string.Join(",", Enumerable.Range(0, 7).Select(_ => ServerId()))), []);
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.Content.ReadAsStringAsync()).ShouldContain("最多上传 6 张照片");
        app.WeChat.MediaRequests.Count.ShouldBe(asked);
        (await CasesWithAsync(marker)).ShouldBe(0);
    }

    [Fact]
    public async Task The_scanning_pages_offer_WeChats_scanner_only_inside_WeChat()
    {
        var merchant = await PageSession.LogInAsync(app, "wangge.li");
        merchant.Client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        var scan = await merchant.Client.GetStringAsync("/volunteer/scan");
        scan.ShouldContain("data-wx-scan");
        scan.ShouldContain("微信扫一扫");
        var plain = await (await PageSession.LogInAsync(app, "wangge.li")).Client.GetStringAsync("/volunteer/scan");
        plain.ShouldNotContain("data-wx-scan");
        // Where a scan leads afterwards (the page threw on its enum query parameter before).
        var done = await merchant.Client.GetStringAsync("/volunteer/scan?done=CheckedIn");
        done.ShouldContain("data-testid=\"done\"");
        (await merchant.Client.GetAsync("/volunteer/scan?done=nonsense")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class WeChatMediaSqliteTests(WeChatSqliteApp app) : WeChatMediaTests(app), IClassFixture<WeChatSqliteApp>;

public sealed class WeChatMediaPostgresTests(WeChatPostgresApp app) : WeChatMediaTests(app), IClassFixture<WeChatPostgresApp>;
