using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Platform.Localization;

// UI text lives in <Area>.<culture>.json files (flat "Key": "text" maps): a module's next to its
// code in Modules/<Module>/, what belongs to no module in Resources/. The build copies them into
// the output with their folders, and every json file under the given folders is read at start, so
// a module brings its texts without registering them. Lookup: the request's UI culture, then zh-Hans.
public sealed class JsonText : IStringLocalizer
{
    public const string Default = "zh-Hans";
    public static readonly string[] Cultures = ["zh-Hans", "zh-Hant", "en"];

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byCulture;

    public JsonText(params string[] directories)
    {
        var all = Cultures.ToDictionary(c => c, _ => new Dictionary<string, string>());
        var files = directories.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.json", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var culture = Cultures.FirstOrDefault(c => name.EndsWith("." + c, StringComparison.Ordinal));
            if (culture is null) continue;
            var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? [];
            foreach (var (key, value) in entries)
            {
                if (!all[culture].TryAdd(key, value)) throw new InvalidOperationException($"Text key {key} defined twice for {culture}.");
            }
        }
        _byCulture = all.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenDictionary());
    }

    public IReadOnlyDictionary<string, FrozenDictionary<string, string>> All => _byCulture;

    public static string CurrentCulture
    {
        get
        {
            var name = CultureInfo.CurrentUICulture.Name;
            if (Cultures.Contains(name)) return name;
            if (name.StartsWith("zh-TW", StringComparison.OrdinalIgnoreCase) || name.StartsWith("zh-HK", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("zh-MO", StringComparison.OrdinalIgnoreCase)) return "zh-Hant";
            if (name.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) return "zh-Hans";
            if (name.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return "en";
            return Default;
        }
    }

    public LocalizedString this[string name] => Find(name, CurrentCulture);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var found = Find(name, CurrentCulture);
            var args = arguments.Select(a => a is Enum e ? this[$"Enum.{e.GetType().Name}.{e}"].Value : a).ToArray();
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, found.Value, args), found.ResourceNotFound);
        }
    }

    public string Get(string culture, string name) => Find(name, culture).Value;

    private LocalizedString Find(string name, string culture)
    {
        if (_byCulture[culture].TryGetValue(name, out var text)) return new LocalizedString(name, text);
        if (_byCulture[Default].TryGetValue(name, out text)) return new LocalizedString(name, text);
        return new LocalizedString(name, name, resourceNotFound: true);
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _byCulture[CurrentCulture].Select(p => new LocalizedString(p.Key, p.Value));
}

public static class LocalizationModule
{
    public const string CookieName = ".Gongzhi.Culture";

    public static readonly string[] TextDirectories =
        [Path.Combine(AppContext.BaseDirectory, "Resources"), Path.Combine(AppContext.BaseDirectory, "Modules")];

    public static IServiceCollection AddGongzhiLocalization(this IServiceCollection services)
    {
        services.AddSingleton(new JsonText(TextDirectories));
        services.AddSingleton<IStringLocalizer>(sp => sp.GetRequiredService<JsonText>());
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = JsonText.Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(JsonText.Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new Microsoft.AspNetCore.Localization.QueryStringRequestCultureProvider(),
                new Microsoft.AspNetCore.Localization.CookieRequestCultureProvider { CookieName = CookieName },
                new Microsoft.AspNetCore.Localization.AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }
}
