using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Volunteering.Merchants;

public sealed record OfferInput(OfferKind Kind, string? Title, int Points);
public sealed record CodeInput(long OfferId);
public sealed record CodeResult(string Code, DateTime ExpiresAt, string Offer, string Merchant);
public sealed record VerifyInput(string? Code);
public sealed record VerifyResult(string Offer, OfferKind Kind, int Points, string Volunteer, DateTime UsedAt);
public sealed record StatementLine(DateTime At, string Memo, long Amount, TransactionKind Kind);
public sealed record Statement(long MerchantId, string Merchant, string Month, int Redemptions, long Points, bool Settled, IReadOnlyList<StatementLine> Lines);

public sealed class MerchantCommands(GongzhiDb db, VolunteeringAccess access, PointsLedger ledger, VolunteerCommands volunteers, TimeProvider clock)
{
    public static readonly TimeSpan CodeLife = TimeSpan.FromMinutes(10);

    // The caller's shop's offers on sale (403 without the role, 404 without a shop).
    public async Task<List<MerchantOffer>> MyOffersAsync(CancellationToken ct = default)
    {
        var merchant = await MineAsync(ct);
        return await db.MerchantOffers.AsNoTracking().Where(o => o.MerchantId == merchant.Id && o.Active).OrderBy(o => o.Id).ToListAsync(ct);
    }

