using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Volunteering;

// Under a rush the stock never oversells, no balance goes negative, and a shift never overbooks.
public abstract class RushTests(GongzhiApp app)
{
    private readonly PointsDriver _d = new(app);

    [Fact]
    public async Task Five_hundred_simultaneous_redemptions_of_a_reward_with_stock_20_grant_exactly_20()
    {
        var rewardId = await _d.RewardAsync(50, 20, "社区定制帆布袋");
        var volunteers = new List<(long VolunteerId, long AccountId, string UserId)>();
        for (var i = 0; i < 500; i++) volunteers.Add(await _d.VolunteerAsync(100));

        var outcomes = await Task.WhenAll(volunteers.Select(v => Task.Run(async () =>
        {
            try
            {
                await _d.AsAsync(v.UserId, Roles.Resident, sp => sp.GetRequiredService<ShopCommands>().RedeemAsync(new RedeemInput(rewardId)));
                return "granted";
            }
            catch (ConcurrencyConflict e)
            {
                return e.MessageKey;
            }
        })));

        outcomes.Count(o => o == "granted").ShouldBe(20);
        outcomes.Where(o => o != "granted").ShouldAllBe(o => o == "Volunteering.Error.OutOfStock");
        (await _d.StockAsync(rewardId)).ShouldBe(0);
        await using var db = app.NewDb();
        (await db.Redemptions.CountAsync(r => r.RewardId == rewardId)).ShouldBe(20);
        var accounts = volunteers.Select(v => v.AccountId).ToList();
        var balances = await db.PointsAccounts.Where(a => accounts.Contains(a.Id)).Select(a => a.Balance).ToListAsync();
        balances.Count(b => b == 50).ShouldBe(20);
        balances.Count(b => b == 100).ShouldBe(480);
        await _d.AssertLedgerAsync();
    }

    [Fact]
    public async Task Simultaneous_redemptions_by_one_volunteer_never_take_the_balance_below_zero()
    {
        var rewardId = await _d.RewardAsync(30, 50, "肥皂");
        var (_, account, userId) = await _d.VolunteerAsync(100); // enough for three
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            try
            {
                await _d.AsAsync(userId, Roles.Resident, sp => sp.GetRequiredService<ShopCommands>().RedeemAsync(new RedeemInput(rewardId)));
                return true;
            }
            catch (ValidationFailure e) when (e.MessageKey == "Volunteering.Error.NotEnoughPoints")
            {
                return false;
            }
        })));
        outcomes.Count(o => o).ShouldBe(3);
        (await _d.BalanceAsync(account)).ShouldBe(10);
        (await _d.StockAsync(rewardId)).ShouldBe(47);
        await _d.AssertLedgerAsync();
    }

    [Fact]
    public async Task A_rush_on_a_shift_of_ten_places_signs_up_exactly_ten()
    {
        var (_, shiftId) = await _d.ShiftAsync(10, DateTime.UtcNow.AddDays(1));
        var volunteers = new List<(long VolunteerId, long AccountId, string UserId)>();
        for (var i = 0; i < 60; i++) volunteers.Add(await _d.VolunteerAsync());
        var outcomes = await Task.WhenAll(volunteers.Select(v => Task.Run(async () =>
        {
            try
            {
                await _d.AsAsync(v.UserId, Roles.Resident, sp => sp.GetRequiredService<ShiftCommands>().SignUpAsync(shiftId));
                return "in";
            }
            catch (ConcurrencyConflict e)
            {
                return e.MessageKey;
            }
        })));
        outcomes.Count(o => o == "in").ShouldBe(10);
        outcomes.Where(o => o != "in").ShouldAllBe(o => o == "Volunteering.Error.ShiftFull");
        await using var db = app.NewDb();
        (await db.Shifts.Where(s => s.Id == shiftId).Select(s => s.Taken).FirstAsync()).ShouldBe(10);
        (await db.ShiftSignups.CountAsync(s => s.ShiftId == shiftId && s.Status == SignupStatus.SignedUp)).ShouldBe(10);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteRushTests(SqliteApp app) : RushTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresRushTests(PostgresApp app) : RushTests(app);
