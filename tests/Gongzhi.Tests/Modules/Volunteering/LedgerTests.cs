using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Tests.Modules.Volunteering;

// The points ledger: double-entry, append-only, idempotent, never negative.
public abstract class LedgerTests(GongzhiApp app)
{
    private readonly PointsDriver _d = new(app);

    [Fact]
    public async Task A_random_run_of_awards_redemptions_cancellations_and_corrections_keeps_every_invariant()
    {
        var random = new Random(20261122);
        var volunteers = new List<(long VolunteerId, long AccountId, string UserId)>();
        for (var i = 0; i < 6; i++) volunteers.Add(await _d.VolunteerAsync(random.Next(0, 60)));
        var rewards = new[] { await _d.RewardAsync(30, 5, "大米5斤"), await _d.RewardAsync(10, 8, "洗衣液"), await _d.RewardAsync(80, 2, "电饭煲") };
        var proposer = PointsDriver.NewUserId();
        var approver = PointsDriver.NewUserId();
        var redemptions = new List<long>();
        var postings = new List<long>();
        var refused = 0;

        for (var step = 0; step < 80; step++)
        {
            var (volunteerId, accountId, userId) = volunteers[random.Next(volunteers.Count)];
            try
            {
                switch (random.Next(5))
                {
                    case 0: // a good deed, proposed and approved by two people
                        var awardId = await _d.AsAsync(proposer, Roles.Administrator, sp => sp.GetRequiredService<PointsCommands>()
                            .ProposeAsync(new AwardInput(volunteerId, random.Next(1, 120), "帮助邻居搬运物品")));
                        var tx = await _d.AsAsync(approver, Roles.Administrator, sp => sp.GetRequiredService<PointsCommands>().DecideAsync(awardId, new DecideInput(true)));
                        postings.Add(tx!.Value);
                        break;
                    case 1:
                    case 2:
                        var r = await _d.AsAsync(userId, Roles.Resident, sp => sp.GetRequiredService<ShopCommands>()
                            .RedeemAsync(new RedeemInput(rewards[random.Next(rewards.Length)])));
                        redemptions.Add(r.RedemptionId);
                        break;
                    case 3 when redemptions.Count > 0:
                        var which = redemptions[random.Next(redemptions.Count)];
                        await _d.AsAsync(approver, Roles.Administrator, sp => sp.GetRequiredService<ShopCommands>().CancelAsync(which));
                        break;
                    case 4 when postings.Count > 0:
                        var wrong = postings[random.Next(postings.Count)];
                        await _d.AsAsync(approver, Roles.Administrator, sp => sp.GetRequiredService<PointsCommands>().ReverseAsync(wrong, new ReverseInput("录入错误，冲正")));
                        break;
                }
            }
            catch (DomainException)
            {
                refused++; // not enough points, out of stock, already cancelled or reversed: refused, nothing written
            }
        }

        await _d.AssertLedgerAsync();
        refused.ShouldBeGreaterThan(0);
        await using var db = app.NewDb();
        foreach (var (volunteerId, accountId, _) in volunteers)
        {
            var entries = await db.PointsEntries.Where(e => e.AccountId == accountId).SumAsync(e => e.Amount);
            (await _d.BalanceAsync(accountId)).ShouldBe(entries);
            (await _d.BalanceAsync(accountId)).ShouldBeGreaterThanOrEqualTo(0);
        }
        foreach (var rewardId in rewards)
        {
            // Stock + live redemptions is what was put on the shelf.
            var reward = await db.Rewards.AsNoTracking().FirstAsync(r => r.Id == rewardId);
            var live = await db.Redemptions.CountAsync(r => r.RewardId == rewardId && r.Status != RedemptionStatus.Cancelled);
            (reward.Stock + live).ShouldBe(rewardId == rewards[0] ? 5 : rewardId == rewards[1] ? 8 : 2);
        }
        // Every reversal mirrors its original, and no transaction is reversed twice.
        var reversals = await db.PointsTransactions.Where(t => t.ReversesId != null).Select(t => new { t.Id, t.ReversesId }).ToListAsync();
        reversals.Select(r => r.ReversesId).Distinct().Count().ShouldBe(reversals.Count);
        foreach (var rev in reversals.Take(20))
        {
            var original = await db.PointsEntries.Where(e => e.TransactionId == rev.ReversesId).OrderBy(e => e.AccountId).Select(e => new { e.AccountId, e.Amount }).ToListAsync();
            var mirror = await db.PointsEntries.Where(e => e.TransactionId == rev.Id).OrderBy(e => e.AccountId).Select(e => new { e.AccountId, Amount = -e.Amount }).ToListAsync();
            mirror.ShouldBe(original);
        }
    }

