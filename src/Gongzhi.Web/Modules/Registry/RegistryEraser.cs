using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Registry;

// A closed account's registry person: the row stays in its household (head counts, ownership areas and
// elector rolls still add up), but the name, phone, ID number, birth date, notes and care tags go, and the
// name's search bigrams with them, so household search can no longer find the person.
internal sealed class RegistryEraser(GongzhiDb db) : IPersonalDataEraser
{
    public string Name => "Registry";

    public async Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct)
    {
        if (subject.ResidentId is not { } id) return 0;
        await db.Set<NameGram>().Where(g => g.ResidentId == id).ExecuteDeleteAsync(ct);
        await db.Set<CareTag>().Where(t => t.ResidentId == id).ExecuteDeleteAsync(ct);
        var changed = await db.Residents.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Name, subject.Placeholder)
            .SetProperty(r => r.Phone, (string?)null).SetProperty(r => r.PhoneTail, (string?)null)
            .SetProperty(r => r.IdNumberCipher, (string?)null).SetProperty(r => r.IdNumberHash, (string?)null)
            .SetProperty(r => r.IdNumberMasked, (string?)null).SetProperty(r => r.BirthDate, (DateOnly?)null)
            .SetProperty(r => r.StatusNote, (string?)null).SetProperty(r => r.Version, r => r.Version + 1), ct);
        changed += await db.Ownerships.Where(o => o.ResidentId == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.OwnerName, subject.Placeholder), ct);
        return changed;
    }
}
