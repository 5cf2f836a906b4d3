namespace Gongzhi.Web.Platform.Privacy;

// Whose personal fields to remove: the account, and the registry person it is linked to (if any).
// Placeholder is what a name becomes ("已注销用户"), so a case or a ledger still reads as a sentence.
public sealed record ErasureSubject(string UserId, long? ResidentId, string Placeholder);

// What a module removes when an account is closed (PIPL Art. 47, 删除). Platform knows no module: each
// registers its own, as with IPersonalDataSource. Every eraser runs on the request's DbContext, inside the
// transaction of the closure, and replaces personal text in place: rows, ids and foreign keys stay, so
// cases, ballots and points ledgers keep their counts and totals. Returns how many rows it changed.
public interface IPersonalDataEraser
{
    string Name { get; }
    Task<int> EraseAsync(ErasureSubject subject, DateTime now, CancellationToken ct);
}
