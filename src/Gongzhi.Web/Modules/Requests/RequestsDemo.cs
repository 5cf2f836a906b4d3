using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Requests.Deadlines;
using Gongzhi.Web.Modules.Requests.Search;

namespace Gongzhi.Web.Modules.Requests;

// Three months of requests in the demo community, told the way the seeds tell them: blocked
// corridors, dark street lights, leaking ceilings, square-dance music, zombie cars. Most are done
// and rated, some are in work, a few are late, so work lists, countdowns and the three rates
// have something true to show.
public sealed class RequestsDemo(GongzhiDb db, CaseRouting routing, WorkCalendar calendar, TimeProvider clock)
{
    private static readonly Dictionary<string, string[]> Texts = new()
    {
        ["sanitation"] = ["楼下垃圾桶满了两天没人清运，气味很大", "单元门口有人乱扔垃圾，垃圾分类没人管", "楼道里有小广告和积灰，希望安排保洁"],
        ["clutter"] = ["楼道里堆放纸箱和旧家具，影响通行，有消防隐患", "一楼住户在公共绿地私自搭建棚子", "楼梯间被电动车和杂物占满"],
        ["abandoned-vehicle"] = ["小区里一辆白色轿车停了半年多没动过，落满灰，占用车位", "东门口有辆没有牌照的三轮车长期停放"],
        ["dogs"] = ["有人遛狗不牵绳，孩子被吓哭了", "楼上的狗半夜一直叫，影响休息", "草坪上狗粪便没人清理"],
        ["noise"] = ["广场舞音响声音太大，晚上九点后还在跳", "楼上装修周末一大早就开始电钻", "沿街烧烤店夜里很吵"],
        ["street-light"] = ["小区东门的路灯不亮已经一周了，晚上出行不便", "单元楼道灯坏了，老人上下楼看不见", "停车场路灯一闪一闪的"],
        ["facility-repair"] = ["健身器材的螺丝松了，老人锻炼不安全", "小区主路井盖破损，晚上容易绊倒", "休息座椅坏了一块木板"],
        ["water-leak"] = ["楼上卫生间漏水，渗到我家天花板", "外墙渗水，卧室墙皮发霉脱落", "楼道水管漏水，地面一直是湿的"],
        ["lift"] = ["电梯经常停运，老人上下楼困难", "电梯运行有异响，大家都不敢坐", "电梯按钮失灵，到不了高层"],
        ["greenery"] = ["树枝挡住了二楼窗户，希望修剪", "绿化带被人种了菜，希望恢复", "草坪很久没修剪，蚊虫很多"],
        ["street-vending"] = ["小区门口有流动水果摊占道经营，堵住了人行道", "早餐店把桌子摆到了路上"],
        ["dispute"] = ["楼上漏水把我家泡了，楼上不肯赔偿，想请社区调解", "邻居在楼道装摄像头对着我家门，协商不成", "两家因为车位问题发生争执"],
        ["policy"] = ["想咨询一下老年证怎么办理", "居住证明需要带什么材料", "退休人员社保认证在哪里办"],
        ["other"] = ["希望小区增加快递柜", "建议在活动室增加老年人阅读区"],
    };

    private static readonly string[] Resolutions =
    [
        "已联系相关人员现场处理完毕，并拍照留存", "已协调物业当天处理，居民确认恢复正常", "网格员上门核实后已整改到位",
        "已联合城管部门现场处置", "已组织双方调解，达成一致意见", "已电话答复居民并告知办理流程",
    ];

