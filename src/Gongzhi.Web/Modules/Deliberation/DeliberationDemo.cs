using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Web.Modules.Deliberation;

// Five topics of 团结巷社区 as the seeds tell them, each at a different stage: EV charging piles
// being built after a vote (one milestone late), a gate renovation gathering support, street lights
// from a cluster of requests under consultation, a sorted-waste kiosk in an owners' vote under
// Civil Code Art. 278, and a pond clean-up done. Written straight through the entities, fast.
public sealed class DeliberationDemo(GongzhiDb db, TimeProvider clock)
{
    public async Task GenerateAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now.AddHours(8));
        var community = await db.Communities.OrderBy(c => c.Id).FirstAsync(ct);
        var estate = await db.Estates.Where(e => e.CommunityId == community.Id).OrderBy(e => e.Id).FirstAsync(ct);
        var staff = await db.Users.Where(u => u.UserName == "tuanjie").Select(u => new { u.Id, u.DisplayName }).FirstAsync(ct);
        var resident = await db.Users.Where(u => u.ResidentId != null && u.UserName != "loudong" && u.UserName != "danyuan" && u.UserName != "linzhang")
            .OrderBy(u => u.CreatedAt).Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        var r = new Random(11);
        var place = new TopicPlace(community.Id, null, null);
        var estatePlace = new TopicPlace(community.Id, estate.Id, null);

        // 1. 电动车充电桩: consulted, met, voted, published, now being built.
        var ev = Add(new Topic("电动车集中充电桩建设", "楼道飞线充电和电瓶车上楼隐患大，居民多次反映，拟在小区北侧空地建设集中充电棚和充电桩。",
            TopicSource.Staff, estatePlace, staff.Id, staff.DisplayName, 0, now.AddDays(-60)));
        await SaveAsync(ct);
        var evConsultation = new Consultation(ev.Id, "您希望建设哪种充电设施？", ConsultationMode.Single,
            [("地面充电桩（12个车位）", 86000m), ("智能充电柜（换电）", 32000m), ("两者结合", 110000m)], now.AddDays(-55), 10);
        ev.StartConsultation(now.AddDays(-55));
        db.Consultations.Add(evConsultation);
        await SaveAsync(ct);
        await AnswersAsync(evConsultation.Id, [1, 3, 3, 1, 3, 2, 3, 3, 1, 3, 3, 2], r, now.AddDays(-50), ct);
        var meeting = new Meeting(community.Id, MeetingKind.PartyMassCouncil, "十月党群议事会：充电桩选址", "团结巷社区党群服务中心二楼会议室", now.AddDays(-40), now.AddDays(-44));
        ev.StartMeeting(now.AddDays(-40));
        db.Meetings.Add(meeting);
        await SaveAsync(ct);
        var item = new MeetingItem(meeting.Id, ev.Id, 1);
        db.MeetingItems.Add(item);
        string[][] delegates = [["周建华", "1", "社区党委"], ["王秀兰", "2", ""], ["陈立新", "2", ""], ["刘海燕", "3", "区城市管理局"], ["孙志强", "4", "安居物业"], ["吴国平", "5", ""]];
        foreach (var d in delegates)
        {
            var a = new MeetingAttendee(meeting.Id, d[0], (DelegateCapacity)int.Parse(d[1], System.Globalization.CultureInfo.InvariantCulture), d[2], null);
            a.SignIn(SignInMethod.StaffTick, now.AddDays(-40));
            db.MeetingAttendees.Add(a);
        }
        item.Resolve("同意在北侧空地建设地面充电桩与充电柜相结合的充电棚，提交全体住户一户一票表决", 5, 0, 1, 6);
        meeting.RecordMinutes("到会代表6人。物业介绍选址方案，城管局意见：充电棚须与住宅保持6米以上距离。代表讨论后同意方案，提交住户表决。", 0);
        await SaveAsync(ct);
        var evVote = new Vote(ev.Id, "是否同意在北侧空地建设充电棚", VoteBasis.PerHousehold, null, null, now.AddDays(-35), 7, true, false, staff.Id);
        ev.StartVote(now.AddDays(-35));
        db.Votes.Add(evVote);
        await SaveAsync(ct);
        var evRoll = await RollAsync(evVote, ev, today, ct);
        await BallotsAsync(evVote, evRoll, 0.7, [0.8, 0.12, 0.08], r, staff.Id, now.AddDays(-33), ct);
        var evResult = await VoteTally.CountAsync(db, evVote, ct);
        evVote.Close(evResult.Adopted, now.AddDays(-28));
        ev.Resolve(evResult.Adopted, "在小区北侧空地建设充电棚：地面充电桩12个、智能充电柜1组，预算11万元由维修资金以外的社区微实事资金列支。", now.AddDays(-28));
        ev.Publish("经一户一票表决通过，在小区北侧空地建设充电棚（地面充电桩12个、智能充电柜1组）。公示期7天，如有异议请向社区提出。", 7, now.AddDays(-27));
        await SaveAsync(ct);
        var objection = new Objection(ev, resident?.Id ?? staff.Id, "3栋住户", "充电棚离3栋窗户太近，担心夜间噪音和安全。", now.AddDays(-25));
        objection.Reply("已调整位置，与3栋保持8米距离，并选用静音型号、加装烟感和喷淋。", staff.DisplayName, now.AddDays(-24));
        db.Objections.Add(objection);
        await SaveAsync(ct);
        ev.StartImplementation(0, now.AddDays(-19));
        Milestone M(string title, string owner, int dueInDays, int progress, string? note)
        {
            var m = new Milestone(ev.Id, title, owner, today.AddDays(dueInDays), now.AddDays(-18));
            if (progress > 0) m.Report(progress, note, null, 0, now.AddDays(Math.Min(dueInDays, -1)));
            db.Milestones.Add(m);
            return m;
        }
        M("场地平整与基础施工", "安居物业工程部", -10, 100, "基础已完工，验收合格");
        M("充电棚钢结构搭建", "安居物业工程部", -3, 60, "钢结构到货，正在安装");
        M("供电增容与充电桩安装调试", "供电所、充电运营商", 12, 0, null);
        if (resident is not null) db.TopicFollowers.Add(new TopicFollower(ev.Id, resident.Id, now.AddDays(-50)));

        // 2. 小区大门改造: a resident's proposal, short of supporters.
        var gate = Add(new Topic("小区大门改造为人脸识别门禁", "小区东大门门禁经常失灵，外来车辆随意进出，希望改造为人脸识别门禁并增设非机动车通道。",
            TopicSource.Resident, place, resident?.Id, resident?.DisplayName ?? "居民", 10, now.AddDays(-6)));
        await SaveAsync(ct);
        if (resident is not null)
        {
            db.TopicSupports.Add(new TopicSupport(gate.Id, resident.Id, now.AddDays(-6)));
            db.TopicFollowers.Add(new TopicFollower(gate.Id, resident.Id, now.AddDays(-6)));
        }
        await SaveAsync(ct);
        await db.Topics.Where(t => t.Id == gate.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Supporters, 6), ct);

        // 3. 路灯: from a cluster of street-light requests, under consultation.
        var lightCases = await db.Cases.Where(c => c.CommunityId == community.Id && db.CaseCategories.Any(k => k.Id == c.CategoryId && k.Code == "street-light"))
            .OrderBy(c => c.Id).Select(c => c.Id).Take(6).ToListAsync(ct);
        var lights = Add(new Topic("东片区路灯改造", "近三个月东片区多次反映路灯不亮、闪烁，拟整体更换为LED路灯并增加停车场照明。",
            lightCases.Count > 0 ? TopicSource.CaseCluster : TopicSource.Staff, place, staff.Id, staff.DisplayName, 0, now.AddDays(-9)));
        await SaveAsync(ct);
        db.TopicCases.AddRange(lightCases.Select(id => new TopicCase(lights.Id, id)));
        var lightConsultation = new Consultation(lights.Id, "路灯改造优先做哪些？（可多选）", ConsultationMode.Multiple,
            [("东门主路", 24000m), ("地下停车场入口", 9000m), ("儿童游乐区", 12000m), ("单元楼道感应灯", 15000m)], now.AddDays(-8), 14);
        lights.StartConsultation(now.AddDays(-8));
        db.Consultations.Add(lightConsultation);
        await SaveAsync(ct);
        await AnswersAsync(lightConsultation.Id, [1, 2, 4, 1, 3, 1], r, now.AddDays(-5), ct, multiple: true);

        // 4. 垃圾分类亭: an owners' vote under Art. 278 (changing the use of common parts), running.
        var kiosk = Add(new Topic("垃圾分类亭选址与建设", "拟将小区西侧两个公共停车位改建为四分类垃圾投放亭，并配备洗手池。占用共有部分，需业主表决。",
            TopicSource.Staff, estatePlace, staff.Id, staff.DisplayName, 0, now.AddDays(-15)));
        await SaveAsync(ct);
        var kioskVote = new Vote(kiosk.Id, "是否同意将西侧两个公共车位改建为垃圾分类亭", VoteBasis.Owners278, Art278Matter.CommonPartsUse, null, now.AddDays(-3), 10, true, false, staff.Id);
        kiosk.StartVote(now.AddDays(-3));
        db.Votes.Add(kioskVote);
        await SaveAsync(ct);
        var kioskRoll = await RollAsync(kioskVote, kiosk, today, ct);
        await BallotsAsync(kioskVote, kioskRoll, 0.55, [0.78, 0.15, 0.07], r, staff.Id, now.AddDays(-2), ct);

        // 5. 池塘清淤: done.
        var pond = Add(new Topic("中心景观池塘清淤", "景观池塘淤积发臭、蚊虫多，居民议事会商定清淤并补种水生植物。", TopicSource.Staff, place, staff.Id, staff.DisplayName, 0, now.AddDays(-120)));
        await SaveAsync(ct);
        pond.StartMeeting(now.AddDays(-110));
        pond.Resolve(true, "居民议事会一致同意清淤，费用由物业公共收益列支。", now.AddDays(-105));
        pond.Publish("居民议事会决定：中心景观池塘清淤并补种水生植物，费用由物业公共收益列支。", 7, now.AddDays(-104));
        pond.StartImplementation(0, now.AddDays(-96));
        var pondDone = new Milestone(pond.Id, "抽水清淤并补种荷花", "安居物业", today.AddDays(-70), now.AddDays(-96));
        pondDone.Report(100, "清淤完成，补种荷花与睡莲，水质明显改善", null, 0, now.AddDays(-72));
        db.Milestones.Add(pondDone);
        await SaveAsync(ct);
        pond.Finish(0, now.AddDays(-70));
        await SaveAsync(ct);
    }

    private Topic Add(Topic t)
    {
        db.Topics.Add(t);
        return t;
    }

    private Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    private async Task<List<string>> RollAsync(Vote vote, Topic topic, DateOnly today, CancellationToken ct)
    {
        var roll = await ElectorRoll.BuildAsync(db, DeliberationAccess.PlaceOf(topic), vote.Basis, today, ct);
        vote.SetElectors(roll.Count);
        db.VoteElectors.AddRange(roll.Select(e => new VoteElector(vote.Id, e.Key, e.Name, e.ResidentId, e.HouseholdId, e.AreaCenti, e.Units)));
        await SaveAsync(ct);
        return roll.Select(e => e.Key).ToList();
    }

    private async Task BallotsAsync(Vote vote, List<string> keys, double turnout, double[] shares, Random r, string staffId, DateTime at, CancellationToken ct)
    {
        foreach (var key in keys.Where(_ => r.NextDouble() < turnout))
        {
            var roll = r.NextDouble();
            var choice = roll < shares[0] ? Vote.For : roll < shares[0] + shares[1] ? Vote.Against : Vote.Abstain;
            db.Ballots.Add(new Ballot(vote.Id, key, choice, r.NextDouble() < 0.3 ? BallotChannel.Paper : BallotChannel.Online, staffId, at.AddMinutes(r.Next(3000))));
        }
        await SaveAsync(ct);
    }

    // Answers from residents with accounts are few in the demo; the rest come from generated ids.
    private async Task AnswersAsync(long consultationId, int[] picks, Random r, DateTime at, CancellationToken ct, bool multiple = false)
    {
        for (var i = 0; i < picks.Length; i++)
        {
            var chosen = multiple && r.NextDouble() < 0.5 ? $"{Math.Min(picks[i], 3)},4" : picks[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            db.ConsultationResponses.Add(new ConsultationResponse(consultationId, "demo-" + consultationId + "-" + i, chosen, i % 4 == 0 ? "希望尽快落实，注意施工安全" : null, at.AddHours(i)));
        }
        await SaveAsync(ct);
    }
}
