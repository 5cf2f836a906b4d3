using System.Collections.Concurrent;
using System.Reflection;

namespace Gongzhi.Web.Platform.Problems;

// Every date an API call brings — a query parameter, or a field of its JSON body — lies in
// Dates.Earliest..Latest, checked once here for every endpoint rather than in each handler.
internal sealed class DateRangeFilter : IEndpointFilter
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> DateProperties = new();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var parameters = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters();
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            var value = context.Arguments[i];
            if (value is null) continue;
            var name = parameters is not null && i < parameters.Length ? parameters[i].Name ?? "date" : "date";
            if (IsOutside(value)) throw Dates.OutOfRange(name);
            var type = value.GetType();
            if (type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("Gongzhi", StringComparison.Ordinal) != true) continue;
            foreach (var p in DateProperties.GetOrAdd(type, Find))
            {
                // A required date left out of the body binds as 0001-01-01: the handler says "required" for it.
                var v = p.GetValue(value);
                if (p.PropertyType == typeof(DateOnly) && (DateOnly)v! == default || p.PropertyType == typeof(DateTime) && (DateTime)v! == default
                    || p.PropertyType == typeof(DateTimeOffset) && (DateTimeOffset)v! == default) continue;
                if (IsOutside(v)) throw Dates.OutOfRange(p.Name);
            }
        }
        return next(context);
    }

    private static bool IsOutside(object? value) => value switch
    {
        DateOnly d => !Dates.InRange(d),
        DateTime t => !Dates.InRange(t),
        DateTimeOffset o => !Dates.InRange(o.UtcDateTime),
        _ => false,
    };

    private static PropertyInfo[] Find(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0 && (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) is var t
            && (t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset)))
        .ToArray();
}
