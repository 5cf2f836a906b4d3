using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Requests;

// The open statuses (待受理, 办理中, 联办中, 重新打开) as a predicate EF writes with constants,
// `"Status" IN (1, 2, 3, 6)`: only then can either database's planner prove that a query stays inside the
// partial indexes below. A list held in a variable is sent as a parameter, and a generic plan (or SQLite)
// cannot see what it holds.
public static class OpenCases
{
    public const string Filter = "\"Status\" IN (1, 2, 3, 6)";

    public static readonly Expression<Func<Case, bool>> Only = c =>
        c.Status == CaseStatus.Submitted || c.Status == CaseStatus.Accepted || c.Status == CaseStatus.Referred || c.Status == CaseStatus.Reopened;
}

// Indexes chosen from the plans of the generated city (docs/benchmarks.md, "City on PostgreSQL"). After five years
// nearly every case is closed, so the few open ones get indexes of their own: the escalation sweep and Open311's
// open requests read them instead of walking twenty million closed cases. Migration 20261209500000_CityIndexes.
internal sealed class CaseCityIndexes : IEntityTypeConfiguration<Case>
{
    public const string OpenById = "IX_Cases_Open_Id";
    public const string OpenBySubmitted = "IX_Cases_Open_SubmittedAt";
    public const string EnteredBy = "IX_Cases_EnteredByUserId_Id";
    public const string GridSubmitted = "IX_Cases_GridId_SubmittedAt";

    // What the three rates read of a case, so a subdistrict's year comes from the index alone on PostgreSQL.
    public static readonly string[] RateColumns =
    [
        nameof(Case.CommunityId), nameof(Case.Status), nameof(Case.FirstContactAt), nameof(Case.RespondBy), nameof(Case.ResolveBy),
        nameof(Case.ResolvedAt), nameof(Case.ClosedAt), nameof(Case.Rating), nameof(Case.EscalationLevel),
    ];

    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.HasIndex(x => x.Id).HasFilter(OpenCases.Filter).HasDatabaseName(OpenById);
        b.HasIndex(x => new { x.SubmittedAt, x.Id }).IsDescending(true, true).HasFilter(OpenCases.Filter).HasDatabaseName(OpenBySubmitted);
        // A staff member's own entries are part of what they may see (CaseAccess): without an index the OR with
        // their grids cannot be answered from indexes. Residents' own submissions leave it empty.
        b.HasIndex(x => new { x.EnteredByUserId, x.Id }).HasFilter("\"EnteredByUserId\" IS NOT NULL").HasDatabaseName(EnteredBy);
        // PostgreSQL only: a city's subdistrict is a few of its grids, so grid first. SQLite holds one community,
        // where IX_Cases_Metrics (date first, every column) already answers the rates from the index.
        if (IsPostgres(b)) b.HasIndex(x => new { x.GridId, x.SubmittedAt }).IncludeProperties(RateColumns).HasDatabaseName(GridSubmitted);
    }

    // The model is built once per provider; Npgsql's conventions mark it (its default value generation) when the
    // model is initialised, before any configuration runs. The schema tests on both providers check this.
    private static bool IsPostgres(EntityTypeBuilder b) => b.Metadata.Model.FindAnnotation("Npgsql:ValueGenerationStrategy") is not null;
}
