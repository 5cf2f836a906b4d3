using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Gongzhi.Web.Modules.Requests;
using Gongzhi.Web.Modules.Requests.Intake;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Localization;
using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http;

namespace Gongzhi.Tests.Modules.Requests;

// Bad input gets a clear, localized problem and writes nothing: no case, no timeline line, no photo file.
public abstract class CaseBadInputTests(GongzhiApp app)
{
    private readonly CaseDriver _cases = new(app);

    [Fact]
    public async Task Missing_or_unknown_category_is_refused_and_nothing_is_written()
    {
        var m = CaseDriver.Marker();
        var before = await CountsAsync(m);
        var zh = await _cases.ResidentAsync("zh-Hans");
        var en = await _cases.ResidentAsync("en");

        (await (await zh.PostAsJsonAsync("/api/v1/cases", new { description = "楼道里堆满杂物 " + m })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("categoryId").ShouldBe(["请选择诉求类别"]);
        (await (await en.PostAsJsonAsync("/api/v1/cases", new { description = "楼道里堆满杂物 " + m })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("categoryId").ShouldBe(["Please choose a category"]);
        (await (await zh.PostAsJsonAsync("/api/v1/cases", new { categoryId = 987654321, description = "楼道里堆满杂物 " + m })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("categoryId").ShouldBe(["没有这个诉求类别"]);
        (await (await en.PostAsJsonAsync("/api/v1/cases", new { categoryId = 987654321, description = "楼道里堆满杂物 " + m })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("categoryId").ShouldBe(["There is no such category"]);
        var other = await _cases.CategoryAsync("other");
        (await (await zh.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "其他问题 " + m, anonymous = true })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("anonymous").ShouldBe(["该类别不能匿名提交"]);
        (await (await zh.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "  " })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("description").ShouldBe(["此项必填"]);
        (await (await en.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "坏了" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("description").ShouldBe(["Please describe the matter in at least 4 characters"]);
        await (await zh.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = new string('长', 1001) })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await zh.PostAsync("/api/v1/cases", Api.RawJson("{\"categoryId\": \"路灯\", \"description\": \"" + m + "\"}"))).ProblemAsync(HttpStatusCode.BadRequest);
        await (await zh.PostAsync("/api/v1/cases", Api.RawJson("{\"categoryId\": 1, "))).ProblemAsync(HttpStatusCode.BadRequest);
        var longKey = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(new { categoryId = other, description = "其他问题 " + m }) };
        longKey.Headers.Add("Idempotency-Key", new string('k', 101));
        (await (await zh.SendAsync(longKey)).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("idempotencyKey").ShouldNotBeEmpty();

        (await CountsAsync(m)).ShouldBe(before);
    }

    [Fact]
    public async Task Script_in_the_description_is_stored_and_returned_verbatim()
    {
        var m = CaseDriver.Marker();
        var text = $"<script>alert('x')</script> 楼道堆物 & \"引号\" <b>粗</b> {m}";
        var id = await _cases.SubmitAsResidentAsync("clutter", text);
        (await _cases.LoadAsync(id)).Description.ShouldBe(text);
        var view = await CaseDriver.GetAsync(await app.ClientForAsync("wangge.li"), id);
        view["description"]!.GetValue<string>().ShouldBe(text);
        (await CaseDriver.GetAsync(await _cases.ResidentAsync(), id))["description"]!.GetValue<string>().ShouldBe(text);
        var comment = "<img src=x onerror=alert(1)>";
        (await (await _cases.ResidentAsync()).PostAsJsonAsync($"/api/v1/cases/{id}/comments", new { text = comment })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await CaseDriver.GetAsync(await app.ClientForAsync("wangge.li"), id))["timeline"]!.AsArray().ShouldContain(e => e!["text"] != null && e["text"]!.GetValue<string>() == comment);
        var row = (await (await (await app.ClientForAsync("admin")).GetAsync($"/api/v1/cases?q={m}")).JsonAsync())["rows"]!.AsArray().ShouldHaveSingleItem()!;
        row["description"]!.GetValue<string>().ShouldBe(text);
    }

    [Fact]
    public async Task Unknown_cases_are_404_and_a_resident_may_not_act_as_staff()
    {
        var zh = await app.ClientForAsync("wangge.li", "zh-Hans");
        const long missing = 987654321;
        foreach (var response in new[]
        {
            await zh.GetAsync($"/api/v1/cases/{missing}"),
            await zh.PostAsync($"/api/v1/cases/{missing}/accept", null),
            await zh.PostAsJsonAsync($"/api/v1/cases/{missing}/resolve", new { resolution = "已处理", version = 0 }),
            await zh.PostAsJsonAsync($"/api/v1/cases/{missing}/refer", new { kind = (int)ReferralKind.PropertyCompany, version = 0 }),
            await zh.PostAsJsonAsync($"/api/v1/cases/{missing}/comments", new { text = "有人吗" }),
            await zh.PostAsJsonAsync($"/api/v1/cases/{missing}/merge", new { targetId = 1, version = 0 }),
            await zh.PostAsJsonAsync($"/api/v1/cases/{missing}/reassign", new { ownerUserId = "x", reason = "x", version = 0 }),
            await (await _cases.ResidentAsync()).PostAsJsonAsync($"/api/v1/cases/{missing}/rate", new { rating = 1 }),
            await (await _cases.ResidentAsync()).PostAsync($"/api/v1/cases/{missing}/cancel", null),
        })
            (await response.ProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe("没有找到，或您没有查看的权限");

        var id = await _cases.SubmitAsResidentAsync("other", "希望增加晾衣架 " + CaseDriver.Marker());
        var resident = await _cases.ResidentAsync("en");
        (await (await resident.PostAsync($"/api/v1/cases/{id}/accept", null)).ProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>()
            .ShouldBe("Your role may not do this");
        await (await resident.PostAsJsonAsync($"/api/v1/cases/{id}/resolve", new { resolution = "自己修好了", version = 0 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await resident.PostAsJsonAsync($"/api/v1/cases/{id}/refer", new { kind = 1, version = 0 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await resident.GetAsync("/api/v1/worklist")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync($"/api/v1/cases/{id}")).ProblemAsync(HttpStatusCode.Unauthorized);
        var c = await _cases.LoadAsync(id);
        c.Status.ShouldBe(CaseStatus.Submitted);
        (await _cases.EventsAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Places_outside_ones_scope_and_bad_phones_are_refused()
    {
        var m = CaseDriver.Marker();
        var facts = await DemoFacts.ForAsync(app);
        var before = await CountsAsync(m);
        var other = await _cases.CategoryAsync("other");
        var neighbour = (await DemoFacts.HouseholdsAsync(app)).First(h => h.GridId == facts.Grid1 && h.Id != facts.ResidentHouseholdId).Id;
        var grid1 = await _cases.HouseholdAsync(facts.Grid1);
        var zh = await _cases.ResidentAsync("zh-Hans");

        (await (await zh.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "邻居家的问题 " + m, householdId = neighbour })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("householdId").ShouldBe(["只能为本人住户或负责范围内的地点提交诉求"]);
        var chen = await app.ClientForAsync("wangge.chen", "en");
        (await (await chen.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "别的网格 " + m, householdId = grid1, callerName = "郑先生" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("householdId").ShouldBe(["You can only report for your own home or the places you look after"]);
        (await (await chen.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "不存在 " + m, householdId = 987654321, callerName = "郑先生" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("householdId").ShouldBe(["That household or building was not found"]);
        var li = await app.ClientForAsync("wangge.li", "zh-Hans");
        (await (await li.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "来电 " + m, householdId = grid1, callerName = "王先生", callerPhone = "12345" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("callerPhone").ShouldBe(["电话号码格式不正确"]);
        (await (await li.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "来电 " + m, householdId = grid1, callerPhone = "1391234abcd" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("callerPhone").ShouldBe(["电话号码格式不正确"]);
        (await (await li.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "来电 " + m, householdId = grid1 })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("callerName").ShouldBe(["请填写来电人姓名或电话，或选择匿名"]);
        (await (await li.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "来电 " + m, callerName = "王先生" })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("householdId").ShouldBe(["请选择诉求发生的住户或楼栋"]);
        (await (await li.PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "来电 " + m, householdId = grid1, callerName = "王先生", channel = (int)Channel.Web })).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("channel").ShouldBe(["工作人员代录只能选择热线、走访或微信群"]);
        await (await (await app.ClientForAsync("shanghu")).PostAsJsonAsync("/api/v1/cases", new { categoryId = other, description = "商户 " + m, householdId = grid1 })).ProblemAsync(HttpStatusCode.Forbidden);

        (await CountsAsync(m)).ShouldBe(before);
    }

    [Fact]
    public async Task Photo_rules_reject_big_fake_and_too_many_photos_in_the_callers_language()
    {
        var store = app.Services.GetRequiredService<PhotoStore>();
        var big = Upload("big.jpg", Jpeg(10 * 1024 * 1024));
        var fake = Upload("photo.jpg", "这不是图片，只是文字"u8.ToArray());
        var gif = Upload("anim.jpg", [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0, 0]);
        var seven = Enumerable.Range(1, 7).Select(i => Upload($"{i}.jpg", Jpeg(1000))).ToList();

        (await RefusalAsync(() => store.CheckAsync([big]))).ShouldBe(("照片“big.jpg”超过 5 MB", "The photo \"big.jpg\" is larger than 5 MB"));
        (await RefusalAsync(() => store.CheckAsync([fake]))).ShouldBe(("“photo.jpg”不是 JPEG、PNG 或 WebP 图片", "\"photo.jpg\" is not a JPEG, PNG or WebP image"));
        (await RefusalAsync(() => store.CheckAsync([gif]))).en.ShouldBe("\"anim.jpg\" is not a JPEG, PNG or WebP image");
        (await RefusalAsync(() => store.CheckAsync(seven))).ShouldBe(("最多上传 6 张照片", "At most 6 photos"));
        (await RefusalAsync(() => store.CheckAsync([Upload("empty.png", [])]))).en.ShouldBe("The photo \"empty.png\" is empty");
        (await store.CheckAsync([Upload("a.jpg", Jpeg(100)), Upload("b.png", Png(100)), Upload("c.webp", WebP(100))]))
            .Select(p => p.ContentType).ShouldBe(["image/jpeg", "image/png", "image/webp"]);
    }

    [Fact]
    public async Task A_submission_with_a_bad_photo_writes_no_case_and_no_file()
    {
        var m = CaseDriver.Marker();
        var category = await _cases.CategoryAsync("clutter");
        var before = await CountsAsync(m);
        var refused = new List<PhotoUpload>[]
        {
            [Upload("ok.jpg", Jpeg(2000)), Upload("big.jpg", Jpeg(10 * 1024 * 1024))],
            [Upload("ok.png", Png(2000)), Upload("fake.jpg", "<html>not a photo</html>"u8.ToArray())],
            Enumerable.Range(1, 7).Select(i => Upload($"{i}.jpg", Jpeg(2000))).ToList(),
        };
        foreach (var uploads in refused)
        {
            var error = await Should.ThrowAsync<ValidationFailure>(() => SubmitWithPhotosAsync(new CaseInput(category, "楼道堆满纸箱 " + m), uploads));
            error.Errors.ShouldHaveSingleItem().Field.ShouldBe("Photos");
        }
        // Good photos but a bad description: the photos checked fine, yet nothing lands on disk.
        await Should.ThrowAsync<ValidationFailure>(() => SubmitWithPhotosAsync(new CaseInput(category, "脏"), [Upload("ok.jpg", Jpeg(2000))]));
        (await CountsAsync(m)).ShouldBe(before);

        // And the same path with good photos does write them: the counting above can see a change.
        var result = await SubmitWithPhotosAsync(new CaseInput(category, "楼道堆满纸箱 " + m), [Upload("a.jpg", Jpeg(2000)), Upload("b.webp", WebP(3000))]);
        var after = await CountsAsync(m);
        after.Cases.ShouldBe(before.Cases + 1);
        after.Files.ShouldBe(before.Files + 2);
        after.PhotoRows.ShouldBe(before.PhotoRows + 2);
        var photos = (await CaseDriver.GetAsync(await _cases.ResidentAsync(), result.Id))["photos"]!.AsArray();
        photos.Count.ShouldBe(2);
        photos.ShouldAllBe(p => p!["url"]!.GetValue<string>().StartsWith($"/cases/{result.Id}/photos/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Photos_through_the_api_are_refused_in_the_callers_language_and_nothing_is_written()
    {
        var m = CaseDriver.Marker();
        var id = await _cases.SubmitAsResidentAsync("clutter", "楼道堆满纸箱 " + m);
        var zh = await _cases.ResidentAsync("zh-Hans");
        var en = await _cases.ResidentAsync("en");
        var before = await CountsAsync(m);

        (await (await zh.PostAsync($"/api/v1/cases/{id}/photos", Form(("big.jpg", Jpeg(10 * 1024 * 1024))))).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("photos").ShouldBe(["照片“big.jpg”超过 5 MB"]);
        (await (await en.PostAsync($"/api/v1/cases/{id}/photos", Form(("ok.jpg", Jpeg(2000)), ("fake.jpg", "just some text"u8.ToArray())))).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("photos").ShouldBe(["\"fake.jpg\" is not a JPEG, PNG or WebP image"]);
        var seven = Enumerable.Range(1, 7).Select(i => ($"{i}.jpg", Jpeg(2000))).ToArray();
        (await (await zh.PostAsync($"/api/v1/cases/{id}/photos", Form(seven))).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("photos").ShouldBe(["最多上传 6 张照片"]);
        await (await (await app.ClientForAsync("wuye")).PostAsync($"/api/v1/cases/{id}/photos", Form(("ok.jpg", Jpeg(2000))))).ProblemAsync(HttpStatusCode.NotFound);
        await (await zh.PostAsync($"/api/v1/cases/987654321/photos", Form(("ok.jpg", Jpeg(2000))))).ProblemAsync(HttpStatusCode.NotFound);
        (await CountsAsync(m)).ShouldBe(before);

        var added = await (await zh.PostAsync($"/api/v1/cases/{id}/photos", Form(("a.jpg", Jpeg(2000)), ("b.png", Png(2000))))).JsonAsync();
        added["added"]!.GetValue<int>().ShouldBe(2);
        var after = await CountsAsync(m);
        (after.PhotoRows, after.Files).ShouldBe((before.PhotoRows + 2, before.Files + 2));
        // Six at most per case and kind: two more would be fine, five more are too many.
        var five = Enumerable.Range(1, 5).Select(i => ($"{i}.webp", WebP(2000))).ToArray();
        (await (await zh.PostAsync($"/api/v1/cases/{id}/photos", Form(five))).ProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("photos").ShouldBe(["最多上传 6 张照片"]);
        (await CountsAsync(m)).ShouldBe(after);
    }

    private static MultipartFormDataContent Form(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "photos", name);
        }
        return form;
    }

    private async Task<SubmitResult> SubmitWithPhotosAsync(CaseInput input, IReadOnlyList<PhotoUpload> uploads)
    {
        // The resident's own request, with files, as the submit page hands them over.
        var facts = await DemoFacts.ForAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, facts.UserIds[facts.ResidentUserName]), new Claim(ClaimTypes.Name, facts.ResidentUserName), new Claim(ClaimTypes.Role, Roles.Resident)],
            "Test");
        accessor.HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity), RequestServices = scope.ServiceProvider };
        try
        {
            return await scope.ServiceProvider.GetRequiredService<SubmitCase>().RunAsync(input, uploads);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    // The problem detail a refusal turns into, in Simplified Chinese and in English.
    private async Task<(string zh, string en)> RefusalAsync(Func<Task> act)
    {
        var error = await Should.ThrowAsync<ValidationFailure>(act);
        var text = app.Services.GetRequiredService<JsonText>();
        string In(string culture)
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                var (status, problem) = ProblemsModule.ToProblem(error, text);
                status.ShouldBe(400);
                return problem.Detail!;
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
        return (In("zh-Hans"), In("en"));
    }

    private async Task<(int Cases, int PhotoRows, int Files)> CountsAsync(string marker)
    {
        await using var db = app.NewDb();
        var directory = app.Services.GetRequiredService<PhotoStore>().Directory;
        var files = Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count() : 0;
        return (await db.Cases.CountAsync(c => c.Description.Contains(marker)), await db.CasePhotos.CountAsync(), files);
    }

    private static PhotoUpload Upload(string name, byte[] bytes) => new(name, bytes.Length, () => new MemoryStream(bytes));

    private static byte[] Jpeg(int length) => Sized([0xFF, 0xD8, 0xFF, 0xE0], length);

    private static byte[] Png(int length) => Sized([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], length);

    private static byte[] WebP(int length) => Sized([.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8], length);

    private static byte[] Sized(byte[] head, int length)
    {
        var bytes = new byte[length];
        head.CopyTo(bytes, 0);
        return bytes;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCaseBadInputTests(SqliteApp app) : CaseBadInputTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCaseBadInputTests(PostgresApp app) : CaseBadInputTests(app);
