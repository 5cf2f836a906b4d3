namespace Gongzhi.BrowserTests;

public sealed class HostSmokeTests
{
    [Fact]
    public void Chromium_is_installed_where_the_tests_expect_it() => File.Exists("/usr/bin/chromium").ShouldBeTrue();
}
