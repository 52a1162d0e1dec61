
namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// <c>vrrp run</c> against a real keepalived (Debian's 2.2.7) on a namespace LAN: node A is host 1, node B host 2,
/// host 3 observes (an AF_PACKET capture of gratuitous ARPs / NAs, ping of the VIP). Failover times are measured from
/// the signal to the first announcement of the new master seen by host 3.
/// </summary>
public sealed class KeepalivedInteropTests(ITestOutputHelper output) : PeerLanTest(output, KeepalivedPrerequisites.CreateLan())
{
    public static TheoryData<string, VrrpImplementation> Scenarios =>
        EachScenarioWithEitherMaster(VrrpImplementation.Keepalived, "v2-pass", "v3-ipv4-3vips", "v3-ipv6", "unicast-v3-ipv4", "unicast-v3-ipv6");

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);

    // The graceful time runs from the signal, so it includes the stopping process's own reaction to SIGTERM; on a
    // loaded 2-core CI machine that alone has reached 130 ms. Interop is what this class proves (latency is measured
    // separately, see docs/failover.md), so the graceful bound is wider; the vrrp-to-vrrp tests keep the issue's 100 ms.
    private static readonly TimeSpan s_gracefulTolerance = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The master (priority 150) holds the VIPs and the backup (priority 100) stays backup; SIGTERM of the master
    /// hands over within Skew_Time; the restarted master preempts back; SIGKILL of it hands over within
    /// Master_Down_Interval. Each scenario runs with keepalived as the master and with vrrp run as the master.
    /// </summary>
    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Failover_MasterStoppedThenRestartedThenKilled_OtherImplementationTakesOverWithinRfcTimes(string scenario, VrrpImplementation masterImplementation)
    {
        LanHost a = _lan[1];
        LanHost b = _lan[2];
        VrrpImplementation backupImplementation = Other(masterImplementation);
        InstanceSpec masterSpec = Scenario(scenario, a, b, 150);
        InstanceSpec backupSpec = Scenario(scenario, b, a, 100);
        using FrameCapture announcements = OpenAnnouncementCapture(masterSpec);
        double interval = (double)masterSpec.AdvertInterval;
        TimeSpan skewTime = TimeSpan.FromSeconds((256 - 100) / 256.0 * (masterSpec.Version == 2 ? 1 : interval));
        TimeSpan masterDownInterval = TimeSpan.FromSeconds(3 * interval) + skewTime;

        // Master first, so that the backup's Master_Down_Interval cannot run out before the master advertises.
        IVrrpPeer master = Start(masterImplementation, a, masterSpec);
        master.WaitForMaster(s_startTimeout);
        IVrrpPeer backup = Start(backupImplementation, b, backupSpec);
        backup.WaitForBackup(s_startTimeout);

        // Longer than the backup's Master_Down_Interval: a backup that did not hear (or accept) the master would take over.
        Thread.Sleep(masterDownInterval + TimeSpan.FromMilliseconds(500));
        AssertHolds(a, b, masterSpec);
        backup.MasterTransitions.Should().Be(0, "the backup accepts the master's advertisements");
        master.MasterTransitions.Should().Be(1, "no flapping");
        ReachableFromObserver(masterSpec).Should().BeTrue();

        // Graceful: the stopping master sends priority 0, the backup waits only Skew_Time.
        TimeSpan graceful = FailOver(announcements, master, backup, terminate: true);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario}: SIGTERM {masterImplementation} -> first announcement of {backupImplementation}: {graceful.TotalMilliseconds:F0} ms (Skew_Time {skewTime.TotalMilliseconds:F0} ms)"));
        master.WaitForExit(s_startTimeout).Should().Be(0);
        graceful.Should().BeLessThan(skewTime + s_gracefulTolerance);
        AssertHolds(b, a, masterSpec);
        ReachableFromObserver(masterSpec).Should().BeTrue();

        // The restarted higher-priority node preempts back.
        TimeSpan restarted = VrrpNode.Now;
        IVrrpPeer again = Start(masterImplementation, a, masterSpec);
        again.WaitForMaster(s_startTimeout);
        backup.WaitForBackup(s_startTimeout, after: restarted);
        AssertHolds(a, b, masterSpec);

        // Crash: nothing is sent, the backup waits Master_Down_Interval.
        TimeSpan crash = FailOver(announcements, again, backup, terminate: false);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario}: SIGKILL {masterImplementation} -> first announcement of {backupImplementation}: {crash.TotalMilliseconds:F0} ms (Master_Down_Interval {masterDownInterval.TotalMilliseconds:F0} ms)"));
        crash.Should().BeLessThan(masterDownInterval + FailoverTolerance.Value);
        b.Addresses().Should().ContainAll(masterSpec.VirtualAddresses);
        ReachableFromObserver(masterSpec).Should().BeTrue();
        backup.HasExited.Should().BeFalse();
    }

    /// <summary>
    /// Two masters of equal priority meet (host 2 was cut off the bridge, then plugged back): the one with the higher
    /// primary address (host 2) stays master, whichever implementation runs there (RFC 5798 §6.4.3).
    /// </summary>
    [Theory]
    [InlineData(VrrpImplementation.Keepalived)]
    [InlineData(VrrpImplementation.VrrpRun)]
    public void EqualPriority_TwoMastersMeet_HigherPrimaryAddressStaysMaster(VrrpImplementation higherAddressImplementation)
    {
        var spec = new InstanceSpec { VirtualRouterId = 111, Priority = 100, AdvertInterval = 0.1m, VirtualAddresses = ["10.99.0.150/24"] };
        _lan.SwitchIp("link", "set", "p2", "nomaster");
        IVrrpPeer lower = Start(Other(higherAddressImplementation), _lan[1], spec);
        IVrrpPeer higher = Start(higherAddressImplementation, _lan[2], spec);
        lower.WaitForMaster(s_startTimeout);
        higher.WaitForMaster(s_startTimeout);

        TimeSpan healed = VrrpNode.Now;
        _lan.SwitchIp("link", "set", "p2", "master", "br0");
        lower.WaitForBackup(TimeSpan.FromSeconds(5), after: healed);
        Thread.Sleep(1000);

        higher.MasterTransitions.Should().Be(1, "the higher address never yields");
        lower.MasterTransitions.Should().Be(1, "no flapping after the lower address yielded");
        AssertHolds(_lan[2], _lan[1], spec);
    }

    /// <summary>
    /// Misconfigured pairs (keepalived priority 150 on host 1, vrrp run priority 100 on host 2): each side drops the
    /// other's advertisements and logs why, nobody crashes or flaps, and both end up master, exactly as two
    /// keepalived nodes with the same mismatch do (RFC 3768 §7.1 / RFC 5798 §7.1 say discard, so the backup cannot
    /// know a master exists).
    /// </summary>
    [Theory]
    [InlineData("auth-pass", "received an invalid passwd", "AuthenticationFailure")]
    [InlineData("v2-advert-int", "advertisement interval mismatch", "AdvertIntervalMismatch")]
    public void Mismatch_KeepalivedAndVrrpDisagree_BothDropAndLogWithoutCrashOrFlapping(string mismatch, string keepalivedLog, string vrrpDropReason)
    {
        var keepalivedSpec = new InstanceSpec { Version = 2, VirtualRouterId = 121, Priority = 150, AdvertInterval = 1, AuthPass = "right", VirtualAddresses = ["10.99.0.140/24"] };
        InstanceSpec vrrpSpec = mismatch switch
        {
            "auth-pass" => keepalivedSpec with { Priority = 100, AuthPass = "wrong" },
            _ => keepalivedSpec with { Priority = 100, AdvertInterval = 2 },
        };
        IVrrpPeer keepalived = Start(VrrpImplementation.Keepalived, _lan[1], keepalivedSpec);
        keepalived.WaitForMaster(s_startTimeout);
        IVrrpPeer vrrp = Start(VrrpImplementation.VrrpRun, _lan[2], vrrpSpec);

        vrrp.WaitForLine(l => l.Contains("dropped", StringComparison.Ordinal) && l.Contains(vrrpDropReason, StringComparison.Ordinal), s_startTimeout);
        vrrp.WaitForMaster(s_startTimeout);
        keepalived.WaitForLine(l => l.Contains(keepalivedLog, StringComparison.Ordinal), s_startTimeout);
        Thread.Sleep(2500);

        keepalived.HasExited.Should().BeFalse();
        vrrp.HasExited.Should().BeFalse();
        keepalived.MasterTransitions.Should().Be(1);
        vrrp.MasterTransitions.Should().Be(1);
        _lan[1].Addresses().Should().Contain("10.99.0.140/24");
        _lan[2].Addresses().Should().ContainAll(vrrpSpec.VirtualAddresses, "a dropped advertisement does not count as a master heard: split brain, as between two keepalived nodes");
    }

    /// <summary>
    /// A different VIP list: keepalived 2.2.7 drops vrrp run's adverts ("unexpected ip number count"), while vrrp run uses
    /// keepalived's, counts and logs the mismatch once per source, as keepalived 2.3.3 does. So the lower-priority vrrp run
    /// stays backup: no split brain, which the old discard (drop_adv_addr_mismatch) gave.
    /// </summary>
    [Fact]
    public void Mismatch_VipListDiffers_VrrpUsesKeepalivedsAdvertsAsKeepalived233DoesAndStaysBackup()
    {
        var keepalivedSpec = new InstanceSpec { Version = 2, VirtualRouterId = 122, Priority = 150, AdvertInterval = 1, AuthPass = "right", VirtualAddresses = ["10.99.0.140/24"] };
        InstanceSpec vrrpSpec = keepalivedSpec with { Priority = 100, VirtualAddresses = ["10.99.0.140/24", "10.99.0.141/24"] };
        IVrrpPeer keepalived = Start(VrrpImplementation.Keepalived, _lan[1], keepalivedSpec);
        keepalived.WaitForMaster(s_startTimeout);
        IVrrpPeer vrrp = Start(VrrpImplementation.VrrpRun, _lan[2], vrrpSpec);

        vrrp.WaitForLine(l => l.Contains("list other virtual addresses than ours", StringComparison.Ordinal) && l.Contains("10.99.0.1", StringComparison.Ordinal), s_startTimeout);
        Thread.Sleep(5000); // longer than vrrp run's Master_Down_Interval (3.6 s)

        keepalived.HasExited.Should().BeFalse();
        vrrp.HasExited.Should().BeFalse();
        keepalived.MasterTransitions.Should().Be(1);
        vrrp.MasterTransitions.Should().Be(0, "keepalived's adverts count as a master heard");
        _lan[1].Addresses().Should().Contain("10.99.0.140/24");
        _lan[2].Addresses().Should().NotContain("10.99.0.140").And.NotContain("10.99.0.141");
    }

    private static VrrpImplementation Other(VrrpImplementation implementation) =>
        implementation == VrrpImplementation.Keepalived ? VrrpImplementation.VrrpRun : VrrpImplementation.Keepalived;

    private static InstanceSpec Scenario(string scenario, LanHost self, LanHost peer, int priority) => scenario switch
    {
        "v2-pass" => new() { Version = 2, VirtualRouterId = 51, Priority = priority, AdvertInterval = 1, AuthPass = "s3cret", VirtualAddresses = ["10.99.0.100/24"] },
        "v3-ipv4-3vips" => new() { VirtualRouterId = 61, Priority = priority, AdvertInterval = 0.1m, VirtualAddresses = ["10.99.0.101/24", "10.99.0.102/24", "10.99.0.103/24"] },
        "v3-ipv6" => new() { VirtualRouterId = 71, Priority = priority, AdvertInterval = 0.1m, VirtualAddresses = ["fd00:99::100/64", "fd00:99::101/64"] },
        "unicast-v3-ipv4" => new()
        {
            VirtualRouterId = 81, Priority = priority, AdvertInterval = 0.1m, VirtualAddresses = ["10.99.0.120/24"],
            UnicastSource = self.IPv4.ToString(), UnicastPeers = [peer.IPv4.ToString()],
        },
        "unicast-v3-ipv6" => new()
        {
            VirtualRouterId = 91, Priority = priority, AdvertInterval = 0.1m, VirtualAddresses = ["fd00:99::130/64"],
            UnicastSource = self.IPv6.ToString(), UnicastPeers = [peer.IPv6.ToString()],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
    };

    private static IPAddress FirstVip(InstanceSpec spec) => IPAddress.Parse(spec.VirtualAddresses[0].Split('/')[0]);

    /// <summary>Signals the master and returns the time from the signal to the backup's first announcement on host 3.</summary>
    private static TimeSpan FailOver(FrameCapture capture, IVrrpPeer master, IVrrpPeer backup, bool terminate)
    {
        TimeSpan signalled = capture.Now;
        if (terminate)
        {
            master.Terminate();
        }
        else
        {
            master.KillHard();
        }

        TimeSpan? first = Announcements.WaitForFirst(capture, backup.Host.Mac, signalled, TimeSpan.FromSeconds(8));
        first.Should().NotBeNull($"{backup.Implementation} on {backup.Host.Namespace} should announce the VIPs after {(terminate ? "SIGTERM" : "SIGKILL")} of {master.Implementation}:\n{backup.Output}");
        backup.WaitForMaster(s_startTimeout);
        return first!.Value - signalled;
    }

    private static void AssertHolds(LanHost holder, LanHost other, InstanceSpec spec)
    {
        holder.Addresses().Should().ContainAll(spec.VirtualAddresses);
        string otherAddresses = other.Addresses();
        foreach (string vip in spec.VirtualAddresses)
        {
            otherAddresses.Should().NotContain(vip.Split('/')[0] + "/");
        }
    }

    private FrameCapture OpenAnnouncementCapture(InstanceSpec spec)
    {
        IPAddress vip = FirstVip(spec);
        byte[][] vips = [.. spec.VirtualAddresses.Select(v => IPAddress.Parse(v.Split('/')[0]).GetAddressBytes())];
        return vip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? FrameCapture.Open(_lan[3], Announcements.IPv6EtherType, f => Announcements.IsNeighborAdvertisement(f) && vips.Any(v => f.AsSpan(62, 16).SequenceEqual(v)))
            : FrameCapture.Open(_lan[3], Announcements.ArpEtherType, f => Announcements.IsGratuitousArp(f) && vips.Any(v => f.AsSpan(28, 4).SequenceEqual(v)));
    }

    private bool ReachableFromObserver(InstanceSpec spec) => _lan[3].Ping(FirstVip(spec));

    private IVrrpPeer Start(VrrpImplementation implementation, LanHost host, InstanceSpec spec) =>
        Start(implementation, host, spec, VrrpImplementation.Keepalived, (h, s) => KeepalivedPeer.Start(h, s));
}
