namespace Gongzhi.Web.Modules.Registry.Transfer;

public sealed class ResidentExport
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public Task<byte[]> RunAsync(long communityId, CancellationToken ct = default) =>
        throw new DomainException("Transfer.Error.NotReady");
}
