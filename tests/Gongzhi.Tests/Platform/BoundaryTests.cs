using System.Reflection;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Platform;

// Platform knows no module: modules plug into it (IResidentLinker), never the other way round.
public sealed class BoundaryTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Mentioned(Type type)
    {
        if (type.HasElementType) return Mentioned(type.GetElementType()!);
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
            return type.GetGenericArguments().SelectMany(Mentioned).Prepend(type.GetGenericTypeDefinition());
        return [type];
    }

    public static IEnumerable<(string Where, Type Type)> References(Type type)
    {
        if (type.BaseType is { } baseType) foreach (var t in Mentioned(baseType)) yield return ("base type", t);
        foreach (var i in type.GetInterfaces()) foreach (var t in Mentioned(i)) yield return ("interface", t);
        foreach (var f in type.GetFields(Everything)) foreach (var t in Mentioned(f.FieldType)) yield return ($"field {f.Name}", t);
        foreach (var p in type.GetProperties(Everything)) foreach (var t in Mentioned(p.PropertyType)) yield return ($"property {p.Name}", t);
        foreach (var c in type.GetConstructors(Everything))
            foreach (var p in c.GetParameters()) foreach (var t in Mentioned(p.ParameterType)) yield return ($"constructor parameter {p.Name}", t);
        foreach (var m in type.GetMethods(Everything))
        {
            foreach (var t in Mentioned(m.ReturnType)) yield return ($"method {m.Name} return", t);
            foreach (var p in m.GetParameters()) foreach (var t in Mentioned(p.ParameterType)) yield return ($"method {m.Name} parameter {p.Name}", t);
        }
    }

    public static List<string> Violations(IEnumerable<Type> types, string from, string forbidden) =>
        types.Where(t => t.Namespace?.StartsWith(from, StringComparison.Ordinal) == true)
            .SelectMany(t => References(t).Where(r => r.Type.Namespace?.StartsWith(forbidden, StringComparison.Ordinal) == true)
                .Select(r => $"{t.FullName} {r.Where} -> {r.Type.FullName}"))
            .Distinct().ToList();

    [Fact]
    public void Platform_does_not_reference_modules()
    {
        var types = typeof(CurrentUser).Assembly.GetTypes();
        types.Count(t => t.Namespace?.StartsWith("Gongzhi.Web.Platform", StringComparison.Ordinal) == true).ShouldBeGreaterThan(20);
        Violations(types, "Gongzhi.Web.Platform", "Gongzhi.Web.Modules").ShouldBeEmpty();
    }

    [Fact]
    public void The_check_sees_a_reference_when_there_is_one()
    {
        // Modules do use Platform, so the same check run the other way must find something.
        var types = typeof(CurrentUser).Assembly.GetTypes();
        var found = Violations(types, "Gongzhi.Web.Modules", "Gongzhi.Web.Platform");
        found.ShouldContain(v => v.Contains("Gongzhi.Web.Modules.Registry.RegistryScope") && v.Contains("CurrentUser"));
        found.ShouldContain(v => v.Contains("List`1") == false && v.Contains("IdNumberProtector"));
    }
}
