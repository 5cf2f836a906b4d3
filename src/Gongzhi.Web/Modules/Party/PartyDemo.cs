using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Party;

// The seeds' party work: 板塘's four levels (街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组), 回龙's
// 党支部—网格党小组—党员中心户 with three 党员中心户 per grid, members of all three kinds, and
// 建设社区's "1+N 红色集结号" alliance of six units with its lists, two matched projects and a
// joint meeting. Deterministic, like the rest of the demo.
public static class PartyDemo
{
    private static readonly (string Name, UnitKind Kind, string Contact)[] JiansheUnits =
    [
        ("建设路小学", UnitKind.School, "王校长"),
        ("包河区第二人民医院", UnitKind.Hospital, "刘主任"),
        ("国网包河供电公司", UnitKind.Company, "陈班长"),
        ("锦绣物业服务公司", UnitKind.PropertyCompany, "周经理"),
        ("区城市管理局", UnitKind.Department, "孙科长"),
        ("建设银行建设路支行", UnitKind.Company, "吴行长"),
    ];

    private static readonly (string Name, UnitKind Kind, string Contact)[] TuanjieUnits =
    [
        ("团结巷小学", UnitKind.School, "李老师"),
        ("骆岗派出所", UnitKind.Department, "赵所长"),
        ("阳光物业服务公司", UnitKind.PropertyCompany, "郑经理"),
    ];

