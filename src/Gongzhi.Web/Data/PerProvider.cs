using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Gongzhi.Web.Data;

// An EF compiled query (EF.CompileAsyncQuery) per model, which is one per database provider in an app. A compiled
// query keeps what it built for the first context it ran on, and one process may serve SQLite and PostgreSQL (the
// tests do): each model gets its own. What it saves is the per-call work of finding a LINQ query in EF's cache
// (walking and hashing its expression tree), a few percent of an intake's CPU per query. Keyed by the model
// itself: asking the context for its provider's name costs more than that (a service lookup and an AssemblyName).
public sealed class PerProvider<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConcurrentDictionary<IModel, TQuery> _queries = new(ReferenceEqualityComparer.Instance);

    public TQuery For(DbContext db) => _queries.GetOrAdd(db.Model, static (_, compile) => compile(), compile);
}
