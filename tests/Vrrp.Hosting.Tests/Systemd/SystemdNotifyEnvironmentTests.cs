using Vrrp.Hosting.Systemd;

namespace Vrrp.Hosting.Tests.Systemd;

public sealed class SystemdNotifyEnvironmentTests
{
    [Theory]
    [InlineData("30000000", null, 15_000)]
    [InlineData("30000000", "", 15_000)]
    [InlineData("30000000", "42", 15_000)]
    [InlineData("3", "42", 1)]
    public void Parse_WatchdogForThisProcess_PingsAtHalfTheTimeout(string usec, string? pid, double expectedMilliseconds)
    {
        SystemdNotifyEnvironment.Parse(usec, pid, processId: 42).WatchdogInterval.Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    [InlineData("30000000", "43")]
    [InlineData("30000000", "x")]
    public void Parse_NoWatchdogOrAnotherProcess_IsOff(string? usec, string? pid)
    {
        SystemdNotifyEnvironment.Parse(usec, pid, processId: 42).WatchdogInterval.Should().BeNull();
    }

    [Fact]
    public void Parse_HugeTimeout_IsCappedAtADay()
    {
        SystemdNotifyEnvironment.Parse(ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), null, 42).WatchdogInterval.Should().Be(TimeSpan.FromDays(1));
    }
}
