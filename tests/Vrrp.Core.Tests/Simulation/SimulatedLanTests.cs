using Vrrp.Tracking;

namespace Vrrp.Tests.Simulation;

public sealed class SimulatedLanTests
{
    internal static VrrpInstanceSettings Settings(string primary, byte priority, TimeSpan? interval = null, string vip = "10.0.0.100") => new()
    {
        Name = "VI_1",
        VirtualRouterId = 51,
        Priority = priority,
        AdvertInterval = interval ?? TimeSpan.FromSeconds(1),
        PrimaryAddress = IPAddress.Parse(primary),
        VirtualAddresses = [VrrpVirtualAddress.Parse(vip)],
        TrackedItems = [new VrrpTrackedItem { Name = "chk", Weight = -60 }],
    };

    /// <summary>Adds node A (10.0.0.1 at <paramref name="priorityA"/>) and node B (10.0.0.2 at 100), starts both and lets them settle for 10 s.</summary>
    private static (SimulatedNode A, SimulatedNode B) SettledPair(SimulatedLan lan, byte priorityA)
    {
        SimulatedNode a = lan.AddNode(Settings("10.0.0.1", priorityA));
        SimulatedNode b = lan.AddNode(Settings("10.0.0.2", 100));
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(10));
        return (a, b);
    }

    [Fact]
    public void RunFor_TwoNodes_HigherPriorityBecomesTheOnlyMasterAndHoldsTheAddress()
    {
        var lan = new SimulatedLan(seed: 1);
        (SimulatedNode a, SimulatedNode b) = SettledPair(lan, 150);

        lan.Masters.Should().Equal(a);
        a.HoldsVirtualAddresses.Should().BeTrue();
        b.HoldsVirtualAddresses.Should().BeFalse();
        b.Instance.Explain().Should().Be("backup: master 10.0.0.1 advertises priority 150 > our effective priority 100");
        lan.Delivered.Should().BeGreaterThan(5);
    }

    [Fact]
    public void Crash_Master_BackupTakesOverExactlyMasterDownIntervalAfterTheLastAdvert()
    {
        var lan = new SimulatedLan(seed: 2) { MinDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        (SimulatedNode a, SimulatedNode b) = SettledPair(lan, 200);

        a.Crash();
        lan.RunFor(TimeSpan.FromSeconds(5));

        TimeSpan lastHeard = lan.LastDelivery(a, b)!.Value;
        SimulatedTransition takeover = lan.Transitions.Last(t => t.Node == b && t.To == VrrpState.Master);
        takeover.At.Should().Be(lastHeard + VrrpTimers.MasterDownInterval(VrrpVersion.V3, 100, TimeSpan.FromSeconds(1)));
        b.HoldsVirtualAddresses.Should().BeTrue();
    }

    [Fact]
    public void Stop_Master_BackupTakesOverAfterSkewTimeOnly()
    {
        var lan = new SimulatedLan(seed: 3);
        (SimulatedNode a, SimulatedNode b) = SettledPair(lan, 200);
        TimeSpan stoppedAt = lan.Now;

        a.Stop();
        lan.RunFor(TimeSpan.FromSeconds(2));

        SimulatedTransition takeover = lan.Transitions.Last(t => t.Node == b && t.To == VrrpState.Master);
        takeover.Reason.Should().Be(VrrpTransitionReason.MasterStopped);
        (takeover.At - stoppedAt).Should().Be(VrrpTimers.SkewTime(VrrpVersion.V3, 100, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Partition_ThenHeal_SplitBrainEndsAndTheWinnerReannouncesItsAddresses()
    {
        var lan = new SimulatedLan(seed: 4);
        (SimulatedNode a, SimulatedNode b) = SettledPair(lan, 200);

        lan.Partition([a], [b]);
        lan.RunFor(TimeSpan.FromSeconds(10));
        lan.Masters.Should().HaveCount(2, "each side elects its own master");
        int announcementsBeforeHeal = a.Binder.AnnouncementCount;

        lan.Heal();
        lan.RunFor(TimeSpan.FromSeconds(2));

        lan.Masters.Should().Equal(a);
        a.Binder.AnnouncementCount.Should().BeGreaterThan(announcementsBeforeHeal, "the winner re-announces so stale ARP caches follow it");
        b.HoldsVirtualAddresses.Should().BeFalse();
    }

    [Fact]
    public void TrackedItemFailing_OnMaster_PreemptingBackupTakesOver()
    {
        var lan = new SimulatedLan(seed: 5);
        (SimulatedNode a, SimulatedNode b) = SettledPair(lan, 150);

        a.ReportTrackedItem("chk", healthy: false);
        lan.RunFor(TimeSpan.FromSeconds(5));

        lan.Masters.Should().Equal(b);
        a.Instance.Explain().Should().Be("backup: master 10.0.0.2 advertises priority 100 > our effective priority 90 = 150 - 60 (chk failing)");
    }

    [Fact]
    public void RunFor_SameSeed_ReplaysTheSameHistory()
    {
        static string Run(int seed)
        {
            var lan = new SimulatedLan(seed) { LossRate = 0.3, DuplicationRate = 0.1, MaxDelay = TimeSpan.FromMilliseconds(50), TraceEnabled = true };
            lan.AddNode(Settings("10.0.0.1", 100, TimeSpan.FromMilliseconds(100)));
            lan.AddNode(Settings("10.0.0.2", 100, TimeSpan.FromMilliseconds(100)));
            lan.AddNode(Settings("10.0.0.3", 100, TimeSpan.FromMilliseconds(100)));
            lan.StartAll();
            lan.RunFor(TimeSpan.FromSeconds(5));
            return string.Join('\n', lan.Trace);
        }

        string first = Run(7);

        Run(7).Should().Be(first);
        Run(8).Should().NotBe(first);
    }

    [Fact]
    public void RunFor_IPv6Version3_ElectsByLinkLocalAddressOnTies()
    {
        var lan = new SimulatedLan(seed: 9);
        VrrpInstanceSettings Six(string ll) => Settings("fe80::1", 100, TimeSpan.FromMilliseconds(100)) with
        {
            PrimaryAddress = IPAddress.Parse(ll),
            VirtualAddresses = [VrrpVirtualAddress.Parse("fe80::100"), VrrpVirtualAddress.Parse("2001:db8::100")],
        };
        lan.AddNode(Six("fe80::1"));
        SimulatedNode high = lan.AddNode(Six("fe80::2"));
        lan.StartAll();

        lan.RunFor(TimeSpan.FromSeconds(2));

        lan.Masters.Should().Equal(high);
        lan.Nodes.Sum(n => n.Instance.GetStatus().Counters.PacketErrors.Count).Should().Be(0);
    }

    [Fact]
    public void SyncGroup_PeerHigherOnTheSecondVridOnly_GroupStaysBackupAndThePeerServesBothVrids()
    {
        // Issue 10 defect 1: node A groups {VRID 1 at 150, VRID 2 at 100}; node B runs {VRID 1 at 100, VRID 2 at 150}
        // ungrouped. keepalived moves a group to master only when every member would be master on its own: A's VRID 2
        // always hears B's better advert, so A's group stays backup as a whole and B serves both VRIDs.
        var lan = new SimulatedLan(seed: 10);
        VrrpInstanceSettings On(string primary, string name, byte vrid, byte priority) => Settings(primary, priority, vip: $"10.0.{vrid}.100") with
        {
            Name = name,
            VirtualRouterId = vrid,
        };
        SimulatedNode a1 = lan.AddNode(On("10.0.0.1", "VI_1", 1, 150));
        SimulatedNode a2 = lan.AddNode(On("10.0.0.1", "VI_2", 2, 100));
        SimulatedNode b1 = lan.AddNode(On("10.0.0.2", "VI_1", 1, 100));
        SimulatedNode b2 = lan.AddNode(On("10.0.0.2", "VI_2", 2, 150));
        using var group = new Vrrp.Instances.VrrpSyncGroup("VG_A", [a1.Instance, a2.Instance]);
        int mostMastersOnOneVrid = 0;
        lan.Stepped += (_, _) => mostMastersOnOneVrid = Math.Max(
            mostMastersOnOneVrid,
            Math.Max(lan.Masters.Count(n => n.Settings.VirtualRouterId == 1), lan.Masters.Count(n => n.Settings.VirtualRouterId == 2)));
        lan.StartAll();

        lan.RunFor(TimeSpan.FromSeconds(10));
        int settled = lan.Transitions.Count;
        lan.RunFor(TimeSpan.FromSeconds(50));

        lan.Transitions.Skip(settled).Should().BeEmpty("nothing flaps after convergence");
        lan.Transitions.Where(t => t.Node == a1 || t.Node == a2).Should().OnlyContain(t => t.To == VrrpState.Backup, "A's group never goes to master");
        mostMastersOnOneVrid.Should().Be(1);
        lan.Masters.Should().BeEquivalentTo([b1, b2]);
        b1.HoldsVirtualAddresses.Should().BeTrue();
        b2.HoldsVirtualAddresses.Should().BeTrue();
        a1.HoldsVirtualAddresses.Should().BeFalse();
        a2.HoldsVirtualAddresses.Should().BeFalse();
    }
}