    public async Task<Merchant> MineAsync(CancellationToken ct = default)
    {
        access.User.Require(Capability.VerifyMerchantCodes);
        var me = access.User.RequiredId;
        return await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.UserId == me, ct) ?? throw new NotFound();
    }

    public async Task<long> AddOfferAsync(OfferInput input, CancellationToken ct = default)
    {
        var merchant = await MineAsync(ct);
        if (!Enum.IsDefined(input.Kind)) throw new ValidationFailure("Kind", "Volunteering.Error.OfferKind");
        var offer = new MerchantOffer(merchant.Id, input.Kind, input.Title ?? "", input.Points, clock.GetUtcNow().UtcDateTime);
        db.MerchantOffers.Add(offer);
        await db.SaveChangesAsync(ct);
        return offer.Id;
    }

    // The volunteer asks for a one-time code for an offer and shows it as a QR at the counter.
    public async Task<CodeResult> CodeAsync(CodeInput input, CancellationToken ct = default)
    {
        var me = await access.MeAsync(ct);
        var offer = await db.MerchantOffers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == input.OfferId && o.Active, ct)
            ?? throw new ValidationFailure("OfferId", "Volunteering.Error.OfferUnknown");
        var merchant = await db.Merchants.AsNoTracking().FirstAsync(m => m.Id == offer.MerchantId, ct);
        if (offer.Points > 0)
        {
            var account = await volunteers.AccountForAsync(me, ct);
            if (await db.PointsAccounts.Where(a => a.Id == account).Select(a => a.Balance).FirstAsync(ct) < offer.Points)
                throw new ValidationFailure("Points", "Volunteering.Error.NotEnoughPoints");
        }
        var code = new MerchantCode(offer.Id, offer.MerchantId, me.Id, clock.GetUtcNow().UtcDateTime, CodeLife);
        db.MerchantCodes.Add(code);
        await db.SaveChangesAsync(ct);
        return new CodeResult(code.Code, code.ExpiresAt, offer.Title, merchant.Name);
    }

    // The merchant checks the code on their phone. The code is spent by a conditional UPDATE
    // (UsedAt still empty, not expired), in the same transaction as the points moving to the
    // merchant: a second scan of the same code finds it used; a volunteer short of points leaves it unused.
    public async Task<VerifyResult> VerifyAsync(VerifyInput input, CancellationToken ct = default)
    {
        var merchant = await MineAsync(ct);
        var text = input.Code?.Trim().ToUpperInvariant() ?? "";
        if (text.Length == 0) throw new ValidationFailure("Code", "Validation.Required");
        var code = await db.MerchantCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Code == text && c.MerchantId == merchant.Id, ct)
            ?? throw new ValidationFailure("Code", "Volunteering.Error.CodeUnknown");
        var now = clock.GetUtcNow().UtcDateTime;
        if (code.UsedAt is not null) throw new ConcurrencyConflict("Volunteering.Error.CodeUsed");
        if (code.ExpiresAt <= now) throw new ValidationFailure("Code", "Volunteering.Error.CodeExpired");
        var offer = await db.MerchantOffers.AsNoTracking().FirstAsync(o => o.Id == code.OfferId, ct);
        var volunteer = await db.Volunteers.AsNoTracking().FirstAsync(v => v.Id == code.VolunteerId, ct);
        long? from = null, to = null;
        if (offer.Points > 0)
        {
            from = await volunteers.AccountForAsync(volunteer, ct);
            to = await ledger.AccountAsync(AccountKind.Merchant, PointsAccount.MerchantCode(merchant.Id), merchant.Name, merchant.CommunityId, null, merchant.Id, ct);
        }
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var used = await db.MerchantCodes.Where(c => c.Id == code.Id && c.UsedAt == null && c.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
            if (used == 0) throw new ConcurrencyConflict("Volunteering.Error.CodeUsed");
            if (from is not null)
            {
                var txId = await ledger.WriteAsync(new PostingRequest(TransactionKind.MerchantSpend, $"merchant-code:{code.Id}", offer.Title,
                    [new Posting(from.Value, -offer.Points), new Posting(to!.Value, offer.Points)], CreatedByUserId: access.User.Id), ct);
                await db.MerchantCodes.Where(c => c.Id == code.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.TransactionId, txId), ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw new ConcurrencyConflict("Volunteering.Error.CodeUsed");
        }
        return new VerifyResult(offer.Title, offer.Kind, offer.Points, Volunteer.Masked(volunteer.Name), now);
    }

    // 月度结算: what the merchant took in points in a month (China time), line by line.
    public async Task<Statement> StatementAsync(long? merchantId, string? month, CancellationToken ct = default)
    {
        Merchant merchant;
        if (merchantId is null) merchant = await MineAsync(ct);
        else
        {
            merchant = await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == merchantId, ct) ?? throw new NotFound();
            if (merchant.UserId != access.User.Id) await access.RequireManageAsync(merchant.CommunityId, ct);
        }
        var (label, start, end) = Month(month);
        var code = PointsAccount.MerchantCode(merchant.Id);
        var lines = await (from e in db.PointsEntries
                           join a in db.PointsAccounts on e.AccountId equals a.Id
                           join t in db.PointsTransactions on e.TransactionId equals t.Id
                           where a.Code == code && e.CreatedAt >= start && e.CreatedAt < end
                           orderby e.Id
                           select new StatementLine(e.CreatedAt, t.Memo, e.Amount, t.Kind)).ToListAsync(ct);
        var settled = await ledger.ExistingAsync(SettlementKey(merchant.Id, label), ct) is not null;
        var spends = lines.Where(l => l.Kind != TransactionKind.Settlement).ToList();
        return new Statement(merchant.Id, merchant.Name, label, spends.Count(l => l.Kind == TransactionKind.MerchantSpend), spends.Sum(l => l.Amount), settled, lines);
    }

    // 月度结算 of a community (default: the caller's own): every alliance merchant's month, for the settlement page,
    // its API and its export.
    public async Task<List<Statement>> SettlementsAsync(long? communityId, string? month, CancellationToken ct = default)
    {
        access.User.Require(Capability.ApprovePoints);
        var community = communityId ?? await access.HomeCommunityAsync(ct) ?? throw new NotFound();
        await access.RequireApproveAsync(community, ct);
        var label = Month(month).Label;
        var ids = await db.Merchants.AsNoTracking().Where(m => m.CommunityId == community).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        var statements = new List<Statement>();
        foreach (var id in ids) statements.Add(await StatementAsync(id, label, ct));
        return statements;
    }

    // The community settles a merchant's month: those points go back to the pool (the merchant is
    // paid or credited outside the app), once per merchant and month.
    public async Task<long?> SettleAsync(long merchantId, string? month, CancellationToken ct = default)
    {
        var merchant = await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == merchantId, ct) ?? throw new NotFound();
        await access.RequireApproveAsync(merchant.CommunityId, ct);
        var statement = await StatementAsync(merchantId, month, ct);
        if (statement.Points <= 0) return null;
        var account = await ledger.AccountAsync(AccountKind.Merchant, PointsAccount.MerchantCode(merchant.Id), merchant.Name, merchant.CommunityId, null, merchant.Id, ct);
        var pool = await ledger.PoolAsync(merchant.CommunityId, ct);
        var result = await ledger.PostAsync(new PostingRequest(TransactionKind.Settlement, SettlementKey(merchant.Id, statement.Month), $"{statement.Month} 结算",
            [new Posting(account, -statement.Points), new Posting(pool, statement.Points)], CreatedByUserId: access.User.Id, ApprovedByUserId: access.User.Id), ct);
        return result.TransactionId;
    }

    private static string SettlementKey(long merchantId, string month) => $"settle:{merchantId}:{month}";

    public (string Label, DateTime Start, DateTime End) Month(string? month)
    {
        DateTime first;
        if (string.IsNullOrWhiteSpace(month))
        {
            var local = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));
            first = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        }
        else if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
            throw new ValidationFailure("Month", "Volunteering.Error.Month");
        if (!Dates.InRange(first)) throw Dates.OutOfRange("Month");
        return (first.ToString("yyyy-MM", CultureInfo.InvariantCulture), DateTime.SpecifyKind(first.AddHours(-8), DateTimeKind.Utc),
            DateTime.SpecifyKind(first.AddMonths(1).AddHours(-8), DateTimeKind.Utc));
    }
}
