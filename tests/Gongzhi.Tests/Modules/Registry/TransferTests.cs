using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Tests.Modules.Registry;

// People and places no demo row uses, so the tests neither collide with the demo data nor with each other.
internal static class Unique
{
    private static int _id;
    private static int _room;
    private static int _name;
    private const string Stems = "甲乙丙丁戊己庚辛壬癸";

    // A valid ID number from an area code the demo data never draws.
    public static string IdNumber(bool male, string area = "110101")
    {
        var n = Interlocked.Increment(ref _id);
        var birth = new DateOnly(1950, 1, 1).AddDays(n);
        var first17 = area + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + (male ? "101" : "102");
        return first17 + Web.Modules.Registry.IdNumber.CheckChar(first17);
    }

    public static string Room() => "T" + Interlocked.Increment(ref _room).ToString(System.Globalization.CultureInfo.InvariantCulture);

    // "试乙丙" and so on: searchable by its bigrams, unlike any demo name.
    public static string Name() =>
        "试" + string.Concat(Interlocked.Increment(ref _name).ToString("000", System.Globalization.CultureInfo.InvariantCulture).Select(c => Stems[c - '0']));
}

public abstract class TransferTests(GongzhiApp app)
{
    protected static readonly object?[] Header = ["姓名", "性别", "身份证号", "手机", "小区", "楼栋", "单元", "房号", "与户主关系", "标签"];

    protected GongzhiApp App => app;

    [Fact]
    public async Task A_good_file_creates_households_and_residents_that_search_finds_and_a_second_import_updates_them()
    {
        var community = await CommunityIdAsync("团结巷社区");
        var (room, head, wife) = (Unique.Room(), Unique.Name(), Unique.Name());
        var (headId, wifeId) = (Unique.IdNumber(male: true), Unique.IdNumber(male: false));
        var file = XlsxBuilder.Build(
        [
            Header,
            // ID as an inline string, phone as a number, building and entrance with their suffixes, room with 室.
            [head, "男", new Inline(headId), 13912345678L, "团结新村", "3号楼", "9单元", room + "室", "户主", "独居老人、高龄老人"],
            [wife, "女", wifeId.ToLowerInvariant(), "139-1234-5679", "团结新村", 3, 9, room, "配偶", null],
        ]);

        var response = await ImportAsync("tuanjie", community, file);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = (await response.Content.ReadFromJsonAsync<ImportResult>())!;
        result.Applied.ShouldBeTrue();
        (result.Rows, result.HouseholdsCreated, result.ResidentsCreated, result.ResidentsUpdated, result.EntrancesCreated).ShouldBe((2, 1, 2, 0, 1));
        result.Errors.ShouldBeEmpty();

        await using (var db = app.NewDb())
        {
            var building = await db.Buildings.SingleAsync(b => b.Number == 3 && db.Estates.Any(e => e.Id == b.EstateId && e.Name == "团结新村"));
            var household = await db.Households.SingleAsync(h => h.BuildingId == building.Id && h.Room == room);
            household.GridId.ShouldBe(building.GridId);
            (await db.Entrances.SingleAsync(e => e.Id == household.EntranceId)).Number.ShouldBe(9);
            var people = await db.Residents.Include(r => r.CareTags).Where(r => r.HouseholdId == household.Id).OrderBy(r => r.Id).ToListAsync();
            people.Select(p => (p.Name, p.Gender, p.Relation, p.Phone)).ShouldBe([(head, Gender.Male, "户主", "13912345678"), (wife, Gender.Female, "配偶", "13912345679")]);
            people[0].CareTags.Select(t => t.Kind).Order().ShouldBe([CareTagKind.ElderlyAlone, CareTagKind.Elderly80Plus]);
            people[1].IdNumberMasked.ShouldBe(IdNumber.Mask(wifeId));
        }

        var staff = await app.ClientForAsync("tuanjie");
        var hits = await staff.GetStringAsync($"/api/v1/households?q={Uri.EscapeDataString(head)}");
        hits.ShouldContain(head);
        hits.ShouldContain(room);

        // The same people again at the same address: updated, not doubled.
        var again = XlsxBuilder.Build(
        [
            Header,
            [head, "男", headId, "13800001111", "团结新村", "3", "9", room, "户主", ""],
            [wife + "丽", "女", wifeId, null, "团结新村", "3栋", "9", room, "配偶", "困难家庭"],
        ]);
        var second = (await (await ImportAsync("tuanjie", community, again)).Content.ReadFromJsonAsync<ImportResult>())!;
        second.Applied.ShouldBeTrue();
        (second.HouseholdsCreated, second.ResidentsCreated, second.ResidentsUpdated, second.EntrancesCreated).ShouldBe((0, 0, 2, 0));
        await using (var db = app.NewDb())
        {
            var people = await db.Residents.Include(r => r.CareTags).Include(r => r.NameGrams)
                .Where(r => db.Households.Any(h => h.Id == r.HouseholdId && h.Room == room))
                .OrderBy(r => r.Id).ToListAsync();
            people.Count.ShouldBe(2);
            people[0].Phone.ShouldBe("13800001111");
            people[0].CareTags.ShouldBeEmpty();
            people[1].Name.ShouldBe(wife + "丽");
            people[1].Phone.ShouldBeNull();
            people[1].CareTags.Select(t => t.Kind).ShouldBe([CareTagKind.Hardship]);
            people[1].NameGrams.Select(g => g.Gram).ShouldContain(wife[^1..] + "丽");
        }
    }

