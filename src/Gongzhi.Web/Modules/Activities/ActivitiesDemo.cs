using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Activities.Appointments;
using Gongzhi.Web.Modules.Activities.Events;
using Gongzhi.Web.Modules.Activities.Venues;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Activities;

// Venues, events, bookings and service slots of each demo community, from the seeds: 8 场次 of
// 义诊/体检 with 瑞康医院, 剪纸/刺绣 classes for the elderly, 邻里节, 健身气功 every Wednesday afternoon,
// 儿童国学 and 绘本阅读 for families, 老年沙龙, 政策宣讲会, and the 党群服务中心's appointments.
public static class ActivitiesDemo
{
    private sealed record Plan(string Title, EventKind Kind, string Description, int Venue, string? Address, OrganiserKind Organiser, string OrganiserName,
        int DaysAhead, int Hour, int Minute, int Hours, int Weeks, int Capacity, int? MinAge = null, int? MaxAge = null, bool Families = false, bool OneEstate = false);

    private static readonly Plan[] Plans =
    [
        new("健康义诊服务进社区", EventKind.Clinic, "瑞康医院医生到社区义诊：量血压、测血糖、听诊咨询，请带好医保卡和既往病历。", 0, null, OrganiserKind.Partner, "瑞康医院", 3, 8, 30, 3, 1, 50, MinAge: 60),
        new("健身气功·八段锦", EventKind.Fitness, "每周三下午健身气功队老师带领大家学习传统健身气功操，零基础可参加。", 3, null, OrganiserKind.Team, "健身气功队", 2, 14, 30, 2, 12, 60),
        new("老年剪纸、刺绣教学", EventKind.Class, "发挥老年艺术爱好者特长，开展剪纸、刺绣教学，材料由社区提供。", 1, null, OrganiserKind.Team, "老年艺术爱好者协会", 4, 9, 0, 2, 8, 20, MinAge: 60),
        new("反诈骗政策宣讲会", EventKind.Talk, "区检察院干警讲解常见养老诈骗、电信诈骗手法，现场答疑。", 2, null, OrganiserKind.Partner, "包河区人民检察院", 5, 19, 0, 1, 1, 20),
        new("邻里节·社区好人表彰", EventKind.Festival, "邻里节活动：通报表扬“社区好人”“最美母亲”“文明家庭”，邻里百家宴、才艺展示。", -1, "团结新村中心广场", OrganiserKind.Community, "社区居委会", 9, 15, 0, 3, 1, 300),
        new("儿童国学小课堂", EventKind.Regular, "亲子共读《三字经》《弟子规》，请家长陪同 6–12 岁孩子参加。", 1, null, OrganiserKind.Community, "社区新时代文明实践站", 6, 9, 30, 1, 6, 16, Families: true),
        new("绘本阅读·亲子时光", EventKind.Regular, "周日上午亲子绘本共读，志愿者老师领读。", 1, null, OrganiserKind.Team, "书香志愿服务队", 7, 14, 30, 1, 4, 12, Families: true),
        new("老年沙龙·健康养生", EventKind.Regular, "老年人聊天、下棋、养生知识分享，本小区老人优先。", 2, null, OrganiserKind.Community, "社区居委会", 1, 15, 0, 2, 4, 15, MinAge: 60, OneEstate: true),
        new("太极拳晨练", EventKind.Fitness, "每周六清晨太极拳晨练，自带水杯。", 3, null, OrganiserKind.Team, "太极拳队", 5, 6, 30, 1, 8, 40),
        new("惠民活动·家电义务维修", EventKind.Benefit, "志愿者免费维修小家电、磨剪刀、理发，惠民活动第 8 场。", -1, "团结新村 3 栋前空地", OrganiserKind.Partner, "共建单位志愿服务队", 8, 9, 0, 3, 1, 80),
    ];

