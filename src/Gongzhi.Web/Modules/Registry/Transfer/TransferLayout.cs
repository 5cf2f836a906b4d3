using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Registry.Transfer;

public enum TransferColumn { Name, Gender, IdNumber, Phone, Estate, Building, Entrance, Room, Relation, Tags }

// The roster layout community workers keep: one row per person under a header row.
// The headers are Chinese whatever the UI language, because the files are.
public static class TransferLayout
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly IReadOnlyList<string> Headers = ["姓名", "性别", "身份证号", "手机", "小区", "楼栋", "单元", "房号", "与户主关系", "标签"];

    // Other spellings seen in real rosters for the same columns.
    private static readonly Dictionary<string, TransferColumn> Aliases = new()
    {
        ["身份证号码"] = TransferColumn.IdNumber,
        ["公民身份号码"] = TransferColumn.IdNumber,
        ["手机号"] = TransferColumn.Phone,
        ["手机号码"] = TransferColumn.Phone,
        ["联系电话"] = TransferColumn.Phone,
        ["小区名称"] = TransferColumn.Estate,
        ["楼号"] = TransferColumn.Building,
        ["单元号"] = TransferColumn.Entrance,
        ["门牌号"] = TransferColumn.Room,
        ["关系"] = TransferColumn.Relation,
    };

    public static string Header(TransferColumn column) => Headers[(int)column];

    public static bool TryColumn(string? header, out TransferColumn column)
    {
        var text = (header ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("\u3000", "", StringComparison.Ordinal).Trim();
        for (var i = 0; i < Headers.Count; i++)
        {
            if (Headers[i] == text) { column = (TransferColumn)i; return true; }
        }
        return Aliases.TryGetValue(text, out column);
    }

    public static readonly char[] TagSeparators = ['、', '，', ',', ';', '；', ' ', '\u3000', '\t', '\n'];
}

// Both directions need the same right: the ImportExport role over a community the caller manages.
// (A static helper rather than a service: the module's registrations are not this work item's to change.)
public static class TransferAccess
{
    public static async Task<Community> CommunityAsync(GongzhiDb db, RegistryScope scope, CurrentUser user, long communityId, CancellationToken ct = default)
    {
        user.Require(Capability.ImportExport);
        var community = await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == communityId, ct);
        if (community is null || !await scope.CanManageCommunityAsync(communityId, ct)) throw new NotFound();
        return community;
    }

    // The communities the caller may import into or export from, for the page's picker.
    public static async Task<List<(long Id, string Name)>> CommunitiesAsync(GongzhiDb db, RegistryScope scope, CurrentUser user, CancellationToken ct = default)
    {
        if (!user.Can(Capability.ImportExport)) return [];
        var s = await scope.GetAsync(ct);
        var ids = s.CommunityIds.ToList();
        var rows = await db.Communities.AsNoTracking()
            .Where(c => s.All || ids.Contains(c.Id))
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Name })
            .ToListAsync(ct);
        return rows.Select(c => (c.Id, c.Name)).ToList();
    }
}
