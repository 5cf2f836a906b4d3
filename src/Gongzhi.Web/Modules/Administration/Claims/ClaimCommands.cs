using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Administration.Claims;

public sealed record ClaimInput(long? EstateId, string? Address, string? Name, Gender? Gender, ClaimRelation? Relation);

// Claiming a household: the resident asks; the staff who may edit that household's grid decide.
// Confirming writes the claimant into the registry the way phone sign-up links an account: an active
// resident of that household with the account's phone is the same person; otherwise a new one is added.
public sealed class ClaimCommands(GongzhiDb db, RegistryScope scope, CurrentUser user, IdNumberProtector protector, AuditLog audit, TimeProvider clock)
{
    public const string LinkAction = "LinkAccount";

    public async Task<long> SubmitAsync(ClaimInput input, CancellationToken ct = default)
    {
        var me = await ClaimantAsync(ct);
        var errors = new List<FieldError>();
        if (input.EstateId is null) errors.Add(new FieldError("EstateId", "Validation.Required"));
        ClaimAddress? address = null;
        try { address = ClaimAddressParser.Parse(input.Address); }
        catch (ValidationFailure v) { errors.AddRange(v.Errors); }
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add(new FieldError("Name", "Validation.Required"));
        if (input.Gender is not { } gender || !Enum.IsDefined(gender)) errors.Add(new FieldError("Gender", "Validation.Required"));
        if (input.Relation is not { } relation || !Enum.IsDefined(relation)) errors.Add(new FieldError("Relation", "Validation.Required"));
        if (errors.Count > 0) throw new ValidationFailure(errors);

        var householdId = await FindHouseholdAsync(input.EstateId!.Value, address!, ct);
        if (await db.Set<HouseholdClaim>().AnyAsync(c => c.UserId == me.Id && c.Status == ClaimStatus.Pending, ct))
            throw new DuplicateFailure("Address", "Administration.Claim.AlreadyWaiting");
        var claim = new HouseholdClaim(me.Id, householdId, input.Name!, input.Gender!.Value, input.Relation!.Value, clock.GetUtcNow().UtcDateTime);
        db.Set<HouseholdClaim>().Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateFailure("Address", "Administration.Claim.AlreadyWaiting");
        }
        return claim.Id;
    }

    public async Task ConfirmAsync(long claimId, int version, CancellationToken ct = default)
    {
        var claim = await ClaimForDecisionAsync(claimId, ct);
        // Decided already, or changed since the page was read: the other decision stands.
        if (claim.Version != version || claim.Status != ClaimStatus.Pending) throw new ConcurrencyConflict();
        var account = await db.Users.FirstAsync(u => u.Id == claim.UserId, ct);
        if (account.ResidentId is { } linked && await db.Residents.AnyAsync(r => r.Id == linked && r.Status == ResidentStatus.Active, ct))
            throw new DomainException("Administration.Claim.AlreadyLinked");
        var now = clock.GetUtcNow().UtcDateTime;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var residents = await db.Residents.Where(r => r.HouseholdId == claim.HouseholdId && r.Status == ResidentStatus.Active).ToListAsync(ct);
        var resident = account.PhoneNumber is { } phone ? residents.Where(r => r.Phone == phone).OrderBy(r => r.Id).FirstOrDefault() : null;
        if (resident is null)
        {
            resident = new Resident(claim.HouseholdId, claim.Name, claim.Gender, claim.RegistryRelation(residents.Any(r => r.Relation == "户主")),
                null, protector, account.PhoneNumber);
            db.Residents.Add(resident);
            await db.SaveChangesAsync(ct);
        }
        claim.Confirm(resident.Id, user.RequiredId, now, version);
        account.ResidentId = resident.Id;
        audit.Add(db, LinkAction, $"User/{account.UserName}", $"Resident/{resident.Id}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task RefuseAsync(long claimId, int version, string? reason, CancellationToken ct = default)
    {
        var claim = await ClaimForDecisionAsync(claimId, ct);
        claim.Refuse(reason, user.RequiredId, clock.GetUtcNow().UtcDateTime, version);
        await db.SaveChangesAsync(ct);
    }

    private async Task<AppUser> ClaimantAsync(CancellationToken ct)
    {
        var id = user.RequiredId;
        if (!user.IsInRole(Roles.Resident)) throw new Forbidden();
        var me = await db.Users.FirstAsync(u => u.Id == id, ct);
        if (me.ResidentId is { } linked && await db.Residents.AnyAsync(r => r.Id == linked && r.Status == ResidentStatus.Active, ct))
            throw new DomainException("Administration.Claim.AlreadyLinked");
        return me;
    }

    // Door plates are public (they hang in every stairwell), so saying a room does not exist reveals nothing.
    private async Task<long> FindHouseholdAsync(long estateId, ClaimAddress address, CancellationToken ct)
    {
        if (!await db.Estates.AnyAsync(e => e.Id == estateId, ct)) throw new ValidationFailure("EstateId", "Validation.Invalid");
        var room = address.Room;
        var homes = await (from h in db.Households
                           join b in db.Buildings on h.BuildingId equals b.Id
                           join e in db.Entrances on h.EntranceId equals e.Id
                           where h.EstateId == estateId && b.Number == address.Building && h.Room == room && b.RetiredOn == null
                           select new { h.Id, Entrance = e.Number }).ToListAsync(ct);
        // Without a 单元 the address is good only when it names one home.
        var match = address.Entrance is { } n ? homes.Where(h => h.Entrance == n).ToList() : homes;
        if (match.Count != 1) throw new ValidationFailure("Address", "Administration.Claim.NoSuchHome");
        return match[0].Id;
    }

    private async Task<HouseholdClaim> ClaimForDecisionAsync(long claimId, CancellationToken ct)
    {
        var householdId = await db.Set<HouseholdClaim>().Where(c => c.Id == claimId).Select(c => (long?)c.HouseholdId).FirstOrDefaultAsync(ct)
                          ?? throw new NotFound();
        // As Registry's own edits: outside the caller's grids the claim does not exist (404), beyond the role 403.
        user.Require(Capability.ViewRegistry);
        if (!await scope.CanSeeHouseholdAsync(householdId, ct)) throw new NotFound();
        var gridId = await db.Households.Where(h => h.Id == householdId).Select(h => h.GridId).FirstAsync(ct);
        if (!user.Can(Capability.EditRegistry) || !await scope.CanEditGridAsync(gridId, ct)) throw new Forbidden();
        return await db.Set<HouseholdClaim>().FirstAsync(c => c.Id == claimId, ct);
    }
}
