using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Photos;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Modules.Projects;

// 骆岗街道's 20-odd community organisations at different stages, the subdistrict's "善治骆岗" call
// decided with nine funded projects at various stages of delivery (named after the seed's), a panel
// with its scores, the call's 指导手册 as a PDF, and an open call of 团结巷 a leader can apply to.
public static class ProjectsDemo
{
    private static readonly (string Name, OrgField Field, string Station)[] Orgs =
    [
        ("爱心小帮客", OrgField.Elderly, "第一社会服务站"), ("妈妈帮帮团", OrgField.Youth, "第一社会服务站"), ("暖阳志愿服务队", OrgField.Elderly, "第二社会服务站"),
        ("老年自管会", OrgField.Elderly, "第二社会服务站"), ("社区治理文明倡导队", OrgField.Other, "第一社会服务站"), ("爱心助老志愿服务队", OrgField.Elderly, "第三社会服务站"),
        ("书香志愿服务队", OrgField.Culture, "第一社会服务站"), ("健身气功队", OrgField.Culture, "第三社会服务站"), ("太极拳队", OrgField.Culture, "第三社会服务站"),
        ("老年艺术爱好者协会", OrgField.Culture, "第二社会服务站"), ("邻里守望队", OrgField.Mediation, "第四社会服务站"), ("银龄互助社", OrgField.Elderly, "第四社会服务站"),
        ("小候鸟成长营", OrgField.Youth, "第五社会服务站"), ("绿色家园环保队", OrgField.Environment, "第五社会服务站"), ("和事佬调解室", OrgField.Mediation, "第四社会服务站"),
        ("彩虹助残服务队", OrgField.Disability, "第五社会服务站"), ("书香邻里读书会", OrgField.Culture, "第一社会服务站"), ("楼道管家志愿队", OrgField.Other, "第二社会服务站"),
        ("巧手编织社", OrgField.Culture, "第三社会服务站"), ("四点半课堂志愿队", OrgField.Youth, "第五社会服务站"), ("垃圾分类督导队", OrgField.Environment, "第四社会服务站"),
        ("平安巡逻队", OrgField.Mediation, "第二社会服务站"),
    ];

    // The nine projects of 善治骆岗: (project, organisation index, asked in fen, beneficiaries).
    private static readonly (string Title, int Org, long Fen, int People, string Problem)[] Funded =
    [
        ("幸福8号·繁华里楼栋自治", 17, 1_800_000, 120, "老旧楼栋无物业，楼道堆物、公共设施无人管"),
        ("诵读经典·书香繁华", 16, 900_000, 200, "社区青少年课余缺少阅读氛围和场所"),
        ("幸福快递到家", 0, 1_500_000, 80, "高龄独居老人买菜、取药、缴费不便"),
        ("情暖夕阳", 2, 1_200_000, 60, "空巢老人精神慰藉不足，节假日无人陪伴"),
        ("妈妈课堂·亲子成长", 1, 1_000_000, 150, "双职工家庭放学后孩子无人照看"),
        ("银龄互助·时间银行", 11, 800_000, 90, "低龄老人有余力，高龄老人缺照料"),
        ("垃圾分类我先行", 20, 600_000, 500, "小区垃圾分类投放准确率低"),
        ("邻里和事佬", 14, 700_000, 300, "邻里噪音、漏水等小纠纷频发"),
        ("彩虹助残·康复陪伴", 15, 1_100_000, 40, "残疾人康复训练缺少陪伴和接送"),
    ];

