using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Gongzhi.BrowserTests;

// Every page of every demo person, found by following the app's own navigation, home tiles and the
// links inside them (SiteCrawl): axe-core finds no WCAG 2.1 A/AA violation, no link leads to an
// error, and a Chinese page carries no English beyond names, codes and units.
[Collection("site walk")]
public sealed partial class AccessibilityTests(BrowserApp app, ITestOutputHelper output)
{
    // One walk at 375 px in zh-Hans serves the axe, link and language tests: the walk is the slow part.
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (BrowserApp App, IReadOnlyList<SiteCrawl.Visit> Visits)? phoneWalk;

    private async Task<IReadOnlyList<SiteCrawl.Visit>> PhoneWalkAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (phoneWalk is { } done && ReferenceEquals(done.App, app)) return done.Visits;
            var clock = Stopwatch.StartNew();
            var visits = await new SiteCrawl(app).CrawlAsync("zh-Hans", 375, axe: true);
            output.WriteLine($"375 px zh-Hans walk: {visits.Count} page visits in {clock.Elapsed.TotalSeconds:F0} s");
            phoneWalk = (app, visits);
            return visits;
        }
        finally { Gate.Release(); }
    }

    [Fact]
    public async Task Every_page_of_every_role_has_no_WCAG_21_AA_violation_at_375px()
    {
        var visits = await PhoneWalkAsync();
        Report(visits);
        visits.Count(v => v.Html).ShouldBeGreaterThan(50, "the walk should reach the pages of nine roles");
        ShouldHaveNoViolations(visits, "axe-375.txt");
    }

    [Fact]
    public async Task Staff_pages_have_no_WCAG_21_AA_violation_at_1366px()
    {
        var clock = Stopwatch.StartNew();
        // Staff's navigation and home tiles at desktop width; their detail pages are the 375 px walk's.
        var visits = await new SiteCrawl(app).CrawlAsync("zh-Hans", 1366, axe: true,
            role => role is not ("resident" or "building leader" or "merchant"), detailDepth: 0);
        output.WriteLine($"1366 px staff walk: {visits.Count} page visits in {clock.Elapsed.TotalSeconds:F0} s");
        ShouldHaveNoViolations(visits, "axe-1366.txt");
    }

    // Elder mode changes sizes and colours, not pages, and zh-Hant changes words, not pages: one
    // pass in zh-Hant with elder mode on visits each route shape once per side (residents', staff's)
    // and serves both the elder axe test and the zh-Hant half of the language test.
    private static (BrowserApp App, IReadOnlyList<SiteCrawl.Visit> Visits)? elderWalk;

    private async Task<IReadOnlyList<SiteCrawl.Visit>> ElderHantPassAsync()
    {
        var hans = await PhoneWalkAsync();
        await Gate.WaitAsync();
        try
        {
            if (elderWalk is { } done && ReferenceEquals(done.App, app)) return done.Visits;
            var clock = Stopwatch.StartNew();
            var visits = await new SiteCrawl(app).RevisitAsync("zh-Hant", 375, hans, axe: true, elder: true, onePerShape: true);
            output.WriteLine($"375 px zh-Hant elder-mode pass: {visits.Count} page visits in {clock.Elapsed.TotalSeconds:F0} s");
            elderWalk = (app, visits);
            return visits;
        }
        finally { Gate.Release(); }
    }

    [Fact]
    public async Task Every_page_shape_in_elder_mode_has_no_WCAG_21_AA_violation_at_375px()
    {
        var elder = await ElderHantPassAsync();
        elder.Count(v => v.Html).ShouldBeGreaterThan(30, "the elder pass should reach the route shapes of both sides");
        ShouldHaveNoViolations(elder, "axe-375-elder.txt");
    }

    [Fact]
    public async Task Every_navigation_link_home_tile_and_page_link_answers_with_a_page()
    {
        var visits = await PhoneWalkAsync();
        var broken = visits.Where(v => v.Status is 0 or >= 400)
            .Select(v => $"{v.Role}: {v.Url} answers {v.Status} (linked from {v.From})").ToList();
        broken.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_page_reads_in_Chinese_in_zh_Hans_and_zh_Hant()
    {
        var hans = await PhoneWalkAsync();
        var hant = await ElderHantPassAsync();
        // User names are codes people type to sign in (jianshe, wangge.li), not English.
        await using var db = app.NewDb();
        var userNames = (await db.Users.Select(u => u.UserName!).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var leaks = hans.Select(v => ("zh-Hans", v)).Concat(hant.Select(v => ("zh-Hant", v)))
            .SelectMany(x => x.v.Latin.Where(w => !Allowed(w.Word) && !userNames.Contains(w.Word))
                .Select(w => (Culture: x.Item1, x.v.Role, x.v.Pattern, w.Word, w.Context)))
            .GroupBy(l => (l.Culture, l.Pattern, l.Word))
            .Select(g => $"{g.Key.Culture} {g.Key.Pattern} ({string.Join(", ", g.Select(l => l.Role).Distinct())}): \"{g.Key.Word}\" in «{g.First().Context}»")
            .ToList();
        await File.WriteAllLinesAsync(Path.Combine(BrowserApp.ScreenshotDirectory, "latin-words.txt"), leaks);
        leaks.ShouldBeEmpty($"{leaks.Count} English words on Chinese pages (all in {BrowserApp.ScreenshotDirectory}/latin-words.txt)");
    }

    // Fails with one line per rule (how many visits, one example), the full list in a file.
    private static void ShouldHaveNoViolations(IReadOnlyList<SiteCrawl.Visit> visits, string file)
    {
        var all = visits.SelectMany(v => v.Violations.Select(x => (v, x))).ToList();
        File.WriteAllLines(Path.Combine(BrowserApp.ScreenshotDirectory, file),
            all.Select(a => $"{a.v.Role} {a.v.Url}: {a.x.Id} ({a.x.Impact}, {a.x.Nodes} nodes) e.g. {a.x.Sample}"));
        var byRule = all.GroupBy(a => a.x.Id)
            .Select(g => $"{g.Key} ({g.First().x.Impact}) on {g.Count()} of {visits.Count} visits, {g.Sum(a => a.x.Nodes)} nodes; "
                + $"e.g. {g.First().v.Role} {g.First().v.Url}: {g.First().x.Sample}").ToList();
        byRule.ShouldBeEmpty($"axe-core found WCAG 2.1 A/AA violations (all in {BrowserApp.ScreenshotDirectory}/{file})");
    }

    private void Report(IReadOnlyList<SiteCrawl.Visit> visits)
    {
        var text = new StringBuilder();
        foreach (var role in visits.GroupBy(v => v.Role))
            text.AppendLine($"{role.Key}: {role.Count()} visits — {string.Join(' ', role.Select(v => v.Pattern))}");
        output.WriteLine(text.ToString());
    }

    // What a Chinese page may carry in Latin letters: codes and numbers with letters (a case code,
    // an ID number, 3A), units, file formats people name that way, e-mail addresses and web
    // addresses, and the names of products that have no Chinese name of their own.
    private static bool Allowed(string word)
    {
        var w = word.TrimEnd('.', '-', '/', '\'', '’');
        if (w.Any(char.IsDigit) || w.Contains('*')) return true;
        if (w.Contains('@') || w.StartsWith("http", StringComparison.OrdinalIgnoreCase) || w.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) return true;
        if (Units.Contains(w)) return true;
        // Code-shaped: a setting, file or event name, an example user name (appsettings.json,
        // Requests__OfficeHours, case.created, wangge.zhao, street-light).
        if (CodeShaped().IsMatch(w)) return true;
        if (Names.Contains(w)) return true;
        return UpperCode().IsMatch(w) && Codes.Contains(w);
    }

    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
        { "km", "m", "cm", "mm", "kg", "g", "ml", "L", "m²", "h", "min", "s", "MB", "KB", "GB", "kB" };

    // Product and standard names readers know in Latin letters.
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
        { "Gongzhi", "WeChat", "Open311", "GeoReport", "CSV", "csv", "Excel", "Word", "xlsx", "PDF", "JSON", "Markdown", "Webhook", "URL", "POST", "IP",
          "iCalendar", "ICS", "API", "SMS", "QR", "ID" };

    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal) { "AA", "AAA" };

    [GeneratedRegex(@"^\.?[A-Za-z]+([._:\-]+[A-Za-z0-9]+)+$")]
    private static partial Regex CodeShaped();

    [GeneratedRegex("^[A-Z]{1,4}$")]
    private static partial Regex UpperCode();
}
