using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.BrowserTests;

// The app's own route table (every @page component and every MapGet), so the walk knows that
// /admin/accounts/jianshe and /admin/accounts/wangge.li are one page: a URL's shape is the template
// of the route that answers it, not a guess from what its segments look like.
public sealed class RouteShapes
{
    private readonly IReadOnlyList<(string Template, Regex Match, int Rank)> _routes;

    public RouteShapes(IServiceProvider services)
    {
        var source = services.GetRequiredService<EndpointDataSource>();
        _routes = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } m || m.HttpMethods.Count == 0 || m.HttpMethods.Contains(HttpMethods.Get))
            .Select(e => e.RoutePattern)
            .Where(p => !(p.RawText ?? "").TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .DistinctBy(p => p.RawText)
            .Select(p => (Template: "/" + (p.RawText ?? "").TrimStart('/'), Match: ToRegex(p), Rank: Rank(p)))
            // Literal segments win over parameters (/cases/new before /cases/{id}), as the router decides.
            .OrderBy(r => r.Rank)
            .ToList();
        Count = _routes.Count;
    }

    public int Count { get; }

    // The template of the route that answers this path, or null when no route does.
    public string? ShapeOf(string path)
    {
        foreach (var (template, match, _) in _routes)
            if (match.IsMatch(path)) return template;
        return null;
    }

    private static Regex ToRegex(RoutePattern pattern)
    {
        var text = new StringBuilder("^");
        foreach (var segment in pattern.PathSegments)
        {
            var optional = segment.Parts is [RoutePatternParameterPart { IsOptional: true } or RoutePatternParameterPart { IsCatchAll: true }];
            text.Append(optional ? "(/" : "/");
            foreach (var part in segment.Parts)
                text.Append(part switch
                {
                    RoutePatternLiteralPart l => Regex.Escape(l.Content),
                    RoutePatternSeparatorPart s => Regex.Escape(s.Content),
                    RoutePatternParameterPart { IsCatchAll: true } => ".*",
                    RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content is "int" or "long") => @"-?\d+",
                    RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content == "guid") => "[0-9a-fA-F-]{32,36}",
                    _ => "[^/]+",
                });
            if (optional) text.Append(")?");
        }
        if (pattern.PathSegments.Count == 0) text.Append('/');
        text.Append("/?$");
        return new Regex(text.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    // Per segment: literal 0, constrained parameter 1, free parameter 2, catch-all 3; compared
    // left to right like the router's precedence.
    private static int Rank(RoutePattern pattern)
    {
        var rank = 0;
        foreach (var segment in pattern.PathSegments.Take(8))
        {
            var digit = segment.Parts switch
            {
                [RoutePatternLiteralPart] => 0,
                [RoutePatternParameterPart { IsCatchAll: true }] => 3,
                [RoutePatternParameterPart p] => p.ParameterPolicies.Count > 0 ? 1 : 2,
                _ => 1,
            };
            rank = rank * 4 + digit;
        }
        for (var i = pattern.PathSegments.Count; i < 8; i++) rank *= 4;
        return rank;
    }
}