    public static async Task SeedAsync(IServiceProvider sp, DateTime now, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var config = sp.GetRequiredService<IConfiguration>();
        var r = new Random(70);
        var communities = await db.Communities.OrderBy(c => c.Id).Select(c => new { c.Id, c.SubdistrictId }).ToListAsync(ct);
        if (communities.Count == 0) return;
        var ids = await db.Users.Where(u => u.UserName == "tuanjie" || u.UserName == "jiedao").ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);
        var password = config["Demo:Password"] ?? "Gongzhi@2026";
        async Task<string> AccountAsync(string userName, string display)
        {
            var u = new AppUser { UserName = userName, DisplayName = display, PhoneNumberConfirmed = true, CreatedAt = now };
            var result = await users.CreateAsync(u, password);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            return u.Id;
        }
        // A leader account for 爱心小帮客 and two outside experts: accounts with no role (see ProjectsAccess).
        var leaderId = await AccountAsync("zuzhi", "王秀兰");
        var experts = new[] { (Id: await AccountAsync("zhuanjia.wang", "王教授"), Name: "王教授"), (Id: await AccountAsync("zhuanjia.li", "李社工师"), Name: "李社工师") };
        var today = ProjectsTime.Today(now);

        var volunteers = await db.Set<Volunteer>().Where(v => v.ResidentId != null).OrderBy(v => v.Id).Select(v => new { v.Id, v.ResidentId, v.Name, v.CommunityId }).ToListAsync(ct);
        var orgs = new List<Organisation>();
        foreach (var (o, i) in Orgs.Select((o, i) => (o, i)))
        {
            var community = communities[i % 3 == 2 && communities.Count > 1 ? 1 : 0].Id;
            var org = new Organisation(community, o.Name, o.Field, o.Station, Orgs.Length > 0 ? LeaderName(r) : "", i == 0 ? leaderId : null,
                $"{o.Name}扎根社区，由居民骨干自发组建，常年开展{o.Field switch { OrgField.Elderly => "助老", OrgField.Youth => "儿童关爱", OrgField.Culture => "文体", OrgField.Mediation => "邻里调解", OrgField.Environment => "环保", OrgField.Disability => "助残", _ => "志愿" }}服务。",
                today.AddDays(-700 + i * 11), now.AddDays(-700 + i * 11));
            // Stages: a third registered, a third incubating, the rest still seedlings.
            if (i % 3 != 2) org.Advance(OrgStage.Incubating, today.AddDays(-500 + i * 5), null);
            if (i % 3 == 0) org.Advance(OrgStage.Registered, today.AddDays(-300 + i * 3), $"骆岗社备〔2026〕{i + 1:000}号");
            orgs.Add(org);
        }
        db.AddRange(orgs);
        await db.SaveChangesAsync(ct);
        foreach (var org in orgs)
        {
            var pool = volunteers.Where(v => v.CommunityId == org.CommunityId).ToList();
            foreach (var v in pool.Skip(r.Next(Math.Max(1, pool.Count - 6))).Take(r.Next(3, 7)))
                db.Add(new OrgMember(org.Id, v.Name, v.ResidentId, org.CreatedAt));
            if (org.Stage != OrgStage.Seedling) db.Add(new OrgReview(org.Id, today.Year - 1, org.Stage == OrgStage.Registered ? OrgRating.Excellent : OrgRating.Good, null, ids["jiedao"], now.AddDays(-200)));
        }

        // 善治骆岗: opened by the subdistrict, reviewed, decided; the projects deliver.
        var call = new ProjectCall(communities[0].SubdistrictId, null, "善治骆岗", "骆岗街道社区微公益创投大赛：以微公益项目为抓手，激发社区治理内生力量。每个项目资助不超过 2 万元。",
            12_000_000, 2_000_000, [OrgField.Elderly, OrgField.Youth, OrgField.Culture, OrgField.Mediation, OrgField.Environment, OrgField.Disability, OrgField.Other],
            OrgStage.Seedling, now.AddDays(-240), now.AddDays(1), ids["jiedao"], now.AddDays(-250));
        db.Add(call);
        // The call's guide (微公益项目指导手册), attached as a document like an uploaded one.
        var guide = GuidePdf.Write("善治骆岗 微公益项目指导手册",
        [
            "一、项目设计：从居民需求出发，明确服务对象、人数和成效。",
            "二、预算编制：按活动物资、场地、宣传、交通等列支，合计不超过 2 万元。",
            "三、评审标准：需求评估、可行性、创新性、预算合理性、可持续性。",
            "四、项目执行：按阶段提交报告、照片和票据，验收后分期拨付。",
            "五、结项评估：提交结项报告，接受服务对象满意度评估。",
        ]);
        const string guideName = "善治骆岗微公益项目指导手册.pdf";
        var storedGuide = await ProjectFiles.SaveAsync(sp.GetRequiredService<PhotoStore>(), new PhotoUpload(guideName, guide.Length, () => new MemoryStream(guide)),
            pdfOnly: true, "Guide", now, ct);
        call.AttachGuide(storedGuide.StoredName, guideName, storedGuide.ContentType);
        await db.SaveChangesAsync(ct);
        var criteria = CallCommands.DefaultCriteria.Select((c, i) => new CallCriterion(call.Id, i, c.Name, c.Weight)).ToList();
        db.AddRange(criteria);
        var panel = new[] { (Id: ids["jiedao"], Name: "街道评审") }.Concat(experts).ToList();
        db.AddRange(panel.Select(p => new CallReviewer(call.Id, p.Id, p.Name)));
        await db.SaveChangesAsync(ct);
        call.Open(criteria.Count, 100, panel.Count, now.AddDays(-240));

