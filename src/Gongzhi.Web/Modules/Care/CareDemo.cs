using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Care;

// In every grid: the residents the registry tags as living alone, very old or empty-nest, and some of
// the hardship and disability households, with plans, three months of visits (a few overdue, the
// first of each grid always), emergency contacts, and per community two open wishes and several
// fulfilled ones, as 团结巷助老队 and 板塘's 微心愿 keep them.
public static class CareDemo
{
    private static readonly string?[] Notes =
    [
        "精神不错，聊了家常", "血压偏高，提醒按时服药", "冰箱里菜不多，下次代购", "家中燃气阀门已检查", "腿脚不便，下楼困难",
        "子女上周来过", "告知高龄津贴申领政策", "屋里有些潮，建议开窗通风", null, null, null,
    ];
    private static readonly (string Title, string Description)[] WishTexts =
    [
        ("想要一台收音机", "老人眼睛不好，想听戏曲和新闻"), ("轮椅刹车修一修", "轮椅刹车失灵，出门不安全"), ("上门理发一次", "行动不便，半年没理发了"),
        ("换一个老花镜", "原来的眼镜腿断了"), ("修好厨房水龙头", "水龙头一直滴水"), ("陪同去医院复查", "子女在外地，需要有人陪同"),
    ];
    private static readonly string[] Relations = ["儿子", "女儿", "侄子", "邻居"];

