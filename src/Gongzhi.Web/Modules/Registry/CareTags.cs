namespace Gongzhi.Web.Modules.Registry;

// Sensitive: visible only to roles whose work needs them (see Platform/Security/Capabilities).
public enum CareTagKind
{
    ElderlyAlone = 1,     // 独居老人
    EmptyNest = 2,        // 空巢老人
    Elderly80Plus = 3,    // 高龄老人
    Hardship = 4,         // 困难家庭
    Disability = 5,       // 残疾人
    Veteran = 6,          // 退役军人
    LeftBehindChild = 7,  // 留守儿童
}

public sealed class CareTag
{
    public long Id { get; private set; }
    public long ResidentId { get; private set; }
    public CareTagKind Kind { get; private set; }
    public DateOnly Since { get; private set; }

    private CareTag() { } // for EF

    public CareTag(CareTagKind kind, DateOnly since)
    {
        Kind = kind;
        Since = since;
    }

    // The Chinese names as rosters write them; used by import/export whatever the UI language.
    public static readonly IReadOnlyDictionary<CareTagKind, string> ChineseNames = new Dictionary<CareTagKind, string>
    {
        [CareTagKind.ElderlyAlone] = "独居老人",
        [CareTagKind.EmptyNest] = "空巢老人",
        [CareTagKind.Elderly80Plus] = "高龄老人",
        [CareTagKind.Hardship] = "困难家庭",
        [CareTagKind.Disability] = "残疾人",
        [CareTagKind.Veteran] = "退役军人",
        [CareTagKind.LeftBehindChild] = "留守儿童",
    };

    public static bool TryParse(string text, out CareTagKind kind)
    {
        foreach (var (k, name) in ChineseNames)
        {
            if (name == text.Trim()) { kind = k; return true; }
        }
        kind = default;
        return false;
    }
}