    [Fact]
    public async Task A_file_with_bad_rows_applies_nothing_and_lists_each_error_in_the_callers_language()
    {
        var community = await CommunityIdAsync("团结巷社区");
        var room = Unique.Room();
        var good = Unique.Name();
        var male = Unique.IdNumber(male: true);
        var badChecksum = Unique.IdNumber(male: true)[..17] + "Z";
        object?[] Row(string name, string gender, string? id, object? phone = null, string estate = "团结新村", object? building = null,
            object? entrance = null, string relation = "户主", string? tags = null) =>
            [name, gender, id, phone, estate, building ?? "4", entrance ?? "8", room, relation, tags];
        var file = XlsxBuilder.Build(
        [
            Header,
            Row(good, "男", Unique.IdNumber(male: true)),                        // 2: fine
            Row(Unique.Name(), "女", male, relation: "配偶"),                    // 3: gender disagrees with the ID number
            Row(Unique.Name(), "男", badChecksum, relation: "子女"),             // 4: checksum
            Row(Unique.Name(), "男", null, estate: "不存在小区", relation: "子女"), // 5: no such estate
            Row(Unique.Name(), "男", null, building: "99栋", relation: "子女"),   // 6: no such building
            Row(Unique.Name(), "男", null, entrance: "100", relation: "子女"),    // 7: entrance out of range
            Row(Unique.Name(), "男", null, relation: "朋友"),                     // 8: unknown relation
            Row(Unique.Name(), "男", null, relation: "子女", tags: "独居老人、会员"), // 9: unknown tag
            Row(Unique.Name(), "男", null, phone: "12345", relation: "子女"),     // 10: phone
            Row("", "男", null, relation: "子女"),                                // 11: no name
            [null, null, null, null, null, null, null, null, null, null],        // 12: blank, skipped
            Row(Unique.Name(), "M", null, relation: "子女"),                      // 13: gender spelled wrong
            Row(new string('长', 31), "男", null, relation: "子女"),              // 14: name too long
        ]);

        var response = await ImportAsync("tuanjie", community, file);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var result = (await response.Content.ReadFromJsonAsync<ImportResult>())!;
        result.Applied.ShouldBeFalse();
        result.Rows.ShouldBe(12);
        (result.HouseholdsCreated, result.ResidentsCreated, result.ResidentsUpdated).ShouldBe((0, 0, 0));
        result.Errors.Select(e => (e.Row, e.Column)).ShouldBe(
        [
            (3, "性别"), (4, "身份证号"), (5, "小区"), (6, "楼栋"), (7, "单元"), (8, "与户主关系"), (9, "标签"), (10, "手机"), (11, "姓名"), (13, "性别"), (14, "姓名"),
        ]);
        result.ErrorCount.ShouldBe(11);
        string Reason(int row) => result.Errors.Single(e => e.Row == row).Reason;
        Reason(3).ShouldBe("性别与身份证号不符");
        Reason(4).ShouldBe("身份证号校验位不正确，请核对");
        Reason(5).ShouldBe("本社区没有小区“不存在小区”");
        Reason(6).ShouldBe("团结新村没有 99 栋");
        Reason(7).ShouldBe("单元应为 1 到 99 的数字，如 2 或 2单元");
        Reason(8).ShouldStartWith("与户主关系应为：户主、配偶");
        Reason(9).ShouldStartWith("没有标签“会员”");
        Reason(10).ShouldStartWith("手机号码格式不正确");
        Reason(11).ShouldBe("此项必填");
        Reason(13).ShouldBe("性别应填“男”或“女”");
        Reason(14).ShouldBe("不能超过 30 个字");

        await using (var db = app.NewDb())
        {
            (await db.Residents.AnyAsync(r => r.Name == good)).ShouldBeFalse();
            (await db.Households.AnyAsync(h => h.Room == room)).ShouldBeFalse();
        }

        var english = (await (await ImportAsync("tuanjie", community, file, "en")).Content.ReadFromJsonAsync<ImportResult>())!;
        english.Errors.Single(e => e.Row == 3).ShouldBe(new ImportRowError(3, "性别", "Gender does not match the ID number", "B3"));
        english.Errors.Single(e => e.Row == 5).Reason.ShouldBe("The community has no estate \"不存在小区\"");
        english.Errors.Single(e => e.Row == 6).Reason.ShouldBe("团结新村 has no building 99");
    }

