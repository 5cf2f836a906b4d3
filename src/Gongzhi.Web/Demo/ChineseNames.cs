namespace Gongzhi.Web.Demo;

// Enough variety for a believable roster: common surnames weighted roughly by frequency,
// given names from characters common in each generation.
internal static class ChineseNames
{
    private static readonly string[] Surnames =
    [
        "王", "王", "王", "李", "李", "李", "张", "张", "张", "刘", "刘", "陈", "陈", "杨", "杨", "黄", "赵", "吴", "周", "徐",
        "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭",
        "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚",
        "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖", "石", "金", "韦", "贾", "夏", "付", "方", "邹", "熊", "白", "孟",
    ];

    private static readonly string[] OldMale = ["建国", "国强", "德明", "志刚", "永福", "保国", "长顺", "福生", "树林", "振华", "文斌", "学军", "卫东", "立新", "庆丰", "宝山", "玉林", "正义", "加林", "明德"];
    private static readonly string[] OldFemale = ["秀英", "桂兰", "玉兰", "淑珍", "凤英", "桂芳", "秀兰", "素珍", "翠花", "玉珍", "兰英", "淑华", "美华", "秀珍", "金凤", "丽华", "月娥", "桂英", "春兰", "爱华"];
    private static readonly string[] MidMale = ["伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "海军", "志强", "永刚", "晓东", "建华", "俊峰", "海涛", "文杰"];
    private static readonly string[] MidFemale = ["丽", "敏", "静", "燕", "艳", "娟", "霞", "芳", "玲", "萍", "红梅", "秀梅", "丽娟", "海燕", "晓燕", "雪梅", "丽萍", "春燕", "慧敏", "文静"];
    private static readonly string[] YoungMale = ["浩然", "子轩", "宇航", "俊杰", "梓涵", "一鸣", "博文", "思远", "皓轩", "晨阳", "子墨", "天佑", "宇辰", "睿", "泽宇", "嘉豪", "铭", "承泽", "逸飞", "景行"];
    private static readonly string[] YoungFemale = ["欣怡", "梓萱", "诗涵", "雨桐", "可馨", "紫涵", "思彤", "佳怡", "一诺", "语嫣", "若汐", "子琪", "梦瑶", "雨萱", "婉清", "悦", "安然", "心怡", "书瑶", "沐晴"];

    public static string Surname(Random r) => Surnames[r.Next(Surnames.Length)];

    public static string Given(Random r, bool male, int birthYear)
    {
        var pool = birthYear switch
        {
            < 1965 => male ? OldMale : OldFemale,
            < 1995 => male ? MidMale : MidFemale,
            _ => male ? YoungMale : YoungFemale,
        };
        return pool[r.Next(pool.Length)];
    }
}
