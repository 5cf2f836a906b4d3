using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Gongzhi.Web.Data.Migrations;

// Migrations are written by hand (EF's design package is not available here) and serve both
// providers: column types come from the CLR type, and each provider reads only its own annotations.
internal static class MigrationExtensions
{
    public static OperationBuilder<AddColumnOperation> AutoIncrement(this OperationBuilder<AddColumnOperation> column) =>
        column.Annotation("Sqlite:Autoincrement", true)
              .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    public static bool IsPostgres(this MigrationBuilder m) => m.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL";
}