    [Theory]
    [InlineData("garbage", "无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件（不是 .xls、.csv 或已损坏的文件）")]
    [InlineData("csv", "无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件（不是 .xls、.csv 或已损坏的文件）")]
    [InlineData("zero-bytes", "文件是空的")]
    [InlineData("empty-sheet", "文件是空的")]
    [InlineData("no-header", "第一行应为表头：姓名、性别、身份证号、手机、小区、楼栋、单元、房号、与户主关系、标签")]
    [InlineData("missing-column", "表头缺少列：手机、标签")]
    [InlineData("header-only", "表头下面没有数据")]
    public async Task A_file_that_is_not_a_roster_is_a_400_problem(string kind, string detail)
    {
        var community = await CommunityIdAsync("团结巷社区");
        var row = new object?[] { Unique.Name(), "男", Unique.IdNumber(true), null, "团结新村", "4", "8", Unique.Room(), "户主", null };
        byte[] file = kind switch
        {
            "garbage" => Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray(),
            "csv" => System.Text.Encoding.UTF8.GetBytes(string.Join(",", Header) + "\n" + string.Join(",", row)),
            "zero-bytes" => [],
            "empty-sheet" => XlsxBuilder.Build([]),
            "no-header" => XlsxBuilder.Build([row]),
            "missing-column" => XlsxBuilder.Build([Header.Where(h => (string)h! is not "手机" and not "标签").ToArray()]),
            "header-only" => XlsxBuilder.Build([Header]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var response = await ImportAsync("tuanjie", community, file);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        problem.GetProperty("detail").GetString().ShouldBe(detail);
    }

    [Fact]
    public async Task A_corrupt_file_is_explained_in_english_too_and_a_missing_file_part_is_a_400()
    {
        var community = await CommunityIdAsync("团结巷社区");
        var response = await ImportAsync("tuanjie", community, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3], "en");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
            .ShouldBe("The file cannot be read: upload an Excel 2007 or later .xlsx file (not .xls, .csv or a damaged file)");

        var client = await app.ClientForAsync("tuanjie");
        using var form = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        var noFile = await client.PostAsync($"/api/v1/registry/import?communityId={community}", form);
        noFile.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noFile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe("请选择要上传的 Excel 文件");
    }

    [Fact]
    public async Task Duplicate_id_numbers_in_the_file_or_registered_at_another_address_are_row_errors()
    {
        var tuanjie = await CommunityIdAsync("团结巷社区");
        var jianshe = await CommunityIdAsync("建设社区");
        var (first, second) = (Unique.Room(), Unique.Room());
        var twice = Unique.IdNumber(male: false);
        var inFile = XlsxBuilder.Build(
        [
            Header,
            [Unique.Name(), "女", twice, null, "团结新村", "5", "8", first, "户主", null],
            [Unique.Name(), "女", twice, null, "团结新村", "5", "8", first, "配偶", null],
        ]);
        var duplicate = (await (await ImportAsync("tuanjie", tuanjie, inFile)).Content.ReadFromJsonAsync<ImportResult>())!;
        duplicate.Errors.ShouldBe([new ImportRowError(3, "身份证号", "身份证号与第 2 行重复", "C3")]);

        // Registered at one address, then listed at another: the second file says where the person is.
        var person = Unique.IdNumber(male: true);
        var registered = XlsxBuilder.Build([Header, [Unique.Name(), "男", person, null, "团结新村", "5", "8", first, "户主", null]]);
        (await ImportAsync("tuanjie", tuanjie, registered)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var elsewhere = XlsxBuilder.Build([Header, [Unique.Name(), "男", person, null, "团结新村", "5", "8", second, "户主", null]]);
        var moved = (await (await ImportAsync("tuanjie", tuanjie, elsewhere)).Content.ReadFromJsonAsync<ImportResult>())!;
        moved.Errors.ShouldBe([new ImportRowError(2, "身份证号", $"该身份证号已登记在 团结新村5栋8单元{first}", "C2")]);

        // Registered in a community the caller does not manage: said, but not where.
        var other = Unique.IdNumber(male: true);
        var there = XlsxBuilder.Build([Header, [Unique.Name(), "男", other, null, "建设新村", "1", "8", Unique.Room(), "户主", null]]);
        (await ImportAsync("admin", jianshe, there)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var here = XlsxBuilder.Build([Header, [Unique.Name(), "男", other, null, "团结新村", "5", "8", second, "户主", null]]);
        var refused = (await (await ImportAsync("tuanjie", tuanjie, here)).Content.ReadFromJsonAsync<ImportResult>())!;
        refused.Errors.ShouldBe([new ImportRowError(2, "身份证号", "该身份证号已登记在其他社区", "C2")]);
        await using var db = app.NewDb();
        (await db.Households.AnyAsync(h => h.Room == second)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_export_is_audited_and_imports_back_cleanly()
    {
        var community = await CommunityIdAsync("团结巷社区");
        int active;
        int exportsBefore, importsBefore;
        await using (var db = app.NewDb())
        {
            active = await db.Residents.CountAsync(r => r.Status == ResidentStatus.Active
                && db.Households.Any(h => h.Id == r.HouseholdId && db.Estates.Any(e => e.Id == h.EstateId && e.CommunityId == community)));
            exportsBefore = await db.AuditEntries.CountAsync(a => a.Action == AuditActions.Export && a.Subject == $"Community/{community}");
            importsBefore = await db.AuditEntries.CountAsync(a => a.Action == AuditActions.Import && a.Subject == $"Community/{community}");
        }

        var staff = await app.ClientForAsync("tuanjie");
        var response = await staff.GetAsync($"/api/v1/registry/export?communityId={community}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(TransferLayout.ContentType);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith("团结巷社区-居民-");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var rows = XlsxBuilder.Read(bytes);
        rows[0].ShouldBe(TransferLayout.Headers.ToArray());
        rows.Count.ShouldBe(active + 1);
        // Community staff may see whole ID numbers, phones and tags, so the file carries them.
        // (Residents added by a confirmed household claim have no ID number yet: their cell is empty.)
        rows.Skip(1).Count(r => r[2].Length > 0).ShouldBeGreaterThan(active / 2);
        rows.Skip(1).Where(r => r[2].Length > 0).ShouldAllBe(r => r[2].Length == 18 && !r[2].Contains('*'));
        rows.Skip(1).Where(r => r[3].Length > 0).ShouldAllBe(r => !r[3].Contains('*'));
        rows.Skip(1).ShouldContain(r => r[9].Length > 0);

        await using (var db = app.NewDb())
        {
            var entry = await db.AuditEntries.Where(a => a.Action == AuditActions.Export && a.Subject == $"Community/{community}")
                .OrderByDescending(a => a.Id).FirstAsync();
            (await db.AuditEntries.CountAsync(a => a.Action == AuditActions.Export && a.Subject == $"Community/{community}")).ShouldBe(exportsBefore + 1);
            entry.Detail!.ShouldContain($"residents={active}");
            entry.Detail!.ShouldContain("idNumbers=full");
        }

        var back = await ImportAsync("tuanjie", community, bytes);
        back.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = (await back.Content.ReadFromJsonAsync<ImportResult>())!;
        result.Applied.ShouldBeTrue();
        (result.Rows, result.HouseholdsCreated, result.ResidentsCreated, result.ResidentsUpdated, result.EntrancesCreated).ShouldBe((active, 0, 0, active, 0));

        await using (var db = app.NewDb())
        {
            (await db.AuditEntries.CountAsync(a => a.Action == AuditActions.Import && a.Subject == $"Community/{community}")).ShouldBe(importsBefore + 1);
        }
        // And what comes out again is what went in.
        var again = await (await staff.GetAsync($"/api/v1/registry/export?communityId={community}")).Content.ReadAsByteArrayAsync();
        XlsxBuilder.Read(again).ShouldBe(rows);
    }

    [Fact]
    public async Task A_grid_worker_may_neither_import_nor_export_and_staff_only_reach_their_own_community()
    {
        var tuanjie = await CommunityIdAsync("团结巷社区");
        var jianshe = await CommunityIdAsync("建设社区");
        var file = XlsxBuilder.Build([Header, [Unique.Name(), "男", Unique.IdNumber(true), null, "团结新村", "4", "8", Unique.Room(), "户主", null]]);

        (await ImportAsync("wangge.li", tuanjie, file)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var worker = await app.ClientForAsync("wangge.li");
        var export = await worker.GetAsync($"/api/v1/registry/export?communityId={tuanjie}");
        export.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        (await ImportAsync("tuanjie", jianshe, file)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var staff = await app.ClientForAsync("tuanjie");
        (await staff.GetAsync($"/api/v1/registry/export?communityId={jianshe}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync($"/api/v1/registry/export?communityId={tuanjie}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_page_uploads_a_file_and_shows_the_result_or_the_error_table_and_links_the_export()
    {
        var community = await CommunityIdAsync("团结巷社区");
        var browser = await SignedInBrowserAsync("tuanjie");
        var page = await browser.GetStringAsync("/registry/transfer");
        page.ShouldContain("data-testid=\"import-form\"");
        page.ShouldContain($"/registry/transfer/export?communityId={community}");

        var (room, name) = (Unique.Room(), Unique.Name());
        var good = XlsxBuilder.Build([Header, [name, "女", Unique.IdNumber(false), "13700001234", "阳光花园", "2", "1", room, "户主", null]]);
        var applied = await browser.PostAsync("/registry/transfer", PageUpload(page, community, good));
        applied.StatusCode.ShouldBe(HttpStatusCode.OK);
        var appliedHtml = WebUtility.HtmlDecode(await applied.Content.ReadAsStringAsync());
        appliedHtml.ShouldContain("data-testid=\"import-applied\"");
        appliedHtml.ShouldContain("导入完成：共 1 行，新增 1 户、1 人");

        var bad = XlsxBuilder.Build([Header, [Unique.Name(), "女", Unique.IdNumber(false), null, "阳光花园", "2", "1", Unique.Room(), "邻居", null]]);
        var rejected = await browser.PostAsync("/registry/transfer", PageUpload(page, community, bad));
        rejected.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var rejectedHtml = WebUtility.HtmlDecode(await rejected.Content.ReadAsStringAsync());
        rejectedHtml.ShouldContain("data-testid=\"import-errors\"");
        // Each bad row names the sheet's row, and the column by its letter and header; the file field points at the list.
        rejectedHtml.ShouldContain("<tr data-cell=\"I2\"><th scope=\"row\">第 2 行</th><td>I 列（与户主关系）</td>");
        rejectedHtml.ShouldMatch("<input id=\"import-file\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"import-rejected\"");

        // A file that cannot be read at all: the reason sits under the file field, the community is not marked.
        var corrupt = await browser.PostAsync("/registry/transfer", PageUpload(page, community, [1, 2, 3]));
        corrupt.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var corruptHtml = await corrupt.Content.ReadAsStringAsync();
        corruptHtml.ShouldShowErrorBeside("import-file", "File", "无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件（不是 .xls、.csv 或已损坏的文件）");
        corruptHtml.ShouldNotMarkInvalid("import-community");
        corruptHtml.ShouldNotContain("data-testid=\"import-errors\"");

        var download = await browser.GetAsync($"/registry/transfer/export?communityId={community}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        XlsxBuilder.Read(await download.Content.ReadAsByteArrayAsync()).ShouldContain(r => r[0] == name && r[7] == room);

        var worker = await SignedInBrowserAsync("wangge.li");
        (await worker.GetAsync("/registry/transfer")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await worker.GetAsync($"/registry/transfer/export?communityId={community}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    protected async Task<long> CommunityIdAsync(string name)
    {
        await using var db = app.NewDb();
        return await db.Communities.Where(c => c.Name == name).Select(c => c.Id).SingleAsync();
    }

    protected async Task<HttpResponseMessage> ImportAsync(string userName, long communityId, byte[] xlsx, string? language = null)
    {
        var client = await app.ClientForAsync(userName, language);
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new MediaTypeHeaderValue(TransferLayout.ContentType);
        content.Add(file, "file", "roster.xlsx");
        return await client.PostAsync($"/api/v1/registry/import?communityId={communityId}", content);
    }

    // A cookie session through the login form, as a browser gets one.
    private async Task<HttpClient> SignedInBrowserAsync(string userName)
    {
        var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var login = await browser.GetStringAsync("/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Hidden(login, "__RequestVerificationToken"),
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = GongzhiApp.Password,
        });
        var response = await browser.PostAsync("/login", form);
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Found, HttpStatusCode.SeeOther);
        return browser;
    }

    private static MultipartFormDataContent PageUpload(string page, long communityId, byte[] xlsx)
    {
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new MediaTypeHeaderValue(TransferLayout.ContentType);
        return new MultipartFormDataContent
        {
            { new StringContent(Hidden(page, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new StringContent("import"), "_handler" },
            { new StringContent(communityId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "communityId" },
            { file, "file", "roster.xlsx" },
        };
    }

    private static string Hidden(string html, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"name=\"{name}\" value=\"([^\"]+)\"|value=\"([^\"]+)\" name=\"{name}\"");
        match.Success.ShouldBeTrue($"no hidden field {name}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TransferSqliteTests(SqliteApp app) : TransferTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TransferPostgresTests(PostgresApp app) : TransferTests(app);
