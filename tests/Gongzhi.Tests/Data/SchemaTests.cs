namespace Gongzhi.Tests.Data;

// A freshly migrated database has exactly the schema the EF model expects: a property added
// without a migration (or a migration that drifts from the model) fails here.
public abstract class SchemaTests(GongzhiApp app)
{
    [Fact]
    public async Task Migrated_schema_equals_the_model()
    {
        await using var db = app.NewDb();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        // The design-time model: the runtime one drops what only migrations read, such as a PostgreSQL index's INCLUDE.
        var expected = SchemaComparer.FromModel(((Microsoft.EntityFrameworkCore.Infrastructure.IInfrastructure<IServiceProvider>)db).Instance.GetRequiredService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model,
            app.Provider == Web.Data.DatabaseProvider.Postgres);
        var actual = await SchemaComparer.FromDatabaseAsync(db.Database.GetDbConnection(), app.Provider == Web.Data.DatabaseProvider.Postgres);

        expected.Keys.ShouldContain("Residents");
        expected.Keys.ShouldContain("AuditEntries");
        // The city indexes (OpenCases.cs): partial on both databases; the covering one on PostgreSQL only, with its INCLUDE.
        expected["Cases"].Indexes["IX_Cases_Open_Id"].Filtered.ShouldBeTrue();
        expected["Cases"].Indexes.ContainsKey("IX_Cases_GridId_SubmittedAt").ShouldBe(app.Provider == Web.Data.DatabaseProvider.Postgres);
        actual.Keys.ShouldContain("NameGrams");
        SchemaComparer.Compare(expected, actual).ShouldBeEmpty();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSchemaTests(SqliteApp app) : SchemaTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresApp app) : SchemaTests(app);
