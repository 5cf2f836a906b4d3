using Microsoft.Data.Sqlite;

namespace Gongzhi.Tests.Data;

// The comparer itself must see a difference, or the schema test would pass on anything.
public sealed class SchemaComparerTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await using var command = _connection.CreateCommand();
        // The table as an old migration left it: no Colour column, an index the model dropped, a nullable Name.
        command.CommandText = """
            CREATE TABLE "Parents" ("Id" INTEGER NOT NULL CONSTRAINT "PK_Parents" PRIMARY KEY AUTOINCREMENT);
            CREATE TABLE "Probes" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_Probes" PRIMARY KEY AUTOINCREMENT,
                "ParentId" INTEGER NOT NULL CONSTRAINT "FK_Probes_Parents_ParentId" REFERENCES "Parents" ("Id") ON DELETE CASCADE,
                "Name" TEXT NULL,
                "Size" INTEGER NOT NULL);
            CREATE INDEX "IX_Probes_ParentId" ON "Probes" ("ParentId");
            CREATE INDEX "IX_Probes_Size" ON "Probes" ("Size");
            """;
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Reports_a_property_without_a_migration_and_every_other_drift()
    {
        await using var db = new ProbeDb(new DbContextOptionsBuilder<ProbeDb>().UseSqlite(_connection).Options);
        var differences = SchemaComparer.Compare(SchemaComparer.FromModel(db.Model), await SchemaComparer.FromDatabaseAsync(_connection, postgres: false));

        differences.ShouldContain(d => d.Contains("Probes.Colour") && d.Contains("missing in the database"));
        differences.ShouldContain(d => d.Contains("Probes.Name") && d.Contains("nullable"));
        differences.ShouldContain(d => d.Contains("IX_Probes_Size") && d.Contains("not in the model"));
        differences.ShouldContain(d => d.Contains("IX_Probes_Name") && d.Contains("missing in the database"));
        differences.ShouldContain(d => d.Contains("foreign key Probes") && d.Contains("restrict"));
        differences.Count.ShouldBe(6, string.Join("\n", differences));
    }

    [Fact]
    public async Task Sees_no_difference_where_there_is_none()
    {
        await using var db = new ProbeDb(new DbContextOptionsBuilder<ProbeDb>().UseSqlite(_connection).Options);
        var model = SchemaComparer.FromModel(db.Model);
        var database = await SchemaComparer.FromDatabaseAsync(_connection, postgres: false);
        database["Parents"].Columns.Keys.ShouldBe(model["Parents"].Columns.Keys);
        SchemaComparer.Compare(new() { ["Parents"] = model["Parents"] }, new() { ["Parents"] = database["Parents"] }).ShouldBeEmpty();
    }

    private sealed class Parent
    {
        public long Id { get; set; }
    }

    private sealed class Probe
    {
        public long Id { get; set; }
        public long ParentId { get; set; }
        public string Name { get; set; } = "";
        public int Size { get; set; }
        public string? Colour { get; set; }
    }

    private sealed class ProbeDb(DbContextOptions<ProbeDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder b)
        {
            b.Entity<Parent>().ToTable("Parents");
            b.Entity<Probe>().ToTable("Probes");
            b.Entity<Probe>().HasOne<Parent>().WithMany().HasForeignKey(p => p.ParentId).OnDelete(DeleteBehavior.Restrict);
            b.Entity<Probe>().HasIndex(p => p.Name);
        }
    }
}
