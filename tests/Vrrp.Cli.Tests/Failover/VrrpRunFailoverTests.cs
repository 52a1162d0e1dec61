
namespace Vrrp.Cli.Tests.Failover;

/// <summary>
/// Two <c>vrrp run</c> processes on a namespace LAN (hosts 1 and 2) and an observer (host 3), checked from outside
/// the processes with <c>ip addr</c>, ping and an AF_PACKET capture.
/// </summary>
public sealed class VrrpRunFailoverTests(ITestOutputHelper output) : VrrpRunPairTest(output)
{
    [Fact]
    public void Run_TwoNodesV2Multicast_HigherPriorityMasterHoldsVipAndThirdHostSeesGarpAndReachesIt()
    {
        byte[] masterMac = Lan[1].Mac.GetAddressBytes();
        using FrameCapture garps = FrameCapture.Open(Lan[3], 0x0806, frame => frame.Length >= 42 && frame.AsSpan(28, 4).SequenceEqual(frame.AsSpan(38, 4)) && frame.AsSpan(6, 6).SequenceEqual(masterMac));

        // Both start as backups: the second once the first's instance runs (a process start on a loaded machine can
        // take longer than the 0.2 s between the two Master_Down_Intervals), so the higher priority's shorter
        // Master_Down_Interval elects it and the lower one never becomes master (which would add a lower-priority
        // GARP burst from the master).
        _first = VrrpNode.Start(Lan[1], "-i", "eth0", "--vrid", "51", "--priority", "150", "--vip", "10.99.0.100/24", "--garp-master-delay", "0");
        _first.WaitForState("Backup", s_electionTimeout);
        _second = VrrpNode.Start(Lan[2], "-i", "eth0", "--vrid", "51", "--priority", "100", "--vip", "10.99.0.100/24", "--garp-master-delay", "0");
        _first.WaitForState("Master", s_electionTimeout);
        _second.WaitForState("Backup", s_electionTimeout);
        Thread.Sleep(1500);

        _second.Output.Split('\n').Last(l => l.Contains(" -> ", StringComparison.Ordinal)).Should().Contain("-> Backup");
        AssertVipOnlyOn(1);
        var frames = garps.WaitFor(5, TimeSpan.FromSeconds(2));
        frames.Should().HaveCount(5, "garp_master_repeat 5 from the master, no delayed burst");
        frames.Select(f => f.Frame[6..12]).Should().AllSatisfy(mac => mac.Should().Equal(masterMac));
        frames.Select(f => f.Frame[28..32]).Should().AllSatisfy(sender => sender.Should().Equal(10, 99, 0, 100));
        Lan[3].Ping(IPAddress.Parse("10.99.0.100")).Should().BeTrue();
        Lan[3].Ip("neigh", "show", "10.99.0.100").Should().Contain("02:00:00:00:00:01");
    }

