
namespace Vrrp.Cli.Tests.Failover;

/// <summary>
/// The interface under a running <c>vrrp run</c> changes: its address is replaced or removed, or the interface is
/// deleted and re-created. Who holds the VIP is sampled from outside with <c>ip addr</c> on both nodes; host 3 captures
/// the advertisements.
/// </summary>
public sealed class VrrpRunSourceAddressTests(ITestOutputHelper output) : VrrpRunPairTest(output)
{
    // A /32 VIP is an address of its own: removing the interface's 10.99.0.1/24 does not take it along (a /24 VIP in
    // the same subnet would be a secondary the kernel deletes with its primary).
    private static readonly string[] s_common = ["-i", "eth0", "--version", "3", "--advert-interval", "0.2", "--vip", "10.99.0.100/32"];

    [Fact]
    public void Run_MasterAddressReplaced_OneVipHolderAndAdvertsFromTheNewSource()
    {
        StartPair(s_common, "41");
        byte[] newSource = [10, 99, 0, 11];
        using FrameCapture adverts = FrameCapture.Open(Lan[3], 0x0800, frame => IsVrrp(frame) && frame.AsSpan(26, 4).SequenceEqual(newSource));

        Lan[1].Ip("addr", "del", "10.99.0.1/24", "dev", "eth0");
        Lan[1].Ip("addr", "add", "10.99.0.11/24", "dev", "eth0");
        TimeSpan added = adverts.Now;
        List<(bool First, bool Second)> samples = SampleHolders(TimeSpan.FromSeconds(4));

        IReadOnlyList<(TimeSpan At, byte[] Frame)> fromNew = adverts.WaitFor(1, TimeSpan.FromSeconds(2));
        fromNew.Should().NotBeEmpty("the master must advertise from its new address");
        _output.WriteLine($"address added -> first advert from 10.99.0.11: {(fromNew[0].At - added).TotalMilliseconds:F0} ms; " +
            $"samples with two holders: {samples.Count(s => s.First && s.Second)} of {samples.Count}, with none: {samples.Count(s => !s.First && !s.Second)}");

        // A handover can overlap by the time one advert takes to arrive, so one unlucky sample may see both holders; a
        // stale source gives two holders for good.
        samples.Count(s => s.First && s.Second).Should().BeLessThanOrEqualTo(1);
        samples.TakeLast(10).Should().AllSatisfy(s => s.Should().Be((true, false), "priority 150 holds the VIP again, alone"));
        adverts.Frames.Should().AllSatisfy(f => f.Frame[36].Should().Be(150));
        _second.WaitForState("Backup", TimeSpan.FromSeconds(5));
        _second.Output.Split('\n').Last(l => l.Contains(" -> ", StringComparison.Ordinal)).Should().Contain("-> Backup", "the backup hears the new source");
    }

