using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;

namespace Gongzhi.Web.Modules.Registry.Residents;

public sealed record ResidentInput(string? Name, Gender? Gender, string? Relation, string? Phone, string? IdNumber, IReadOnlyList<CareTagKind>? CareTags, int Version);

public sealed record StatusInput(ResidentStatus Status, DateOnly? Date, string? Note, int Version);

public sealed class ResidentCommands(GongzhiDb db, RegistryAccess access, IdNumberProtector protector, CurrentUser user, AuditLog audit, TimeProvider clock)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public async Task<long> AddAsync(long householdId, ResidentInput input, CancellationToken ct = default)
    {
        await access.HouseholdForEditAsync(householdId, ct: ct);
        var id = ParseId(input.IdNumber);
        await EnsureUniqueAsync(id, null, ct);
        var resident = new Resident(householdId, input.Name ?? "", input.Gender ?? id?.Gender ?? throw Required("Gender"),
            input.Relation ?? "", id, protector, input.Phone);
        if (input.CareTags is { } tags && user.Can(Capability.SeeCareTags)) resident.SetCareTags(tags, Today);
        db.Residents.Add(resident);
        await SaveAsync(ct);
        return resident.Id;
    }

    public async Task EditAsync(long residentId, ResidentInput input, CancellationToken ct = default)
    {
        var resident = await access.ResidentForEditAsync(residentId, ct: ct);
        resident.Edit(input.Name ?? "", input.Gender ?? resident.Gender, input.Relation ?? resident.Relation, input.Phone, input.Version);
        // An ID number is only replaced when one is typed; the form never carries the stored one back.
        if (!string.IsNullOrWhiteSpace(input.IdNumber))
        {
            var id = ParseId(input.IdNumber)!;
            await EnsureUniqueAsync(id, residentId, ct);
            resident.ChangeIdNumber(id, protector, resident.Version);
        }
        if (input.CareTags is { } tags && user.Can(Capability.SeeCareTags)) resident.SetCareTags(tags, Today);
        await SaveAsync(ct);
    }

    public async Task ChangeStatusAsync(long residentId, StatusInput input, CancellationToken ct = default)
    {
        var resident = await access.ResidentForEditAsync(residentId, ct: ct);
        var date = input.Date ?? Today;
        if (date > Today) throw new ValidationFailure("Date", "Registry.Error.FutureDate");
        switch (input.Status)
        {
            case ResidentStatus.MovedOut: resident.MarkMovedOut(date, input.Note, input.Version); break;
            case ResidentStatus.Deceased: resident.MarkDeceased(date, input.Note, input.Version); break;
            default: throw new ValidationFailure("Status", "Registry.Error.StatusChange");
        }
        await SaveAsync(ct);
    }

    // Showing a whole ID number is an act on its own: it needs the role, and it is written down.
    public async Task<string?> RevealIdNumberAsync(long residentId, CancellationToken ct = default)
    {
        var resident = await access.ResidentForEditAsync(residentId, Capability.RevealIdNumber, ct);
        if (resident.IdNumberCipher is null) return null;
        await audit.WriteAsync(AuditActions.ViewIdNumber, $"Resident/{residentId}", resident.IdNumberMasked, ct);
        return protector.Decrypt(resident.IdNumberCipher);
    }

    private async Task EnsureUniqueAsync(IdNumber? id, long? exceptResidentId, CancellationToken ct)
    {
        if (id is null) return;
        var hash = protector.Hash(id.Value);
        if (await db.Residents.AnyAsync(r => r.IdNumberHash == hash && r.Id != exceptResidentId, ct))
            throw new DuplicateFailure("IdNumber", "Registry.Error.DuplicateIdNumber");
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveOrConflictAsync(ct: ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "IX_Residents_IdNumberHash", "Residents.IdNumberHash"))
        {
            // Two people registering the same ID number at once: the index decides, the loser is told.
            throw new DuplicateFailure("IdNumber", "Registry.Error.DuplicateIdNumber");
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Any other key clash here is a simultaneous edit of the same person (both renames wrote the same name grams).
            throw new ConcurrencyConflict();
        }
    }

    private static IdNumber? ParseId(string? text) => string.IsNullOrWhiteSpace(text) ? null : IdNumber.Parse(text);

    private static ValidationFailure Required(string field) => new(field, "Validation.Required");
}