    public static async Task SeedAsync(GongzhiDb db, DateTime now, CancellationToken ct)
    {
        var r = new Random(50);
        var today = CareRecipient.BeijingDay(now);
        var people = await (from res in db.Residents
                            join h in db.Households on res.HouseholdId equals h.Id
                            where res.Status == ResidentStatus.Active && res.CareTags.Any()
                            orderby res.Id
                            select new { res.Id, res.HouseholdId, h.GridId, Tags = res.CareTags.Select(t => t.Kind).ToList() }).ToListAsync(ct);
        var accounts = await db.Users.Where(u => u.UserName == "wangge.li" || u.UserName == "wangge.chen" || u.UserName == "tuanjie" || u.UserName == "jianshe"
                                                 || u.UserName == "loudong" || u.UserName == "shanghu")
            .Select(u => new { u.Id, u.UserName, u.DisplayName }).ToDictionaryAsync(u => u.UserName!, ct);
        var grids = await db.Grids.OrderBy(g => g.Id).Select(g => new { g.Id, g.CommunityId }).ToListAsync(ct);
        var communities = grids.Select(g => g.CommunityId).Distinct().OrderBy(c => c).ToList();
        var workerNames = await db.DutyPosts.Where(p => p.Kind == DutyPostKind.GridWorker && p.PlaceKind == PlaceKind.Grid && p.To == null)
            .Select(p => new { p.PlaceId, p.HolderName }).ToListAsync(ct);
        if (accounts.Count == 0 || grids.Count == 0) return;

        (string Id, string Name) VisitorFor(long gridId)
        {
            var index = grids.FindIndex(g => g.Id == gridId);
            var own = index == 0 ? accounts.GetValueOrDefault("wangge.li") : index == 1 ? accounts.GetValueOrDefault("wangge.chen") : null;
            if (own is not null) return (own.Id, own.DisplayName);
            var community = grids[index].CommunityId == communities[0] ? "tuanjie" : "jianshe";
            var staff = accounts.GetValueOrDefault(community) ?? accounts.Values.First();
            return (staff.Id, workerNames.FirstOrDefault(w => w.PlaceId == gridId)?.HolderName ?? staff.DisplayName);
        }

        // Everyone living alone, very old or empty-nest; half of the other tagged households.
        var chosen = people.Where(p => p.Tags.Any(t => t is CareTagKind.ElderlyAlone or CareTagKind.Elderly80Plus or CareTagKind.EmptyNest) || r.NextDouble() < 0.5).ToList();
        var recipients = new List<(CareRecipient R, long GridId)>();
        foreach (var p in chosen)
        {
            var risk = p.Tags.Contains(CareTagKind.Elderly80Plus) ? CareRisk.High : p.Tags.Contains(CareTagKind.ElderlyAlone) ? CareRisk.Medium : CareRisk.Low;
            var recipient = new CareRecipient(p.Id, p.HouseholdId, p.Tags, risk, today.AddDays(-120), now.AddDays(-120));
            if (r.NextDouble() < 0.4) recipient.SetNotes(r.NextDouble() < 0.5 ? "高血压，长期服药" : "糖尿病，需控制饮食", r.NextDouble() < 0.5 ? "独自居住，子女在外地" : null);
            recipient.AddContact(ChineseLike(r), Relations[r.Next(Relations.Length)], "13" + r.Next(500000000, 999999999));
            recipients.Add((recipient, p.GridId));
        }
        db.Set<CareRecipient>().AddRange(recipients.Select(x => x.R));
        await db.SaveChangesAsync(ct);

        var firstOfGrid = recipients.GroupBy(x => x.GridId).SelectMany(g => g.Take(2).Select((x, i) => (x.R.Id, Late: i == 0 ? 3 : 9))).ToDictionary(x => x.Id, x => x.Late);
        var visits = new List<Visit>();
        foreach (var (recipient, gridId) in recipients)
        {
            var (visitorId, visitorName) = VisitorFor(gridId);
            // Walk three months forward on the plan's rhythm, a day or two either way. Those chosen to be
            // overdue get their last visit one interval before the day they became due.
            var overdue = firstOfGrid.TryGetValue(recipient.Id, out var late) || r.NextDouble() < 0.06;
            if (overdue && late == 0) late = 10 + r.Next(0, 15);
            var lastDay = overdue ? Before(recipient, today.AddDays(-late)) : today.AddDays(-1);
            var day = today.AddDays(-90 + r.Next(0, 5));
            while (day <= lastDay)
            {
                var kind = r.NextDouble() switch { < 0.75 => VisitKind.Home, < 0.9 => VisitKind.Phone, < 0.96 => VisitKind.Video, _ => VisitKind.NotSeen };
                if (kind == VisitKind.NotSeen && (recipient.NotSeenInRow > 0 || overdue)) kind = VisitKind.Home;
                var condition = kind == VisitKind.NotSeen ? VisitCondition.Fair : r.NextDouble() switch { < 0.6 => VisitCondition.Good, < 0.9 => VisitCondition.Fair, _ => VisitCondition.Concern };
                var actions = kind == VisitKind.NotSeen ? VisitActions.None : (VisitActions)(1 | (1 << r.Next(1, 8)));
                // Beijing morning or early afternoon, stored in UTC.
                var at = new DateTime(day.Year, day.Month, day.Day, 1 + r.Next(0, 7), r.Next(0, 60), 0, DateTimeKind.Utc);
                visits.Add(new Visit(recipient.Id, gridId, visitorId, visitorName, at, kind, condition, actions, Notes[r.Next(Notes.Length)], null));
                recipient.RecordVisit(kind, at);
                var next = recipient.DueAfter(day).AddDays(r.Next(-1, 2));
                // The overdue ones end on their chosen last day exactly.
                day = overdue && next > lastDay && day < lastDay ? lastDay : next;
            }
        }
        db.Set<Visit>().AddRange(visits);
        await db.SaveChangesAsync(ct);

        // 结对帮扶: the first grid's building leader helps two neighbours of his building one to one and
        // went to see each of them twice lately; the grid worker has not yet confirmed those visits.
        if (accounts.GetValueOrDefault("loudong") is { } helper)
        {
            var building = await db.DutyPosts.Where(p => p.UserId == helper.Id && p.PlaceKind == PlaceKind.Building).Select(p => (long?)p.PlaceId).FirstOrDefaultAsync(ct);
            List<long> homes = building is null ? [] : await db.Households.Where(h => h.BuildingId == building).Select(h => h.Id).ToListAsync(ct);
            var pairedBy = accounts.GetValueOrDefault("wangge.li")?.Id ?? helper.Id;
            foreach (var (recipient, gridId) in recipients.Where(x => homes.Contains(x.R.HouseholdId) && !firstOfGrid.ContainsKey(x.R.Id)).Take(2))
            {
                var pair = new CarePair(recipient.Id, helper.Id, helper.DisplayName, today.AddDays(-60), pairedBy, now.AddDays(-60));
                db.Set<CarePair>().Add(pair);
                await db.SaveChangesAsync(ct);
                foreach (var daysAgo in new[] { 9, 2 })
                {
                    var at = now.AddDays(-daysAgo).Date.AddHours(2);
                    var visit = new Visit(recipient.Id, gridId, helper.Id, helper.DisplayName, at, VisitKind.Home, VisitCondition.Good,
                        VisitActions.Chat | VisitActions.SafetyCheck, "结对帮扶：陪老人聊天，检查了燃气阀门", null);
                    visit.ByPair(pair.Id);
                    db.Set<Visit>().Add(visit);
                    recipient.RecordVisit(VisitKind.Home, at);
                }
            }
            await db.SaveChangesAsync(ct);
        }

        foreach (var community in communities)
        {
            var mine = recipients.Where(x => grids.First(g => g.Id == x.GridId).CommunityId == community).Select(x => x.R).ToList();
            var staff = accounts.GetValueOrDefault(community == communities[0] ? "tuanjie" : "jianshe") ?? accounts.Values.First();
            var claimants = new[] { accounts.GetValueOrDefault("loudong"), accounts.GetValueOrDefault("shanghu") }.Where(a => a is not null).ToList();
            for (var i = 0; i < Math.Min(6, mine.Count); i++)
            {
                var (title, description) = WishTexts[i];
                var wish = new Wish(mine[i * mine.Count / 6].Id, community, title, description, staff.Id, now.AddDays(-40 + i * 5));
                // The first four are done (claimed, fulfilled, confirmed); the last two wait on the wall.
                if (i < 4 && claimants.Count > 0)
                {
                    var who = claimants[i % claimants.Count]!;
                    wish.Claim(who.Id, who.DisplayName, now.AddDays(-38 + i * 5));
                    wish.Fulfil(who.Id, "已送到老人家中，老人很高兴", now.AddDays(-35 + i * 5));
                    wish.Confirm(now.AddDays(-34 + i * 5));
                }
                db.Set<Wish>().Add(wish);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    // The day one plan interval before the given due day.
    private static DateOnly Before(CareRecipient recipient, DateOnly due) =>
        recipient.PlanUnit == PlanUnit.Months ? due.AddMonths(-recipient.PlanEvery) : due.AddDays(-recipient.PlanEvery);

    private static string ChineseLike(Random r)
    {
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
        string[] given = ["军", "芳", "伟", "敏", "静", "磊", "洋", "艳", "勇", "娟"];
        return surnames[r.Next(surnames.Length)] + given[r.Next(given.Length)] + given[r.Next(given.Length)];
    }
}
