using Gongzhi.Web.Data;

namespace Gongzhi.Web.Platform.Privacy;

// Where an ID number written with the key may be found: the module that stores them registers one,
// so the guard can prove an older database's key without Platform knowing the registry.
public sealed record IdNumberSample(Func<GongzhiDb, CancellationToken, Task<string?>> First);

public sealed class PrivacyKeyMismatchException(string message) : Exception(message);

// Run at start, after migrations: the database remembers a check value of the key its ID numbers were
// written with. The first instance on a database writes it (after proving, on an older database, that the
// key opens an ID number already there); every later start compares. Several instances starting at once
// meet on the primary key: the loser reads the winner's value and compares like everyone else.
public static class PrivacyKeyGuard
{
    public const string Name = "Privacy:Key";

    public static async Task VerifyAsync(GongzhiDb db, IdNumberProtector protector, DateTime now, IdNumberSample? samples = null, CancellationToken ct = default)
    {
        var stored = await db.Set<KeyCheck>().AsNoTracking().Where(k => k.Name == Name).Select(k => k.Value).FirstOrDefaultAsync(ct);
        if (stored is null)
        {
            var sample = samples is null ? null : await samples.First(db, ct);
            if (sample is not null && !protector.CanDecrypt(sample)) throw Mismatch();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO "KeyChecks" ("Name", "Value", "CreatedAt") VALUES ({Name}, {protector.CheckValue}, {now}) ON CONFLICT ("Name") DO NOTHING""", ct);
            stored = await db.Set<KeyCheck>().AsNoTracking().Where(k => k.Name == Name).Select(k => k.Value).FirstAsync(ct);
        }
        if (stored != protector.CheckValue) throw Mismatch();
    }

    private static PrivacyKeyMismatchException Mismatch() => new(
        "Privacy:Key is not the key this database's ID numbers were written with. Configure the same Privacy:Key on every "
        + "instance (see docs/deploy.md); this instance will not start, so that it never writes ID numbers the others cannot read.");
}
