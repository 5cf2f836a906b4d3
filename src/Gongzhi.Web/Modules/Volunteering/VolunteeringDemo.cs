using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;

namespace Gongzhi.Web.Modules.Volunteering;

// The seeds' volunteering: the six service teams and 板塘's 红帽子/红背心 in the first community,
// 红领巾/红腰带/红袖套 in the second; two months of served shifts with confirmed hours and points;
// upcoming shifts to sign up for; the points supermarket's shelf; 李记便民超市 of the A+ alliance;
// honours announced at the 邻里节. Runs inside the demo's one transaction.
public sealed class VolunteeringDemo(GongzhiDb db, PointsLedger ledger, TimeProvider clock)
{
    private sealed record TeamSeed(string Name, string Kind, string Description, string Activity, string Place);

    private static readonly TeamSeed[] First =
    [
        new("爱心健康服务队", "health", "义诊、量血压、健康讲座", "社区义诊量血压", "社区卫生服务站门前"),
        new("红色宣讲队", "talk", "党的政策和身边好人好事宣讲", "红色故事进楼栋", "党群服务中心二楼"),
        new("敬老助残服务队", "elder-care", "独居老人探访、助餐、代购", "独居老人上门探访", "社区老年食堂"),
        new("绿色环保服务队", "green", "垃圾分类督导、清理楼道", "垃圾分类定时督导", "小区东门投放点"),
        new("暖心调解队", "mediation", "邻里纠纷调解", "邻里矛盾调解值班", "调解室"),
        new("治安巡逻队", "patrol", "夜间巡逻、防诈宣传", "夜间平安巡逻", "小区北门岗亭"),
        new("红帽子文明劝导队", "patrol", "文明养犬、占道经营劝导", "文明劝导上街", "社区主路"),
        new("红背心助老队", "elder-care", "帮老人缴费、取药、理发", "助老服务日", "党群服务中心一楼"),
    ];

    private static readonly TeamSeed[] Second =
    [
        new("红领巾服务队", "green", "青少年志愿服务", "红领巾护河行动", "小区西侧河道"),
        new("红腰带服务队", "health", "广场健身指导", "健身操指导", "社区广场"),
        new("红袖套巡逻队", "patrol", "楼栋安全巡查", "楼栋消防通道巡查", "各楼栋单元门"),
    ];

