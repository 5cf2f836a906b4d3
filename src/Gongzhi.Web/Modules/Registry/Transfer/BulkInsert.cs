using System.Data.Common;
using Gongzhi.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gongzhi.Web.Modules.Registry.Transfer;

// Inserts many entities of one type through one prepared INSERT inside the open transaction.
// EF's SaveChanges sends SQLite one statement per row and tracks each: for a 10,000-person roster
// (with its name bigrams, ~40,000 rows) that is most of the import's time. The entities are still
// built by their constructors, so every rule on them holds; this only writes what they became.
// Columns, types and converters come from the EF model, so a mapping change cannot be missed here.
internal sealed class BulkInsert<T> : IAsyncDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly (IProperty Property, DbParameter Parameter, Func<object?, object?> ToProvider)[] _columns;
    private readonly Action<T, long>? _setKey;
    private readonly IProperty? _parentKey;

    private BulkInsert(DbCommand command, (IProperty, DbParameter, Func<object?, object?>)[] columns, Action<T, long>? setKey, IProperty? parentKey)
    {
        _command = command;
        _columns = columns;
        _setKey = setKey;
        _parentKey = parentKey;
    }

    // parentKey: a foreign key the entity cannot know yet (a child collection's owner id), given per row.
    public static async Task<BulkInsert<T>> CreateAsync(GongzhiDb db, string? parentKey = null, CancellationToken ct = default)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var generated = entity.FindPrimaryKey()!.Properties is [var single] && single.ValueGenerated == ValueGenerated.OnAdd ? single : null;
        var properties = entity.GetProperties().Where(p => p != generated).ToList();

        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = (db.Database.CurrentTransaction ?? throw new InvalidOperationException("bulk insert needs a transaction")).GetDbTransaction();
        var columns = new List<(IProperty, DbParameter, Func<object?, object?>)>();
        var names = new List<string>();
        var values = new List<string>();
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var name = "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var parameter = mapping.CreateParameter(command, name, null, property.IsNullable);
            command.Parameters.Add(parameter);
            var converter = mapping.Converter;
            columns.Add((property, parameter, converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v)));
            names.Add(sql.DelimitIdentifier(property.GetColumnName(table)!));
            values.Add(sql.GenerateParameterNamePlaceholder(name));
        }
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)})"
            + (generated is null ? "" : $" RETURNING {sql.DelimitIdentifier(generated.GetColumnName(table)!)}");
        await command.PrepareAsync(ct);

        Action<T, long>? setKey = null;
        if (generated is not null)
        {
            var setter = generated.PropertyInfo!.GetSetMethod(nonPublic: true)!;
            setKey = setter.CreateDelegate<Action<T, long>>();
        }
        return new BulkInsert<T>(command, [.. columns], setKey, parentKey is null ? null : entity.FindProperty(parentKey));
    }

    public async Task InsertAsync(T entity, long? parentId = null, CancellationToken ct = default)
    {
        foreach (var (property, parameter, toProvider) in _columns)
        {
            var value = property == _parentKey ? parentId : property.GetGetter().GetClrValue(entity);
            parameter.Value = toProvider(value) ?? DBNull.Value;
        }
        if (_setKey is null)
        {
            await _command.ExecuteNonQueryAsync(ct);
            return;
        }
        var id = await _command.ExecuteScalarAsync(ct);
        _setKey(entity, Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

}
