using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Administration.Claims;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Privacy;

namespace Gongzhi.Web.Modules.Administration.Closures;

// Closing an account (注销账号): the resident asks; staff of their community (or an administrator, for an
// account linked to no home) carry it out. Carrying it out is one transaction: the request is claimed by a
// conditional UPDATE (a second handler at the same moment changes nothing and gets 409), every module's
// eraser replaces the person's fields, the account loses its name, phone, password, WeChat binding and
// sessions, and the audit line is written. Nothing is deleted that a count depends on.
public sealed class ClosureCommands(GongzhiDb db, RegistryScope scope, CurrentUser user, IEnumerable<IPersonalDataEraser> erasers, AuditLog audit, TimeProvider clock)
{
    public const string RequestAction = "RequestAccountClosure";
    public const string CloseAction = "CloseAccount";
    // Stored data, not interface text: it stands where a name stood, in whatever language the page is.
    public const string Placeholder = "已注销用户";

    public async Task<long> RequestAsync(string? reason, CancellationToken ct = default)
    {
        var me = user.RequiredId;
        // Staff accounts belong to the office and are closed by an administrator, not by this request.
        if (!user.IsInRole(Roles.Resident)) throw new Forbidden("Administration.Closure.ResidentsOnly");
        var text = Guard.OptionalText(reason, AccountClosure.ReasonLength, "Reason");
        if (await db.Set<AccountClosure>().AnyAsync(c => c.UserId == me && c.Status == ClosureStatus.Pending, ct))
            throw new DuplicateFailure("Reason", "Administration.Closure.AlreadyWaiting");
        var residentId = await db.Users.Where(u => u.Id == me).Select(u => u.ResidentId).FirstAsync(ct);
        var householdId = residentId is null ? null
            : await db.Residents.Where(r => r.Id == residentId).Select(r => (long?)r.HouseholdId).FirstOrDefaultAsync(ct);
        var closure = new AccountClosure(me, householdId, text, clock.GetUtcNow().UtcDateTime);
        db.Set<AccountClosure>().Add(closure);
        audit.Add(db, RequestAction, $"User/{me}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateFailure("Reason", "Administration.Closure.AlreadyWaiting");
        }
        return closure.Id;
    }

    public async Task<int> CloseAsync(long closureId, int version, CancellationToken ct = default)
    {
        var closure = await ForHandlingAsync(closureId, ct);
        if (closure.Status != ClosureStatus.Pending || closure.Version != version) throw new ConcurrencyConflict();
        var now = clock.GetUtcNow().UtcDateTime;
        var by = user.RequiredId;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Set<AccountClosure>().Where(c => c.Id == closureId && c.Status == ClosureStatus.Pending && c.Version == version)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ClosureStatus.Closed).SetProperty(c => c.HandledAt, now)
                .SetProperty(c => c.HandledBy, by).SetProperty(c => c.Reason, (string?)null).SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (claimed == 0) throw new ConcurrencyConflict();

        var account = await db.Users.FirstAsync(u => u.Id == closure.UserId, ct);
        var subject = new ErasureSubject(account.Id, account.ResidentId, Placeholder);
        var counts = new List<string>();
        foreach (var eraser in erasers.OrderBy(e => e.Name, StringComparer.Ordinal))
            counts.Add($"{eraser.Name}:{await eraser.EraseAsync(subject, now, ct)}");
        counts.Add($"Claims:{await db.Set<HouseholdClaim>().Where(c => c.UserId == account.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, Placeholder), ct)}");

        // The account row stays (its id is the key of cases, ballots and ledger lines); who it was does not.
        // A new security stamp ends every cookie and bearer token now; the lock and the missing password keep it shut.
        var anonymousName = $"closed-{closure.Id}";
        account.UserName = anonymousName;
        account.NormalizedUserName = anonymousName.ToUpperInvariant();
        account.DisplayName = Placeholder;
        account.PhoneNumber = null;
        account.PhoneNumberConfirmed = false;
        account.Email = account.NormalizedEmail = null;
        account.PasswordHash = null;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        account.ConcurrencyStamp = Guid.NewGuid().ToString();
        account.LockoutEnabled = true;
        account.LockoutEnd = DateTimeOffset.MaxValue;
        await db.UserLogins.Where(l => l.UserId == account.Id).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => t.UserId == account.Id).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(c => c.UserId == account.Id).ExecuteDeleteAsync(ct);
        // The subject is the account's id, never its old name (often a phone number).
        audit.Add(db, CloseAction, $"User/{account.Id}", string.Join(",", counts));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return claimed;
    }

    private async Task<AccountClosure> ForHandlingAsync(long closureId, CancellationToken ct)
    {
        var closure = await db.Set<AccountClosure>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == closureId, ct) ?? throw new NotFound();
        user.Require(Capability.HandleAccountClosures);
        if (!await ClosureScope.CoversAsync(scope, closure.HouseholdId, ct)) throw new NotFound();
        return closure;
    }
}

// Whose requests a handler sees: those of homes in their scope; requests of accounts with no home, only
// administrators (nobody else can tell whose they are).
internal static class ClosureScope
{
    public static async Task<bool> CoversAsync(RegistryScope scope, long? householdId, CancellationToken ct)
    {
        var s = await scope.GetAsync(ct);
        if (s.All) return true;
        return householdId is { } id && await scope.CanSeeHouseholdAsync(id, ct);
    }
}