        var applications = new List<(ProjectApplication App, int Index)>();
        (string Title, int Org, long Fen, int People, string Problem)[] declined = [("社区小菜园", 13, 1_900_000L, 30, "楼下空地闲置"), ("夕阳红广场舞大赛", 9, 1_600_000L, 100, "缺少展示平台")];
        var entries = Funded.Concat(declined).Select((f, i) => (f.Title, f.Org, f.Fen, f.People, f.Problem, i)).ToList();
        foreach (var e in entries)
        {
            var app = new ProjectApplication(call.Id, orgs[e.Org].Id, now.AddDays(-230));
            app.Edit(e.Title, e.Problem, "骆岗街道辖区居民", e.People, "组织志愿者定期开展服务，建立台账，每季度总结。", "负责人 1 名、骨干志愿者 8 名", now.AddDays(-229));
            db.Add(app);
            await db.SaveChangesAsync(ct);
            var lines = ProjectApplication.Lines(app.Id,
                [new BudgetLineInput("活动物资", e.Fen * 5 / 10, "服务包、慰问品"), new BudgetLineInput("宣传印刷", e.Fen * 2 / 10, "海报、手册"), new BudgetLineInput("志愿者保险与交通", e.Fen - e.Fen * 7 / 10, null)],
                call.MaxPerProjectFen);
            var plan = ProjectApplication.Plan(app.Id, [new MilestonePlanInput("招募志愿者、入户摸底", today.AddDays(-150)), new MilestonePlanInput("开展服务", today.AddDays(-60)), new MilestonePlanInput("总结评估", today.AddDays(30))]);
            app.SetRequested(lines.Sum(l => l.AmountFen));
            db.AddRange(lines);
            db.AddRange(plan);
            app.Submit(lines.Count, plan.Count, now.AddDays(-225 + e.i));
            applications.Add((app, e.i));
        }
        await db.SaveChangesAsync(ct);
        call.StartReview(now.AddDays(2));
        // Each reviewer scores each application; the expert who once worked with 妈妈帮帮团 stepped aside.
        foreach (var (app, index) in applications)
            foreach (var p in panel)
            {
                if (index == 4 && p.Id == experts[1].Id)
                {
                    db.Add(Review.Declined(app.Id, p.Id, "曾为该组织提供督导服务", now.AddDays(-210)));
                    continue;
                }
                var scores = criteria.Select(c => index < 9 ? r.Next(72, 96) : r.Next(55, 75)).ToList();
                var review = Review.Scored(app.Id, p.Id, scores.Select((s, k) => s * criteria[k].Weight).Sum(), index < 9 ? "需求明确，方案可行" : "与已有服务重复，可持续性不足", now.AddDays(-210));
                db.Add(review);
                await db.SaveChangesAsync(ct);
                db.AddRange(criteria.Select((c, k) => new ReviewScore(review.Id, c.Id, scores[k])));
            }
        await db.SaveChangesAsync(ct);
        call.CloseReview(0);

