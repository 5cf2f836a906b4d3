using System.Text.RegularExpressions;

namespace Gongzhi.Web.Modules.Administration.Claims;

public sealed record ClaimAddress(int Building, int? Entrance, string Room);

// An address as residents type it: "2栋1单元301", "2幢1单元301室", "2号楼1单元301", "2-1-301",
// or "5栋102" where a building has one entrance (bungalows, small blocks).
public static partial class ClaimAddressParser
{
    [GeneratedRegex(@"^(\d{1,3})\s*(?:栋|幢|号楼|座)\s*(?:(\d{1,2})\s*单元)?\s*([0-9A-Za-z]{1,8})\s*(?:室|号)?$")]
    private static partial Regex Written();

    [GeneratedRegex(@"^(\d{1,3})\s*-\s*(\d{1,2})\s*-\s*([0-9A-Za-z]{1,8})$")]
    private static partial Regex Dashed();

    public static ClaimAddress Parse(string? text)
    {
        var value = (text ?? "").Trim().Replace('－', '-').Replace('—', '-');
        if (value.Length == 0) throw new ValidationFailure("Address", "Validation.Required");
        var m = Written().Match(value);
        if (!m.Success) m = Dashed().Match(value);
        if (!m.Success) throw new ValidationFailure("Address", "Administration.Claim.AddressFormat");
        int? entrance = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new ClaimAddress(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), entrance, m.Groups[3].Value);
    }
}
