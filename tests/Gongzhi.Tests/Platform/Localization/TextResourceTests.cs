using System.Text.RegularExpressions;
using Gongzhi.Web.Platform.Localization;

namespace Gongzhi.Tests.Platform.Localization;

// Every text key the app ships exists in all three languages, with the same placeholders,
// and the traditional-character texts really are traditional.
public sealed partial class TextResourceTests
{
    private static readonly JsonText Text = new(LocalizationModule.TextDirectories);

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void Every_key_exists_in_every_language()
    {
        var keys = Text.All.Values.SelectMany(d => d.Keys).ToHashSet();
        keys.Count.ShouldBeGreaterThan(100);
        foreach (var culture in JsonText.Cultures)
        {
            keys.Except(Text.All[culture].Keys).ShouldBeEmpty($"missing in {culture}");
            Text.All[culture].Values.ShouldAllBe(v => !string.IsNullOrWhiteSpace(v), culture);
        }
    }

    [Fact]
    public void Placeholders_agree_across_languages()
    {
        foreach (var (key, hans) in Text.All["zh-Hans"])
        {
            var expected = Placeholder().Matches(hans).Select(m => m.Value).Order().ToList();
            foreach (var culture in new[] { "zh-Hant", "en" })
                Placeholder().Matches(Text.All[culture][key]).Select(m => m.Value).Order().ToList().ShouldBe(expected, $"{culture} {key}");
        }
    }

    [Fact]
    public void Traditional_differs_from_simplified_and_english_is_not_chinese()
    {
        var hans = Text.All["zh-Hans"];
        var hant = Text.All["zh-Hant"];
        var differing = hans.Keys.Count(k => hans[k] != hant[k]);
        differing.ShouldBeGreaterThan(hans.Count / 2);
        // Texts with characters that always change form (这 → 這, 号 → 號, 门 → 門 ...) must have changed.
        var simplifiedOnly = "这们个为没请码号户区证录权务设认说进还过时间门关开网络检";
        foreach (var (key, text) in hant) text.Intersect(simplifiedOnly).ShouldBeEmpty($"{key}: {text}");
        hant["Validation.Phone"].ShouldStartWith("手機號碼");
        // English may quote Chinese input forms ("3栋", "男"), but the sentence around them is English.
        var untranslated = Text.All["en"]
            .Where(p => !p.Key.StartsWith("App.", StringComparison.Ordinal) && !p.Key.StartsWith("Language.", StringComparison.Ordinal))
            .Where(p => p.Value.Any(c => c >= '\u4e00' && c <= '\u9fff') && p.Value.Count(char.IsAsciiLetter) < 8)
            .Select(p => p.Key).ToList();
        untranslated.ShouldBeEmpty();
    }

    [Fact]
    public void Lookups_fall_back_to_simplified_and_report_missing_keys()
    {
        Text.Get("en", "Validation.Required").ShouldBe("This field is required");
        Text.Get("zh-Hant", "Validation.Required").ShouldBe("此項必填");
        Text.Get("zh-Hans", "No.Such.Key").ShouldBe("No.Such.Key");
        Text["No.Such.Key"].ResourceNotFound.ShouldBeTrue();
    }
}
