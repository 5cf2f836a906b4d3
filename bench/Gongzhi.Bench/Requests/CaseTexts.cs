namespace Gongzhi.Bench.Requests;

// What residents say, built from parts so a million cases are not a handful of sentences repeated:
// a place, what is wrong there (by category), how long, and what they ask. Each category has its
// own words (路灯, 漏水, 噪音, 电梯…), so a search word hits the share of cases it would in life.
public static class CaseTexts
{
    private static readonly Dictionary<string, string[]> Subjects = new()
    {
        ["sanitation"] = ["垃圾桶满了没人清运", "垃圾分类点气味很大", "有人乱扔垃圾", "楼道里有小广告和积灰", "建筑垃圾堆在路边", "垃圾房周围污水横流", "绿化带里有很多烟头和塑料袋"],
        ["clutter"] = ["楼道里堆放纸箱和旧家具", "有人在公共绿地私自搭建棚子", "楼梯间被电动车和杂物占满", "消防通道被堆物堵住", "一楼住户把院子围起来占用公共部位", "楼顶有人私搭彩钢房"],
        ["abandoned-vehicle"] = ["一辆白色轿车停了半年多没动过", "有辆没有牌照的三轮车长期停放", "一辆破旧面包车落满灰占用车位", "几辆废弃自行车堆在车棚里", "僵尸车轮胎都瘪了一直没人挪"],
        ["dogs"] = ["有人遛狗不牵绳", "狗半夜一直叫影响休息", "草坪上狗粪便没人清理", "大型犬在电梯里没有戴嘴套", "流浪狗经常追咬小孩"],
        ["noise"] = ["广场舞音响声音太大", "楼上装修一大早就开始电钻", "沿街烧烤店夜里噪音很大", "空调外机噪音太吵", "工地晚上施工噪音扰民", "商铺门口喇叭一直循环播放"],
        ["street-light"] = ["路灯不亮", "路灯一闪一闪的", "楼道灯坏了看不见台阶", "路灯杆被车撞歪了", "太阳能路灯晚上不亮", "路灯白天一直亮着浪费电", "感应灯失灵"],
        ["facility-repair"] = ["健身器材的螺丝松了", "井盖破损容易绊倒", "休息座椅坏了一块木板", "人行道地砖翘起来了", "单元门禁坏了关不上", "围墙栏杆断了", "雨水篦子被堵住积水"],
        ["water-leak"] = ["楼上卫生间漏水渗到我家天花板", "外墙渗水卧室墙皮发霉脱落", "水管漏水地面一直是湿的", "屋顶漏水下雨天滴水", "地下室管道爆裂漏水", "厨房下水管漏水"],
        ["lift"] = ["电梯经常停运", "电梯运行有异响", "电梯按钮失灵", "电梯困人十几分钟才有人来", "电梯门关不严", "电梯年检过期了"],
        ["greenery"] = ["树枝挡住了二楼窗户", "绿化带被人种了菜", "草坪很久没修剪蚊虫很多", "大树枯死了有倒伏危险", "树根把路面顶裂了"],
        ["street-vending"] = ["流动水果摊占道经营", "早餐店把桌子摆到了路上", "夜市摊位堵住了人行道", "三轮车卖菜占用消防通道", "商铺在门口堆放货物"],
        ["dispute"] = ["楼上漏水把我家泡了楼上不肯赔偿", "邻居在楼道装摄像头对着我家门", "两家因为车位问题发生争执", "邻居家空调滴水到我家阳台协商不成", "和物业因为停车费有纠纷", "楼上楼下因为噪音吵架"],
        ["policy"] = ["想咨询老年证怎么办理", "居住证明需要带什么材料", "退休人员社保认证在哪里办", "医保报销需要哪些手续", "高龄津贴怎么申请", "孩子入学需要开什么证明"],
        ["other"] = ["希望增加快递柜", "建议活动室增加老年人阅读区", "希望增设充电桩", "建议在门口增加减速带", "希望开设老年食堂"],
    };

    private static readonly string[] Places =
    [
        "小区东门", "小区西门", "南门口", "北门岗亭旁", "{b}栋楼下", "{b}栋{e}单元门口", "{b}栋{e}单元楼道", "地下车库", "停车场",
        "健身广场", "中心花园", "主干道边上", "快递柜旁边", "垃圾分类点附近", "幼儿园门口", "菜市场旁边", "篮球场", "我家楼上", "我家门口", "",
    ];

    private static readonly string[] Durations =
    [
        "已经一周了", "好几天了", "从上个月开始", "昨天晚上开始", "反映过几次还没解决", "最近一直这样", "持续两三天了", "", "", "",
    ];

    private static readonly string[] Asks =
    [
        "希望尽快处理", "麻烦社区协调一下", "请网格员来看看", "老人孩子出行不安全", "影响大家正常生活", "谢谢", "请相关部门处理",
        "希望给个答复", "大家意见很大", "",
    ];

    private static readonly string[] Actions =
    [
        "已联系物业", "网格员上门核实后", "已协调城管部门", "已通知维修师傅", "社区工作人员到现场", "已联合派出所", "已电话联系当事人",
        "已召集双方当面协商", "已转交相关部门并跟进",
    ];

    private static readonly string[] Results =
    [
        "现场处理完毕并拍照留存", "更换了损坏部件已恢复正常", "已整改到位", "已清理干净", "双方达成一致意见", "已告知办理流程和所需材料",
        "居民确认问题已解决", "已安排定期巡查", "已加装防护设施",
    ];

    private static readonly string[] Replies =
    [
        "已安排人员处理，预计两天内完成", "已到现场查看，需要采购配件", "已处理完毕，请社区回访", "该问题不属于我单位职责，建议转相关部门",
        "已约谈当事人，限期整改", "已纳入本月维修计划",
    ];

    public static IReadOnlyCollection<string> Categories => Subjects.Keys;

    public static string Description(string category, Random r, int building, int entrance)
    {
        var subjects = Subjects.TryGetValue(category, out var s) ? s : Subjects["other"];
        var place = Places[r.Next(Places.Length)].Replace("{b}", building.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{e}", entrance.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var parts = new[] { place + subjects[r.Next(subjects.Length)], Durations[r.Next(Durations.Length)], Asks[r.Next(Asks.Length)] };
        return string.Join('，', parts.Where(p => p.Length > 0));
    }

    public static string Resolution(Random r) => Actions[r.Next(Actions.Length)] + "，" + Results[r.Next(Results.Length)];

    public static string Reply(Random r) => Replies[r.Next(Replies.Length)];
}
