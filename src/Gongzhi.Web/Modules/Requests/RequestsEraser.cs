using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Requests;

// A closed account's cases stay (the community's figures and the timelines of what was done do not
// change), but the reporter's name, phone, rating comment and form answers go, and the account's own
// timeline lines are signed with the placeholder.
internal sealed class RequestsEraser(GongzhiDb db) : IPersonalDataEraser
{
    public string Name => "Requests";

    public async Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct)
    {
        var userId = subject.UserId;
        var residentId = subject.ResidentId;
        var placeholder = subject.Placeholder;
        var changed = await db.Cases.Where(c => c.ReporterUserId == userId || (residentId != null && c.ReporterResidentId == residentId))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.ReporterName, c => c.ReporterName == null ? null : placeholder)
                .SetProperty(c => c.ReporterPhone, (string?)null)
                .SetProperty(c => c.RatingComment, (string?)null)
                .SetProperty(c => c.AnswersJson, (string?)null)
                .SetProperty(c => c.Version, c => c.Version + 1), ct);
        changed += await db.CaseEvents.Where(e => e.ActorUserId == userId).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, placeholder), ct);
        return changed;
    }
}
