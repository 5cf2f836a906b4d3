using System.Globalization;
using Gongzhi.Web.Components.Shared;
using Gongzhi.Web.Platform.Localization;

namespace Gongzhi.Tests.Platform.Localization;

// Deadlines read as people say them, by the Beijing calendar and clock, not as working minutes:
// a Saturday evening shows a Monday-morning deadline as "周一 10:30 前", never "剩 2小时0分".
public sealed class DeadlineWordsTests
{
    private static readonly JsonText Text = new(LocalizationModule.TextDirectories);

    // Beijing wall time to the UTC the database keeps.
    private static DateTime Cst(int month, int day, int hour, int minute = 0) => new DateTime(2026, month, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);

    private static string Say(DateTime deadline, DateTime now, string culture)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try { return ChinaTime.Deadline(deadline, now, Text); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    [Theory]
    // 2026-12-05 is a Saturday.
    [InlineData(12, 5, 20, 0, 12, 7, 10, 30, "周一 10:30 前")]
    [InlineData(12, 5, 9, 0, 12, 5, 17, 30, "今天 17:30 前")]
    [InlineData(12, 5, 23, 50, 12, 6, 9, 0, "明天 9:00 前")]
    [InlineData(12, 5, 9, 0, 12, 18, 17, 30, "12月18日 17:30 前")]
    [InlineData(12, 15, 10, 0, 12, 5, 9, 0, "已超期 10 天")]
    [InlineData(12, 5, 12, 0, 12, 5, 9, 0, "已超期 3 小时")]
    [InlineData(12, 5, 9, 20, 12, 5, 9, 0, "已超期 20 分钟")]
    public void Simplified_chinese(int nm, int nd, int nh, int nmin, int dm, int dd, int dh, int dmin, string expected) =>
        Say(Cst(dm, dd, dh, dmin), Cst(nm, nd, nh, nmin), "zh-Hans").ShouldBe(expected);

    [Fact]
    public void Traditional_chinese_and_english()
    {
        var now = Cst(12, 5, 20);
        Say(Cst(12, 7, 10, 30), now, "zh-Hant").ShouldBe("週一 10:30 前");
        Say(Cst(12, 7, 10, 30), now, "en").ShouldBe("by Mon 10:30");
        Say(Cst(11, 25, 20), now, "zh-Hant").ShouldBe("已逾期 10 天");
        Say(Cst(11, 25, 20), now, "en").ShouldBe("10 days overdue");
    }

    [Fact]
    public void Times_on_pages_have_no_seconds() =>
        ChinaTime.Format(Cst(12, 5, 9, 7).AddSeconds(42)).ShouldBe("2026-12-05 09:07");
}