    [Fact]
    public void Run_MasterKilledWithSigkill_BackupHoldsVipWithinMasterDownIntervalAndRestartRemovesStaleVip()
    {
        // VRRPv3 with 200 ms adverts: the backup (priority 100) waits Master_Down_Interval = 3 x 0.2 + 156 x 0.2 / 256 = 0.722 s.
        // No VIP lease: this is the start-up reconciliation after a crash, which a lease makes rarely needed (VrrpRunVipLeaseTests).
        string[] common = ["-i", "eth0", "--vrid", "7", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/24", "--vip-lease", "off"];
        StartMasterThenBackup(common, ["--priority", "150"], ["--priority", "100"]);
        Thread.Sleep(500);

        TimeSpan killed = _first.KillHard();
        TimeSpan takeover = _second.WaitForState("Master", TimeSpan.FromSeconds(5), after: killed);

        TimeSpan masterDownInterval = TimeSpan.FromMilliseconds((3 * 200) + (156 * 200 / 256.0));
        _output.WriteLine($"SIGKILL -> backup master: {(takeover - killed).TotalMilliseconds:F0} ms (Master_Down_Interval {masterDownInterval.TotalMilliseconds:F0} ms)");
        (takeover - killed).Should().BeLessThan(masterDownInterval + FailoverTolerance.Value);
        Lan[2].Addresses().Should().Contain("10.99.0.100/24");
        Lan[1].Addresses().Should().Contain("10.99.0.100/24", "a SIGKILLed process cannot release its VIP");

        // The restart removes the stale VIP before it joins, then preempts (priority 150) and binds it again.
        using VrrpNode restarted = VrrpNode.Start(Lan[1], [.. common, "--priority", "150"]);
        restarted.WaitForLine(l => l.Contains("Removed stale virtual address 10.99.0.100/24 from eth0", StringComparison.Ordinal), s_electionTimeout);
        restarted.WaitForState("Master", s_electionTimeout);
        _second.WaitForState("Backup", s_electionTimeout, after: killed);
        Lan[2].Addresses().Should().NotContain("10.99.0.100");
        restarted.Terminate();
        restarted.WaitForExit(TimeSpan.FromSeconds(10)).Should().Be(0);
    }

    [Fact]
    public void Run_MasterTerminatedWithSigterm_SendsPriorityZeroAndBackupTakesOverWithinSkewTime()
    {
        // Skew_Time of the backup (priority 100, 200 ms adverts) = 156 x 0.2 / 256 = 0.122 s.
        string[] common = ["-i", "eth0", "--vrid", "9", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/24"];
        StartMasterThenBackup(common, ["--priority", "150"], ["--priority", "100"]);
        Thread.Sleep(500);

        TimeSpan terminated = _first.Terminate();
        TimeSpan takeover = _second.WaitForState("Master", TimeSpan.FromSeconds(5), after: terminated);
        int exitCode = _first.WaitForExit(TimeSpan.FromSeconds(10));

        TimeSpan skewTime = TimeSpan.FromMilliseconds(156 * 200 / 256.0);
        _output.WriteLine($"SIGTERM -> backup master: {(takeover - terminated).TotalMilliseconds:F0} ms (Skew_Time {skewTime.TotalMilliseconds:F0} ms)");
        exitCode.Should().Be(0);
        _first.HasLine(l => l.Contains("Master -> Stopped", StringComparison.Ordinal)).Should().BeTrue();
        _second.HasLine(l => l.Contains("reason=MasterStopped", StringComparison.Ordinal)).Should().BeTrue();
        (takeover - terminated).Should().BeLessThan(skewTime + FailoverTolerance.Value);
        AssertVipOnlyOn(2);
    }

    [Fact]
    public void Run_EqualPrioritiesBothMaster_HigherPrimaryAddressWinsWhenTheyMeet()
    {
        // Partition host 2 (its bridge port leaves the bridge; its link stays up) so both become master, then heal:
        // two masters of equal priority meet, and the one with the lower primary address steps down (RFC 5798 §6.4.3).
        Lan.SwitchIp("link", "set", "p2", "nomaster");
        string[] common = ["-i", "eth0", "--vrid", "11", "--version", "3", "--advert-interval", "0.2", "--priority", "100", "--vip", "10.99.0.100/24"];
        _first = VrrpNode.Start(Lan[1], common);
        _second = VrrpNode.Start(Lan[2], common);
        _first.WaitForState("Master", s_electionTimeout);
        _second.WaitForState("Master", s_electionTimeout);

        TimeSpan healed = VrrpNode.Now;
        Lan.SwitchIp("link", "set", "p2", "master", "br0");
        _first.WaitForState("Backup", TimeSpan.FromSeconds(5), after: healed);
        Thread.Sleep(1000);

        _second.HasLine(l => l.Contains("-> Backup", StringComparison.Ordinal) && !l.Contains("reason=Started", StringComparison.Ordinal)).Should().BeFalse();
        AssertVipOnlyOn(2);
    }

    [Fact]
    public void Run_NoPreempt_HigherPriorityNodeStaysBackup()
    {
        StartHigherPriorityAfterMaster("12", "--nopreempt");
        _first.WaitForState("Backup", s_electionTimeout);
        Thread.Sleep(2000);

        _first.HasLine(l => l.Contains("-> Master", StringComparison.Ordinal)).Should().BeFalse();
        AssertVipOnlyOn(2);
    }

    [Fact]
    public void Run_PreemptDelay_HigherPriorityNodeTakesOverOnlyAfterTheDelay()
    {
        StartHigherPriorityAfterMaster("13", "--preempt-delay", "2");
        TimeSpan backup = _first.WaitForState("Backup", s_electionTimeout);
        TimeSpan master = _first.WaitForState("Master", s_electionTimeout);

        _output.WriteLine($"backup -> master after {(master - backup).TotalMilliseconds:F0} ms with preempt_delay 2 s");
        (master - backup).Should().BeGreaterThan(TimeSpan.FromSeconds(1.9)).And.BeLessThan(TimeSpan.FromSeconds(3.5));

        // The lower-priority master's step back (its start-up "-> Backup" line came before this node's start).
        _second.WaitForState("Backup", s_electionTimeout, after: backup);
        AssertVipOnlyOn(1);
    }

    [Fact]
    public void Run_IPv6V3_MasterHoldsVipAnnouncesItWithNaAndThirdHostReachesIt()
    {
        IPAddress vip = IPAddress.Parse("fd00:99::100");
        using FrameCapture nas = FrameCapture.Open(Lan[3], 0x86DD, frame => frame.Length >= 78 && frame[20] == 58 && frame[54] == 136 && frame.AsSpan(62, 16).SequenceEqual(vip.GetAddressBytes()));
        string[] common = ["-i", "eth0", "--vrid", "21", "--advert-interval", "0.2", "--vip", "fd00:99::100/64"];
        StartMasterThenBackup(common, ["--priority", "150"], ["--priority", "100"]);

        AssertVipOnlyOn(1, "fd00:99::100/64");
        byte[] masterMac = Lan[1].Mac.GetAddressBytes();
        nas.WaitFor(1, TimeSpan.FromSeconds(2)).Should().NotBeEmpty()
            .And.AllSatisfy(f => f.Frame[6..12].Should().Equal(masterMac));
        Lan[3].Ping(vip).Should().BeTrue();

        TimeSpan killed = _first.KillHard();
        _second.WaitForState("Master", TimeSpan.FromSeconds(5), after: killed);
        Lan[2].Addresses().Should().Contain("fd00:99::100/64");
    }

    [Fact]
    public void Run_UnicastPeers_ElectAndFailOverWithoutMulticast()
    {
        string[] common = ["-i", "eth0", "--vrid", "31", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/24"];
        StartMasterThenBackup(common, ["--priority", "150", "--unicast-src", "10.99.0.1", "--unicast-peer", "10.99.0.2"], ["--priority", "100", "--unicast-src", "10.99.0.2", "--unicast-peer", "10.99.0.1"]);
        Thread.Sleep(1000);
        _second.HasLine(l => l.Contains("-> Master", StringComparison.Ordinal)).Should().BeFalse("the backup hears the unicast adverts");
        Lan[1].Addresses().Should().Contain("10.99.0.100/24");

        TimeSpan terminated = _first.Terminate();
        TimeSpan takeover = _second.WaitForState("Master", TimeSpan.FromSeconds(5), after: terminated);
        _output.WriteLine($"unicast SIGTERM -> backup master: {(takeover - terminated).TotalMilliseconds:F0} ms");
        (takeover - terminated).Should().BeLessThan(TimeSpan.FromMilliseconds(156 * 200 / 256.0) + FailoverTolerance.Value);
        Lan[2].Addresses().Should().Contain("10.99.0.100/24");
    }
}
