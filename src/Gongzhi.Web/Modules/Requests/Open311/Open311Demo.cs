using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Requests.Open311;

// The demo's Open311 key, known to everyone who reads the README: fine for a demo, never for real use.
public static class Open311Demo
{
    public const string Key = "gongzhi-demo-open311";
    public const string Name = "演示客户端";

    public static async Task SeedAsync(GongzhiDb db, DateTime now, CancellationToken ct = default)
    {
        var hash = Open311Keys.Hash(Key);
        if (await db.Set<Open311Key>().AnyAsync(k => k.KeyHash == hash, ct)) return;
        await Open311Keys.AddAsync(db, Name, Key, now, ct);
    }
}
