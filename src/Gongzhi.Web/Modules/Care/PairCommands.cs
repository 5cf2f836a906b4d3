using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Care;

// Helper: the account's login name or its phone, as staff know the person.
public sealed record PairInput(string? Helper, DateOnly? From = null);

public sealed record PairEndInput(int Version, DateOnly? On = null);

public sealed record CreditView(long VisitId, int Minutes, long Points, long? TransactionId, bool IsVolunteer, bool Created);

// 结对帮扶: staff pair a helper with a recipient and end the pair; a pair's visit, once staff confirm
// it, counts for the helper through Volunteering's ServiceCredit (the ledger, once per visit).
public sealed class PairCommands(GongzhiDb db, CareAccess access, CurrentUser user, ServiceCredit credit, TimeProvider clock)
{
    public const string CreditKind = "elder-care";

    public async Task<long> PairAsync(long recipientId, PairInput input, CancellationToken ct = default)
    {
        var (recipient, _) = await access.ForManageAsync(recipientId, ct);
        var today = access.Today;
        var helper = input.Helper?.Trim() ?? "";
        if (helper.Length == 0) throw new ValidationFailure("Helper", "Validation.Required");
        if (helper.Length > 64) throw new ValidationFailure("Helper", "Validation.TooLong", 64);
        var account = await db.Users.AsNoTracking().Where(u => u.UserName == helper || u.PhoneNumber == helper)
            .Select(u => new { u.Id, u.DisplayName, u.UserName }).FirstOrDefaultAsync(ct)
            ?? throw new ValidationFailure("Helper", "Care.Error.HelperUnknown", helper);
        var from = input.From ?? today;
        if (from < today.AddYears(-1) || from > today.AddDays(30)) throw new ValidationFailure("From", "Care.Error.PairFrom");
        if (recipient.Status == CareStatus.Ended) throw new DomainException("Care.Error.Ended");
        if (await db.Set<CarePair>().AnyAsync(p => p.RecipientId == recipientId && p.To == null, ct))
            throw new DuplicateFailure("Helper", "Care.Error.AlreadyPaired");
        var pair = new CarePair(recipientId, account.Id, string.IsNullOrEmpty(account.DisplayName) ? account.UserName ?? "" : account.DisplayName,
            from, user.RequiredId, clock.GetUtcNow().UtcDateTime);
        db.Set<CarePair>().Add(pair);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new DuplicateFailure("Helper", "Care.Error.AlreadyPaired");
        }
        return pair.Id;
    }

    public async Task EndAsync(long pairId, PairEndInput input, CancellationToken ct = default)
    {
        var pair = await db.Set<CarePair>().FirstOrDefaultAsync(p => p.Id == pairId, ct) ?? throw new NotFound();
        await access.ForManageAsync(pair.RecipientId, ct);
        pair.End(input.On ?? access.Today, input.Version);
        await db.SaveChangesAsync(ct);
    }

    // 确认服务: staff confirm a pair's visit. Confirmed twice (or by two at once), it earns once: the
    // ledger's key is the visit's, and the visit keeps its first credit.
    public async Task<CreditView> ConfirmVisitAsync(long visitId, CancellationToken ct = default)
    {
        var visit = await db.Set<Visit>().FirstOrDefaultAsync(v => v.Id == visitId, ct) ?? throw new NotFound();
        await access.ForManageAsync(visit.RecipientId, ct);
        if (visit.PairId is not { } pairId) throw new DomainException("Care.Error.NotPairVisit");
        if (visit.Kind == VisitKind.NotSeen) throw new DomainException("Care.Error.NotSeenNoCredit");
        var helper = await db.Set<CarePair>().Where(p => p.Id == pairId).Select(p => p.HelperUserId).FirstAsync(ct);
        var communityId = await db.Grids.Where(g => g.Id == visit.GridId).Select(g => g.CommunityId).FirstAsync(ct);
        var minutes = visit.CreditedMinutes ?? visit.ServiceMinutes;
        var result = await credit.CreditAsync(helper, communityId, minutes, CreditKind, $"care-visit:{visit.Id}",
            $"结对帮扶走访（{minutes}分钟）", user.RequiredId, ct);
        visit.Credit(minutes, result.TransactionId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return new CreditView(visit.Id, minutes, result.Points, result.TransactionId, result.IsVolunteer, result.Created);
    }
}
