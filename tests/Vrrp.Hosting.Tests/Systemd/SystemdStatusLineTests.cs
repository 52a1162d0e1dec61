using Vrrp.Hosting.Control;
using Vrrp.Hosting.Systemd;

namespace Vrrp.Hosting.Tests.Systemd;

public sealed class SystemdStatusLineTests
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 10, 2, 3, TimeSpan.Zero);

    [Fact]
    public void Format_CountsStatesAndNamesTheLastReload()
    {
        string line = SystemdStatusLine.Format([VrrpState.Master, VrrpState.Backup], new VrrpReloadResult { At = At });

        line.Should().Be("2 instances: 1 master, 1 backup; last reload 10:02:03 ok");
    }

    [Fact]
    public void Format_InstanceInMaintenance_IsCountedAsMaintenanceNotFault()
    {
        string line = SystemdStatusLine.Format([VrrpState.Fault, VrrpState.Fault, VrrpState.Backup], null, [true, false, false]);

        line.Should().Be("3 instances: 1 backup, 1 fault, 1 in maintenance");
    }

    [Fact]
    public void Format_OneInstanceWaitingForItsInterface_IsStarting()
    {
        SystemdStatusLine.Format([null], null).Should().Be("1 instance: 1 starting");
    }

    [Fact]
    public void Format_FailedReload_GivesTheFirstErrorOnOneLine()
    {
        var failed = new VrrpReloadResult { At = At, Errors = ["k.conf:3:5: error: unknown keyword\n  here", "k.conf:9:1: error: missing }"] };

        string line = SystemdStatusLine.Format([VrrpState.Fault, VrrpState.Fault, VrrpState.Stopped], failed);

        line.Should().Be("3 instances: 2 fault, 1 stopped; last reload 10:02:03 failed: k.conf:3:5: error: unknown keyword   here (+1 more)");
    }

    [Fact]
    public void Format_LongError_IsCut()
    {
        var failed = new VrrpReloadResult { At = At, Errors = [new string('x', 500)] };

        SystemdStatusLine.Format([], failed).Should().Be("0 instances; last reload 10:02:03 failed: " + new string('x', 200) + "...");
    }
}
