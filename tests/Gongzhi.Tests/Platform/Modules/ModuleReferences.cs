using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Gongzhi.Tests.Platform.Modules;

// Which types of other modules each module's compiled code uses: signatures, attributes and
// method bodies (so a `new Topic(...)` inside a lambda of a page counts too), read with Cecil.
public static class ModuleReferences
{
    public const string Prefix = "Gongzhi.Web.Modules.";

    // "Gongzhi.Web.Modules.Requests.Intake.SubmitCase" → "Requests"; null outside the modules.
    public static string? ModuleOf(string? ns, string prefix = Prefix)
    {
        if (ns is null || !ns.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = ns[prefix.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    // (module, used module, used type full name) for every cross-module use in the assembly. A
    // module's types are found under fromPrefix (the web app's, or a test's stand-in), the modules
    // they use always under the web app's.
    public static HashSet<(string From, string To, string Type)> Find(string assemblyPath, string fromPrefix = Prefix)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var found = new HashSet<(string, string, string)>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var from = ModuleOf(OuterNamespace(type), fromPrefix);
            if (from is null) continue;
            foreach (var used in Used(type))
            {
                var to = ModuleOf(OuterNamespace(used));
                if (to is not null && to != from) found.Add((from, to, Name(used)));
            }
        }
        return found;
    }

    private static string OuterNamespace(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type.Namespace;
    }

    private static string Name(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        var name = type.FullName;
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick];
    }

    private static IEnumerable<TypeReference> Used(TypeDefinition type)
    {
        var all = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null: return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var a in g.GenericArguments) Add(a);
                    return;
                case TypeSpecification s:
                    Add(s.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    all.Add(t);
                    return;
            }
        }
        void AddMember(MemberReference m)
        {
            Add(m.DeclaringType);
            switch (m)
            {
                case MethodReference method:
                    Add(method.ReturnType);
                    foreach (var p in method.Parameters) Add(p.ParameterType);
                    if (method is GenericInstanceMethod gm) foreach (var a in gm.GenericArguments) Add(a);
                    break;
                case FieldReference field:
                    Add(field.FieldType);
                    break;
            }
        }
        void AddAttributes(ICustomAttributeProvider p)
        {
            foreach (var a in p.CustomAttributes)
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments) if (arg.Value is TypeReference tr) Add(tr);
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        foreach (var f in type.Fields) { Add(f.FieldType); AddAttributes(f); }
        foreach (var p in type.Properties) { Add(p.PropertyType); AddAttributes(p); }
        foreach (var m in type.Methods)
        {
            Add(m.ReturnType);
            AddAttributes(m);
            foreach (var p in m.Parameters) Add(p.ParameterType);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType);
            foreach (var ins in m.Body.Instructions)
            {
                switch (ins.Operand)
                {
                    case TypeReference t: Add(t); break;
                    case MemberReference mr: AddMember(mr); break;
                }
            }
        }
        return all;
    }
}