    [Fact]
    public async Task A_posting_retried_with_the_same_key_posts_once_even_when_the_retries_race()
    {
        var (_, account, _) = await _d.VolunteerAsync();
        var key = "retry:" + Guid.NewGuid().ToString("N");
        var ids = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => _d.GrantAsync(account, 25, key))));
        ids.Distinct().Count().ShouldBe(1);
        (await _d.BalanceAsync(account)).ShouldBe(25);
        await using var db = app.NewDb();
        (await db.PointsTransactions.CountAsync(t => t.IdempotencyKey == key)).ShouldBe(1);
        (await db.PointsEntries.CountAsync(e => e.TransactionId == ids[0])).ShouldBe(2);
        await _d.AssertLedgerAsync();
    }

    [Fact]
    public async Task A_correction_is_a_reversing_transaction_posted_once()
    {
        var (_, account, _) = await _d.VolunteerAsync();
        var grant = await _d.GrantAsync(account, 40);
        var admin = PointsDriver.NewUserId();
        var first = await _d.AsAsync(admin, Roles.Administrator, sp => sp.GetRequiredService<PointsCommands>().ReverseAsync(grant, new ReverseInput("重复发放")));
        var second = await _d.AsAsync(admin, Roles.Administrator, sp => sp.GetRequiredService<PointsCommands>().ReverseAsync(grant, new ReverseInput("重复发放")));
        second.ShouldBe(first);
        (await _d.BalanceAsync(account)).ShouldBe(0);
        await using var db = app.NewDb();
        (await db.PointsEntries.CountAsync(e => e.TransactionId == grant)).ShouldBe(2); // the original is untouched
        var reversal = await db.PointsTransactions.AsNoTracking().FirstAsync(t => t.Id == first);
        reversal.Kind.ShouldBe(TransactionKind.Reversal);
        reversal.ReversesId.ShouldBe(grant);
        reversal.Reason.ShouldBe("重复发放");
        // A reversal of a reversal is refused.
        await Should.ThrowAsync<ValidationFailure>(() => _d.AsAsync(admin, Roles.Administrator, sp => sp.GetRequiredService<PointsCommands>().ReverseAsync(first, new ReverseInput("再冲"))));
    }

    [Fact]
    public async Task A_spend_that_would_go_below_zero_is_refused_by_the_ledger_and_by_the_database()
    {
        var (_, account, _) = await _d.VolunteerAsync(10);
        var admin = PointsDriver.NewUserId();
        var communityId = await _d.CommunityAsync();
        await Should.ThrowAsync<ValidationFailure>(() => _d.AsAsync(admin, Roles.Administrator, async sp =>
        {
            var ledger = sp.GetRequiredService<PointsLedger>();
            var shop = await ledger.ShopAsync(communityId);
            await ledger.PostAsync(new PostingRequest(TransactionKind.Redemption, "t:" + Guid.NewGuid(), "超额", [new Posting(account, -11), new Posting(shop, 11)]));
        }));
        (await _d.BalanceAsync(account)).ShouldBe(10);
        // Even a hand-written UPDATE cannot take a volunteer below zero: the CHECK constraint refuses it.
        await using var db = app.NewDb();
        await Should.ThrowAsync<Exception>(() => db.PointsAccounts.Where(a => a.Id == account).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, -1L)));
        (await _d.BalanceAsync(account)).ShouldBe(10);
    }

    [Fact]
    public async Task Expiry_takes_the_oldest_points_first_and_runs_once_per_quarter()
    {
        PointsExpiry.Cutoff(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), 1).ShouldBe(new DateTime(2026, 6, 30, 16, 0, 0, DateTimeKind.Utc));
        PointsExpiry.Cutoff(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), 2).ShouldBe(new DateTime(2025, 6, 30, 16, 0, 0, DateTimeKind.Utc));

        var (_, account, userId) = await _d.VolunteerAsync();
        var old = await _d.GrantAsync(account, 50);
        await using (var db = app.NewDb())
        {
            // Pretend the first 50 points were earned a year ago.
            await db.PointsEntries.Where(e => e.TransactionId == old).ExecuteUpdateAsync(s => s.SetProperty(e => e.CreatedAt, DateTime.UtcNow.AddYears(-1)));
        }
        await _d.GrantAsync(account, 30);
        var rewardId = await _d.RewardAsync(20, 5, "毛巾");
        await _d.AsAsync(userId, Roles.Resident, sp => sp.GetRequiredService<ShopCommands>().RedeemAsync(new RedeemInput(rewardId)));
        var admin = PointsDriver.NewUserId();
        var community = await _d.CommunityAsync();
        try
        {
            await _d.AsAsync(admin, Roles.Administrator, sp => sp.GetRequiredService<PointsCommands>().SetRuleAsync(new RuleInput(RuleKind.ExpiryQuarters, null, 1, community)));
            await _d.AsAsync(admin, Roles.Administrator, sp => sp.GetRequiredService<PointsExpiry>().RunAsync(community));
            (await _d.BalanceAsync(account)).ShouldBe(30); // 50 old, 20 of them spent first: 30 expire; the 30 new stay
            await _d.AsAsync(admin, Roles.Administrator, sp => sp.GetRequiredService<PointsExpiry>().RunAsync(community));
            (await _d.BalanceAsync(account)).ShouldBe(30);
        }
        finally
        {
            await _d.AsAsync(admin, Roles.Administrator, sp => sp.GetRequiredService<PointsCommands>().SetRuleAsync(new RuleInput(RuleKind.ExpiryQuarters, null, 0, community)));
        }
        await using var check = app.NewDb();
        (await check.PointsEntries.CountAsync(e => e.AccountId == account && e.Amount == -30)).ShouldBe(1);
        await _d.AssertLedgerAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteLedgerTests(SqliteApp app) : LedgerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerTests(PostgresApp app) : LedgerTests(app);