    public static async Task SeedAsync(GongzhiDb db, DateTime now, CancellationToken ct)
    {
        var r = new Random(20261205);
        var today = DateOnly.FromDateTime(now.AddHours(8));
        var since = today.AddYears(-2);
        var sub = await db.Subdistricts.OrderBy(s => s.Id).FirstAsync(ct);
        var top = new PartyOrganisation(sub.Id, null, null, PartyOrgKind.WorkingCommittee, $"{sub.Name}党工委", PlaceKind.Subdistrict, sub.Id, null, now);
        db.Add(top);
        await db.SaveChangesAsync(ct);
        db.Add(new PartyPost(top.Id, PartyPostKind.Secretary, "胡国平", null, null, since));

        var users = await db.Users.Where(u => u.UserName == "wangge.zhang" || u.UserName == "tuanjie" || u.UserName == "jianshe")
            .ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);
        var communities = await db.Communities.OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var (community, ci) in communities.Select((c, i) => (c, i)))
        {
            var units = new List<PartnerUnit>();
            foreach (var (name, kind, contact) in ci == 0 ? TuanjieUnits : JiansheUnits)
                units.Add(new PartnerUnit(community.Id, name, kind, contact, "139" + r.Next(10000000, 99999999), null, since.AddDays(r.Next(0, 200))));
            db.AddRange(units);
            await db.SaveChangesAsync(ct);

            var head = new PartyOrganisation(sub.Id, community.Id, top, ci == 0 ? PartyOrgKind.CommunityCommittee : PartyOrgKind.GeneralBranch,
                community.Name + (ci == 0 ? "党委" : "党总支"), PlaceKind.Community, community.Id, null, now);
            db.Add(head);
            await db.SaveChangesAsync(ct);
            // A secretary who handed over last year, and the sitting one: the history the tree keeps.
            var former = new PartyPost(head.Id, PartyPostKind.Secretary, ci == 0 ? "张德明" : "许志强", null, null, since.AddYears(-3));
            former.End(since);
            db.AddRange(former, new PartyPost(head.Id, PartyPostKind.Secretary, ci == 0 ? "李红梅" : "王建华", null, users.GetValueOrDefault(ci == 0 ? "tuanjie" : "jianshe"), since),
                new PartyPost(head.Id, PartyPostKind.DeputySecretary, ci == 0 ? "陈志远" : "高秀梅", null, null, since),
                new PartyPost(head.Id, PartyPostKind.CommitteeMember, ci == 0 ? "周文华" : "马立伟", null, null, since));
            // 红色物业: the property company's branch, an organisation without a place.
            var property = units.First(u => u.Kind == UnitKind.PropertyCompany);
            db.Add(new PartyOrganisation(sub.Id, community.Id, head, PartyOrgKind.Branch, $"{property.Name}党支部（红色物业）", null, null, property.Id, now));

            var grids = await db.Grids.Where(g => g.CommunityId == community.Id).OrderBy(g => g.Id).ToListAsync(ct);
            var branches = new Dictionary<long, PartyOrganisation>();
            foreach (var (grid, gi) in grids.Select((g, i) => (g, i)))
            {
                var branch = new PartyOrganisation(sub.Id, community.Id, head, PartyOrgKind.Branch, $"{grid.Name}党支部", PlaceKind.Grid, grid.Id, null, now);
                db.Add(branch);
                await db.SaveChangesAsync(ct);
                branches[grid.Id] = branch;
                // 团结巷's first grid leader is also its branch secretary (the demo's secretary account).
                db.Add(new PartyPost(branch.Id, PartyPostKind.Secretary, ci == 0 && gi == 0 ? "网格党支部书记" : $"{grid.Name}书记", null,
                    ci == 0 && gi == 0 ? users.GetValueOrDefault("wangge.zhang") : null, since));
                var buildings = await (from b in db.Buildings join e in db.Estates on b.EstateId equals e.Id
                                       where b.GridId == grid.Id orderby b.Id select new { b.Id, Label = e.Name + b.Number + "栋" }).Take(2).ToListAsync(ct);
                foreach (var b in buildings)
                    db.Add(new PartyOrganisation(sub.Id, community.Id, branch, PartyOrgKind.Group, $"{b.Label}党小组", PlaceKind.Building, b.Id, null, now));
            }
            await db.SaveChangesAsync(ct);

            var gridIds = grids.Select(g => g.Id).ToList();
            // About 4 % of adults are members: most registered with their grid's branch, some 在地, some 在职 at a unit.
            var adults = await (from res in db.Residents join h in db.Households on res.HouseholdId equals h.Id
                                where gridIds.Contains(h.GridId)
                                where res.Status == ResidentStatus.Active && res.BirthDate != null && res.BirthDate < today.AddYears(-22)
                                orderby res.Id
                                select new { res.Id, res.Name, res.HouseholdId, h.GridId }).ToListAsync(ct);
            var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync(ct);
            var members = new List<PartyMember>();
            foreach (var a in adults.Where(a => !linked.Contains(a.Id)))
            {
                if (r.NextDouble() >= 0.04) continue;
                var roll = r.NextDouble();
                var kind = roll < 0.65 ? MemberKind.Registered : roll < 0.8 ? MemberKind.Local : MemberKind.Employed;
                var joined = today.AddDays(-r.Next(365 * 2, 365 * 45));
                var m = new PartyMember(community.Id, kind, a.Name, a.Id, null, a.HouseholdId, a.GridId,
                    kind == MemberKind.Registered ? branches[a.GridId].Id : null,
                    kind == MemberKind.Employed ? units[r.Next(units.Count)].Id : null, joined, today, now);
                if (r.NextDouble() < 0.3) m.SetBadge(true, m.Version);
                members.Add(m);
            }
            db.AddRange(members);
            await db.SaveChangesAsync(ct);

            // Three 党员中心户 per grid: registered members whose households hang the plate and show the badge.
            foreach (var grid in grids)
            {
                foreach (var m in members.Where(m => m.GridId == grid.Id && m.Kind == MemberKind.Registered).DistinctBy(m => m.HouseholdId).Take(3))
                {
                    if (!m.ShowBadge) m.SetBadge(true, m.Version);
                    if (!await db.DutyPosts.AnyAsync(p => p.Kind == DutyPostKind.PartyLiaisonHousehold && p.PlaceId == m.HouseholdId, ct))
                        db.DutyPosts.Add(new DutyPost(DutyPostKind.PartyLiaisonHousehold, PlaceKind.Household, m.HouseholdId!.Value, m.Name, null, since, m.ResidentId));
                }
            }
            await db.SaveChangesAsync(ct);
            if (ci == 1) await AllianceAsync(db, community.Id, units, users.GetValueOrDefault("jianshe") ?? "", now, ct);
        }
    }

    // 建设社区's lists: what the units offer, what the community needs, two projects matching them.
    private static async Task AllianceAsync(GongzhiDb db, long communityId, List<PartnerUnit> units, string staffId, DateTime now, CancellationToken ct)
    {
        AllianceItem Resource(int unit, string title, string detail) => new(communityId, ListSide.Resource, units[unit].Id, title, detail, now);
        AllianceItem Need(string title, string detail) => new(communityId, ListSide.Need, null, title, detail, now);
        var resources = new[]
        {
            Resource(0, "周末开放礼堂和操场", "周六、周日 8:00-17:00，可容纳 300 人"),
            Resource(1, "专家义诊半天", "每月一次，内科、骨科专家各一名"),
            Resource(2, "老旧小区线路检修", "电工两名，每季度一次"),
            Resource(3, "搬运货车一辆", "工作日可借用，需提前两天预约"),
            Resource(5, "防电信诈骗宣讲", "理财经理进社区，每季度一次"),
        };
        var needs = new[]
        {
            Need("独居老人健康体检", "建设新村 60 岁以上独居老人约 40 人"),
            Need("楼道线路老化排查", "建设新村 1-6 栋线路老化，居民多次反映"),
            Need("暑期青少年托管场地", "双职工家庭子女暑期看护"),
            Need("防诈骗宣传进楼栋", "老年人受骗案例增多"),
        };
        db.AddRange(resources);
        db.AddRange(needs);
        await db.SaveChangesAsync(ct);
        var done = new AllianceProject(resources[1], needs[0], "健康义诊进社区", staffId, now.AddDays(-60));
        var open = new AllianceProject(resources[2], needs[1], "红色电力·楼道线路排查", staffId, now.AddDays(-10));
        db.AddRange(done, open);
        await db.SaveChangesAsync(ct);
        done.Close(ProjectStatus.Done, "义诊两次，为 38 位老人测血压血糖，建立健康档案 38 份", done.Version, resources[1], needs[0], now.AddDays(-20));

        // The first joint meeting, chaired by the first unit; the next turn passes on.
        var meeting = new Meeting(communityId, MeetingKind.AllianceJoint, "“1+N 红色集结号”党建联席会议", "建设社区党群服务中心议事室", now.AddDays(-30), now);
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        foreach (var u in units) db.Add(new MeetingAttendee(meeting.Id, u.ContactName, DelegateCapacity.PartnerUnit, u.Name, null));
        db.Add(new JointMeeting(communityId, 1, meeting.Id, units[0].Id));
        await db.SaveChangesAsync(ct);
    }
}
