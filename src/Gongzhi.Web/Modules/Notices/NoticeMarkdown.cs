using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Gongzhi.Web.Modules.Notices;

// A notice body is Markdown written by staff and read by everyone, so it is rendered safely: raw
// HTML is not passed through (a <script> shows as text), and a link or image keeps its address
// only if it is http(s), mailto, tel or a path on this site (no javascript:, data: …).
public static class NoticeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    public static string ToHtml(string markdown)
    {
        var doc = Markdown.Parse(markdown, Pipeline);
        foreach (var link in doc.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url)) link.Url = "#";
            if (!link.IsImage)
                link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
        }
        foreach (var auto in doc.Descendants<AutolinkInline>())
        {
            if (!IsSafe(auto.Url)) auto.Url = "#";
        }
        return doc.ToHtml(Pipeline);
    }

    // Plain text for the feed summary, the inbox and SMS.
    public static string ToText(string markdown, int max = 120)
    {
        var text = Markdown.ToPlainText(markdown, Pipeline).ReplaceLineEndings(" ").Trim();
        return text.Length > max ? text[..max] + "…" : text;
    }

    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return false;
        var u = url.Trim();
        if (u.StartsWith('/') && !u.StartsWith("//", StringComparison.Ordinal)) return true;
        if (u.StartsWith('#')) return true;
        return Uri.TryCreate(u, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https" or "mailto" or "tel";
    }
}
