using System.Globalization;

namespace Gongzhi.Web.Modules.Deliberation.Tally;

// An exact share: compared by cross-multiplying in 128 bits, never through floating point,
// so that exactly two thirds is two thirds and 6666/10000 is below it.
public readonly record struct Fraction(long Numerator, long Denominator)
{
    public bool AtLeast(long p, long q) => Denominator > 0 && (Int128)Numerator * q >= (Int128)p * Denominator;

    public bool MoreThan(long p, long q) => Denominator > 0 && (Int128)Numerator * q > (Int128)p * Denominator;

    // Two decimals, cut off rather than rounded, so a share just under a threshold never shows as
    // reaching it (2/3 shows 66.66 %, and so does 6666/10000: the fraction beside it tells them apart).
    public string Percent
    {
        get
        {
            if (Denominator == 0) return "—";
            var hundredths = (Int128)Numerator * 10000 / Denominator;
            return string.Create(CultureInfo.InvariantCulture, $"{(long)(hundredths / 100)}.{(long)(hundredths % 100):00}%");
        }
    }

    public string Text => string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");

    // Areas are kept in hundredths of a square metre.
    public string AreaText => string.Create(CultureInfo.InvariantCulture, $"{Area(Numerator)}/{Area(Denominator)} m²");

    public static string Area(long centi) => string.Create(CultureInfo.InvariantCulture, $"{centi / 100}.{centi % 100:00}");
}
