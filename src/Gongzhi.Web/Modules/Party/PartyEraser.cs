using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Party;

// A closed account's 党员 record stays for the counts; the name is replaced.
internal sealed class PartyEraser(GongzhiDb db) : IPersonalDataEraser
{
    public string Name => "Party";

    public async Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct)
    {
        var userId = subject.UserId;
        var residentId = subject.ResidentId;
        return await db.Set<PartyMember>().Where(m => m.UserId == userId || (residentId != null && m.ResidentId == residentId))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Name, subject.Placeholder), ct);
    }
}
