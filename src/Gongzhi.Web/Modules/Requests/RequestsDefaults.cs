using System.Text.Json;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Deadlines;

namespace Gongzhi.Web.Modules.Requests;

// What every installation starts with, demo or not: the categories the seeds' communities use,
// with sensible deadlines, and this year's official holiday schedule. Administrators change both.
public static class RequestsDefaults
{
    public static async Task EnsureAsync(GongzhiDb db, CancellationToken ct = default)
    {
        if (!await db.CalendarDays.AnyAsync(ct))
        {
            db.CalendarDays.AddRange(OfficialHolidays.For2026());
            await db.SaveChangesAsync(ct);
        }
        if (!await db.CaseCategories.AnyAsync(ct))
        {
            db.CaseCategories.AddRange(Categories());
            await db.SaveChangesAsync(ct);
        }
    }

    public static IEnumerable<CaseCategory> Categories()
    {
        var order = 0;
        CaseCategory C(string code, string name, string group, int contactMinutes, int resolveDays, string description) =>
            new CaseCategory(code, name, group, contactMinutes, resolveDays, ++order).Describe(description, null);
        static string Questions(params CategoryQuestion[] questions) => JsonSerializer.Serialize(questions, JsonSerializerOptions.Web);

        yield return C("sanitation", "环境卫生", "环境", 120, 3, "垃圾清运、楼道卫生、垃圾分类");
        yield return C("clutter", "私搭乱建/私堆乱放", "环境", 120, 5, "楼道堆物、违章搭建、占用公共部位").Options(allowAnonymous: true, isDispute: false);
        yield return C("abandoned-vehicle", "僵尸车", "环境", 120, 10, "长期停放、无人使用的废弃车辆");
        yield return C("dogs", "不文明养犬", "环境", 120, 5, "遛狗不牵绳、犬只扰民、粪便不清理").Options(true, false);
        yield return C("noise", "噪音扰民", "环境", 60, 3, "广场舞、装修、商铺噪音").Options(true, false)
            .WithQuestions(Questions(new CategoryQuestion("noise_period", "singlevaluelist", true, "噪音主要出现在什么时段？", 1,
                [new CategoryAnswerValue("day", "白天"), new CategoryAnswerValue("evening", "晚上（22点前）"), new CategoryAnswerValue("night", "夜间（22点后）")])));
        yield return C("street-light", "路灯照明", "设施", 120, 3, "路灯、楼道灯不亮");
        yield return C("facility-repair", "设施维修", "设施", 120, 5, "健身器材、座椅、井盖、道路破损");
        yield return C("water-leak", "漏水渗水", "设施", 60, 3, "管道漏水、墙面渗水、屋顶渗漏").Route(RouteFirst.PropertyCompany)
            .WithQuestions(Questions(new CategoryQuestion("leak_location", "string", false, "漏水位置（如卫生间顶部）", 1)));
        yield return C("lift", "电梯故障", "设施", 30, 2, "电梯停运、困人、异响").Route(RouteFirst.PropertyCompany);
        yield return C("greenery", "绿化养护", "设施", 240, 7, "树木修剪、草坪养护、绿地被占").Route(RouteFirst.PropertyCompany);
        yield return C("street-vending", "占道经营", "市容", 120, 5, "流动摊贩、店外经营");
        yield return C("dispute", "矛盾纠纷", "纠纷", 60, 10, "邻里、家庭、物业纠纷调解").Options(false, true);
        yield return C("policy", "政策咨询", "咨询", 240, 3, "社保、医保、养老、证明办理");
        yield return C("other", "其他", "其他", 120, 5, "以上类别以外的诉求");
    }
}
