using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Deliberation;

// Ballots and supports stay as they were counted; the name on a closed account's topics and on the
// elector rolls is replaced.
internal sealed class DeliberationEraser(GongzhiDb db) : IPersonalDataEraser
{
    public string Name => "Deliberation";

    public async Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct)
    {
        var userId = subject.UserId;
        var placeholder = subject.Placeholder;
        var changed = await db.Topics.Where(t => t.ProposerUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ProposerName, placeholder), ct);
        if (subject.ResidentId is { } residentId)
            changed += await db.VoteElectors.Where(e => e.ResidentId == residentId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Name, placeholder), ct);
        return changed;
    }
}