    public async Task GenerateAsync(CancellationToken ct = default)
    {
        var r = new Random(5);
        var now = clock.GetUtcNow().UtcDateTime;
        var communities = await db.Communities.OrderBy(c => c.Id).Select(c => c.Id).Take(2).ToListAsync(ct);
        if (communities.Count == 0) return;
        var accounts = await db.Users.Where(u => u.UserName == "loudong" || u.UserName == "shanghu" || u.UserName == "tuanjie" || u.ResidentId != null)
            .Select(u => new { u.Id, u.UserName, u.ResidentId }).ToListAsync(ct);
        var userByResident = accounts.Where(a => a.ResidentId != null).GroupBy(a => a.ResidentId!.Value).ToDictionary(g => g.Key, g => g.First().Id);
        var tuanjie = accounts.FirstOrDefault(a => a.UserName == "tuanjie")?.Id ?? "";

        var people = await (from res in db.Residents join h in db.Households on res.HouseholdId equals h.Id join e in db.Estates on h.EstateId equals e.Id
                            where res.Phone != null && communities.Contains(e.CommunityId)
                            orderby res.Id select new { res.Id, res.Name, res.Phone, e.CommunityId }).ToListAsync(ct);
        // The accounts linked to residents (the demo resident, the building leader…) volunteer first.
        var chosen = people.Where(p => userByResident.ContainsKey(p.Id)).Concat(people.Where(p => !userByResident.ContainsKey(p.Id)).Where((_, i) => i % 7 == 0))
            .GroupBy(p => p.CommunityId).SelectMany(g => g.Take(g.Key == communities[0] ? 90 : 36)).ToList();
        var skills = new[] { "急救", "理发", "维修家电", "心理疏导", "书法", "摄影", "驾驶", "法律咨询", "烹饪", null };
        var times = new[] { "周末全天", "工作日晚上", "每周三下午", "随时", "周六上午" };
        var volunteers = chosen.Select(p => new Volunteer(userByResident.GetValueOrDefault(p.Id), p.Id, p.CommunityId, p.Name, p.Phone,
            skills[r.Next(skills.Length)], times[r.Next(times.Length)], now.AddDays(-r.Next(60, 400)))).ToList();
        db.Volunteers.AddRange(volunteers);
        await db.SaveChangesAsync(ct);
        foreach (var v in volunteers)
            db.PointsAccounts.Add(new PointsAccount(AccountKind.Volunteer, PointsAccount.VolunteerCode(v.Id), v.Name, v.CommunityId, v.Id, null, v.CreatedAt));
        foreach (var c in communities)
        {
            db.PointsAccounts.Add(new PointsAccount(AccountKind.Pool, PointsAccount.PoolCode(c), "社区积分池", c, null, null, now));
            db.PointsAccounts.Add(new PointsAccount(AccountKind.Shop, PointsAccount.ShopCode(c), "积分兑换超市", c, null, null, now));
        }
        await db.SaveChangesAsync(ct);
        var accountOf = await db.PointsAccounts.Where(a => a.VolunteerId != null).ToDictionaryAsync(a => a.VolunteerId!.Value, a => a.Id, ct);
        var pools = await db.PointsAccounts.Where(a => a.Kind == AccountKind.Pool).ToDictionaryAsync(a => a.CommunityId!.Value, a => a.Id, ct);
        var shops = await db.PointsAccounts.Where(a => a.Kind == AccountKind.Shop).ToDictionaryAsync(a => a.CommunityId!.Value, a => a.Id, ct);

        var loudong = accounts.FirstOrDefault(a => a.UserName == "loudong");
        var organiser = tuanjie;
        for (var ci = 0; ci < communities.Count; ci++)
        {
            var communityId = communities[ci];
            var members = volunteers.Where(v => v.CommunityId == communityId).ToList();
            var seeds = ci == 0 ? First : Second;
            for (var ti = 0; ti < seeds.Length; ti++)
            {
                var seed = seeds[ti];
                var team = new Team(communityId, seed.Name, seed.Description, now.AddDays(-500));
                db.Teams.Add(team);
                await db.SaveChangesAsync(ct);
                var crew = members.Where((_, i) => i % seeds.Length == ti).ToList();
                // The building leader leads the patrol team, so a team leader can post and run shifts.
                var leader = seed.Kind == "patrol" && ci == 0 && loudong is not null ? volunteers.FirstOrDefault(v => v.UserId == loudong.Id) ?? crew.FirstOrDefault() : crew.FirstOrDefault();
                if (leader is not null && !crew.Contains(leader)) crew.Insert(0, leader);
                foreach (var m in crew) db.TeamMembers.Add(new TeamMember(team.Id, m.Id, m == leader, now.AddDays(-r.Next(30, 300))));
                await db.SaveChangesAsync(ct);

                // Two served shifts in the past two months, one upcoming activity with two shifts.
                for (var past = 0; past < 2; past++)
                {
                    var start = ChinaDay(now, -r.Next(3, 60)).AddHours(r.Next(8, 16));
                    var (activity, shift) = await ActivityAsync(communityId, team.Id, seed, organiser, start, 8, now.AddDays(-70), ct);
                    foreach (var v in crew.Take(Math.Min(crew.Count, 5)))
                    {
                        var signup = new ShiftSignup(shift.Id, v.Id, start.AddDays(-2));
                        db.ShiftSignups.Add(signup);
                        if (r.Next(8) == 0)
                        {
                            signup.MarkNoShow();
                            continue;
                        }
                        signup.CheckIn(start.AddMinutes(-r.Next(0, 10)));
                        signup.CheckOut(start.AddMinutes(110 + r.Next(0, 20)));
                        signup.Confirm(120, 120, organiser);
                        await db.SaveChangesAsync(ct);
                        var points = 20 + (seed.Kind == "patrol" ? 5 : 0);
                        signup.Posted(await ledger.WriteAsync(new PostingRequest(TransactionKind.HoursAward, $"hours:{signup.Id}", activity.Title,
                            [new Posting(pools[communityId], -points), new Posting(accountOf[v.Id], points)], CreatedByUserId: organiser), ct));
                    }
                    await db.SaveChangesAsync(ct);
                    await db.Shifts.Where(s => s.Id == shift.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, Math.Min(crew.Count, 5)), ct);
                }
                var next = ChinaDay(now, r.Next(1, 10)).AddHours(r.Next(8, 17));
                var (upcoming, _) = await ActivityAsync(communityId, team.Id, seed, leader?.UserId ?? organiser, next, 6 + r.Next(0, 10), now.AddDays(-1), ct);
                db.Shifts.Add(new Shift(upcoming.Id, next.AddDays(7), next.AddDays(7).AddHours(2), seed.Place, 10, null, ShiftQr.NewSecret()));
                await db.SaveChangesAsync(ct);
            }
        }

