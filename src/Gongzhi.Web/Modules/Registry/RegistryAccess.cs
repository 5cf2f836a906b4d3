using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry;

// Loads what a command will change, after checking the caller may change it there.
// Outside the caller's scope a thing does not exist (404); inside it but beyond the role, 403.
public sealed class RegistryAccess(GongzhiDb db, RegistryScope scope, CurrentUser user)
{
    public async Task<Household> HouseholdForEditAsync(long householdId, Capability? capability = null, CancellationToken ct = default)
    {
        user.Require(Capability.ViewRegistry);
        if (!await scope.CanSeeHouseholdAsync(householdId, ct)) throw new NotFound();
        var household = await db.Households.FirstAsync(h => h.Id == householdId, ct);
        if (!user.Can(capability ?? Capability.EditRegistry) || !await scope.CanEditGridAsync(household.GridId, ct)) throw new Forbidden();
        return household;
    }

    public async Task<Resident> ResidentForEditAsync(long residentId, Capability? capability = null, CancellationToken ct = default)
    {
        var householdId = await db.Residents.Where(r => r.Id == residentId).Select(r => (long?)r.HouseholdId).FirstOrDefaultAsync(ct)
                          ?? throw new NotFound();
        await HouseholdForEditAsync(householdId, capability, ct);
        return await db.Residents.Include(r => r.CareTags).Include(r => r.NameGrams).FirstAsync(r => r.Id == residentId, ct);
    }

    public async Task<long> CheckResidentVisibleAsync(long residentId, CancellationToken ct = default)
    {
        var householdId = await db.Residents.Where(r => r.Id == residentId).Select(r => (long?)r.HouseholdId).FirstOrDefaultAsync(ct)
                          ?? throw new NotFound();
        if (!await scope.CanSeeHouseholdAsync(householdId, ct)) throw new NotFound();
        return householdId;
    }
}
