using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Requests.Search;

// One match from case_search: the id of a case. case_search is not a table EF manages (the
// Requests migration makes it FTS5 on SQLite, text[] on PostgreSQL), so this type has no table; it
// only gives the matches their column type. Ids read as a raw scalar query come back wrapped in a
// CAST, and on SQLite a CAST hides the order FTS5 can hand matches out in (newest first).
public sealed class CaseSearchHit
{
    public long CaseId { get; private set; }
}

internal sealed class CaseSearchHitConfiguration : IEntityTypeConfiguration<CaseSearchHit>
{
    public void Configure(EntityTypeBuilder<CaseSearchHit> b)
    {
        b.HasNoKey();
        b.ToView(null);
    }
}
