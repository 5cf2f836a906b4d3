using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Volunteering;

// A closed account's volunteer record and points account stay (hours served, ledger entries and the
// community's balances still add up), but the name, phone, skills and availability go.
internal sealed class VolunteeringEraser(GongzhiDb db) : IPersonalDataEraser
{
    public string Name => "Volunteering";

    public async Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct)
    {
        var userId = subject.UserId;
        var residentId = subject.ResidentId;
        var placeholder = subject.Placeholder;
        var mine = db.Volunteers.Where(v => v.UserId == userId || (residentId != null && v.ResidentId == residentId));
        var changed = await db.PointsAccounts.Where(a => a.VolunteerId != null && mine.Any(v => v.Id == a.VolunteerId))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, placeholder), ct);
        changed += await mine.ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Name, placeholder).SetProperty(v => v.Phone, (string?)null)
            .SetProperty(v => v.Skills, (string?)null).SetProperty(v => v.Availability, (string?)null), ct);
        return changed;
    }
}
