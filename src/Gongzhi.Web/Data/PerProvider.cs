namespace Gongzhi.Web.Data;

// An EF compiled query (EF.CompileAsyncQuery) per database provider. A compiled query keeps what it built for
// the first context it ran on, and one process may serve SQLite and PostgreSQL (the tests do): each provider
// gets its own. What it saves is the per-call work of finding a LINQ query in EF's cache (walking and hashing
// its expression tree), which on a hot path like intake is a few percent of the request's CPU per query.
public sealed class PerProvider<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private TQuery? _sqlite;
    private TQuery? _postgres;

    // Two threads may compile the same query at once; either result is as good as the other.
    public TQuery For(DbContext db) => db.Database.IsNpgsql() ? (_postgres ??= compile()) : (_sqlite ??= compile());
}
