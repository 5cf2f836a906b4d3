using System.Globalization;
using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Insight;

namespace Gongzhi.Tests.Modules.Insight;

public static partial class InsightDriver
{
    public static async Task<SweepOutcome> SweepAsync(GongzhiApp app, DateTime now)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InsightSweep>().RunAsync(now);
    }

    public static DateOnly ChinaDay(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8));

    public static DateTime ChinaStart(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);

    // The number a figure card shows, read from the page as a person reads it.
    public static long Figure(string html, string id)
    {
        var m = Regex.Match(html, $"id=\"{id}\"[^>]*>\\s*<span class=\"gz-figure-label\">[^<]*</span>\\s*<span class=\"gz-figure-value\">([^<]*)</span>");
        m.Success.ShouldBeTrue($"figure {id} not on the page");
        return long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    public static string FigureHref(string html, string id)
    {
        var m = Regex.Match(html, $"<a class=\"gz-figure\" href=\"([^\"]*)\" id=\"{id}\"");
        m.Success.ShouldBeTrue($"figure {id} not on the page");
        return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    public static int ListTotal(string html)
    {
        var m = Regex.Match(html, "data-testid=\"list-total\">[^<0-9]*([0-9]+)");
        m.Success.ShouldBeTrue("no total on the list page");
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
