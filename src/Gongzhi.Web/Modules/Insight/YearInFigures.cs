using System.Globalization;
using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Care;
using Gongzhi.Web.Modules.Deliberation;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Insight;

// One figure of a sentence and the list behind it.
public sealed record YearValue(string Text, string Href);

// One sentence of the year: its heading (接诉即办) and its wording with the figures in place ({0}, {1}…).
public sealed record YearLine(string Section, string Template, IReadOnlyList<YearValue> Values)
{
    public string Sentence => Regex.Replace(Template, @"\{(\d+)\}", m => Values[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)].Text);
}

public sealed record YearReport(InsightPlace Place, int Year, string Title, IReadOnlyList<YearLine> Lines, DateTime? AsOf)
{
    // The whole year as one paragraph, as it goes into a summary: "2026年，团结巷社区受理居民诉求 N 件…；…。"
    public string Paragraph(IStringLocalizer text) =>
        text["Insight.Year.Lead", Year, Place.Name].Value + string.Join("；", Lines.Select(l => l.Sentence)) + "。";
}

// 一年数说: a community's year in the sentences its annual summary uses, each figure summed from the same daily rollup
// the dashboard reads (so the page, the dashboard for that year and the .docx agree) and linked to the rows behind it.
public sealed class YearInFigures(InsightQueries queries, InsightScope scope, IStringLocalizer text)
{
    public async Task<YearReport> RunAsync(long communityId, int year, CancellationToken ct = default)
    {
        var place = await scope.PlaceAsync(InsightLevel.Community, communityId, ct);
        if (year is < 2000 or > 2100) throw new ValidationFailure("year", "Insight.Error.Period");
        var period = new InsightPeriod(PeriodKind.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var f = await queries.SumAsync(place, period, ct);
        var asOf = await queries.AsOfAsync(ct);
        YearValue V(string shown, InsightMetric metric, long? key = null) =>
            new(shown, $"/insight/community/{communityId}/list?m={metric}" + (key is { } k ? FormattableString.Invariant($"&k={k}") : "") + $"&{period.Query()}");
        YearValue N(InsightMetric metric, long? key = null) =>
            V((key is { } k ? f[metric, k] : f[metric]).ToString(CultureInfo.InvariantCulture), metric, key);
        string Rate(InsightMetric part, InsightMetric whole) => NoticesLedger.Rate(f[part], f[whole]);
        YearLine Line(string name, params YearValue[] values) => new(text[$"Insight.Year.Section.{name}"], text[$"Insight.Year.Line.{name}"], values);
        List<YearLine> lines =
        [
            Line("Requests", N(InsightMetric.CasesByChannel), V(Rate(InsightMetric.ResponseOnTime, InsightMetric.ResponseKnown), InsightMetric.ResponseOnTime),
                V(Rate(InsightMetric.Resolved, InsightMetric.CasesCounted), InsightMetric.Resolved), V(Rate(InsightMetric.Satisfied, InsightMetric.Rated), InsightMetric.Satisfied)),
            Line("Events", N(InsightMetric.EventsHeld), N(InsightMetric.EventPlaces), N(InsightMetric.EventAttendance)),
            Line("Volunteering", N(InsightMetric.Volunteers), N(InsightMetric.VolunteerShifts), V(ServiceLedger.Hours(f[InsightMetric.VolunteerMinutes]), InsightMetric.VolunteerMinutes),
                N(InsightMetric.PointsEarned), N(InsightMetric.PointsSpent)),
            Line("Care", N(InsightMetric.CareRecipients), N(InsightMetric.Visits), N(InsightMetric.Visits, (long)VisitKind.Home)),
            Line("Deliberation", N(InsightMetric.MeetingsHeld), N(InsightMetric.MeetingAttendees), N(InsightMetric.VotesHeld),
                V(Rate(InsightMetric.VoteBallots, InsightMetric.VoteElectors), InsightMetric.VoteBallots), N(InsightMetric.TopicsByStage, (long)TopicStatus.Done)),
            Line("Notices", N(InsightMetric.NoticesPublished), N(InsightMetric.NoticeReached), V(Rate(InsightMetric.NoticeReached, InsightMetric.NoticeHouseholds), InsightMetric.NoticeReached)),
            Line("Projects", N(InsightMetric.ProjectsFunded), V(Yuan(f[InsightMetric.ProjectGrantedFen]), InsightMetric.ProjectGrantedFen),
                V(Yuan(f[InsightMetric.ProjectSpentFen]), InsightMetric.ProjectSpentFen)),
            Line("Party", N(InsightMetric.PartyMembers), N(InsightMetric.PartyReported)),
        ];
        return new YearReport(place, year, text["Insight.Year.Heading", place.Name, year], lines, asOf);
    }

    // Yuan as a summary writes them: 110000 → "110000", 1234.5 → "1234.5".
    public static string Yuan(long fen) => (fen / 100m).ToString("0.##", CultureInfo.InvariantCulture);
}
