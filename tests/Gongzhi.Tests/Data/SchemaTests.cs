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
        var expected = SchemaComparer.FromModel(db.Model);
        var actual = await SchemaComparer.FromDatabaseAsync(db.Database.GetDbConnection(), app.Provider == Web.Data.DatabaseProvider.Postgres);

        expected.Keys.ShouldContain("Residents");
        expected.Keys.ShouldContain("AuditEntries");
        actual.Keys.ShouldContain("NameGrams");
        SchemaComparer.Compare(expected, actual).ShouldBeEmpty();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSchemaTests(SqliteApp app) : SchemaTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresApp app) : SchemaTests(app);
