using System.Text.Json;
using System.Text.RegularExpressions;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

// Walks the app as each demo person sees it: their home page, every navigation link and home tile,
// then the links inside those pages (a case, an event, a topic…) — one page per route shape, so a
// list of 300 cases costs one visit, and a new page is covered as soon as something links to it.
// Every visit records the answer's status, axe-core's WCAG 2.1 A/AA violations and the Latin words
// on the page; the tests read what they need from it.
public sealed partial class SiteCrawl(BrowserApp app)
{
    // Past the navigation and the home page: links inside pages, this many steps deep.
    private const int DetailDepth = 2;

    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly string AxeSource = File.ReadAllText(
        Path.Combine(FindUp("tests/Gongzhi.BrowserTests/axe/node_modules/axe-core"), "axe.min.js"));

    // What was visited, line by line as it happens: the walk is long, and this shows where it is.
    public static string LogPath { get; } = Path.Combine(BrowserApp.ScreenshotDirectory, "site-walk.log");
    private static readonly Lock LogLock = new();

    public sealed record Visit(string Role, string Url, string Pattern, string From, int Status, bool Html,
        IReadOnlyList<Violation> Violations, IReadOnlyList<LatinWord> Latin)
    {
        // Where a visit's time went (the walk is the suite's slowest part): loading the page, axe, the Latin scan.
        public (double Load, double Axe, double Latin) Ms { get; init; }
    }

    public sealed record Violation(string Id, string Impact, int Nodes, string Sample);

    public sealed record LatinWord(string Word, string Context);

    // The demo people of the issue: user name → what they are.
    public async Task<IReadOnlyList<(string Role, string UserName)>> PeopleAsync()
    {
        await using var db = app.NewDb();
        var role = await db.Roles.Where(r => r.Name == Roles.Resident).Select(r => r.Id).SingleAsync();
        var resident = await (from ur in db.UserRoles join u in db.Users on ur.UserId equals u.Id
                              where ur.RoleId == role && u.PhoneNumberConfirmed && u.ResidentId != null
                              orderby u.CreatedAt select u.UserName!).FirstAsync();
        return [("resident", resident), ("building leader", "loudong"), ("grid worker", "wangge.li"),
            ("community staff", "tuanjie"), ("subdistrict", "jiedao"), ("butler", "wuye"),
            ("department", "bumen"), ("merchant", "shanghu"), ("administrator", "admin")];
    }

    // Residents' side and staff's side see different forms on the same detail page (a case, a
    // topic); within a side one role's visit of a detail page stands for the others, which keeps
    // the walk to a few hundred visits. Navigation and home tiles are visited for every role.
    private static string Side(string role) => role is "resident" or "building leader" or "merchant" ? "residents" : "staff";

    // Roles walk side by side in their own browser contexts: a visit mostly waits (on the server,
    // on layout, on axe), so a few at once keep two cores busy. Visits come back in role order.
    // Signing in hashes a password on the server, the costliest request of the walk: one at a time,
    // so three walks starting together do not push one past its timeout on a busy machine.
    private static readonly SemaphoreSlim SignIn = new(1, 1);

    private static async Task LogInAsync(IPage page, string userName)
    {
        await SignIn.WaitAsync();
        try { await page.LogInAsync(userName); }
        finally { SignIn.Release(); }
    }

    public static int Parallelism { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("GONGZHI_WALK_PARALLEL"), out var n) && n > 0 ? n : 3;

