using System.Text;

namespace Gongzhi.Web.Platform.Privacy;

public static class PhoneNumber
{
    // Mainland mobile numbers (11 digits starting with 1) and landlines with area code (e.g. 0551-6xxxxxxx).
    public static string Normalize(string input)
    {
        var sb = new StringBuilder();
        foreach (var c in input.Trim())
        {
            if (c is >= '0' and <= '9') sb.Append(c);
            else if (c is >= '０' and <= '９') sb.Append((char)(c - '０' + '0'));
            else if (c is '-' or ' ' or '－' or '+') continue;
            else throw new ValidationFailure("Phone", "Validation.Phone");
        }
        var digits = sb.ToString();
        if (digits.StartsWith("86", StringComparison.Ordinal) && digits.Length == 13) digits = digits[2..];
        var mobile = digits.Length == 11 && digits[0] == '1';
        var landline = digits.Length is >= 10 and <= 12 && digits[0] == '0';
        if (!mobile && !landline) throw new ValidationFailure("Phone", "Validation.Phone");
        return digits;
    }

    public static bool TryNormalize(string input, out string phone)
    {
        try { phone = Normalize(input); return true; }
        catch (ValidationFailure) { phone = ""; return false; }
    }

    public static string Mask(string? phone) =>
        phone is null ? "" : phone.Length >= 7 ? phone[..3] + new string('*', phone.Length - 7) + phone[^4..] : "****";
}
