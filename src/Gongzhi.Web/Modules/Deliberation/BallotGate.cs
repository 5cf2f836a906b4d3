namespace Gongzhi.Web.Modules.Deliberation;

// Ballots arrive in bursts (a vote opens, a WeChat group is told, everyone votes at once). Each takes
// a few reads and one write; a thousand at once would all ask the connection pool together and the
// last would time out waiting for it. Here they queue in memory instead, waiting asynchronously, and
// at most Width of them use the database at a time. One queue per process; several instances each
// have their own, which the database's own limits then cover.
public sealed class BallotGate
{
    public const int Width = 24;
    private readonly SemaphoreSlim _slots = new(Width, Width);

    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            _slots.Release();
        }
    }
}
