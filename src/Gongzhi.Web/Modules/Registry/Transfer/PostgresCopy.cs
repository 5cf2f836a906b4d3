using Gongzhi.Web.Data;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Gongzhi.Web.Modules.Registry.Transfer;

// PostgreSQL's COPY for many new rows of one type inside the open transaction. EF's batched
// SaveChanges spends most of a large import tracking entities; COPY streams them in one go.
// Generated keys are reserved from the table's identity sequence first, so children can refer to
// their parents. As with BulkInsert, entities are built by their constructors (their rules hold)
// and columns, types and converters come from the EF model.
internal static class PostgresCopy
{
    public static async Task InsertAsync<T>(GongzhiDb db, IReadOnlyList<(T Entity, long? ParentId)> rows, string? parentKey = null, CancellationToken ct = default)
        where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var generated = entity.FindPrimaryKey()!.Properties is [var single] && single.ValueGenerated == ValueGenerated.OnAdd ? single : null;

        if (generated is not null)
        {
            var setter = generated.PropertyInfo!.GetSetMethod(nonPublic: true)!.CreateDelegate<Action<T, long>>();
            await using var reserve = connection.CreateCommand();
            reserve.CommandText = $"SELECT nextval(pg_get_serial_sequence('\"{table.Name}\"', '{generated.GetColumnName(table)}')) FROM generate_series(1, {rows.Count})";
            await using var reader = await reserve.ExecuteReaderAsync(ct);
            var i = 0;
            while (await reader.ReadAsync(ct)) setter(rows[i++].Entity, reader.GetInt64(0));
        }

        var parent = parentKey is null ? null : entity.FindProperty(parentKey);
        var columns = entity.GetProperties().Select(p =>
        {
            var mapping = (RelationalTypeMapping)p.GetTypeMapping();
            var converter = mapping.Converter;
            // "character varying(30)" → "character varying": the facet is the column's business, not the wire format's.
            var storeType = mapping.StoreType.Split('(')[0].Trim();
            return (Property: p, Getter: p.GetGetter(), StoreType: storeType,
                ToProvider: converter is null ? (Func<object?, object?>)(v => v) : v => v is null ? null : converter.ConvertToProvider(v));
        }).ToList();

        var names = string.Join(", ", columns.Select(c => $"\"{c.Property.GetColumnName(table)}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({names}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var (row, parentId) in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var c in columns)
            {
                var value = c.ToProvider(c.Property == parent ? parentId : c.Getter.GetClrValue(row));
                if (value is null) await importer.WriteNullAsync(ct);
                else await importer.WriteAsync(value, c.StoreType, ct);
            }
        }
        await importer.CompleteAsync(ct);
    }
}
