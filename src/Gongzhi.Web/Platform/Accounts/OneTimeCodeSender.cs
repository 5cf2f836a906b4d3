namespace Gongzhi.Web.Platform.Accounts;

// How one-time codes reach a phone. Production plugs in an SMS or WeChat template-message sender;
// development writes them to the log and to data/outbox/codes.log, where a tester can read them.
public interface IOneTimeCodeSender
{
    Task SendAsync(string phone, string code, CancellationToken ct = default);
}

public sealed class FileCodeSender(string dataDirectory, ILogger<FileCodeSender> log, TimeProvider clock) : IOneTimeCodeSender
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string FilePath => Path.Combine(dataDirectory, "outbox", "codes.log");

    public async Task SendAsync(string phone, string code, CancellationToken ct = default)
    {
        log.LogInformation("One-time code for {Phone}: {Code}", phone, code);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await Gate.WaitAsync(ct);
        try
        {
            await File.AppendAllTextAsync(FilePath, $"{clock.GetUtcNow():O}\t{phone}\t{code}\n", ct);
        }
        finally
        {
            Gate.Release();
        }
    }

    // For tests and the development page: the newest code sent to a phone.
    public string? LastCodeFor(string phone)
    {
        if (!File.Exists(FilePath)) return null;
        return File.ReadLines(FilePath).Select(l => l.Split('\t')).Where(p => p.Length == 3 && p[1] == phone).Select(p => p[2]).LastOrDefault();
    }
}

// Links a newly registered resident account to the registry person with the same phone.
// Platform does not know the registry; the Registry module provides this.
public interface IResidentLinker
{
    Task<long?> FindResidentByPhoneAsync(string phone, CancellationToken ct = default);
}
