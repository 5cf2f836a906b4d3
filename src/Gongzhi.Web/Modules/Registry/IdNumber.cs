using System.Globalization;

namespace Gongzhi.Web.Modules.Registry;

// A mainland resident identity card number (GB 11643-1999): 6-digit area, 8-digit birth date,
// 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character.
public sealed class IdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public string Value { get; }
    public DateOnly BirthDate { get; }
    public Gender Gender { get; }

    private IdNumber(string value, DateOnly birth, Gender gender)
    {
        Value = value;
        BirthDate = birth;
        Gender = gender;
    }

    public string Masked => Mask(Value);

    public static string Mask(string value) => value[..4] + new string('*', value.Length - 8) + value[^4..];

    public static IdNumber Parse(string input, string field = "IdNumber")
    {
        var value = input.Trim().ToUpperInvariant().Replace('ｘ', 'X').Replace('Ｘ', 'X');
        if (value.Length != 18) throw new ValidationFailure(field, "Validation.IdNumberLength");
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(value[i])) throw new ValidationFailure(field, "Validation.IdNumberFormat");
        }
        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1890)
            throw new ValidationFailure(field, "Validation.IdNumberBirth");
        if (value[17] != CheckChar(value)) throw new ValidationFailure(field, "Validation.IdNumberChecksum");
        var gender = (value[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;
        return new IdNumber(value, birth, gender);
    }

    public static char CheckChar(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckChars[sum % 11];
    }
}
