using System.Runtime.Versioning;
using Vrrp.Etcd.Hosting;

namespace Vrrp.Etcd.Tests;

/// <summary>
/// Witness mode for real: two VRRP nodes on a namespace LAN (raw sockets, rtnetlink binders) and a three-member etcd
/// cluster. The LAN is split by taking node2's switch port down; a node is cut off from etcd by holding its TCP relays.
/// A sampler checks every millisecond how many nodes are master, and the binders count holders of the VIP. Needs root
/// (or a user namespace) and etcd-server; without them the tests skip and say so, and fail instead under
/// VRRP_REQUIRE_INTEGRATION=1 (CI).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EtcdWitnessLanTests
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(3);

    [LinuxFact("namespace LAN and etcd processes")]
    public async Task LanSplit_BothSidesReachEtcd_OnlyTheLeaseHolderIsMaster()
    {
        await using WitnessLan w = await WitnessLan.StartAsync(s_ttl, EtcdUnreachableBehavior.KeepMaster);
        await WitnessLan.WaitUntilAsync(() => w.First.IsMaster && w.First.Witness.HoldsLease, TimeSpan.FromSeconds(10), "node1 master with the lease");

        w.SplitLan(true);
        await Task.Delay(3 * s_ttl, TestContext.Current.CancellationToken);

        w.First.IsMaster.Should().BeTrue(w.Log());
        w.Second.IsMaster.Should().BeFalse(w.Log());
        w.Second.Instance.Explain().Should().Contain("waits for the mastership gate", "node2 no longer hears node1 and asks etcd, which refuses");
        w.SplitLan(false);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        w.First.IsMaster.Should().BeTrue(w.Log());
        w.Second.IsMaster.Should().BeFalse(w.Log());
        w.MostMastersAtOnce.Should().Be(1, w.Log());
        w.Vip.MaxHolders.Should().Be(1, w.Log());
    }

    [LinuxFact("namespace LAN and etcd processes")]
    public async Task LanSplit_MastersSideCutOffFromEtcd_MasterDropsTheVipBeforeTheOtherSideTakesOver()
    {
        await using WitnessLan w = await WitnessLan.StartAsync(s_ttl, EtcdUnreachableBehavior.KeepMaster);
        await WitnessLan.WaitUntilAsync(() => w.First.IsMaster && w.First.Witness.HoldsLease, TimeSpan.FromSeconds(10), "node1 master with the lease");

        TimeSpan cut = WitnessLan.Now;
        w.First.CutOffFromEtcd(true);
        w.SplitLan(true);
        TimeSpan gaveUp = await WitnessLan.WaitUntilAsync(() => !w.First.IsMaster, 2 * s_ttl, "node1 giving up") - cut;
        TimeSpan tookOver = await WitnessLan.WaitUntilAsync(() => w.Second.IsMaster, 3 * s_ttl, "node2 taking over") - cut;

        TestContext.Current.TestOutputHelper?.WriteLine($"TTL {s_ttl.TotalSeconds} s: node1 gave up {gaveUp.TotalMilliseconds:0} ms after the cut, node2 master {tookOver.TotalMilliseconds:0} ms after it");
        gaveUp.Should().BeLessThan(s_ttl - TimeSpan.FromSeconds(0.5), w.Log());
        tookOver.Should().BeGreaterThan(gaveUp, w.Log());
        w.MostMastersAtOnce.Should().Be(1, w.Log());
        w.Vip.MaxHolders.Should().Be(1, w.Log());

        // Healed: node2 keeps it (a gated node does not preempt), node1 hears it and stays backup.
        w.First.CutOffFromEtcd(false);
        w.SplitLan(false);
        await Task.Delay(2 * s_ttl, TestContext.Current.CancellationToken);
        w.Second.IsMaster.Should().BeTrue(w.Log());
        w.First.IsMaster.Should().BeFalse(w.Log());
        w.MostMastersAtOnce.Should().Be(1, w.Log());
        w.Vip.MaxHolders.Should().Be(1, w.Log());
    }

    [LinuxFact("namespace LAN and etcd processes")]
    public async Task MasterStops_BackupTakesOverInWellUnderASecond()
    {
        await using WitnessLan w = await WitnessLan.StartAsync(s_ttl, EtcdUnreachableBehavior.KeepMaster);
        await WitnessLan.WaitUntilAsync(() => w.First.IsMaster && w.First.Witness.HoldsLease, TimeSpan.FromSeconds(10), "node1 master with the lease");

        TimeSpan stop = WitnessLan.Now;
        await w.First.Instance.StopAsync(TestContext.Current.CancellationToken);
        TimeSpan tookOver = await WitnessLan.WaitUntilAsync(() => w.Second.IsMaster, s_ttl, "node2 taking over") - stop;

        TestContext.Current.TestOutputHelper?.WriteLine($"node1 stopped: node2 master {tookOver.TotalMilliseconds:0} ms later");
        tookOver.Should().BeLessThan(TimeSpan.FromSeconds(1), "the stopping master advertises priority 0 and resigns, so the lease is free at once\n" + w.Log());
        w.Vip.MaxHolders.Should().Be(1, w.Log());
    }

    [LinuxFact("namespace LAN and etcd processes")]
    public async Task EtcdQuorumLost_KeepMaster_MasterStays_AndTheOtherSideOfASplitDoesNotTakeOver()
    {
        TimeSpan ttl = TimeSpan.FromSeconds(4);
        await using WitnessLan w = await WitnessLan.StartAsync(ttl, EtcdUnreachableBehavior.KeepMaster);
        await WitnessLan.WaitUntilAsync(() => w.First.IsMaster && w.First.Witness.HoldsLease, TimeSpan.FromSeconds(10), "node1 master with the lease");

        w.Cluster.Kill(0);
        w.Cluster.Kill(1);
        await Task.Delay(ttl + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        w.First.IsMaster.Should().BeTrue("etcd itself is down: the master stays\n" + w.Log());
        w.First.Witness.HoldsLease.Should().BeFalse();

        w.SplitLan(true);
        await Task.Delay(2 * ttl, TestContext.Current.CancellationToken);

        w.First.IsMaster.Should().BeTrue(w.Log());
        w.Second.IsMaster.Should().BeFalse("nobody new takes over while etcd is down\n" + w.Log());
        w.MostMastersAtOnce.Should().Be(1, w.Log());
        w.Vip.MaxHolders.Should().Be(1, w.Log());
    }

    [LinuxFact("namespace LAN and etcd processes")]
    public async Task EtcdQuorumLost_PlainVrrp_MasterStays_AndASplitFallsBackToPlainVrrp()
    {
        TimeSpan ttl = TimeSpan.FromSeconds(4);
        await using WitnessLan w = await WitnessLan.StartAsync(ttl, EtcdUnreachableBehavior.PlainVrrp);
        await WitnessLan.WaitUntilAsync(() => w.First.IsMaster && w.First.Witness.HoldsLease, TimeSpan.FromSeconds(10), "node1 master with the lease");

        w.Cluster.Kill(0);
        w.Cluster.Kill(1);
        await Task.Delay(ttl + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        w.First.IsMaster.Should().BeTrue("etcd itself is down: the master stays\n" + w.Log());
        w.MostMastersAtOnce.Should().Be(1, w.Log());

        TimeSpan split = WitnessLan.Now;
        w.SplitLan(true);
        TimeSpan tookOver = await WitnessLan.WaitUntilAsync(() => w.Second.IsMaster, 2 * ttl, "node2 taking over as plain VRRP would") - split;
        TestContext.Current.TestOutputHelper?.WriteLine($"etcd down, LAN split: node2 master {tookOver.TotalMilliseconds:0} ms after the split (plain VRRP: two masters, as configured)");
        w.First.IsMaster.Should().BeTrue("PlainVrrp gives two masters on a split while etcd is down, as plain VRRP would");

        w.SplitLan(false);
        await WitnessLan.WaitUntilAsync(() => w.First.IsMaster != w.Second.IsMaster, TimeSpan.FromSeconds(3), "VRRP settling on one master");
        w.First.IsMaster.Should().BeTrue("the higher priority wins when the LAN heals\n" + w.Log());
    }
}
