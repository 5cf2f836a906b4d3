using System.Collections.Frozen;
using Gongzhi.Web.Platform.Modules;

namespace Gongzhi.Web.Platform.Accounts;

// Every role's capabilities, built once from the grants the modules registered.
public sealed class CapabilityTable
{
    private readonly FrozenDictionary<string, FrozenSet<Capability>> _byRole;

    public CapabilityTable(IEnumerable<CapabilityGrant> grants)
    {
        var list = grants.ToList();
        All = list.Select(g => g.Capability).Distinct().OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var byRole = Roles.All.ToDictionary(r => r, _ => new HashSet<Capability>());
        foreach (var grant in list)
        {
            foreach (var role in grant.Roles)
            {
                if (!byRole.TryGetValue(role, out var set)) throw new InvalidOperationException($"Capability {grant.Capability} granted to unknown role {role}.");
                set.Add(grant.Capability);
            }
        }
        byRole[Roles.Administrator].UnionWith(All);
        _byRole = byRole.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet());
    }

    public IReadOnlyList<Capability> All { get; }

    public bool RoleHas(string role, Capability capability) => _byRole.TryGetValue(role, out var caps) && caps.Contains(capability);

    public IEnumerable<Capability> ForRole(string role) => _byRole.GetValueOrDefault(role) ?? (IEnumerable<Capability>)[];
}