    [Fact]
    public void Run_MasterOnlyAddressRemoved_FaultsReleasesVipAndComesBackWhenReAdded()
    {
        StartPair(s_common, "42");

        TimeSpan removed = VrrpNode.Now;
        Lan[1].Ip("addr", "del", "10.99.0.1/24", "dev", "eth0");
        TimeSpan fault = _first.WaitForState("Fault", TimeSpan.FromSeconds(3), after: removed);
        TimeSpan takeover = _second.WaitForState("Master", TimeSpan.FromSeconds(3), after: removed);
        _output.WriteLine($"address removed -> master in fault {(fault - removed).TotalMilliseconds:F0} ms, backup master {(takeover - removed).TotalMilliseconds:F0} ms");
        _second.HasLine(l => l.Contains("reason=MasterStopped", StringComparison.Ordinal)).Should().BeTrue("the priority-0 advert still leaves from the deleted address");
        (takeover - removed).Should().BeLessThan(TimeSpan.FromMilliseconds(500), "Skew_Time is 122 ms; Master_Down_Interval (722 ms) would mean the priority-0 advert was lost");
        Thread.Sleep(500);
        AssertOnlyHolderThroughout(2, TimeSpan.FromSeconds(1), "the faulted node released the VIP");

        TimeSpan readded = VrrpNode.Now;
        Lan[1].Ip("addr", "add", "10.99.0.1/24", "dev", "eth0");
        TimeSpan backup = _first.WaitForState("Backup", TimeSpan.FromSeconds(3), after: readded);
        TimeSpan master = _first.WaitForState("Master", TimeSpan.FromSeconds(5), after: readded);
        _second.WaitForState("Backup", TimeSpan.FromSeconds(5), after: readded);
        _output.WriteLine($"address re-added -> backup {(backup - readded).TotalMilliseconds:F0} ms, master (preempt) {(master - readded).TotalMilliseconds:F0} ms");
        Thread.Sleep(300);
        AssertOnlyHolderThroughout(1, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Run_ConfiguredUnicastSourceRemoved_FaultsEvenWithAnotherAddressAndComesBack()
    {
        // keepalived: an explicit unicast_src_ip is the source or nothing; another address of the interface is no substitute.
        Lan[1].Ip("addr", "add", "10.99.0.21/24", "dev", "eth0");
        string[] common = [.. s_common, "--vrid", "45"];
        StartMasterThenBackup(common, ["--priority", "150", "--unicast-src", "10.99.0.1", "--unicast-peer", "10.99.0.2"], ["--priority", "100", "--unicast-src", "10.99.0.2", "--unicast-peer", "10.99.0.1"]);
        Thread.Sleep(500);

        ChangeAddressOfHost1("del", "Fault", "Master", TimeSpan.FromSeconds(3));
        Thread.Sleep(300);
        AssertOnlyHolderThroughout(2, TimeSpan.FromSeconds(1));

        ChangeAddressOfHost1("add", "Master", "Backup", TimeSpan.FromSeconds(5));
        Thread.Sleep(300);
        AssertOnlyHolderThroughout(1, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Run_MasterInterfaceRecreated_SocketsReopenedAndOneVipHolderAtTheEnd()
    {
        StartPair(s_common, "43");

        TimeSpan recreated = VrrpNode.Now;
        Lan.RecreateInterface(1);
        _first.WaitForLine(l => l.Contains("Interface eth0 re-created", StringComparison.Ordinal), TimeSpan.FromSeconds(5), after: recreated);
        TimeSpan master = _first.WaitForState("Master", TimeSpan.FromSeconds(5), after: recreated);

        // The backup takes over while the master is gone longer than its Master_Down_Interval, and goes back to Backup
        // on the master's first advert: its line can come before the master's own "-> Master" (logged after that advert).
        SpinWait.SpinUntil(() => LastTransition(_second).Contains(" -> Backup ", StringComparison.Ordinal), TimeSpan.FromSeconds(5)).Should().BeTrue(LastTransition(_second));
        _output.WriteLine($"interface re-created -> master again after {(master - recreated).TotalMilliseconds:F0} ms");
        Thread.Sleep(500);

        AssertOnlyHolderThroughout(1, TimeSpan.FromSeconds(2));
        LastTransition(_second).Should().Contain("-> Backup", "the backup hears the re-opened sockets");
    }

    private static string LastTransition(VrrpNode node) => node.Output.Split('\n').Last(l => l.Contains(" -> ", StringComparison.Ordinal));

    [Fact]
    public void Run_MasterInterfaceRecreatedWithAnotherAddress_AdvertsFromTheNewSourceAndOneVipHolder()
    {
        StartPair(s_common, "44");
        byte[] newSource = [10, 99, 0, 11];
        using FrameCapture adverts = FrameCapture.Open(Lan[3], 0x0800, frame => IsVrrp(frame) && frame.AsSpan(26, 4).SequenceEqual(newSource));

        TimeSpan recreated = VrrpNode.Now;
        Lan.RecreateInterface(1, "10.99.0.11");
        TimeSpan master = _first.WaitForState("Master", TimeSpan.FromSeconds(5), after: recreated);
        _output.WriteLine($"interface re-created with 10.99.0.11 -> master again after {(master - recreated).TotalMilliseconds:F0} ms");
        Thread.Sleep(1000);

        adverts.Frames.Should().NotBeEmpty("the master advertises from the re-created interface's address");
        AssertOnlyHolderThroughout(1, TimeSpan.FromSeconds(2), "the backup accepts the adverts (source and checksum agree)");
        _second.Output.Split('\n').Last(l => l.Contains(" -> ", StringComparison.Ordinal)).Should().Contain("-> Backup");
    }

    private static bool IsVrrp(byte[] frame) => frame.Length >= 42 && frame[23] == 112;

    /// <summary><c>ip addr del|add 10.99.0.1/24</c> on host 1, then waits for the two nodes to reach their states.</summary>
    private void ChangeAddressOfHost1(string addOrDel, string firstState, string secondState, TimeSpan timeout)
    {
        TimeSpan changed = VrrpNode.Now;
        Lan[1].Ip("addr", addOrDel, "10.99.0.1/24", "dev", "eth0");
        _first!.WaitForState(firstState, timeout, after: changed);
        _second!.WaitForState(secondState, timeout, after: changed);
    }

    private void AssertOnlyHolderThroughout(int host, TimeSpan duration, string because = "") =>
        SampleHolders(duration).Should().AllSatisfy(s => s.Should().Be((host == 1, host == 2), because));

    private List<(bool First, bool Second)> SampleHolders(TimeSpan duration)
    {
        var samples = new List<(bool, bool)>();
        long end = Environment.TickCount64 + (long)duration.TotalMilliseconds;
        while (Environment.TickCount64 < end)
        {
            samples.Add((HoldsVip(Lan[1]), HoldsVip(Lan[2])));
            Thread.Sleep(50);
        }

        return samples;
    }

    private static bool HoldsVip(LanHost host) => host.Ip("-o", "addr", "show").Contains(" 10.99.0.100/", StringComparison.Ordinal);
}