        long committed = 0;
        foreach (var (app, index) in applications)
        {
            var granted = index >= 9 ? app.Decide(FundingDecision.NotFunded, null, "与现有服务内容重复，建议与相关组织合作申报", now.AddDays(-200))
                : index % 4 == 3 ? app.Decide(FundingDecision.Reduced, app.RequestedFen * 8 / 10, "宣传印刷费用压缩 20%", now.AddDays(-200))
                : app.Decide(FundingDecision.Full, null, null, now.AddDays(-200));
            if (granted == 0) continue;
            committed += granted;
            db.Add(new GrantEntry(call.Id, app.Id, GrantEntryKind.Granted, granted, null, null, ids["jiedao"], now.AddDays(-200)));
        }
        call.Finish(0);
        await db.SaveChangesAsync(ct);
        await db.Set<ProjectCall>().Where(c => c.Id == call.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CommittedFen, committed), ct);

        // Delivery in various stages: 0–3 milestones accepted, releases of 40 % per accepted milestone.
        foreach (var (app, index) in applications.Where(a => a.Index < 9))
        {
            var milestones = await db.Set<ProjectMilestone>().Where(m => m.ApplicationId == app.Id).OrderBy(m => m.Order).ToListAsync(ct);
            var lines = await db.Set<BudgetLine>().Where(l => l.ApplicationId == app.Id).OrderBy(l => l.Order).ToListAsync(ct);
            var done = index % 4;
            long released = 0;
            foreach (var m in milestones.Take(done))
            {
                var spent = app.GrantedFen / 4;
                m.ReportDone($"{m.Title}：完成服务 {app.BeneficiaryCount} 人次，建立服务台账。", app.BeneficiaryCount, spent, now.AddDays(-150 + m.Order * 40));
                db.Add(new MilestoneSpend(m.Id, lines[0].Id, spent));
                m.Accept("材料齐全，同意验收");
                var release = Math.Min(app.GrantedFen * 4 / 10, app.GrantedFen - released);
                if (release <= 0) continue;
                released += release;
                db.Add(new GrantEntry(call.Id, app.Id, GrantEntryKind.Released, release, m.Id, $"第 {m.Order} 期拨付", ids["jiedao"], now.AddDays(-140 + m.Order * 40)));
            }
            if (done < milestones.Count && index % 2 == 0)
                milestones[done].ReportDone("服务正在进行，已完成大部分入户。", app.BeneficiaryCount / 2, app.GrantedFen / 5, now.AddDays(-5));
            if (done == 3) app.Complete("项目按计划完成，居民满意度 96%，形成可复制的楼栋自治经验。", 92, 0, now.AddDays(-3));
            await db.SaveChangesAsync(ct);
            if (released > 0) await db.Set<ProjectApplication>().Where(a => a.Id == app.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.ReleasedFen, released), ct);
        }

        // An open call of 团结巷 the demo leader (zuzhi, 爱心小帮客) can apply to.
        var open = new ProjectCall(communities[0].SubdistrictId, communities[0].Id, "团结巷邻里微创投 2027", "面向本社区社会组织征集邻里互助、为老服务等微公益项目。",
            5_000_000, 1_000_000, [OrgField.Elderly, OrgField.Youth, OrgField.Culture, OrgField.Other], OrgStage.Seedling, now.AddDays(-3), now.AddDays(30), ids["tuanjie"], now.AddDays(-5));
        db.Add(open);
        await db.SaveChangesAsync(ct);
        db.AddRange(CallCommands.DefaultCriteria.Select((c, i) => new CallCriterion(open.Id, i, c.Name, c.Weight)));
        db.AddRange(experts.Select(p => new CallReviewer(open.Id, p.Id, p.Name)));
        await db.SaveChangesAsync(ct);
        open.Open(5, 100, experts.Length, now);
        await db.SaveChangesAsync(ct);
    }

    private static string LeaderName(Random r) =>
        "王李张刘陈杨赵黄周吴"[r.Next(10)] + new[] { "秀兰", "桂英", "建国", "玉梅", "志强", "红梅", "国华", "淑珍" }[r.Next(8)];
}
