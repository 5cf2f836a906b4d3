using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Privacy;
using Microsoft.AspNetCore.Hosting;

namespace Gongzhi.Tests.Platform;

// The database remembers a check value of the key its ID numbers were written with; an instance
// configured with another key refuses to start, rather than write ID numbers the others cannot read.
public abstract class PrivacyKeyTests(GongzhiApp app)
{
    [Fact]
    public async Task The_database_keeps_a_check_value_of_the_privacy_key_and_not_the_key()
    {
        await using var db = app.NewDb();
        var stored = await db.Set<KeyCheck>().SingleAsync();
        stored.Name.ShouldBe(PrivacyKeyGuard.Name);
        stored.Value.ShouldBe(new IdNumberProtector(Convert.FromBase64String(GongzhiApp.PrivacyKey)).CheckValue);
        stored.Value.ShouldNotContain(Convert.ToHexString(Convert.FromBase64String(GongzhiApp.PrivacyKey))[..16]);
    }

    [Fact]
    public async Task An_instance_with_another_key_refuses_to_start_with_a_clear_message()
    {
        var other = new OtherKeyHost(app);
        try
        {
            var error = await Should.ThrowAsync<Exception>(other.InitializeAsync);
            var mismatch = Chain(error).OfType<PrivacyKeyMismatchException>().FirstOrDefault();
            mismatch.ShouldNotBeNull(error.ToString());
            mismatch.Message.ShouldContain("Privacy:Key is not the key this database's ID numbers were written with");
        }
        finally
        {
            try { await other.DisposeAsync(); } catch (PrivacyKeyMismatchException) { } catch (InvalidOperationException) { }
        }
        await using var db = app.NewDb();
        (await db.Set<KeyCheck>().CountAsync()).ShouldBe(1, "the refused instance wrote nothing");
        (await db.Set<KeyCheck>().SingleAsync()).Value.ShouldBe(new IdNumberProtector(Convert.FromBase64String(GongzhiApp.PrivacyKey)).CheckValue);
    }

    [Fact]
    public async Task A_second_instance_with_the_same_key_starts()
    {
        var second = new SecondHost(app);
        await second.InitializeAsync();
        try { (await second.Anonymous().GetAsync("/healthz")).IsSuccessStatusCode.ShouldBeTrue(); }
        finally { await second.DisposeAsync(); }
    }

    // A database from before the check: ID numbers already written, no check value. The first start proves its
    // key by opening one stored ID number and only then writes the check; a start with another key cannot open
    // it and refuses, writing nothing.
    [Fact]
    public async Task An_older_database_without_a_check_gets_one_from_the_first_start_whose_key_opens_its_id_numbers()
    {
        await using (var db = app.NewDb())
        {
            (await db.Residents.CountAsync(r => r.IdNumberCipher != null)).ShouldBeGreaterThan(0);
            await db.Set<KeyCheck>().ExecuteDeleteAsync();
        }
        try
        {
            var other = new OtherKeyHost(app);
            try
            {
                var error = await Should.ThrowAsync<Exception>(other.InitializeAsync);
                Chain(error).OfType<PrivacyKeyMismatchException>().ShouldNotBeEmpty(error.ToString());
            }
            finally
            {
                try { await other.DisposeAsync(); } catch (PrivacyKeyMismatchException) { } catch (InvalidOperationException) { }
            }
            await using (var db = app.NewDb()) (await db.Set<KeyCheck>().CountAsync()).ShouldBe(0, "a key that cannot open the stored ID numbers writes no check");

            var same = new SecondHost(app);
            await same.InitializeAsync();
            await same.DisposeAsync();
            await using (var db = app.NewDb())
                (await db.Set<KeyCheck>().SingleAsync()).Value.ShouldBe(new IdNumberProtector(Convert.FromBase64String(GongzhiApp.PrivacyKey)).CheckValue);
        }
        finally
        {
            // Whatever happened above, the shared fixture keeps its check for the other tests.
            await using var db = app.NewDb();
            if (!await db.Set<KeyCheck>().AnyAsync())
                await PrivacyKeyGuard.VerifyAsync(db, new IdNumberProtector(Convert.FromBase64String(GongzhiApp.PrivacyKey)), DateTime.UtcNow);
        }
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException a) foreach (var inner in a.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }

    private sealed class OtherKeyHost(GongzhiApp first) : GongzhiApp
    {
        public static readonly string Key = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
        private readonly DatabaseProvider _provider = first.Provider;

        public override DatabaseProvider Provider => _provider;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            ConnectionString = first.ConnectionString;
            base.ConfigureWebHost(builder);
            builder.UseSetting("Privacy:Key", Key);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePrivacyKeyTests(SqliteApp app) : PrivacyKeyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPrivacyKeyTests(PostgresApp app) : PrivacyKeyTests(app);
