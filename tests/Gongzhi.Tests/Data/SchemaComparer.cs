using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Tests.Data;

public sealed record ColumnShape(string Name, bool Nullable, string Type);

// Include: the non-key columns of a PostgreSQL covering index (INCLUDE); SQLite has none.
public sealed record IndexShape(string Name, string Columns, bool Unique, bool Filtered, string Include = "");

// SQLite does not keep foreign key names, so a key is known by what it joins.
public sealed record ForeignKeyShape(string Columns, string PrincipalTable, string PrincipalColumns, string OnDelete)
{
    public override string ToString() => $"({Columns}) -> {PrincipalTable}({PrincipalColumns}) on delete {OnDelete}";
}

public sealed class TableShape(string name)
{
    public string Name { get; } = name;
    public Dictionary<string, ColumnShape> Columns { get; } = new(StringComparer.Ordinal);
    public string PrimaryKey { get; set; } = "";
    public Dictionary<string, IndexShape> Indexes { get; } = new(StringComparer.Ordinal);
    public HashSet<ForeignKeyShape> ForeignKeys { get; } = [];
}

// Reads a schema from the EF model and from a live database, and lists every difference.
public static class SchemaComparer
{
    public static Dictionary<string, TableShape> FromModel(IModel model, bool postgres = false)
    {
        var tables = new Dictionary<string, TableShape>(StringComparer.Ordinal);
        foreach (var table in model.GetRelationalModel().Tables)
        {
            var shape = new TableShape(table.Name);
            foreach (var column in table.Columns)
                shape.Columns[column.Name] = new ColumnShape(column.Name, column.IsNullable, NormalizeType(column.StoreType));
            shape.PrimaryKey = string.Join(",", table.PrimaryKey?.Columns.Select(c => c.Name) ?? []);
            foreach (var index in table.Indexes)
                shape.Indexes[index.Name] = new IndexShape(index.Name, string.Join(",", index.Columns.Select(c => c.Name)), index.IsUnique, index.Filter is not null,
                    postgres ? string.Join(",", index.MappedIndexes.First().GetIncludeProperties() ?? []) : "");
            foreach (var unique in table.UniqueConstraints.Where(u => !u.GetIsPrimaryKey()))
                shape.Indexes[unique.Name] = new IndexShape(unique.Name, string.Join(",", unique.Columns.Select(c => c.Name)), true, false);
            foreach (var fk in table.ForeignKeyConstraints)
                shape.ForeignKeys.Add(new ForeignKeyShape(string.Join(",", fk.Columns.Select(c => c.Name)), fk.PrincipalTable.Name,
                    string.Join(",", fk.PrincipalColumns.Select(c => c.Name)), OnDelete(fk.OnDeleteAction)));
            tables[table.Name] = shape;
        }
        return tables;
    }

    public static async Task<Dictionary<string, TableShape>> FromDatabaseAsync(DbConnection connection, bool postgres)
    {
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        return postgres ? await FromPostgresAsync(connection) : await FromSqliteAsync(connection);
    }

    public static List<string> Compare(Dictionary<string, TableShape> model, Dictionary<string, TableShape> database)
    {
        var differences = new List<string>();
        foreach (var name in model.Keys.Except(database.Keys)) differences.Add($"table {name}: in the model, missing in the database");
        foreach (var name in database.Keys.Except(model.Keys)) differences.Add($"table {name}: in the database, not in the model");
        foreach (var name in model.Keys.Intersect(database.Keys).Order())
        {
            var (m, d) = (model[name], database[name]);
            foreach (var c in m.Columns.Keys.Except(d.Columns.Keys)) differences.Add($"column {name}.{c}: in the model, missing in the database");
            foreach (var c in d.Columns.Keys.Except(m.Columns.Keys)) differences.Add($"column {name}.{c}: in the database, not in the model");
            foreach (var c in m.Columns.Keys.Intersect(d.Columns.Keys))
            {
                if (m.Columns[c].Nullable != d.Columns[c].Nullable)
                    differences.Add($"column {name}.{c}: nullable {m.Columns[c].Nullable} in the model, {d.Columns[c].Nullable} in the database");
                if (m.Columns[c].Type != d.Columns[c].Type)
                    differences.Add($"column {name}.{c}: type {m.Columns[c].Type} in the model, {d.Columns[c].Type} in the database");
            }
            if (m.PrimaryKey != d.PrimaryKey) differences.Add($"table {name}: primary key ({m.PrimaryKey}) in the model, ({d.PrimaryKey}) in the database");
            foreach (var i in m.Indexes.Keys.Except(d.Indexes.Keys)) differences.Add($"index {name}.{i}: in the model, missing in the database");
            foreach (var i in d.Indexes.Keys.Except(m.Indexes.Keys)) differences.Add($"index {name}.{i}: in the database, not in the model");
            foreach (var i in m.Indexes.Keys.Intersect(d.Indexes.Keys).Where(i => m.Indexes[i] != d.Indexes[i]))
                differences.Add($"index {name}.{i}: {m.Indexes[i]} in the model, {d.Indexes[i]} in the database");
            foreach (var fk in m.ForeignKeys.Except(d.ForeignKeys)) differences.Add($"foreign key {name}{fk}: in the model, missing in the database");
            foreach (var fk in d.ForeignKeys.Except(m.ForeignKeys)) differences.Add($"foreign key {name}{fk}: in the database, not in the model");
        }
        return differences;
    }

