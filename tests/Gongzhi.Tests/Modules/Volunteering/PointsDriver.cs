using System.Security.Claims;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Http;

namespace Gongzhi.Tests.Modules.Volunteering;

// Runs the module's own handlers in-process as a chosen caller, so a test can have hundreds of
// distinct volunteers without hundreds of password logins; the database work is exactly the
// endpoints' (the HTTP tests cover the wiring on top).
public sealed class PointsDriver(GongzhiApp app)
{
    public static readonly DateTime Now = DateTime.UtcNow;

    public async Task<T> AsAsync<T>(string userId, string role, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            RequestServices = scope.ServiceProvider,
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Role, role)], "test")),
        };
        try
        {
            return await work(scope.ServiceProvider);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    public Task AsAsync(string userId, string role, Func<IServiceProvider, Task> work) =>
        AsAsync(userId, role, async sp => { await work(sp); return true; });

    public static string NewUserId() => "test-" + Guid.NewGuid().ToString("N");

    public async Task<long> CommunityAsync() => (await DemoFacts.ForAsync(app)).Community1;

    // A volunteer without a login account (as the demo has many), with a points account and a balance.
    public async Task<(long VolunteerId, long AccountId, string UserId)> VolunteerAsync(long points = 0, string? name = null)
    {
        var userId = NewUserId();
        var communityId = await CommunityAsync();
        long volunteerId, accountId;
        await using (var db = app.NewDb())
        {
            var v = new Volunteer(userId, null, communityId, name ?? "测试志愿者", null, "急救", "周末", Now);
            db.Volunteers.Add(v);
            await db.SaveChangesAsync();
            volunteerId = v.Id;
        }
        accountId = await AsAsync(userId, Roles.Resident, sp => sp.GetRequiredService<VolunteerCommands>().AccountForAsync(new VolunteerRef(volunteerId, communityId).Load(sp)));
        if (points > 0) await GrantAsync(accountId, points);
        return (volunteerId, accountId, userId);
    }

    private sealed record VolunteerRef(long Id, long CommunityId)
    {
        public Volunteer Load(IServiceProvider sp) => sp.GetRequiredService<GongzhiDb>().Volunteers.AsNoTracking().First(v => v.Id == Id);
    }

    public async Task<long> GrantAsync(long accountId, long points, string? key = null)
    {
        var communityId = await CommunityAsync();
        return await AsAsync(NewUserId(), Roles.Administrator, async sp =>
        {
            var ledger = sp.GetRequiredService<PointsLedger>();
            var pool = await ledger.PoolAsync(communityId);
            return (await ledger.PostAsync(new PostingRequest(TransactionKind.HoursAward, key ?? "test:" + Guid.NewGuid().ToString("N"), "测试发放",
                [new Posting(pool, -points), new Posting(accountId, points)]))).TransactionId;
        });
    }

    public async Task<long> RewardAsync(int price, int stock, string name = "抽纸一提")
    {
        var communityId = await CommunityAsync();
        return await AsAsync(NewUserId(), Roles.Administrator, sp => sp.GetRequiredService<ShopCommands>()
            .CreateRewardAsync(new RewardInput(communityId, name, null, price, stock)));
    }

    public async Task<long> BalanceAsync(long accountId)
    {
        await using var db = app.NewDb();
        return await db.PointsAccounts.Where(a => a.Id == accountId).Select(a => a.Balance).FirstAsync();
    }

    public async Task<int> StockAsync(long rewardId)
    {
        await using var db = app.NewDb();
        return await db.Rewards.Where(r => r.Id == rewardId).Select(r => r.Stock).FirstAsync();
    }

    public async Task<(long ActivityId, long ShiftId)> ShiftAsync(int capacity, DateTime? startsAt = null, string organiser = "")
    {
        var communityId = await CommunityAsync();
        var start = startsAt ?? DateTime.UtcNow.AddMinutes(-30);
        var userId = organiser.Length > 0 ? organiser : NewUserId();
        var activityId = await AsAsync(userId, Roles.Administrator, sp => sp.GetRequiredService<ShiftCommands>().CreateActivityAsync(new ActivityInput(communityId, null,
            "小区垃圾分类督导", "green", "在垃圾投放点引导居民分类投放",
            [new ShiftInput(start, start.AddHours(2), "团结巷3号投放点", capacity, null)])));
        await using var db = app.NewDb();
        return (activityId, await db.Shifts.Where(s => s.ActivityId == activityId).Select(s => s.Id).FirstAsync());
    }

    // The ledger's invariants, each in one statement so it reads one consistent snapshot while other
    // tests post: every transaction sums to zero, every balance equals its entries, none but a pool below zero.
    public async Task AssertLedgerAsync()
    {
        await using var db = app.NewDb();
        var unbalanced = await db.PointsEntries.GroupBy(e => e.TransactionId).Where(g => g.Sum(e => e.Amount) != 0).Select(g => g.Key).ToListAsync();
        unbalanced.ShouldBeEmpty("transactions whose entries do not sum to zero");
        var lonely = await db.PointsTransactions.Where(t => db.PointsEntries.Count(e => e.TransactionId == t.Id) < 2).Select(t => t.Id).ToListAsync();
        lonely.ShouldBeEmpty("transactions with fewer than two entries");
        var drift = await db.PointsAccounts
            .Where(a => a.Balance != db.PointsEntries.Where(e => e.AccountId == a.Id).Sum(e => (long?)e.Amount) && !(a.Balance == 0 && !db.PointsEntries.Any(e => e.AccountId == a.Id)))
            .Select(a => a.Code).ToListAsync();
        drift.ShouldBeEmpty("accounts whose balance differs from the sum of their entries");
        (await db.PointsAccounts.Where(a => a.Kind != AccountKind.Pool && a.Balance < 0).Select(a => a.Code).ToListAsync()).ShouldBeEmpty("negative balances");
    }
}
