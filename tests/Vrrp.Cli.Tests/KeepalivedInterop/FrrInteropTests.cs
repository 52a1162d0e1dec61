using System.Net.NetworkInformation;
using Vrrp.Cli.Tests.Faults;

namespace Vrrp.Cli.Tests.KeepalivedInterop;

/// <summary>
/// Mixed pairs of <c>vrrp run</c> and FRR's vrrpd (Debian's 8.4) on a namespace LAN: host 1 (priority 150) and host
/// 2 (100), host 3 observes which MAC answers ARP / neighbour solicitations for the VIP (FRR's master answers with
/// the virtual router MAC from its macvlan, <c>vrrp run</c> with its interface's MAC) and pings it. For VRRPv2,
/// VRRPv3 IPv4 and VRRPv3 IPv6, each implementation once as the master: the master serves the VIP and the backup
/// stays backup; SIGTERM of the master hands the VIP to the other implementation; the restarted master takes it
/// back (preemption), so the VIP moves both ways between the two implementations.
/// </summary>
public sealed class FrrInteropTests(ITestOutputHelper output) : PeerLanTest(output, FrrPrerequisites.CreateLan())
{
    public static TheoryData<string, VrrpImplementation> Scenarios => EachScenarioWithEitherMaster(VrrpImplementation.Frr, "v2", "v3-ipv4", "v3-ipv6");

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);

    // FRR truncates Skew_Time to whole centiseconds and logs its state change a little after acting; the graceful
    // bound, as in KeepalivedInteropTests, includes the stopping process's own reaction to SIGTERM.
    private static readonly TimeSpan s_gracefulTolerance = TimeSpan.FromMilliseconds(300);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void MixedPair_MasterStoppedThenRestarted_VipMovesToTheOtherImplementationAndBack(string scenario, VrrpImplementation masterImplementation)
    {
        VrrpImplementation backupImplementation = masterImplementation == VrrpImplementation.Frr ? VrrpImplementation.VrrpRun : VrrpImplementation.Frr;
        InstanceSpec masterSpec = Scenario(scenario, 150);
        InstanceSpec backupSpec = Scenario(scenario, 100);
        IPAddress vip = IPAddress.Parse(masterSpec.VirtualAddresses[0].Split('/')[0]);
        double interval = (double)masterSpec.AdvertInterval;
        TimeSpan skewTime = TimeSpan.FromSeconds((256 - 100) / 256.0 * interval);
        TimeSpan masterDownInterval = TimeSpan.FromSeconds(3 * interval) + skewTime;

        IVrrpPeer master = Start(masterImplementation, _lan[1], masterSpec);
        master.WaitForMaster(s_startTimeout);
        IVrrpPeer backup = Start(backupImplementation, _lan[2], backupSpec);
        backup.WaitForBackup(s_startTimeout);
        Thread.Sleep(masterDownInterval + TimeSpan.FromMilliseconds(500));

        AssertServedBy(master, vip, "the higher priority serves the VIP");
        backup.MasterTransitions.Should().Be(0, "the backup accepts the other implementation's advertisements");
        master.MasterTransitions.Should().Be(1, "no flapping");

        // Graceful: priority 0, the backup takes over after its Skew_Time.
        TimeSpan terminated = VrrpNode.Now;
        master.Terminate();
        TimeSpan takeover = backup.WaitForMaster(s_startTimeout, after: terminated);
        master.WaitForExit(s_startTimeout);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario}: SIGTERM {masterImplementation} -> {backupImplementation} master after {(takeover - terminated).TotalMilliseconds:F0} ms (Skew_Time {skewTime.TotalMilliseconds:F0} ms)"));
        (takeover - terminated).Should().BeLessThan(skewTime + s_gracefulTolerance);
        Thread.Sleep(300);
        AssertServedBy(backup, vip, "the stopped master handed over");

        // The restarted priority-150 node preempts: the VIP moves back to the first implementation.
        TimeSpan restarted = VrrpNode.Now;
        IVrrpPeer again = Start(masterImplementation, _lan[1], masterSpec);
        TimeSpan preempted = again.WaitForMaster(s_startTimeout);
        backup.WaitForBackup(s_startTimeout, after: restarted);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario}: restarted {masterImplementation} master again {(preempted - restarted).TotalMilliseconds:F0} ms after its start (Master_Down_Interval {masterDownInterval.TotalMilliseconds:F0} ms)"));
        Thread.Sleep(masterDownInterval + TimeSpan.FromMilliseconds(300));
        AssertServedBy(again, vip, "the restarted higher priority took the VIP back");
        backup.MasterTransitions.Should().Be(1, "one takeover, no flapping");
        backup.HasExited.Should().BeFalse();
    }

    private static InstanceSpec Scenario(string scenario, int priority) => scenario switch
    {
        "v2" => new() { Version = 2, VirtualRouterId = 52, Priority = priority, AdvertInterval = 1, VirtualAddresses = ["10.99.0.160/24"] },
        "v3-ipv4" => new() { VirtualRouterId = 62, Priority = priority, AdvertInterval = 0.1m, VirtualAddresses = ["10.99.0.161/24"] },
        "v3-ipv6" => new() { VirtualRouterId = 72, Priority = priority, AdvertInterval = 0.1m, VirtualAddresses = ["fd00:99::160/64"] },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
    };

    /// <summary>The MAC a node answers for the VIP with: FRR's virtual router MAC, or <c>vrrp run</c>'s interface MAC.</summary>
    private static PhysicalAddress AnswersWith(IVrrpPeer peer) => peer is FrrPeer frr ? frr.VirtualMac : peer.Host.Mac;

    private void AssertServedBy(IVrrpPeer holder, IPAddress vip, string because)
    {
        ObserverView view = ObserverView.Look(_lan[3], vip);
        _output.WriteLine($"observer ({because}): {view}");
        view.Reachable.Should().BeTrue(because);
        view.Answerers.Should().Equal([AnswersWith(holder)], $"only {holder.Implementation} on {holder.Host.Namespace} answers for the VIP: {because}");
    }

    private IVrrpPeer Start(VrrpImplementation implementation, LanHost host, InstanceSpec spec) =>
        Start(implementation, host, spec, VrrpImplementation.Frr, FrrPeer.Start);
}
