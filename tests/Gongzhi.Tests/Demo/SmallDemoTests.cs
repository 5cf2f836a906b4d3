using Gongzhi.Web.Data;
using Gongzhi.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.Tests.Demo;

// An installer trying the demo with a handful of households: the app starts, writes the smallest demo
// that has every demo account, and the resident account (which needs a registry entry) signs in.
public sealed class SmallDemoTests : IAsyncLifetime
{
    private readonly TinyDemoApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Forty_households_asked_gives_the_smallest_demo_with_every_account()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            (await db.Households.CountAsync()).ShouldBeGreaterThanOrEqualTo(DemoSeeder.MinimumHouseholds);
            (await db.Users.CountAsync(u => u.ResidentId != null)).ShouldBeGreaterThan(0);
        }
        var resident = await _app.ResidentUserNameAsync();
        var client = await _app.ClientForAsync(resident);
        (await client.GetAsync("/api/v1/volunteer/me")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    private sealed class TinyDemoApp : GongzhiApp
    {
        public TinyDemoApp() => ConnectionString = $"Data Source={Path.Combine(DataDirectory, "gongzhi.db")}";
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
        protected override int DemoHouseholds => 40;

        public async Task<string> ResidentUserNameAsync()
        {
            using var scope = Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            // The demo's resident account is named by its phone number.
            var names = await db.Users.Where(u => u.ResidentId != null).Select(u => u.UserName!).ToListAsync();
            return names.First(n => char.IsAsciiDigit(n[0]));
        }
    }
}