    // case_search is the full-text index of cases, kept by raw SQL per provider (an FTS5 table on
    // SQLite, a GIN-indexed array on PostgreSQL) and outside the EF model on purpose.
    private static bool Ignored(string table) =>
        table.StartsWith("__EFMigrations", StringComparison.Ordinal) || table.StartsWith("case_search", StringComparison.Ordinal);

    // Spelling differences only ("TEXT" vs "text"); a varchar(50) against a varchar(100) is still a difference.
    private static string NormalizeType(string type) => string.Join(" ", type.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string OnDelete(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "cascade",
        ReferentialAction.Restrict => "restrict",
        ReferentialAction.SetNull => "set null",
        ReferentialAction.SetDefault => "set default",
        _ => "no action",
    };

    private static async Task<List<object[]>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private static async Task<Dictionary<string, TableShape>> FromSqliteAsync(DbConnection connection)
    {
        var tables = new Dictionary<string, TableShape>(StringComparer.Ordinal);
        var names = (await RowsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            .Select(r => (string)r[0]).Where(n => !Ignored(n));
        foreach (var name in names)
        {
            var shape = new TableShape(name);
            var quoted = name.Replace("'", "''", StringComparison.Ordinal);
            var columns = await RowsAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{quoted}')");
            foreach (var c in columns)
                shape.Columns[(string)c[0]] = new ColumnShape((string)c[0], Convert.ToInt64(c[2]) == 0, NormalizeType((string)c[1]));
            shape.PrimaryKey = string.Join(",", columns.Where(c => Convert.ToInt64(c[3]) > 0).OrderBy(c => Convert.ToInt64(c[3])).Select(c => (string)c[0]));
            foreach (var i in await RowsAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{quoted}')"))
            {
                if ((string)i[2] == "pk") continue;
                var index = (string)i[0];
                var cols = (await RowsAsync(connection, $"SELECT name FROM pragma_index_info('{index.Replace("'", "''", StringComparison.Ordinal)}') ORDER BY seqno"))
                    .Select(r => (string)r[0]);
                shape.Indexes[index] = new IndexShape(index, string.Join(",", cols), Convert.ToInt64(i[1]) == 1, Convert.ToInt64(i[3]) == 1);
            }
            var fks = await RowsAsync(connection, $"SELECT id, seq, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{quoted}') ORDER BY id, seq");
            foreach (var fk in fks.GroupBy(f => Convert.ToInt64(f[0])))
                shape.ForeignKeys.Add(new ForeignKeyShape(string.Join(",", fk.Select(f => (string)f[3])), (string)fk.First()[2],
                    string.Join(",", fk.Select(f => (string)f[4])), ((string)fk.First()[5]).ToLowerInvariant()));
            tables[name] = shape;
        }
        return tables;
    }

    private static async Task<Dictionary<string, TableShape>> FromPostgresAsync(DbConnection connection)
    {
        var tables = new Dictionary<string, TableShape>(StringComparer.Ordinal);
        TableShape Table(string name) => tables.TryGetValue(name, out var t) ? t : tables[name] = new TableShape(name);
        const string Public = "JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()";

        foreach (var c in await RowsAsync(connection, $"""
            SELECT t.relname::text, a.attname::text, NOT a.attnotnull, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid {Public}
            WHERE t.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """))
        {
            if (Ignored((string)c[0])) continue;
            Table((string)c[0]).Columns[(string)c[1]] = new ColumnShape((string)c[1], (bool)c[2], NormalizeType((string)c[3]));
        }

        foreach (var k in await RowsAsync(connection, $"""
            SELECT t.relname::text, c.contype::text,
                   (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num),
                   p.relname::text,
                   (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num),
                   c.confdeltype::text
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid {Public}
            LEFT JOIN pg_class p ON p.oid = c.confrelid
            WHERE c.contype IN ('p', 'f', 'u')
            """))
        {
            if (Ignored((string)k[0])) continue;
            var table = Table((string)k[0]);
            switch ((string)k[1])
            {
                case "p": table.PrimaryKey = (string)k[2]; break;
                case "f":
                    table.ForeignKeys.Add(new ForeignKeyShape((string)k[2], (string)k[3], (string)k[4], (string)k[5] switch
                    {
                        "c" => "cascade", "r" => "restrict", "n" => "set null", "d" => "set default", _ => "no action",
                    }));
                    break;
            }
        }

        foreach (var i in await RowsAsync(connection, $"""
            SELECT t.relname::text, ix.relname::text, x.indisunique, x.indpred IS NOT NULL,
                   (SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.num WHERE k.ord <= x.indnkeyatts),
                   coalesce((SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.num WHERE k.ord > x.indnkeyatts), '')
            FROM pg_index x JOIN pg_class ix ON ix.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid {Public}
            WHERE NOT x.indisprimary
            """))
        {
            if (Ignored((string)i[0])) continue;
            Table((string)i[0]).Indexes[(string)i[1]] = new IndexShape((string)i[1], (string)i[4], (bool)i[2], (bool)i[3], (string)i[5]);
        }
        return tables;
    }
}
