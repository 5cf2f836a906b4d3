using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Care;

public sealed record ContactInput(string? Name, string? Relation, string? Phone);

public sealed record RecipientInput(long ResidentId, IReadOnlyList<CareTagKind>? Reasons, CareRisk Risk,
    string? HealthNote = null, string? LivingNote = null, IReadOnlyList<ContactInput>? Contacts = null);

public sealed record RecipientEdit(IReadOnlyList<CareTagKind>? Reasons, CareRisk Risk, string? HealthNote, string? LivingNote, int Version);

public sealed record PlanInput(PlanUnit Unit, int Every, VisitorKind VisitorKind, int Version);

public sealed record StatusInput(int Version, CareEndReason? EndReason = null);

// Adding a recipient and changing their plan and status: one load → check → save each.
public sealed class CareCommands(GongzhiDb db, CareAccess access, RegistryScope scope, CurrentUser user, TimeProvider clock)
{
    public async Task<long> AddAsync(RecipientInput input, CancellationToken ct = default)
    {
        user.Require(Capability.ManageCare);
        var resident = await db.Residents.AsNoTracking().Where(r => r.Id == input.ResidentId)
            .Select(r => new { r.Id, r.HouseholdId, r.Status, Tags = r.CareTags.Select(t => t.Kind).ToList() }).FirstOrDefaultAsync(ct);
        if (resident is null || !await scope.CanSeeHouseholdAsync(resident.HouseholdId, ct)) throw new ValidationFailure("ResidentId", "Care.Error.ResidentUnknown");
        var gridId = await db.Households.Where(h => h.Id == resident.HouseholdId).Select(h => h.GridId).FirstAsync(ct);
        if (!await scope.CanEditGridAsync(gridId, ct)) throw new Forbidden();
        if (resident.Status != ResidentStatus.Active) throw new ValidationFailure("ResidentId", "Care.Error.ResidentNotActive");
        if (await db.Set<CareRecipient>().AnyAsync(r => r.ResidentId == input.ResidentId, ct))
            throw new DuplicateFailure("ResidentId", "Care.Error.AlreadyRecipient");

        // The registry's care tags are the reasons unless the caller names others.
        var reasons = input.Reasons is { Count: > 0 } given ? given : resident.Tags;
        var now = clock.GetUtcNow().UtcDateTime;
        var recipient = new CareRecipient(resident.Id, resident.HouseholdId, reasons, input.Risk, access.Today, now);
        recipient.SetNotes(input.HealthNote, input.LivingNote);
        foreach (var c in input.Contacts ?? []) recipient.AddContact(c.Name ?? "", c.Relation ?? "", c.Phone ?? "");
        db.Set<CareRecipient>().Add(recipient);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateFailure("ResidentId", "Care.Error.AlreadyRecipient");
        }
        return recipient.Id;
    }

    public async Task EditAsync(long id, RecipientEdit input, CancellationToken ct = default)
    {
        var (recipient, _) = await access.ForManageAsync(id, ct);
        recipient.Edit(input.Reasons ?? [], input.Risk, input.HealthNote, input.LivingNote, input.Version);
        await db.SaveChangesAsync(ct);
    }

    public async Task PlanAsync(long id, PlanInput input, CancellationToken ct = default)
    {
        var (recipient, _) = await access.ForManageAsync(id, ct);
        recipient.Plan(input.Unit, input.Every, input.VisitorKind, recipient.VisitorUserId, access.Today, input.Version);
        await db.SaveChangesAsync(ct);
    }

    public async Task PauseAsync(long id, StatusInput input, CancellationToken ct = default)
    {
        var (recipient, _) = await access.ForManageAsync(id, ct);
        recipient.Pause(access.Today, input.Version);
        await db.SaveChangesAsync(ct);
    }

    public async Task ResumeAsync(long id, StatusInput input, CancellationToken ct = default)
    {
        var (recipient, _) = await access.ForManageAsync(id, ct);
        recipient.Resume(access.Today, input.Version);
        await db.SaveChangesAsync(ct);
    }

    public async Task EndAsync(long id, StatusInput input, CancellationToken ct = default)
    {
        var (recipient, _) = await access.ForManageAsync(id, ct);
        recipient.End(input.EndReason ?? throw new ValidationFailure("EndReason", "Validation.Required"), access.Today, input.Version);
        await db.SaveChangesAsync(ct);
    }
}
