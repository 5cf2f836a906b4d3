using System.Globalization;
using System.Text;

namespace Gongzhi.Web.Modules.Requests.Search;

// How case text is cut into index terms. Chinese has no spaces between words, so every two
// adjacent Han characters form a term (路灯坏了 → 路灯 灯坏 坏了): a two-character word such as
// 路灯, 漏水 or 噪音 is then exactly one term. Latin letters and digits form whole words, lowercased.
public static class CaseText
{
    public static IReadOnlySet<string> Terms(string? text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text)) return terms;
        var han = new StringBuilder();
        var word = new StringBuilder();
        void FlushHan()
        {
            if (han.Length == 1) terms.Add(han.ToString());
            for (var i = 0; i + 1 < han.Length; i++) terms.Add(han.ToString(i, 2));
            han.Clear();
        }
        void FlushWord()
        {
            if (word.Length > 0) terms.Add(word.ToString());
            word.Clear();
        }
        foreach (var c in text)
        {
            if (IsHan(c)) { FlushWord(); han.Append(c); }
            else if (char.IsLetterOrDigit(c)) { FlushHan(); word.Append(char.ToLowerInvariant(c)); }
            else { FlushHan(); FlushWord(); }
        }
        FlushHan();
        FlushWord();
        return terms;
    }

    // The terms a query needs; each must be present. A single Han character is looked up as a
    // prefix of the two-character terms, so one-character queries still find something.
    public static (IReadOnlyList<string> Whole, IReadOnlyList<string> Prefixes) Query(string? query)
    {
        var whole = new List<string>();
        var prefixes = new List<string>();
        foreach (var term in Terms(query))
        {
            if (term.Length == 1 && IsHan(term[0])) prefixes.Add(term);
            else whole.Add(term);
        }
        return (whole, prefixes);
    }

    public static bool IsHan(char c) =>
        char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c >= '\u2E80' && c <= '\u9FFF'
        || c >= '\uF900' && c <= '\uFAFF';
}
