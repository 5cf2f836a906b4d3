using System.Net;
using System.Net.Http.Headers;
using Gongzhi.Web.Modules.Requests.Photos;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.Tests.Modules.Requests;

// Cover pictures of events, rewards and topics are checked and stored like case photos: a real
// picture is kept and served to those who may see its owner; anything else is a 400 naming the
// file, and nothing is written (no row change, no file left behind). Only staff of the owner's
// community may set one: other roles 403, staff of another community 404.
public abstract class CoverPictureTests(GongzhiApp app)
{
    // A 1×1 PNG, the real thing (the type is read from these bytes, not from the name).
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private static readonly byte[] NotAPicture = "<html><script>alert(1)</script></html>"u8.ToArray();

    private string PhotoDirectory => app.Services.GetRequiredService<PhotoStore>().Directory;

    private int FilesKept() => Directory.Exists(PhotoDirectory) ? Directory.GetFiles(PhotoDirectory, "*", SearchOption.AllDirectories).Length : 0;

    private static MultipartFormDataContent Cover(byte[] bytes, string name, string type = "image/png")
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { part, "cover", name } };
    }

    private static MultipartFormDataContent Remove() => new() { { new StringContent("true"), "remove" } };

    [Fact]
    public async Task An_event_cover_is_set_served_refused_when_not_a_picture_and_removed()
    {
        var eventId = await new Activities.ActivityDriver(app).CreateEventAsync(new { });
        var staff = await app.ClientForAsync("tuanjie");
        var url = $"/api/v1/events/{eventId}/cover";
        await using var db = app.NewDb();
        async Task<(string? Name, string? Type)> Row()
        {
            var row = await db.Events.AsNoTracking().Where(e => e.Id == eventId).Select(e => new { e.CoverName, e.CoverType }).SingleAsync();
            return (row.CoverName, row.CoverType);
        }

        // Not a picture, whatever it is called: 400 in Chinese against the cover field, nothing kept.
        var files = FilesKept();
        var bad = await (await staff.PostAsync(url, Cover(NotAPicture, "封面.png"))).ProblemAsync(HttpStatusCode.BadRequest);
        bad.ErrorsFor("cover").ShouldBe(["“封面.png”不是 JPEG、PNG 或 WebP 图片"]);
        (await staff.PostAsync(url, new MultipartFormDataContent())).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Row()).ShouldBe((null, null));
        FilesKept().ShouldBe(files);

        // Role, then scope: a resident-side account 403, staff of the other community 404; nothing written.
        (await (await app.ClientForAsync("loudong")).PostAsync(url, Cover(Png, "a.png"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientForAsync("jianshe")).PostAsync(url, Cover(Png, "a.png"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Row()).ShouldBe((null, null));
        FilesKept().ShouldBe(files);

        (await staff.PostAsync(url, Cover(Png, "活动封面.png"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var (name, type) = await Row();
        type.ShouldBe("image/png");
        File.ReadAllBytes(Path.Combine(PhotoDirectory, name!)).ShouldBe(Png);
        var cover = (await (await staff.GetAsync($"/api/v1/events/{eventId}")).JsonAsync())["cover"]!.GetValue<string>();
        cover.ShouldStartWith($"/activities/events/{eventId}/cover?v=");
        (await (await staff.GetAsync("/api/v1/events")).JsonAsync()).AsArray().Single(e => e!.Long("id") == eventId)!["cover"]!.GetValue<string>().ShouldBe(cover);
        var served = await (await app.ClientForAsync("loudong")).GetAsync(cover);
        served.StatusCode.ShouldBe(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        (await (await app.ClientForAsync("jianshe")).GetAsync(cover)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A bad replacement keeps the picture there was.
        (await staff.PostAsync(url, Cover(NotAPicture, "b.jpg", "image/jpeg"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Row()).Name.ShouldBe(name);

        // Removing deletes the row's cover and its file.
        (await staff.PostAsync(url, Remove())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Row()).ShouldBe((null, null));
        File.Exists(Path.Combine(PhotoDirectory, name!)).ShouldBeFalse();
        (await staff.GetAsync($"/activities/events/{eventId}/cover")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reward_cover_is_set_by_its_staff_and_shown_on_the_shelf()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var rewardId = await db.Rewards.Where(r => r.CommunityId == facts.Community1 && r.Active).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var url = $"/api/v1/points/rewards/{rewardId}/cover";
        var files = FilesKept();
        (await (await app.ClientForAsync("loudong")).PostAsync(url, Cover(Png, "a.png"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientForAsync("jianshe")).PostAsync(url, Cover(Png, "a.png"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var staff = await app.ClientForAsync("tuanjie");
        (await (await staff.PostAsync(url, Cover(NotAPicture, "奖品.webp", "image/webp"))).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("cover").ShouldBe(["“奖品.webp”不是 JPEG、PNG 或 WebP 图片"]);
        (await db.Rewards.AsNoTracking().Where(r => r.Id == rewardId).Select(r => r.CoverName).SingleAsync()).ShouldBeNull();
        FilesKept().ShouldBe(files);

        (await staff.PostAsync(url, Cover(Png, "奖品.png"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await db.Rewards.AsNoTracking().Where(r => r.Id == rewardId).Select(r => r.CoverType).SingleAsync()).ShouldBe("image/png");
        var shelf = await PageSession.LogInAsync(app, "loudong");
        var html = await shelf.Client.GetStringAsync("/points/shop");
        html.ShouldContain($"src=\"/points/rewards/{rewardId}/cover?v=");
        (await shelf.Client.GetAsync($"/points/rewards/{rewardId}/cover")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.PostAsync(url, Remove())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        FilesKept().ShouldBe(files);
    }

    // Staff replacing a reward's cover at the same moment: one wins, the others are told someone else changed it
    // (409), and only the winner's picture stays on disk.
    [Fact]
    public async Task Replacements_of_a_reward_cover_at_once_leave_one_picture_on_disk()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var rewardId = await db.Rewards.Where(r => r.CommunityId == facts.Community1 && r.Active).OrderByDescending(r => r.Id).Select(r => r.Id).FirstAsync();
        var url = $"/api/v1/points/rewards/{rewardId}/cover";
        var staff = await app.ClientForAsync("tuanjie");
        (await staff.PostAsync(url, Cover(Png, "旧.png"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var files = FilesKept();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => staff.PostAsync(url, Cover(Png, $"新{i}.png"))));
        answers.Select(a => a.StatusCode).ShouldAllBe(s => s == HttpStatusCode.NoContent || s == HttpStatusCode.Conflict);
        answers.Count(a => a.StatusCode == HttpStatusCode.NoContent).ShouldBeGreaterThanOrEqualTo(1);
        FilesKept().ShouldBe(files);
        var cover = await db.Rewards.AsNoTracking().Where(r => r.Id == rewardId).Select(r => r.CoverName).SingleAsync();
        File.Exists(app.Services.GetRequiredService<PhotoStore>().PathOf(cover!)).ShouldBeTrue();
        (await staff.PostAsync(url, Remove())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        FilesKept().ShouldBe(files - 1);
    }

    // The staff form on the topic page: a picture is kept; a non-picture answers 400 with the
    // reason on the page and changes nothing.
    [Fact]
    public async Task A_topic_cover_is_set_from_the_topic_page_and_a_non_picture_is_refused_there()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var topicId = await db.Topics.Where(t => t.CommunityId == facts.Community1 && t.EstateId == null).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
        var page = $"/topics/{topicId}";
        var staff = await PageSession.LogInAsync(app, "tuanjie");
        var files = FilesKept();

        var bad = await staff.PostMultipartAsync(page, "cover", new(), [("cover", "议题.png", NotAPicture, "image/png")]);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("不是 JPEG、PNG 或 WebP 图片");
        (await db.Topics.AsNoTracking().Where(t => t.Id == topicId).Select(t => t.CoverName).SingleAsync()).ShouldBeNull();
        FilesKept().ShouldBe(files);

        (await staff.PostMultipartAsync(page, "cover", new(), [("cover", "议题.png", Png, "image/png")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Topics.AsNoTracking().Where(t => t.Id == topicId).Select(t => t.CoverType).SingleAsync()).ShouldBe("image/png");
        (await staff.Client.GetStringAsync(page)).ShouldContain($"src=\"/topics/{topicId}/cover?v=");
        (await (await app.ClientForAsync("jianshe")).PostAsync($"/api/v1/topics/{topicId}/cover", Remove())).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await staff.PostMultipartAsync(page, "cover", new() { ["remove"] = "1" }, [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Topics.AsNoTracking().Where(t => t.Id == topicId).Select(t => t.CoverName).SingleAsync()).ShouldBeNull();
        FilesKept().ShouldBe(files);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCoverPictureTests(SqliteApp app) : CoverPictureTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCoverPictureTests(PostgresApp app) : CoverPictureTests(app);
