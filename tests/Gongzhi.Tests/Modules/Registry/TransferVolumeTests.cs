using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Transfer;
using Xunit.Abstractions;

namespace Gongzhi.Tests.Modules.Registry;

// A roster of 2,100 people into one community, then the same file again as updates: five of the import's
// query chunks (500 ids each), the last one partial, and its bulk insert and update paths. The city-sized
// file (10,000 rows and more) is the registry bench's (`./bench/run.sh --only registry`), where its rate
// is measured; here it cost half a minute of every suite run. On its own database, so the shared demo
// stays as the other tests expect it. The rate is written to the test output, not asserted.
public abstract class TransferVolumeTests(GongzhiApp app, ITestOutputHelper output)
{
    private const int People = 2_100;

    [Fact]
    public async Task A_roster_of_several_query_chunks_imports_in_one_go_and_again_as_updates()
    {
        long community;
        List<(long Id, int Number)> buildings;
        await using (var db = app.NewDb())
        {
            community = await db.Communities.Where(c => c.Name == "建设社区").Select(c => c.Id).SingleAsync();
            var estate = await db.Estates.Where(e => e.CommunityId == community).OrderBy(e => e.Id).FirstAsync();
            buildings = (await db.Buildings.Where(b => b.EstateId == estate.Id).OrderBy(b => b.Number).ToListAsync()).Select(b => (b.Id, b.Number)).ToList();
        }
        var estateName = await EstateNameAsync(community);
        string[] relations = ["户主", "配偶", "子女"];
        var rows = new List<object?[]> { TransferTests_Header };
        for (var i = 0; i < People; i++)
        {
            var household = i / 3;
            var male = i % 2 == 0;
            var building = buildings[household % buildings.Count].Number;
            var id = Unique.IdNumber(male, area: "110102");
            rows.Add(
            [
                "量" + Unique.Name(), male ? "男" : "女", id, i % 4 == 0 ? null : 13000000000L + i, estateName,
                building + "栋", 10 + household / buildings.Count % 80 + "单元", "V" + household, relations[i % 3], i % 50 == 0 ? "独居老人" : null,
            ]);
        }
        var file = XlsxBuilder.Build(rows);

        // Wall time and this process's CPU time: on a busy machine the second says more about the code.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var first = await ImportAsync(community, file);
        watch.Stop();
        var firstCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        first.Applied.ShouldBeTrue();
        (first.Rows, first.ResidentsCreated, first.ResidentsUpdated).ShouldBe((People, People, 0));
        first.HouseholdsCreated.ShouldBe((People + 2) / 3);
        output.WriteLine($"{app.Provider}: imported {People} new rows in {watch.Elapsed.TotalSeconds:F2} s = {People / watch.Elapsed.TotalSeconds:F0} rows/s ({file.Length / 1024} KB file); CPU {firstCpu.TotalSeconds:F2} s = {People / firstCpu.TotalSeconds:F0} rows/CPU-s");

        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        var second = await ImportAsync(community, file);
        watch.Stop();
        var secondCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        second.Applied.ShouldBeTrue();
        (second.ResidentsCreated, second.ResidentsUpdated, second.HouseholdsCreated).ShouldBe((0, People, 0));
        output.WriteLine($"{app.Provider}: re-imported {People} rows as updates in {watch.Elapsed.TotalSeconds:F2} s = {People / watch.Elapsed.TotalSeconds:F0} rows/s; CPU {secondCpu.TotalSeconds:F2} s");

        await using (var db = app.NewDb())
        {
            (await db.Residents.CountAsync(r => r.Name.StartsWith("量试"))).ShouldBe(People);
            (await db.CareTags.CountAsync(t => t.Kind == CareTagKind.ElderlyAlone && db.Residents.Any(r => r.Id == t.ResidentId && r.Name.StartsWith("量试")))).ShouldBe(People / 50);
        }
    }

    private static readonly object?[] TransferTests_Header = ["姓名", "性别", "身份证号", "手机", "小区", "楼栋", "单元", "房号", "与户主关系", "标签"];

    private async Task<string> EstateNameAsync(long community)
    {
        await using var db = app.NewDb();
        return await db.Estates.Where(e => e.CommunityId == community).OrderBy(e => e.Id).Select(e => e.Name).FirstAsync();
    }

    private async Task<ImportResult> ImportAsync(long community, byte[] xlsx)
    {
        var client = await app.ClientForAsync("admin");
        client.Timeout = TimeSpan.FromMinutes(5);
        using var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(xlsx);
        part.Headers.ContentType = new MediaTypeHeaderValue(TransferLayout.ContentType);
        content.Add(part, "file", "big.xlsx");
        var response = await client.PostAsync($"/api/v1/registry/import?communityId={community}", content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ImportResult>())!;
    }
}

public sealed class TransferVolumeSqliteTests(SqliteApp app, ITestOutputHelper output) : TransferVolumeTests(app, output), IClassFixture<SqliteApp>;

public sealed class TransferVolumePostgresTests(PostgresApp app, ITestOutputHelper output) : TransferVolumeTests(app, output), IClassFixture<PostgresApp>;
