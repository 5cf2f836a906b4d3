namespace Gongzhi.Web.Modules.Registry.Transfer;

public sealed record ImportRowError(int Row, string Column, string Reason);

public sealed record ImportResult(bool Applied, int Rows, int HouseholdsCreated, int ResidentsCreated, int ResidentsUpdated, IReadOnlyList<ImportRowError> Errors);

// Placeholder shape; the import itself is written in the Transfer work item.
public sealed class ResidentImport
{
    public Task<ImportResult> RunAsync(long communityId, Stream xlsx, CancellationToken ct = default) =>
        throw new DomainException("Transfer.Error.NotReady");
}
