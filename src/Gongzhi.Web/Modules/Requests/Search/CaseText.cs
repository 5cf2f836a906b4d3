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

    // The terms stored for a text: its terms plus every Han character on its own, so that a
    // one-character query is a plain term lookup too (a prefix search would miss the 灯 of 路灯,
    // which no term starts with).
    public static IReadOnlySet<string> IndexTerms(string? text)
    {
        var terms = new HashSet<string>(Terms(text), StringComparer.Ordinal);
        foreach (var c in text ?? "")
            if (IsHan(c)) terms.Add(c.ToString());
        return terms;
    }

    // The terms a query needs; each must be present. A lone Han character is one of the stored single characters.
    public static IReadOnlyList<string> Query(string? query) => Terms(query).ToList();

    public static bool IsHan(char c) =>
        char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c >= '\u2E80' && c <= '\u9FFF'
        || c >= '\uF900' && c <= '\uFAFF';
}
