using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Residents;

namespace Gongzhi.Web.Modules.Volunteering.Points;

public sealed record Posting(long AccountId, long Amount);

public sealed record PostingRequest(
    TransactionKind Kind,
    string IdempotencyKey,
    string Memo,
    IReadOnlyList<Posting> Postings,
    string? Reason = null,
    string? CreatedByUserId = null,
    string? ApprovedByUserId = null,
    long? ReversesId = null);

public sealed record PostResult(long TransactionId, bool Created);

// The one way points move. A posting is a transaction row plus its entries, and each account's
// balance moves by a conditional UPDATE in the same database transaction:
//   UPDATE PointsAccounts SET Balance = Balance + @amount WHERE Id = @id AND (Kind = Pool OR Balance + @amount >= 0)
// On PostgreSQL the row lock makes a second spender wait and re-check the condition against the
// committed balance; on SQLite writers are serialised anyway. So two spends cannot both pass, and a
// refused spend rolls back everything it wrote. Accounts are updated in id order, so two postings
// touching the same accounts never deadlock. The idempotency key is unique: a retry finds the first
// posting and returns it, and a retry racing the first loses on the index and returns it too.
public sealed class PointsLedger(GongzhiDb db, TimeProvider clock)
{
    public async Task<PostResult> PostAsync(PostingRequest request, CancellationToken ct = default)
    {
        if (await ExistingAsync(request.IdempotencyKey, ct) is { } id) return new PostResult(id, false);
        if (db.Database.CurrentTransaction is not null) return new PostResult(await WriteAsync(request, ct), true);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var created = await WriteAsync(request, ct);
            await tx.CommitAsync(ct);
            return new PostResult(created, true);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex, "IX_PointsTransactions_IdempotencyKey", "PointsTransactions.IdempotencyKey"))
        {
            db.ChangeTracker.Clear();
            return new PostResult(await ExistingAsync(request.IdempotencyKey, ct) ?? throw new ConcurrencyConflict(), false);
        }
    }

    // Inside the caller's transaction (a redemption writes its own rows next to the posting).
    // Throws ValidationFailure("Points", "Volunteering.Error.NotEnoughPoints") when an account would go negative;
    // the caller's transaction must then be rolled back, which disposing it does.
    public async Task<long> WriteAsync(PostingRequest request, CancellationToken ct = default)
    {
        Check(request);
        var now = clock.GetUtcNow().UtcDateTime;
        var transaction = new PointsTransaction(request.Kind, request.IdempotencyKey, request.Memo, request.Reason,
            request.CreatedByUserId, request.ApprovedByUserId, request.ReversesId, now);
        db.PointsTransactions.Add(transaction);
        await db.SaveChangesAsync(ct);
        foreach (var p in request.Postings.GroupBy(p => p.AccountId).OrderBy(g => g.Key))
        {
            var amount = p.Sum(x => x.Amount);
            if (amount == 0) continue;
            var moved = await db.PointsAccounts
                .Where(a => a.Id == p.Key && (a.Kind == AccountKind.Pool || a.Balance + amount >= 0))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + amount), ct);
            if (moved == 0)
            {
                if (!await db.PointsAccounts.AnyAsync(a => a.Id == p.Key, ct)) throw new NotFound();
                throw new ValidationFailure("Points", "Volunteering.Error.NotEnoughPoints");
            }
        }
        foreach (var p in request.Postings)
            db.PointsEntries.Add(new PointsEntry(transaction.Id, p.AccountId, p.Amount, now));
        await db.SaveChangesAsync(ct);
        return transaction.Id;
    }

    // A correction: the mirror image of an earlier transaction, posted once (its key derives from the original).
    public async Task<PostResult> ReverseAsync(long transactionId, string? reason, string? byUserId, CancellationToken ct = default)
    {
        var key = ReversalKey(transactionId);
        var request = await ReversalOfAsync(transactionId, reason, byUserId, ct);
        if (await ExistingAsync(key, ct) is { } done) return new PostResult(done, false);
        try
        {
            return await PostAsync(request, ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return new PostResult(await ExistingAsync(key, ct) ?? throw new ConcurrencyConflict(), false);
        }
    }

    public async Task<PostingRequest> ReversalOfAsync(long transactionId, string? reason, string? byUserId, CancellationToken ct = default)
    {
        var original = await db.PointsTransactions.AsNoTracking().FirstOrDefaultAsync(t => t.Id == transactionId, ct) ?? throw new NotFound();
        if (original.Kind == TransactionKind.Reversal) throw new ValidationFailure("TransactionId", "Volunteering.Error.ReverseReversal");
        var entries = await db.PointsEntries.AsNoTracking().Where(e => e.TransactionId == transactionId).ToListAsync(ct);
        return new PostingRequest(TransactionKind.Reversal, ReversalKey(transactionId), original.Memo, entries.Select(e => new Posting(e.AccountId, -e.Amount)).ToList(),
            Guard.Text(reason, 200, "Reason"), byUserId, null, transactionId);
    }

    public static string ReversalKey(long transactionId) => $"reverse:{transactionId}";

    public Task<long?> ExistingAsync(string key, CancellationToken ct) =>
        db.PointsTransactions.AsNoTracking().Where(t => t.IdempotencyKey == key).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);

    private static void Check(PostingRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > 100)
            throw new ValidationFailure("IdempotencyKey", "Validation.TooLong", 100);
        if (request.Postings.Count < 2 || request.Postings.Sum(p => p.Amount) != 0 || request.Postings.Any(p => p.Amount == 0))
            throw new InvalidOperationException("A posting needs two or more non-zero entries that sum to zero.");
    }

    // The account of an owner, created on first use. Two first uses at once: the unique code decides.
    public async Task<long> AccountAsync(AccountKind kind, string code, string name, long? communityId, long? volunteerId, long? merchantId, CancellationToken ct = default)
    {
        var id = await db.PointsAccounts.Where(a => a.Code == code).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        if (id is not null) return id.Value;
        var account = new PointsAccount(kind, code, name, communityId, volunteerId, merchantId, clock.GetUtcNow().UtcDateTime);
        db.PointsAccounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
            return account.Id;
        }
        catch (DbUpdateException ex) when (db.Database.CurrentTransaction is null && DbErrors.IsUniqueViolation(ex))
        {
            db.Entry(account).State = EntityState.Detached;
            return await db.PointsAccounts.Where(a => a.Code == code).Select(a => a.Id).FirstAsync(ct);
        }
    }

    public Task<long> PoolAsync(long communityId, CancellationToken ct = default) =>
        AccountAsync(AccountKind.Pool, PointsAccount.PoolCode(communityId), "社区积分池", communityId, null, null, ct);

    public Task<long> ShopAsync(long communityId, CancellationToken ct = default) =>
        AccountAsync(AccountKind.Shop, PointsAccount.ShopCode(communityId), "积分兑换超市", communityId, null, null, ct);
}
