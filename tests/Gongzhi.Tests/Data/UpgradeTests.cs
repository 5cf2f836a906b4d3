using System.Security.Claims;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Search;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Gongzhi.Tests.Data;

// A database holding data under the first migration is upgraded to the latest without losing
// anything, and the name index added later is filled from the residents already there.
public abstract class UpgradeTests : IAsyncLifetime
{
    protected abstract DbContextOptions<GongzhiDb> Options { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;
    public virtual Task DisposeAsync() => Task.CompletedTask;

    private GongzhiDb NewDb() => new(Options);

    [Fact]
    public async Task Upgrading_from_the_first_migration_keeps_the_data_and_fills_the_name_index()
    {
        await using (var db = NewDb())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261122090000_Registry");
            (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(["20261122090000_Registry"]);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Subdistricts" ("Id", "Name") VALUES (1, '骆岗街道');
                INSERT INTO "Communities" ("Id", "SubdistrictId", "Name", "Address", "Phone") VALUES (1, 1, '团结巷社区', '团结巷18号', '0551-63821001');
                INSERT INTO "Grids" ("Id", "CommunityId", "Name", "Description") VALUES (1, 1, '第一网格', NULL);
                INSERT INTO "Estates" ("Id", "CommunityId", "Name", "Address") VALUES (1, 1, '团结新村', '团结巷2号');
                INSERT INTO "Buildings" ("Id", "EstateId", "Number", "Floors", "GridId") VALUES (1, 1, 3, 6, 1);
                INSERT INTO "Entrances" ("Id", "BuildingId", "Number") VALUES (1, 1, 2);
                INSERT INTO "Households" ("Id", "EntranceId", "BuildingId", "EstateId", "GridId", "Room", "Note", "Version", "CreatedAt")
                    VALUES (1, 1, 1, 1, 1, '501', '老住户', 3, {0});
                INSERT INTO "Residents" ("Id", "HouseholdId", "Name", "Gender", "BirthDate", "IdNumberCipher", "IdNumberHash", "IdNumberMasked",
                    "Phone", "PhoneTail", "Relation", "Status", "StatusDate", "StatusNote", "Version")
                VALUES (1, 1, '王建国', 1, {1}, 'c2VjcmV0', 'ABCDEF', '3401**********1234', '13912345678', '5678', '户主', 0, NULL, NULL, 2),
                       (2, 1, '欧阳·秀英', 2, {2}, NULL, NULL, NULL, NULL, NULL, '配偶', 0, NULL, NULL, 0),
                       (3, 1, '王', 1, NULL, NULL, NULL, NULL, NULL, NULL, '子女', 1, {3}, '外地工作', 1);
                """, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateOnly(1960, 5, 1), new DateOnly(1962, 7, 8), new DateOnly(2025, 1, 1));
        }

        await using (var db = NewDb())
        {
            await db.Database.MigrateAsync();
            (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();

            (await db.Subdistricts.SingleAsync()).Name.ShouldBe("骆岗街道");
            var community = await db.Communities.SingleAsync();
            (community.Name, community.Address, community.Phone).ShouldBe(("团结巷社区", "团结巷18号", "0551-63821001"));
            (await db.Grids.SingleAsync()).Name.ShouldBe("第一网格");
            (await db.Estates.SingleAsync()).Name.ShouldBe("团结新村");
            var building = await db.Buildings.SingleAsync();
            (building.Number, building.Floors).ShouldBe((3, 6));
            (await db.Entrances.SingleAsync()).Number.ShouldBe(2);
            var household = await db.Households.SingleAsync();
            (household.Room, household.Note, household.Version).ShouldBe(("501", "老住户", 3));
            household.CreatedAt.ShouldBe(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));

            var residents = await db.Residents.OrderBy(r => r.Id).ToListAsync();
            residents.Select(r => r.Name).ShouldBe(["王建国", "欧阳·秀英", "王"]);
            var head = residents[0];
            (head.Phone, head.PhoneTail, head.IdNumberCipher, head.IdNumberHash, head.IdNumberMasked, head.Version)
                .ShouldBe(("13912345678", "5678", "c2VjcmV0", "ABCDEF", "3401**********1234", 2));
            head.BirthDate.ShouldBe(new DateOnly(1960, 5, 1));
            (residents[2].Status, residents[2].StatusDate, residents[2].StatusNote).ShouldBe((ResidentStatus.MovedOut, new DateOnly(2025, 1, 1), "外地工作"));

            // The back-fill follows the same rule as new names: spaces and the middle dot dropped, every two-character window.
            var grams = await db.NameGrams.OrderBy(g => g.ResidentId).ThenBy(g => g.Gram).Select(g => new { g.ResidentId, g.Gram }).ToListAsync();
            grams.Where(g => g.ResidentId == 1).Select(g => g.Gram).Order().ShouldBe(NameGram.For("王建国").Order());
            grams.Where(g => g.ResidentId == 2).Select(g => g.Gram).Order().ShouldBe(NameGram.For("欧阳·秀英").Order());
            grams.ShouldNotContain(g => g.ResidentId == 3);

            var search = new SearchHouseholds(db, new RegistryScope(db, Administrator(), TimeProvider.System));
            var hits = await search.RunAsync("建国");
            hits.ShouldHaveSingleItem().MatchedNames.ShouldBe(["王建国"]);
            (await search.RunAsync("阳秀")).ShouldHaveSingleItem().Household.Id.ShouldBe(1);
            (await search.RunAsync("欧阳秀英")).ShouldHaveSingleItem().MatchedNames.ShouldBe(["欧阳·秀英"]);
        }
    }

    private static CurrentUser Administrator()
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "upgrade-test"), new Claim(ClaimTypes.Role, Roles.Administrator)], "test");
        // An administrator holds every declared capability; this one needs only to read the registry.
        var capabilities = new CapabilityTable([new Gongzhi.Web.Platform.Modules.CapabilityGrant(Capability.ViewRegistry, [])]);
        return new CurrentUser(new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity) } }, capabilities);
    }

    protected static DbContextOptionsBuilder<GongzhiDb> Quiet(DbContextOptionsBuilder<GongzhiDb> builder) =>
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
}

public sealed class SqliteUpgradeTests : UpgradeTests
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"gongzhi-upgrade-{Guid.NewGuid():N}.db");

    protected override DbContextOptions<GongzhiDb> Options => Quiet(new DbContextOptionsBuilder<GongzhiDb>().UseSqlite($"Data Source={_file}")).Options;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        return Task.CompletedTask;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresUpgradeTests : UpgradeTests
{
    private readonly string _database = "gz_up_" + Guid.NewGuid().ToString("N")[..10];

    protected override DbContextOptions<GongzhiDb> Options =>
        Quiet(new DbContextOptionsBuilder<GongzhiDb>().UseNpgsql(PostgresServer.ConnectionStringFor(_database))).Options;

    public override Task InitializeAsync() => PostgresServer.CreateDatabaseAsync(_database);

    public override async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.DropDatabaseAsync(_database);
    }
}