    public async Task GenerateAsync(int count, CancellationToken ct = default)
    {
        var r = new Random(11);
        var now = clock.GetUtcNow().UtcDateTime;
        var time = await calendar.GetAsync(ct);
        var subdistrictId = await db.Subdistricts.Select(s => s.Id).FirstAsync(ct);

        // Departments for 联办, and the 城管 officer account as a member.
        var chengguan = new Department(subdistrictId, "包河区城市管理局", "0551-63358110");
        db.Departments.AddRange(chengguan, new Department(subdistrictId, "包河区住房和城乡建设局", "0551-63357000"), new Department(subdistrictId, "骆岗派出所", "0551-63351110"));
        await db.SaveChangesAsync(ct);
        var bumen = await db.Users.Where(u => u.UserName == "bumen").Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (bumen is not null) db.DepartmentMembers.Add(new DepartmentMember(chengguan.Id, bumen));
        var vending = await db.CaseCategories.FirstAsync(c => c.Code == "street-vending", ct);
        vending.Route(RouteFirst.Department, chengguan.Id);

        // Building positions around 骆岗, so Open311 clients can report by coordinates.
        var buildings = await db.Buildings.OrderBy(b => b.Id).ToListAsync(ct);
        foreach (var b in buildings) b.Locate(31.7860 + (b.EstateId % 7) * 0.0031 + (b.Number % 10) * 0.0003, 117.3040 + (b.EstateId % 5) * 0.0042 + (b.Number / 10) * 0.0004);
        await db.SaveChangesAsync(ct);

        var categories = await db.CaseCategories.AsNoTracking().ToDictionaryAsync(c => c.Code, ct);
        var codes = Texts.Keys.ToArray();
        var households = await db.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(ct);
        var residents = await db.Residents.AsNoTracking().Where(x => x.Phone != null).OrderBy(x => x.Id)
            .Select(x => new { x.Id, x.HouseholdId, x.Name, x.Phone }).Take(4000).ToListAsync(ct);
        var owners = new Dictionary<long, (string? UserId, string Name)>();

        for (var i = 0; i < count; i++)
        {
            var category = categories[codes[r.Next(codes.Length)]];
            var person = residents[r.Next(residents.Count)];
            var household = await db.Households.AsNoTracking().FirstAsync(h => h.Id == person.HouseholdId, ct);
            var building = await db.Buildings.AsNoTracking().FirstAsync(b => b.Id == household.BuildingId, ct);
            var estate = await db.Estates.AsNoTracking().FirstAsync(e => e.Id == household.EstateId, ct);
            var entrance = await db.Entrances.AsNoTracking().Where(e => e.Id == household.EntranceId).Select(e => e.Number).FirstAsync(ct);
            var communityId = estate.CommunityId;
            if (!owners.TryGetValue(household.GridId, out var owner)) owners[household.GridId] = owner = await routing.OwnerForAsync(household.GridId, communityId, ct);

            var daysAgo = Math.Pow(r.NextDouble(), 1.4) * 90;
            var submitted = now.AddDays(-daysAgo).AddMinutes(-r.Next(600));
            var channel = (Channel)new[] { 1, 1, 1, 2, 2, 3, 4, 6 }[r.Next(8)];
            var place = new CasePlace(subdistrictId, communityId, household.GridId, estate.Id, building.Id, household.Id, $"{estate.Name}{building.Number}栋{entrance}单元{household.Room}");
            var anonymous = category.AllowAnonymous && r.Next(6) == 0;
            var reporter = new CaseReporter(null, person.Id, person.Name, person.Phone, anonymous);
            var text = Texts[category.Code][r.Next(Texts[category.Code].Length)];
            var c = new Case(category, channel, text, place, reporter, owner, submitted,
                time.AddMinutes(submitted, category.ContactMinutes), time.AddDays(submitted, category.ResolveDays));
            db.Cases.Add(c);
            await db.SaveChangesAsync(ct);
            var events = new List<CaseEvent> { new(c.Id, CaseEventKind.Submitted, submitted, null, channel == Channel.Web && !anonymous ? person.Name : "", toStatus: CaseStatus.Submitted) };

            // Older cases are mostly done; the last days' ones are still in work.
            var stage = daysAgo > 10 ? 4 : daysAgo > 3 ? r.Next(1, 5) : r.Next(0, 3);
            if (owner.UserId is not null && stage >= 1)
            {
                var accepted = time.AddMinutes(submitted, r.Next(10, category.ContactMinutes + 60));
                if (accepted < now)
                {
                    c.Accept(owner.UserId, owner.Name, accepted);
                    if (stage >= 2)
                    {
                        var resolved = time.AddMinutes(accepted, r.Next(60, category.ResolveDays * 480 + 480));
                        if (resolved < now)
                        {
                            var resolution = Resolutions[r.Next(Resolutions.Length)];
                            c.Resolve(resolution, resolved);
                            var rated = resolved.AddHours(r.Next(2, 72));
                            if (stage >= 3 && rated < now)
                            {
                                var roll = r.Next(100);
                                var rating = roll < 78 ? Rating.Satisfied : roll < 93 ? Rating.BasicallySatisfied : Rating.Unsatisfied;
                                c.ActingAs(null, "").Rate(rating, null, 2, rated, time.AddDays(rated, category.ResolveDays));
                            }
                        }
                    }
                }
            }
            db.CaseEvents.AddRange(events);
            await db.SaveChangesAsync(ct);
            await CaseSearchIndex.AddTextAsync(db, c.Id, c.Description + " " + (c.Anonymous ? "" : c.Address) + " " + c.Resolution, ct: ct);
        }
    }
}