        // The demo accounts that are residents have done good deeds before and hold points to spend.
        foreach (var me in volunteers.Where(v => v.UserId is not null))
            await ledger.WriteAsync(new PostingRequest(TransactionKind.Discretionary, $"demo-award:{me.Id}", "好人好事",
                [new Posting(pools[me.CommunityId], -100), new Posting(accountOf[me.Id], 100)], "协助社区疫苗接种点维持秩序", organiser, organiser), ct);

        // 积分兑换超市
        var shelf = new (string Name, int Price, int Stock, string? Description)[]
        {
            ("抽纸一提", 20, 40, "维达抽纸 6 包装"), ("理发券", 30, 30, "红背心助老队理发服务一次"), ("牙膏套装", 40, 25, null), ("洗衣液", 60, 20, "2kg 装"),
            ("大米5斤", 80, 20, "本地新米"), ("雨伞", 100, 15, null), ("食用油1桶", 120, 12, "5L 装"), ("保温杯", 150, 8, null),
        };
        var rewards = new List<Reward>();
        foreach (var c in communities)
            foreach (var s in shelf) rewards.Add(new Reward(c, s.Name, s.Description, s.Price, s.Stock, now.AddDays(-90)));
        db.Rewards.AddRange(rewards);
        await db.SaveChangesAsync(ct);
        var spenders = volunteers.Where(v => v.UserId is null).Take(12).ToList();
        foreach (var (v, i) in spenders.Select((v, i) => (v, i)))
        {
            var reward = rewards.First(x => x.CommunityId == v.CommunityId && x.Price == 20);
            var redemption = new Redemption(reward.Id, v.Id, reward.Price, $"demo-redeem:{v.Id}", now.AddDays(-i));
            db.Redemptions.Add(redemption);
            await db.SaveChangesAsync(ct);
            redemption.Posted(await ledger.WriteAsync(new PostingRequest(TransactionKind.Redemption, $"redemption:{redemption.Id}", reward.Name,
                [new Posting(accountOf[v.Id], -reward.Price), new Posting(shops[v.CommunityId], reward.Price)]), ct));
            if (i % 3 != 0) redemption.Collect(organiser, now.AddDays(-i).AddHours(2));
            await db.Rewards.Where(x => x.Id == reward.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Stock, x => x.Stock - 1), ct);
        }
        await db.SaveChangesAsync(ct);

        // 爱心商户: the demo merchant account's shop, with a discount and a points item.
        var shanghu = accounts.FirstOrDefault(a => a.UserName == "shanghu");
        if (shanghu is not null)
        {
            var merchant = new Merchant(communities[0], shanghu.Id, "李记便民超市", "团结巷12号", now.AddDays(-120));
            db.Merchants.Add(merchant);
            await db.SaveChangesAsync(ct);
            db.MerchantOffers.Add(new MerchantOffer(merchant.Id, OfferKind.Discount, "注册志愿者购物9折", 0, now.AddDays(-120)));
            db.MerchantOffers.Add(new MerchantOffer(merchant.Id, OfferKind.PointsItem, "矿泉水一箱", 50, now.AddDays(-120)));
            db.PointsAccounts.Add(new PointsAccount(AccountKind.Merchant, PointsAccount.MerchantCode(merchant.Id), merchant.Name, merchant.CommunityId, null, merchant.Id, now));
            await db.SaveChangesAsync(ct);
        }

        // 评优: one of each announced at the last 邻里节, two waiting for review.
        var kinds = await db.HonourKinds.OrderBy(k => k.Id).ToListAsync(ct);
        var firstCommunity = volunteers.Where(v => v.CommunityId == communities[0] && v.UserId is null).ToList();
        var reasons = new[] { "常年照顾楼里的独居老人，帮忙买菜送药", "悉心照料瘫痪在床的婆婆十余年", "家庭和睦，热心参与社区垃圾分类" };
        for (var k = 0; k < kinds.Count && k < reasons.Length && k < firstCommunity.Count; k++)
        {
            var nominee = firstCommunity[k * 3];
            var n = new Nomination(kinds[k].Id, communities[0], nominee.Id, nominee.Name, reasons[k], organiser, now.AddDays(-40));
            n.Review(true, "材料属实", organiser, now.AddDays(-35));
            n.Announce(now.AddDays(-30));
            db.Nominations.Add(n);
            await db.SaveChangesAsync(ct);
            var points = kinds[k].Code == "civilised-family" ? 50 : 100;
            n.Posted(await ledger.WriteAsync(new PostingRequest(TransactionKind.HonourAward, $"honour:{n.Id}", kinds[k].Name,
                [new Posting(pools[communities[0]], -points), new Posting(accountOf[nominee.Id], points)], reasons[k], organiser, organiser), ct));
        }
        if (firstCommunity.Count > 12)
        {
            db.Nominations.Add(new Nomination(kinds[0].Id, communities[0], firstCommunity[10].Id, firstCommunity[10].Name, "下雨天主动帮邻居收被子，拾金不昧", organiser, now.AddDays(-2)));
            db.Nominations.Add(new Nomination(kinds[2].Id, communities[0], null, "王建国家庭", "三代同堂，邻里互助，楼道长期保持整洁", organiser, now.AddDays(-1)));
            db.PointsAwards.Add(new PointsAward(firstCommunity[11].Id, 30, 200, "雨夜帮助走失老人回家", organiser, now.AddHours(-5)));
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<(VolunteerActivity, Shift)> ActivityAsync(long communityId, long teamId, TeamSeed seed, string organiser, DateTime start, int capacity, DateTime created, CancellationToken ct)
    {
        var activity = new VolunteerActivity(communityId, teamId, seed.Activity, seed.Kind, seed.Description, organiser, created);
        db.VolunteerActivities.Add(activity);
        await db.SaveChangesAsync(ct);
        var shift = new Shift(activity.Id, start, start.AddHours(2), seed.Place, capacity, null, ShiftQr.NewSecret());
        db.Shifts.Add(shift);
        await db.SaveChangesAsync(ct);
        return (activity, shift);
    }

    // Midnight in China, `days` from today, as UTC.
    private static DateTime ChinaDay(DateTime utcNow, int days) =>
        DateTime.SpecifyKind(utcNow.AddHours(8).Date.AddDays(days).AddHours(-8), DateTimeKind.Utc);
}
