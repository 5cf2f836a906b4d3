using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Activities;
using Gongzhi.Web.Modules.Activities.Calendars;

namespace Gongzhi.Tests.Modules.Activities;

// The feeds are read back by an independent RFC 5545 parser (ical.js, run by node) and must give the
// same text and the same instants: Beijing 14:30 is 06:30 UTC every week of the year.
public abstract class CalendarFeedTests(GongzhiApp app)
{
    private readonly ActivityDriver driver = new(app);
    private const string Title = "健康义诊, 量血压; 测血糖 \\ 瑞康医院";
    private static readonly string Description = "第一行：请带医保卡\n第二行：" + string.Concat(Enumerable.Repeat("义诊服务进社区，", 12)) + "😀";

    [Fact]
    public async Task Community_venue_and_personal_feeds_parse_with_ical_js_and_carry_the_right_times()
    {
        var facts = await DemoFacts.ForAsync(app);
        var staff = await app.ClientForAsync("tuanjie");
        var venue = (await (await staff.PostAsJsonAsync("/api/v1/venues", new
        {
            communityId = facts.Community1, name = "议事室" + Guid.NewGuid().ToString("N")[..4], kind = (int)VenueKind.MeetingRoom, capacity = 30,
            opensAt = "08:00:00", closesAt = "21:00:00", approvalRequired = false,
        })).JsonAsync(HttpStatusCode.Created)).Long("id");
        var start = ActivityDriver.Local(20, 14, 30);
        var eventId = await driver.CreateEventAsync(new
        {
            title = Title, description = Description, venueId = venue, address = (string?)null, repeatWeeks = 3,
            startsAt = ActivityDriver.Iso(start), endsAt = ActivityDriver.Iso(start.AddHours(2)), capacity = 20,
        });
        var expectedStarts = Enumerable.Range(0, 3).Select(w => DateTime.SpecifyKind(start.AddDays(7 * w).AddHours(-8), DateTimeKind.Utc)).ToList();

        var anonymous = app.Anonymous();
        var community = await FetchAsync(anonymous, $"/calendars/communities/{facts.Community1}.ics");
        var mine = community["events"]!.AsArray().Where(e => e!["summary"]!.GetValue<string>() == Title).ToList();
        mine.Count.ShouldBe(3);
        mine.Select(e => DateTime.Parse(e!["start"]!.GetValue<string>(), null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal))
            .OrderBy(d => d).ShouldBe(expectedStarts);
        mine.ShouldAllBe(e => e!["tzid"]!.GetValue<string>() == "Asia/Shanghai");
        mine[0]!["description"]!.GetValue<string>().ShouldBe(Description);
        mine[0]!["end"]!.GetValue<string>().ShouldBe(expectedStarts[0].AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));

        var venueFeed = await FetchAsync(anonymous, $"/calendars/venues/{venue}.ics");
        venueFeed["events"]!.AsArray().Count(e => e!["summary"]!.GetValue<string>() == Title).ShouldBe(3);

        // The personal feed: a resident's registration, reachable only through the secret URL.
        var person = (await driver.PeopleAsync(1))[0];
        var client = await driver.ClientAsync(person);
        (await ActivityDriver.RegisterAsync(client, eventId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var url = new Uri((await (await client.GetAsync("/api/v1/calendar/personal")).JsonAsync())["url"]!.GetValue<string>()).AbsolutePath;
        var personal = await FetchAsync(anonymous, url);
        personal["events"]!.AsArray().Count(e => e!["summary"]!.GetValue<string>() == Title).ShouldBe(3);
        personal["name"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        // Revoked: the old URL is gone, the new one works.
        var renewed = new Uri((await (await client.PostAsync("/api/v1/calendar/personal/renew", null)).JsonAsync())["url"]!.GetValue<string>()).AbsolutePath;
        renewed.ShouldNotBe(url);
        (await anonymous.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await FetchAsync(anonymous, renewed))["events"]!.AsArray().Count.ShouldBe(3);
        (await anonymous.GetAsync("/calendars/personal/0000000000000000.ics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    // Fetches a feed, checks its form (media type, CRLF, lines of at most 75 octets that are each
    // whole UTF-8) and returns what ical.js read from it.
    private static async Task<JsonNode> FetchAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        CheckLines(bytes);
        return await IcalJs.ParseAsync(Encoding.UTF8.GetString(bytes));
    }

    public static void CheckLines(byte[] bytes)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            (i > 0 && bytes[i - 1] == (byte)'\r').ShouldBeTrue("lines end with CRLF");
            var length = i - 1 - start;
            length.ShouldBeLessThanOrEqualTo(75);
            Should.NotThrow(() => strict.GetString(bytes, start, length));
            start = i + 1;
        }
        start.ShouldBe(bytes.Length);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteCalendarFeedTests(SqliteApp app) : CalendarFeedTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresCalendarFeedTests(PostgresApp app) : CalendarFeedTests(app);

// The writer alone: escaping and folding, read back by ical.js.
public sealed class ICalendarTests
{
    [Fact]
    public void Text_is_escaped_as_RFC_5545_says()
    {
        ICalendar.Escape("a,b;c\\d\ne\r\nf").ShouldBe("a\\,b\\;c\\\\d\\ne\\nf");
    }

    [Fact]
    public async Task Long_Chinese_lines_fold_at_75_octets_without_splitting_a_character()
    {
        var summary = string.Concat(Enumerable.Repeat("邻里节，社区好人表彰；", 9)) + "𠀀end";
        var start = new DateTime(2026, 12, 2, 6, 30, 0, DateTimeKind.Utc);
        var text = ICalendar.Write("团结巷社区", [new CalendarItem("x@test", start, start.AddHours(2), summary, "团结新村中心广场", null, start)]);
        var bytes = Encoding.UTF8.GetBytes(text);
        CalendarFeedTests.CheckLines(bytes);
        text.ShouldContain("\r\n ");
        var parsed = await IcalJs.ParseAsync(text);
        parsed["name"]!.GetValue<string>().ShouldBe("团结巷社区");
        parsed["events"]![0]!["summary"]!.GetValue<string>().ShouldBe(summary);
        parsed["events"]![0]!["start"]!.GetValue<string>().ShouldBe("2026-12-02T06:30:00.000Z");
        text.ShouldContain("DTSTART;TZID=Asia/Shanghai:20261202T143000");
    }
}

// Runs tests/Gongzhi.Tests/Modules/Activities/ical/parse.mjs (ical.js installed there by the build).
public static class IcalJs
{
    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Modules", "Activities", "ical");
            if (File.Exists(Path.Combine(candidate, "parse.mjs"))) return candidate;
        }
        throw new InvalidOperationException("ical folder not found");
    }

    public static async Task<JsonNode> ParseAsync(string text)
    {
        var start = new ProcessStartInfo("node", "parse.mjs")
        {
            WorkingDirectory = Folder(), RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = Encoding.UTF8,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(text);
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        node.ExitCode.ShouldBe(0, error);
        return JsonNode.Parse(output)!;
    }
}