    public static async Task SeedAsync(GongzhiDb db, DateTime now, CancellationToken ct)
    {
        if (await db.Venues.AnyAsync(ct)) return;
        var communities = await db.Communities.OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var staff = await db.Users.Where(u => u.UserName == "tuanjie" || u.UserName == "jianshe").ToDictionaryAsync(u => u.UserName!, u => (u.Id, u.DisplayName), ct);
        var today = DateOnly.FromDateTime(BeijingTime.ToLocal(now));
        DateTime At(int days, int hour, int minute) => BeijingTime.ToUtc(today.AddDays(days).ToDateTime(new TimeOnly(hour, minute)));

        foreach (var (community, i) in communities.Select((c, i) => (c, i)))
        {
            var (staffId, staffName) = staff[i == 0 ? "tuanjie" : "jianshe"];
            Venue[] venues =
            [
                new(community.Id, "党群服务中心", VenueKind.ServiceCentre, 80, "投影仪、音响、血压计、无障碍通道", new TimeOnly(8, 30), new TimeOnly(20, 0), approvalRequired: false),
                new(community.Id, "文化活动室", VenueKind.ActivityRoom, 40, "书画桌、缝纫机、绘本架", new TimeOnly(8, 30), new TimeOnly(21, 0), approvalRequired: true),
                new(community.Id, "议事室", VenueKind.MeetingRoom, 20, "会议桌、白板、投影", new TimeOnly(8, 30), new TimeOnly(21, 0), approvalRequired: true),
                new(community.Id, "健身广场", VenueKind.FitnessSquare, 200, "智慧健身器材、音响", new TimeOnly(6, 0), new TimeOnly(21, 30), approvalRequired: false),
            ];
            db.Venues.AddRange(venues);
            await db.SaveChangesAsync(ct);

            var estates = await db.Estates.Where(e => e.CommunityId == community.Id).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync(ct);
            var events = new List<Event>();
            foreach (var p in Plans)
            {
                var venue = p.Venue >= 0 ? venues[p.Venue] : null;
                var start = At(p.DaysAhead + i, p.Hour, p.Minute);
                var draft = new EventDraft(p.Title, p.Kind, p.Description, venue?.Id, p.Address, p.Organiser, p.OrganiserName, start, start.AddHours(p.Hours), p.Weeks,
                    p.Capacity, p.MinAge, p.MaxAge, p.OneEstate ? estates[0] : null, p.Families, now.AddDays(-2), start.AddHours(-1));
                var ev = new Event(community.Id, draft, staffId, now.AddDays(-3));
                db.Events.Add(ev);
                events.Add(ev);
            }
            // Last month's 义诊, already held: attendance, report.
            var pastStart = At(-20 + i, 8, 30);
            var past = new Event(community.Id, new EventDraft("健康义诊（第 7 场）", EventKind.Clinic, "瑞康医院义诊，第 7 场。", venues[0].Id, null, OrganiserKind.Partner, "瑞康医院",
                pastStart, pastStart.AddHours(3), 1, 50, 60, null, null, false, pastStart.AddDays(-10), pastStart.AddHours(-1)), staffId, pastStart.AddDays(-12));
            db.Events.Add(past);
            await db.SaveChangesAsync(ct);

            foreach (var ev in events.Append(past))
            {
                foreach (var (s, e) in ev.Sessions())
                {
                    db.EventSessions.Add(new EventSession(ev.Id, s, e));
                    if (ev.VenueId is { } vid) db.Bookings.Add(new Booking(vid, s, e, null, ev.Id, ev.Title, staffId, staffName, approved: true, ev.CreatedAt));
                }
            }
            // A resident team's weekly rehearsal (approved) and a pending request for the meeting room.
            var series = Guid.NewGuid().ToString("N");
            for (var w = 0; w < 6; w++)
                db.Bookings.Add(new Booking(venues[1].Id, At(1 + 7 * w + i, 19, 0), At(1 + 7 * w + i, 20, 30), series, null, "舞蹈队排练", staffId, "舞蹈队", approved: true, now.AddDays(-5)));
            db.Bookings.Add(new Booking(venues[2].Id, At(3 + i, 14, 0), At(3 + i, 16, 0), null, null, "业委会筹备会议", staffId, "业委会筹备组", approved: false, now.AddDays(-1)));
            await db.SaveChangesAsync(ct);

            await RegistrationsAsync(db, community.Id, events, past, staffId, now, ct);
            await ServicesAsync(db, community.Id, staffId, staffName, today, now, ct);
        }
    }