    public async Task<IReadOnlyList<Visit>> CrawlAsync(string culture, int width, bool axe, Func<string, bool>? roleFilter = null, int detailDepth = DetailDepth)
    {
        var people = (await PeopleAsync()).Where(p => roleFilter is null || roleFilter(p.Role)).ToList();
        var detailsSeen = new HashSet<string>(StringComparer.Ordinal);
        var walks = new List<Visit>[people.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, people.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            var (role, userName) = people[i];
            var context = await NewContextAsync(width, axe);
            var page = await context.NewPageAsync();
            await LogInAsync(page, userName);
            await page.GotoAsync($"/culture?c={culture}&returnUrl=%2F");
            walks[i] = await WalkAsync(page, role, axe, detailDepth, detailsSeen);
            await context.CloseAsync();
        });
        return walks.SelectMany(w => w).ToList();
    }

    // The same pages again in another language or in elder mode, without discovering them anew.
    // onePerShape: each route shape once, by the first role that reached it (the elder pass).
    public async Task<IReadOnlyList<Visit>> RevisitAsync(string culture, int width, IReadOnlyList<Visit> walked, bool axe = false, bool elder = false, bool onePerShape = false)
    {
        var people = (await PeopleAsync()).ToDictionary(p => p.Role, p => p.UserName);
        var pages = walked.Where(v => v.Html && v.Status < 400);
        if (onePerShape) pages = pages.DistinctBy(v => Side(v.Role) + " " + v.Pattern);
        var groups = pages.GroupBy(v => v.Role).ToList();
        var walks = new List<Visit>[groups.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, groups.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            var group = groups[i];
            var context = await NewContextAsync(width, axe);
            var page = await context.NewPageAsync();
            await LogInAsync(page, people[group.Key]);
            await page.GotoAsync($"/culture?c={culture}&returnUrl=%2F");
            // The footer's switch flips the cookie: a new context starts without it, so this turns it on.
            if (elder)
            {
                await page.GotoAsync("/elder?returnUrl=%2F");
                if (await page.Locator("body.elder").CountAsync() != 1) throw new InvalidOperationException("elder mode did not switch on");
            }
            var visits = new List<Visit>();
            foreach (var v in group)
            {
                visits.Add(await VisitAsync(page, group.Key, v.Url, v.From, axe));
                Log(visits[^1], culture + (elder ? " elder" : ""));
            }
            walks[i] = visits;
            await context.CloseAsync();
        });
        return walks.SelectMany(w => w).ToList();
    }

    private async Task<IBrowserContext> NewContextAsync(int width, bool axe)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = 812 },
            Locale = "zh-CN",
            // axe-core is added as a script tag; the app's CSP (script-src 'self') would refuse it.
            BypassCSP = true,
        });
        context.SetDefaultTimeout(30_000);
        // axe-core in every document of the walk from its start: added once here, not sent with each visit
        // (650 KB through Playwright's pipe and chromium's protocol per page was a third of axe's time).
        if (axe) await context.AddInitScriptAsync(AxeSource);
        return context;
    }

    private async Task<List<Visit>> WalkAsync(IPage page, string role, bool axe, int detailDepth, HashSet<string> detailsSeen)
    {
        var visits = new List<Visit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(string Url, string From, int Depth)>();
        void Enqueue(IEnumerable<string> hrefs, string from, int depth)
        {
            foreach (var href in hrefs)
            {
                var url = Local(href);
                if (url is null || !seen.Add(Pattern(url))) continue;
                if (depth > 0)
                    lock (detailsSeen)
                        if (!detailsSeen.Add(Side(role) + " " + Pattern(url))) continue;
                queue.Enqueue((url, from, depth));
            }
        }

        seen.Add("/");
        visits.Add(await VisitAsync(page, role, "/", "login", axe));
        // Depth 0: the navigation, the header links and everything on the home page (its tiles).
        Enqueue(await LinksAsync(page, "header a[href], main a[href]"), "/", 0);
        while (queue.Count > 0)
        {
            var (url, from, depth) = queue.Dequeue();
            var visit = await VisitAsync(page, role, url, from, axe);
            visits.Add(visit);
            Log(visit, "walk");
            if (visit.Html && visit.Status < 400 && depth < detailDepth)
                Enqueue(await LinksAsync(page, "main a[href]"), url, depth + 1);
        }
        return visits;
    }

    private static void Log(Visit visit, string pass)
    {
        lock (LogLock)
            File.AppendAllText(LogPath, $"{DateTime.UtcNow:HH:mm:ss} {pass} {visit.Role} {visit.Status} {visit.Url} axe:{visit.Violations.Count} "
                + $"ms:{visit.Ms.Load:F0}/{visit.Ms.Axe:F0}/{visit.Ms.Latin:F0}\n");
    }

    private async Task<Visit> VisitAsync(IPage page, string role, string url, string from, bool axe)
    {
        IResponse? response;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try { response = await page.GotoAsync(url); }
        catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal))
        {
            return new Visit(role, url, Pattern(url), from, 200, false, [], []);
        }
        var status = response?.Status ?? 0;
        var html = (response is not null && (await response.AllHeadersAsync()).TryGetValue("content-type", out var type)
            && type.StartsWith("text/html", StringComparison.Ordinal));
        if (!html || status >= 400) return new Visit(role, url, Pattern(url), from, status, html, [], []);
        var load = clock.Elapsed.TotalMilliseconds;
        var violations = axe ? await AxeAsync(page) : [];
        var axed = clock.Elapsed.TotalMilliseconds;
        var latin = await LatinAsync(page);
        return new Visit(role, url, Pattern(url), from, status, html, violations, latin)
            { Ms = (load, axed - load, clock.Elapsed.TotalMilliseconds - axed) };
    }

    internal static async Task<IReadOnlyList<Violation>> AxeAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeSource });
        var json = await page.EvaluateAsync<JsonElement>("""
            async tags => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return r.violations.map(v => ({
                id: v.id, impact: v.impact || '', nodes: v.nodes.length,
                sample: v.nodes[0].target.join(' ') + ' ' + v.nodes[0].html.slice(0, 160)
                  + (v.nodes[0].failureSummary ? ' — ' + v.nodes[0].failureSummary.replace(/\s+/g, ' ').slice(0, 200) : '')
              }));
            }
            """, WcagTags);
        return json.EnumerateArray().Select(v => new Violation(v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString()!,
            v.GetProperty("nodes").GetInt32(), v.GetProperty("sample").GetString()!)).ToList();
    }

    // Latin letters in what a reader sees or hears: visible text, the title, and the names and hints
    // of controls. Text inside an element that declares another language (the language switcher's
    // "English") is that language's, not a leak; text shown as code (code, kbd, .gz-mono: category
    // codes, audit records) is a code.
    private static async Task<IReadOnlyList<LatinWord>> LatinAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => {
              const out = [];
              const foreign = el => { const l = el && el.closest('[lang]'); return l && !l.lang.startsWith('zh'); };
              const scan = (text, el) => {
                if (!text || foreign(el) || (el && el.closest('code,kbd,samp,.gz-mono'))) return;
                for (const m of text.matchAll(/[A-Za-z0-9*][A-Za-z0-9*'’._:@\/+\-²³]*/g)) {
                  if (!/[A-Za-z]/.test(m[0])) continue;
                  out.push({ word: m[0], context: text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20).replace(/\s+/g, ' ') });
                }
              };
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const el = n.parentElement;
                if (!el || el.closest('script,style,noscript,template')) continue;
                if (!el.checkVisibility || el.checkVisibility() || el.closest('.visually-hidden, .visually-hidden-focusable')) scan(n.textContent, el);
              }
              scan(document.title, document.documentElement);
              for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[alt],input[type=submit][value],input[type=button][value]')) {
                for (const a of ['aria-label', 'title', 'placeholder', 'alt']) scan(el.getAttribute(a), el);
                if (el.matches('input[type=submit],input[type=button]')) scan(el.value, el);
              }
              return out;
            }
            """);
        return json.EnumerateArray().Select(w => new LatinWord(w.GetProperty("word").GetString()!, w.GetProperty("context").GetString()!)).ToList();
    }

    private static async Task<IReadOnlyList<string>> LinksAsync(IPage page, string selector) =>
        await page.EvalOnSelectorAllAsync<string[]>(selector,
            "els => els.filter(a => !a.hasAttribute('download')).map(a => a.href)");

    // Same-origin pages only, without their fragment; never the ones that change the session
    // (sign out, language, elder mode) or start a file download.
    private string? Local(string href)
    {
        if (!Uri.TryCreate(href, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme is not ("http" or "https") || uri.Authority != app.BaseAddress.Authority) return null;
        var path = uri.AbsolutePath;
        if (path is "/logout" or "/culture" or "/elder" or "/login" or "/register") return null;
        if (FileLike().IsMatch(path)) return null;
        return path + uri.Query;
    }

    // A URL's shape: the template of the app's route that answers it (RouteShapes); the query is
    // dropped. A path no route knows (it will answer 404) keeps a guess: numbers and long codes
    // become {id}.
    private RouteShapes Shapes => shapes ??= new RouteShapes(app.Services);
    private RouteShapes? shapes;

    public string Pattern(string url)
    {
        var path = url.Split('?', 2)[0];
        return Shapes.ShapeOf(path)
            ?? string.Join('/', path.Split('/').Select(s => IdLike().IsMatch(s) ? "{id}" : s));
    }

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"{relative} (run the test project's build: it installs axe-core from npm)");
    }

    [GeneratedRegex(@"^(\d+|[0-9a-fA-F\-]{16,}|[A-Za-z0-9_\-]{20,})$")]
    private static partial Regex IdLike();

    [GeneratedRegex(@"\.(csv|xlsx|json|ics|png|jpe?g|webp|pdf|svg|zip)$|/export(/|$)|/photos?/|/files?/", RegexOptions.IgnoreCase)]
    private static partial Regex FileLike();
}
