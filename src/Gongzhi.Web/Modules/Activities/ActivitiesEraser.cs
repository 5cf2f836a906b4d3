using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Activities;

// Registrations and appointments stay (places, attendance and the centre's figures do not move); the
// name on them and what the resident wrote on an appointment go.
internal sealed class ActivitiesEraser(GongzhiDb db) : IPersonalDataEraser
{
    public string Name => "Activities";

    public async Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct)
    {
        var userId = subject.UserId;
        var residentId = subject.ResidentId;
        var placeholder = subject.Placeholder;
        var changed = await db.Registrations.Where(r => r.UserId == userId || (residentId != null && r.ResidentId == residentId))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, placeholder), ct);
        changed += await db.Appointments.Where(a => a.UserId == userId || (residentId != null && a.ResidentId == residentId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ResidentName, placeholder).SetProperty(a => a.Note, (string?)null), ct);
        return changed;
    }
}