    // Some residents already registered: the 义诊 has most of its places taken.
    private static async Task RegistrationsAsync(GongzhiDb db, long communityId, List<Event> events, Event past, string staffId, DateTime now, CancellationToken ct)
    {
        var clinicDay = DateOnly.FromDateTime(BeijingTime.ToLocal(events[0].StartsAt));
        var elders = await (from r in db.Residents join h in db.Households on r.HouseholdId equals h.Id join g in db.Grids on h.GridId equals g.Id
                            where g.CommunityId == communityId && r.Status == ResidentStatus.Active && r.BirthDate != null && r.BirthDate <= clinicDay.AddYears(-61)
                            orderby r.Id select new { r.Id, r.Name, r.HouseholdId }).Take(60).ToListAsync(ct);
        var accounts = await db.Users.Where(u => u.ResidentId != null).Select(u => new { u.Id, u.ResidentId }).ToListAsync(ct);
        void Register(Event ev, int count)
        {
            var people = elders.Take(count).ToList();
            foreach (var (p, n) in people.Select((p, n) => (p, n)))
            {
                var userId = accounts.FirstOrDefault(a => a.ResidentId == p.Id)?.Id;
                var reg = new Registration(ev.Id, p.Id, p.HouseholdId, p.Name, userId, userId ?? staffId, ev.CreatedAt);
                reg.Take(n < ev.Capacity, n + 1, userId, userId ?? staffId, ev.CreatedAt.AddMinutes(n));
                db.Registrations.Add(reg);
            }
        }
        Register(events[0], 46);
        Register(events[2], 12);
        Register(past, 38);
        await db.SaveChangesAsync(ct);
        // The queue counter continues after the demo's registrations.
        foreach (var ev in new[] { events[0], events[2], past })
        {
            var id = ev.Id;
            await db.Events.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Seq, e => db.Registrations.Where(r => r.EventId == id).Max(r => r.Seq)), ct);
        }
        var session = await db.EventSessions.Where(s => s.EventId == past.Id).Select(s => s.Id).SingleAsync(ct);
        var attended = await db.Registrations.Where(r => r.EventId == past.Id).OrderBy(r => r.Seq).Take(33).Select(r => r.Id).ToListAsync(ct);
        foreach (var id in attended) db.CheckIns.Add(new CheckIn(id, session, id % 3 == 0 ? CheckInMethod.List : CheckInMethod.Qr, staffId, past.StartsAt.AddMinutes(id % 40)));
        past.WriteReport("瑞康医院 4 名医生到场，为 33 位老人测量血压、血糖，发现 5 位血压偏高已建议复诊；发放健康手册 60 份。", past.EndsAt.AddHours(2));
        await db.SaveChangesAsync(ct);
    }

    private static async Task ServicesAsync(GongzhiDb db, long communityId, string staffId, string staffName, DateOnly today, DateTime now, CancellationToken ct)
    {
        CentreService[] services =
        [
            new(communityId, "社保认证", ServiceKind.Proxy, "养老金领取资格认证，行动不便的老人可由工作人员代办。", 20),
            new(communityId, "老年证办理", ServiceKind.Proxy, "65 周岁以上老人办理老年优待证，请带身份证和一寸照片。", 20),
            new(communityId, "居住证明开具", ServiceKind.Proxy, "开具居住证明，请带户口本或租房合同。", 15),
            new(communityId, "预约延时服务", ServiceKind.ExtendedHours, "工作日 17:30 以后的预约办理，上班族适用。", 30),
            new(communityId, "周末加时服务", ServiceKind.Weekend, "周六上午开放，办理各类社区事务。", 30),
        ];
        db.CentreServices.AddRange(services);
        await db.SaveChangesAsync(ct);
        for (var d = 1; d <= 7; d++)
        {
            var day = today.AddDays(d);
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            foreach (var s in services)
            {
                var (hour, minute, count) = s.Kind switch
                {
                    ServiceKind.ExtendedHours when !weekend => (17, 30, 4),
                    ServiceKind.Weekend when day.DayOfWeek == DayOfWeek.Saturday => (9, 0, 6),
                    ServiceKind.Proxy when !weekend => (9, 0, 6),
                    _ => (0, 0, 0),
                };
                var start = BeijingTime.ToUtc(day.ToDateTime(new TimeOnly(hour, minute)));
                for (var n = 0; n < count; n++)
                    db.AppointmentSlots.Add(new AppointmentSlot(s.Id, start.AddMinutes(n * s.SlotMinutes), start.AddMinutes((n + 1) * s.SlotMinutes), staffId, staffName));
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
