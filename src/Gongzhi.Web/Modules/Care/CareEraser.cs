using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Care;

// A closed account's care record stays for the visit counts; its health and living notes go (the name
// and phone are the registry's, erased there).
internal sealed class CareEraser(GongzhiDb db) : IPersonalDataEraser
{
    public string Name => "Care";

    public async Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct)
    {
        if (subject.ResidentId is not { } residentId) return 0;
        return await db.Set<CareRecipient>().Where(r => r.ResidentId == residentId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HealthNote, (string?)null).SetProperty(r => r.LivingNote, (string?)null), ct);
    }
}
